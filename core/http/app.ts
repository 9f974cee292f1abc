// The HTTP app: health, telemetry, ingest, queries, admin, and whatever feature modules mount.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { Runtime, FeatureModule } from '../runtime.ts';
import { requireRead, requireWrite } from './auth.ts';
import { handleError, jsonError } from './errors.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { adminRoutes, queryRoutes } from './routes/query.ts';
import { openapiDocument } from './openapi.ts';
import { pluginOpenapi, pluginRoutes } from './plugin-routes.ts';
import { rateLimit } from './rate-limit.ts';

export function createApp(rt: Runtime, modules: FeatureModule[] = []): Hono {
  const app = new Hono();
  const { server } = rt.config;

  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"] } }));
  app.use('*', async (c, next) => {
    const t0 = performance.now();
    await next();
    const seconds = (performance.now() - t0) / 1000;
    const route = c.req.routePath ?? c.req.path;
    rt.telemetry.httpRequests.add(1, { method: c.req.method, route, status: String(c.res.status) });
    rt.telemetry.httpDuration.record(seconds, { method: c.req.method, route });
    if (rt.config.log.requests) rt.log.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1000) });
  });
  if (server.rate_limit_per_client > 0) app.use('/v1/*', rateLimit(server.rate_limit_per_client));

  app.get('/livez', (c) => c.json({ status: 'alive' }));
  app.get('/readyz', (c) => {
    const writes = rt.storage.writeHealth.check();
    const storageOk = (rt.phase === 'ready' || rt.phase === 'stopping') && writes.ok;
    const checks: Record<string, { ok: boolean; detail?: string }> = { storage: writes.detail ? { ok: storageOk, detail: writes.detail } : { ok: storageOk }, stages: { ok: rt.phase === 'ready' } };
    for (const [name, check] of rt.readiness) {
      try {
        checks[name] = check();
      } catch (e) {
        checks[name] = { ok: false, detail: (e as Error).message };
      }
    }
    // Channel problems are reported but do not make the daemon unready: ingest must go on.
    // A disk that refuses writes makes the daemon unready: ingest cannot be acknowledged.
    const ready = rt.phase === 'ready' && writes.ok;
    return c.json({ status: ready ? 'ready' : rt.phase === 'ready' ? 'storage_unavailable' : rt.phase, checks }, ready ? 200 : 503);
  });
  app.get('/metrics', requireRead(server.read_token, server.token), async (c) => {
    return c.text(await rt.telemetry.scrape(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  app.get('/openapi.json', (c) => c.json(openapiDocument([...modules.map((m) => m.openapi ?? {}), pluginOpenapi(rt.registry)])));

  const write = requireWrite(server.token);
  const read = requireRead(server.read_token, server.token);
  const limit = bodyLimit({
    maxSize: Math.floor(server.body_limit_mb * 1024 * 1024),
    onError: (c) => jsonError(c, 413, `request body larger than ${server.body_limit_mb} MiB`),
  });
  // Writes and admin need the write token; every other /v1 call is a read.
  app.use('/v1/*', async (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? read(c, next) : write(c, next)));
  app.use('/v1/*', async (c, next) => (c.req.method === 'POST' || c.req.method === 'PUT' ? limit(c, next) : next()));
  // OTLP senders only write.
  app.use('/otlp/*', write, limit);

  app.route('/', ingestRoutes(rt));
  app.route('/', queryRoutes(rt));
  app.route('/', adminRoutes(rt));
  app.route('/', pluginRoutes(rt));
  for (const m of modules) if (m.routes) app.route('/', m.routes(rt));

  app.notFound((c) => jsonError(c, 404, `no route for ${c.req.method} ${c.req.path}`));
  app.onError((err, c) => handleError(err, c, (msg, f) => rt.log.error(msg, f)));
  return app;
}
