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
  '/v1/models/{model}/compare': {
    get: {
      summary: 'A/B comparison of two versions: two-proportion, Welch t, Mann–Whitney, effect sizes with CIs, power, Thompson bandit',
      parameters: [path('model'), q('a', 'control version (default: first seen)'), q('b', 'treatment version (default: newest)'), q('window', 'duration, default 24h'), ...time, q('alpha', 'significance level', { type: 'number' }), q('min_per_arm', 'smallest arm tested', { type: 'integer' })],
      responses: { '200': json('comparison; undefined numbers are null'), '400': json('unknown or missing versions'), '404': json('unknown model') },
    },
  },
  '/v1/models/{model}/fairness': {
    get: {
      summary: 'Demographic parity and equal-opportunity differences per sensitive attribute (stored, or live with ?live)',
      parameters: [path('model'), q('live', 'compute now instead of reading the fairness stage'), q('window', 'duration for live, default 24h'), q('min_group_size', 'for live', { type: 'integer' })],
      responses: { '200': json('fairness results'), '404': json('unknown model') },
    },
  },
  '/v1/models/{model}/retraining': {
    get: { summary: 'Retraining triggers of a model: policy, evidence, status and outcome', parameters: [path('model'), q('limit', 'max rows', { type: 'integer' })], responses: { '200': json('triggers, newest first', { type: 'array' }) } },
  },
};
