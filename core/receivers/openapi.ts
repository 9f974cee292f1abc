// OpenAPI paths of the protocol receivers.
const json = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(description, { $ref: '#/components/schemas/Error' });

const otlp = (signal: string) => ({
  post: {
    summary: `OTLP/HTTP ${signal} (application/x-protobuf or application/json, gzip allowed); the answer is OTLP's Export${signal === 'traces' ? 'Trace' : signal[0].toUpperCase() + signal.slice(1)}ServiceResponse`,
    requestBody: { content: { 'application/x-protobuf': { schema: { type: 'string', format: 'binary' } }, 'application/json': { schema: { type: 'object' } } } },
    responses: { '200': json('stored; partialSuccess counts records that were not'), '400': error('not a valid OTLP message'), '413': error('too large'), '415': error('unsupported content type or encoding') },
  },
});

export const receiversOpenApi: Record<string, unknown> = {
  '/v1/cloudevents': {
    post: {
      summary: 'CloudEvents from inference loggers (KServe, Seldon): binary, structured or batched mode; a request and a response event sharing an id become prediction rows',
      requestBody: { content: { 'application/json': { schema: { type: 'object' } }, 'application/cloudevents+json': { schema: { type: 'object' } }, 'application/cloudevents-batch+json': { schema: { type: 'array' } } } },
      responses: {
        '200': json('at least one request/response pair joined and its rows stored', { type: 'object', properties: { accepted: { type: 'integer' }, waiting: { type: 'integer' }, events: { type: 'integer' } } }),
        '202': json('held in memory until the other half of the pair arrives'),
        '400': error('not a CloudEvent, unknown type, or a payload that does not parse; nothing stored'),
      },
    },
  },
  '/otlp/v1/logs': otlp('logs'),
  '/otlp/v1/metrics': otlp('metrics'),
  '/otlp/v1/traces': otlp('traces'),
  '/v1/receivers': {
    get: { summary: 'State of the protocol receivers: CloudEvents halves waiting for their pair and those dropped unjoined, open span-metric windows', responses: { '200': json('receiver state') } },
  },
};
