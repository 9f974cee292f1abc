// OpenAPI paths of the lifecycle module.
const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const q = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({ name, in: 'query', description, schema });
const json = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
const time = [q('since', 'ISO-8601 or epoch ms'), q('until', 'ISO-8601 or epoch ms')];

export const lifecycleOpenapi: Record<string, unknown> = {
  '/v1/registry': { get: { summary: 'Every model version seen in predictions, per model', responses: { '200': json('models and their versions', { type: 'array' }) } } },
  '/v1/models/{model}/versions': {
    get: {
      summary: 'Registry of a model: versions with first/last seen, traffic share, reference data, live metrics and latest results',
      parameters: [path('model')],
      responses: { '200': json('versions, oldest first', { type: 'array' }), '404': json('unknown model') },
    },
  },
  '/v1/audit/runs': {
    get: {
      summary: 'What ran, on which data, with which config, when: stage runs with their results and versions',
      parameters: [q('model', 'runs that stored results or findings for this model'), q('stage', 'stage name'), q('outcome', 'ok, error, timeout'), ...time, q('limit', 'max rows', { type: 'integer' })],
      responses: { '200': json('runs, newest first', { type: 'array' }) },
    },
  },
  '/v1/audit/events': {
    get: {
      summary: 'Audit trail with filters (config.loaded, snapshot.uploaded, model.version.seen, retraining.*)',
      parameters: [q('kind', 'a kind, or a prefix ending in . or *'), q('model', 'subject'), ...time, q('limit', 'max rows', { type: 'integer' })],
      responses: { '200': json('entries, newest first', { type: 'array' }) },
    },
  },
  '/v1/models/{model}/card': {
    get: {
      summary: 'Live model card (Markdown by default; HTML with ?format=html or Accept: text/html)',
      parameters: [path('model'), q('format', 'md or html', { enum: ['md', 'html'] })],
      responses: { '200': { description: 'the card', content: { 'text/markdown': {}, 'text/html': {} } }, '404': json('unknown model') },
    },
  },
  '/v1/models/{model}/retraining': {
    get: { summary: 'Retraining triggers of a model: policy, evidence, status and outcome', parameters: [path('model'), q('limit', 'max rows', { type: 'integer' })], responses: { '200': json('triggers, newest first', { type: 'array' }) } },
  },
};
