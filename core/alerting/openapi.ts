// OpenAPI paths of the alerting routes.
const json = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
const err = json('error', { $ref: '#/components/schemas/Error' });

const matcherSchema = {
  oneOf: [
    { type: 'string', description: 'name="value", name!="value", name=~"regex" or name!~"regex"' },
    { type: 'object', required: ['name', 'value'], properties: { name: { type: 'string' }, value: { type: 'string' }, isRegex: { type: 'boolean' }, isEqual: { type: 'boolean' } } },
  ],
};

const alertSchema = {
  type: 'object',
  properties: {
    fingerprint: { type: 'string' },
    state: { enum: ['pending', 'firing', 'resolved'] },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    activeAt: { type: 'string', format: 'date-time' },
    firedAt: { type: ['string', 'null'], format: 'date-time' },
    resolvedAt: { type: ['string', 'null'], format: 'date-time' },
    lastSeenAt: { type: 'string', format: 'date-time' },
    stage: { type: ['string', 'null'] },
    runId: { type: ['integer', 'null'] },
    receivers: { type: 'array', items: { type: 'string' } },
    silencedBy: { type: 'array', items: { type: 'string' } },
    inhibitedBy: { type: 'array', items: { type: 'string' } },
  },
};

const silenceSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    matchers: { type: 'array', items: { type: 'object' } },
    startsAt: { type: 'integer', description: 'epoch ms' },
    endsAt: { type: 'integer', description: 'epoch ms' },
    createdBy: { type: 'string' },
    comment: { type: 'string' },
    state: { enum: ['pending', 'active', 'expired'] },
  },
};

export const alertingPaths: Record<string, unknown> = {
  '/v1/alerts': {
    get: {
      summary: 'Alerts with their state, silences and inhibitions',
      parameters: [
        { name: 'state', in: 'query', description: 'comma list of pending, firing, resolved', schema: { type: 'string' } },
        { name: 'filter', in: 'query', description: 'label matcher, repeatable, e.g. model="churn"', schema: { type: 'array', items: { type: 'string' } }, explode: true },
      ],
      responses: { '200': json('alerts, newest first', { type: 'array', items: alertSchema }), '400': err },
    },
  },
  '/v1/alerts/groups': { get: { summary: 'Aggregation groups: receiver, group labels, alerts, next flush', responses: { '200': json('groups', { type: 'array' }) } } },
  '/v1/alerts/status': { get: { summary: 'Alert manager status: counts, outbox, integrations and their last errors', responses: { '200': json('status') } } },
  '/v1/alerts/outbox': {
    get: {
      summary: 'Notifications in the outbox (newest first)',
      parameters: [{ name: 'status', in: 'query', schema: { enum: ['pending', 'delivered', 'failed', 'superseded'] } }],
      responses: { '200': json('entries', { type: 'array' }) },
    },
  },
  '/v1/silences': {
    get: { summary: 'Silences (pending, active and expired)', responses: { '200': json('silences', { type: 'array', items: silenceSchema }) } },
    post: {
      summary: 'Create a silence',
      security: [{ bearer: [] }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['matchers', 'createdBy', 'comment'],
              properties: {
                matchers: { type: 'array', items: matcherSchema },
                startsAt: { type: ['string', 'integer'], description: 'ISO-8601 or epoch ms; default now' },
                endsAt: { type: ['string', 'integer'], description: 'ISO-8601 or epoch ms' },
                duration: { type: 'string', description: 'instead of endsAt, e.g. 2h' },
                createdBy: { type: 'string' },
                comment: { type: 'string' },
              },
            },
          },
        },
      },
      responses: { '201': json('created', silenceSchema), '400': err, '401': err },
    },
  },
  '/v1/silences/{id}': {
    delete: { summary: 'Expire a silence now', security: [{ bearer: [] }], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': json('expired silence', silenceSchema), '404': err } },
  },
  '/v1/channels/{name}/test': {
    post: {
      summary: 'Send a test message through every integration of a receiver (or one integration id)',
      security: [{ bearer: [] }],
      parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': json('every integration accepted it'), '502': json('some integration failed; see results'), '404': err },
    },
  },
};
