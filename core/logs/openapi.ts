// OpenAPI paths of the log pipeline's read API.
const q = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({ name, in: 'query', description, schema });
const json = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
const error = json('bad query parameter', { $ref: '#/components/schemas/Error' });

const template = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    template: { type: 'string' },
    count: { type: 'integer' },
    first_seen: { type: 'string', format: 'date-time' },
    last_seen: { type: 'string', format: 'date-time' },
    aliases: { type: 'array', items: { type: 'string' }, description: 'ids merged into this template; lines stored with them belong here' },
  },
};

export const logsOpenApi: Record<string, unknown> = {
  '/v1/logs/templates': {
    get: {
      summary: 'Log templates mined at ingest, with counts and first/last seen',
      parameters: [
        q('sort', 'count (default), first_seen, last_seen or id', { enum: ['count', 'first_seen', 'last_seen', 'id'] }),
        q('order', 'asc or desc (default desc, asc for id)', { enum: ['asc', 'desc'] }),
        q('new_since', 'only templates first seen at or after this time (ISO-8601 or epoch ms)'),
        q('seen_since', 'only templates seen at or after this time'),
        q('limit', 'max rows (default 100)', { type: 'integer' }),
      ],
      responses: { '200': json('templates', { type: 'array', items: template }), '400': error },
    },
  },
  '/v1/logs/templates/{id}': {
    get: {
      summary: 'One template: example lines with their extracted parameters, recent lines, events',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': json('template'), '400': error, '404': json('unknown template id') },
    },
  },
  '/v1/anomalies': {
    get: {
      summary: 'Log and metric anomalies found by the log-anomaly and metric-anomaly stages, newest first',
      parameters: [
        q('source', 'logs or metrics (default both)', { enum: ['logs', 'metrics'] }),
        q('kind', 'finding kind, e.g. logs.new_template, metrics.rate_spike'),
        q('since', 'ISO-8601 or epoch ms'),
        q('until', 'ISO-8601 or epoch ms'),
        q('limit', 'max rows (default 200)', { type: 'integer' }),
      ],
      responses: { '200': json('anomaly findings with labels and details', { type: 'array' }), '400': error },
    },
  },
};
