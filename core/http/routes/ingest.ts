// The five ingest endpoints of SPEC §3, and the guard every ingest path shares. A 2xx answer is sent only after the batch committed
// (the WAL is fsynced on COMMIT); a batch with any bad row is refused whole.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { SpanStatusCode } from '@opentelemetry/api';
import type { Runtime } from '../../runtime.ts';
import type { IngestEvent } from '../../plugin-api/index.ts';
import { decodeText, parseRows } from '../../ingest/body.ts';
import { parseLogBody } from '../../ingest/logs.ts';
import { snapshotFormat, validateSnapshotParams } from '../../ingest/snapshots.ts';
import { jsonError } from '../errors.ts';

export const maxRowsPerBatch = 500_000;
// The protocol receivers' paths share the guard: their sub-apps are mounted after this one.
const ingestPaths = new Set(['/v1/predictions', '/v1/labels', '/v1/metrics', '/v1/logs', '/v1/snapshots', '/v1/cloudevents', '/otlp/v1/logs', '/otlp/v1/metrics', '/otlp/v1/traces']);

/**
 * Back-pressure before reading the body: a writer that is far behind answers 503 at once. Only
 * for ingest paths: an app mounted at the root sees every request, and reads must neither wait
 * for the writer nor be counted (with their raw, unbounded paths) as rejected batches.
 */
export function ingestGuard(rt: Runtime, isIngest: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST' || !isIngest(c.req.path)) return next();
    if (rt.phase !== 'ready') {
      c.header('Retry-After', '5');
      return jsonError(c, 503, rt.phase === 'stopping' ? 'shutting down; retry against the restarted daemon' : 'not ready yet');
    }
    // Prediction batches waiting for a group commit are pending writes as much as queued transactions.
    if (rt.ingest.pendingWrites >= rt.config.server.max_pending_writes) {
      c.header('Retry-After', '1');
      rt.telemetry.ingestRejected.add(1, { endpoint: c.req.path, reason: 'overload' });
      return jsonError(c, 503, 'ingest is overloaded; retry after a second');
    }
    rt.telemetry.inflight.add(1);
    const span = rt.tracer.startSpan(`ingest ${c.req.path}`, { attributes: { 'http.request.method': c.req.method, 'url.path': c.req.path } });
    try {
      await next();
    } finally {
      rt.telemetry.inflight.add(-1);
      span.setAttribute('http.response.status_code', c.res.status);
      const rows = c.res.headers.get('x-sidewatch-rows');
      if (rows) span.setAttribute('sidewatch.rows', Number(rows));
      if (c.res.status >= 400) {
        rt.telemetry.ingestRejected.add(1, { endpoint: c.req.path, reason: String(c.res.status) });
        span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${c.res.status}` });
      }
      span.end();
    }
  };
}

export function ingestRoutes(rt: Runtime): Hono {
  const app = new Hono();

  app.use('*', ingestGuard(rt, (path) => ingestPaths.has(path)));

  const accepted = (c: Context, event: IngestEvent, rows: number, bytes: number) => {
    rt.telemetry.ingestBytes.add(bytes, { kind: event });
    c.header('x-sidewatch-rows', String(rows));
    return c.json({ accepted: rows });
  };

  app.post('/v1/predictions', async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const now = rt.clock();
    const rows = await rt.ingest.predictions(parseRows(decodeText(bytes), c.req.header('content-type'), maxRowsPerBatch), now);
    return accepted(c, 'predictions', rows, bytes.byteLength);
  });

  app.post('/v1/labels', async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const now = rt.clock();
    const rows = await rt.ingest.labels(parseRows(decodeText(bytes), c.req.header('content-type'), maxRowsPerBatch), now);
    return accepted(c, 'labels', rows, bytes.byteLength);
  });

  app.post('/v1/metrics', async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const now = rt.clock();
    const rows = await rt.ingest.metrics(parseRows(decodeText(bytes), c.req.header('content-type'), maxRowsPerBatch), now);
    return accepted(c, 'metrics', rows, bytes.byteLength);
  });

  app.post('/v1/logs', async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const now = rt.clock();
    const rows = parseLogBody(decodeText(bytes), c.req.header('content-type'), now, maxRowsPerBatch);
    return accepted(c, 'logs', await rt.ingest.logs(rows, now), bytes.byteLength);
  });

  app.post('/v1/snapshots', async (c) => {
    const params = validateSnapshotParams(c.req.query());
    const format = snapshotFormat(c.req.header('content-type'), c.req.query('format'));
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const r = await rt.ingest.snapshot({ ...params, format, bytes });
    return c.json({ version: r.version, rows: r.rows }, r.created ? 201 : 200);
  });

  return app;
}
