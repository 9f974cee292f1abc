// The OpenAPI 3.1 document served at /openapi.json: core paths here, feature modules add theirs.
const rowsBody = (ref: string) => ({
  required: true,
  content: {
    'application/json': { schema: { type: 'array', items: { $ref: ref } } },
    'application/x-ndjson': { schema: { $ref: ref } },
  },
});
const ok = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});
const ingestResponses = {
  '200': ok('every row committed durably', { type: 'object', properties: { accepted: { type: 'integer' } } }),
  '400': ok('invalid batch; nothing stored', { $ref: '#/components/schemas/Error' }),
  '401': ok('missing or wrong bearer token', { $ref: '#/components/schemas/Error' }),
  '413': ok('body or batch too large', { $ref: '#/components/schemas/Error' }),
  '503': ok('overloaded or not ready; see Retry-After', { $ref: '#/components/schemas/Error' }),
};
const q = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({ name, in: 'query', description, schema });

export const corePaths: Record<string, unknown> = {
  '/livez': { get: { summary: 'Process is alive', responses: { '200': ok('alive') } } },
  '/readyz': { get: { summary: 'Storage and stages are up (503 while starting or stopping)', responses: { '200': ok('ready'), '503': ok('not ready') } } },
  '/metrics': { get: { summary: 'Prometheus metrics (OpenTelemetry)', responses: { '200': { description: 'text/plain exposition' } } } },
  '/v1/predictions': { post: { summary: 'Ingest predictions', security: [{ bearer: [] }], requestBody: rowsBody('#/components/schemas/Prediction'), responses: ingestResponses } },
  '/v1/labels': { post: { summary: 'Ingest ground-truth labels (joined by model and id)', security: [{ bearer: [] }], requestBody: rowsBody('#/components/schemas/Label'), responses: ingestResponses } },
  '/v1/logs': {
    post: {
      summary: 'Ingest log lines (NDJSON rows or text/plain lines)',
      security: [{ bearer: [] }],
      requestBody: { required: true, content: { 'application/x-ndjson': { schema: { $ref: '#/components/schemas/LogLine' } }, 'text/plain': { schema: { type: 'string' } } } },
      responses: ingestResponses,
    },
  },
  '/v1/metrics': { post: { summary: 'Ingest metric samples', security: [{ bearer: [] }], requestBody: rowsBody('#/components/schemas/Metric'), responses: ingestResponses } },
  '/v1/snapshots': {
    post: {
      summary: 'Upload a data snapshot (CSV, NDJSON or Parquet); content-addressed by sha256',
      security: [{ bearer: [] }],
      parameters: [q('model', 'model name'), q('role', 'reference or current', { enum: ['reference', 'current'] }), q('name', 'optional name'), q('format', 'csv, ndjson or parquet when the content type does not say')],
      requestBody: { required: true, content: { 'text/csv': {}, 'application/x-ndjson': {}, 'application/vnd.apache.parquet': {} } },
      responses: { '200': ok('known bytes', { type: 'object', properties: { version: { type: 'string' }, rows: { type: 'integer' } } }), '201': ok('stored'), '400': ingestResponses['400'] },
    },
    get: { summary: 'List snapshots', parameters: [q('model', 'filter by model')], responses: { '200': ok('snapshots', { type: 'array' }) } },
  },
  '/v1/models': { get: { summary: 'Models with exact prediction and label counts and versions', responses: { '200': ok('models', { type: 'array', items: { $ref: '#/components/schemas/ModelSummary' } }) } } },
  '/v1/models/{model}': { get: { summary: 'One model: counts, versions, features, settings', parameters: [{ name: 'model', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': ok('model'), '404': ok('unknown model') } } },
  '/v1/stages': { get: { summary: 'Stage plugins with run counters, errors, skipped ticks and circuit state', responses: { '200': ok('stages', { type: 'array' }) } } },
  '/v1/stages/{name}/run': { post: { summary: 'Run a stage now (admin)', security: [{ bearer: [] }], parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': ok('run outcome') } } },
  '/v1/runs': { get: { summary: 'Recorded stage runs (audit: versions, duration, outcome)', parameters: [q('stage', 'filter'), q('id', 'one run by id', { type: 'integer' }), q('limit', 'max rows', { type: 'integer' })], responses: { '200': ok('runs', { type: 'array' }) } } },
  '/v1/results': {
    get: {
      summary: 'Stored stage results (drift reports, validation, performance, …)',
      parameters: [q('stage', 'stage name'), q('kind', 'result kind'), q('model', 'model'), q('since', 'ISO-8601 or epoch ms'), q('until', 'ISO-8601 or epoch ms'), q('limit', 'max rows', { type: 'integer' })],
      responses: { '200': ok('results, newest first', { type: 'array' }) },
    },
  },
  '/v1/findings': {
    get: {
      summary: 'Findings emitted by stages',
      parameters: [q('stage', 'stage'), q('kind', 'kind'), q('severity', 'info, warning, critical'), q('model', 'model label'), q('since', 'time'), q('limit', 'max rows', { type: 'integer' })],
      responses: { '200': ok('findings, newest first', { type: 'array' }) },
    },
  },
  '/v1/audit': { get: { summary: 'Audit trail: config changes, snapshot uploads, model versions, retraining', parameters: [q('kind', 'filter'), q('limit', 'max rows', { type: 'integer' })], responses: { '200': ok('entries', { type: 'array' }) } } },
};

const components = {
  securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  schemas: {
    Error: {
      type: 'object',
      required: ['error', 'message'],
      properties: {
        error: { type: 'string' },
        message: { type: 'string' },
        errors: { type: 'array', items: { type: 'object', properties: { row: { type: 'integer' }, field: { type: 'string' }, reason: { type: 'string' } } } },
      },
    },
    Prediction: {
      type: 'object',
      required: ['model', 'features', 'prediction'],
      properties: {
        model: { type: 'string' },
        version: { type: 'string' },
        id: { type: 'string' },
        ts: { oneOf: [{ type: 'string', format: 'date-time' }, { type: 'number', description: 'epoch milliseconds' }] },
        features: { type: 'object', additionalProperties: { type: ['number', 'string', 'boolean', 'null'] } },
        prediction: { type: ['number', 'string'] },
        score: { type: 'number' },
        segment: { type: 'string' },
        attributes: { type: 'object', description: 'sensitive attributes supplied beside the features, for fairness', additionalProperties: { type: ['string', 'null'] } },
      },
    },
    Label: { type: 'object', required: ['model', 'id', 'label'], properties: { model: { type: 'string' }, id: { type: 'string' }, label: { type: ['number', 'string'] }, ts: {} } },
    LogLine: { type: 'object', required: ['message'], properties: { ts: {}, level: { type: 'string' }, source: { type: 'string' }, message: { type: 'string' } } },
    Metric: { type: 'object', required: ['name', 'value'], properties: { name: { type: 'string' }, value: { type: 'number' }, ts: {}, labels: { type: 'object', additionalProperties: { type: 'string' } } } },
    ModelSummary: { type: 'object', properties: { model: { type: 'string' }, predictions: { type: 'integer' }, labels: { type: 'integer' }, versions: { type: 'array', items: { type: 'string' } } } },
  },
};

export function openapiDocument(extraPaths: Record<string, unknown>[]): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Sidewatch API', version: '1', description: 'Ingest, query and alerting API of the Sidewatch monitoring daemon.' },
    paths: Object.assign({}, corePaths, ...extraPaths),
    components,
  };
}
