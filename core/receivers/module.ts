// Protocol receivers as a daemon feature (config section `receivers`): CloudEvents from
// inference loggers at POST /v1/cloudevents, OTLP/HTTP at POST /otlp/v1/{logs,metrics,traces}
// (and at the standard /v1/… paths on `receivers.otlp.port` when set), Prometheus endpoints
// scraped on a schedule (`inputs.prometheus`), and GET /v1/receivers.
import { Hono, type Context } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { bodyLimit } from 'hono/body-limit';
import type { FeatureModule, Runtime } from '../runtime.ts';
import { requireWrite } from '../http/auth.ts';
import { handleError, jsonError } from '../http/errors.ts';
import { ingestGuard } from '../http/routes/ingest.ts';
import { receiversSchema, type ReceiversSettings } from './config.ts';
import { CloudEventsReceiver } from './cloudevents.ts';
import { OtlpReceiver } from './otlp.ts';
import type { OtlpSignal } from './otlp-decode.ts';
import { receiversOpenApi } from './openapi.ts';
import { PrometheusScraper } from './prometheus-scraper.ts';
import type { InputsSettings } from '../logs/config.ts';

const signals: OtlpSignal[] = ['logs', 'metrics', 'traces'];

export function receiversModule(): FeatureModule {
  let settings: ReceiversSettings | null = null;
  let ce: CloudEventsReceiver | null = null;
  let otlp: OtlpReceiver | null = null;
  let server: ServerType | null = null;
  let scraper: PrometheusScraper | null = null;
  const timers: NodeJS.Timeout[] = [];

  const otlpHandler = (rt: Runtime, signal: OtlpSignal) => async (c: Context) => {
    if (!otlp) return jsonError(c, 404, 'the OTLP receiver is disabled (receivers.otlp.enabled: false)');
    const body = new Uint8Array(await c.req.arrayBuffer());
    const a = await otlp.receive(signal, c.req.header(), body, rt.clock());
    rt.telemetry.ingestBytes.add(body.byteLength, { kind: `otlp_${signal}` });
    return c.body(a.body as string, 200, { 'Content-Type': a.contentType, 'x-sidewatch-rows': String(a.rows) });
  };

  return {
    name: 'receivers',
    configSection: 'receivers',
    configSchema: receiversSchema,
    init(rt) {
      settings = (rt.loaded.sections.receivers ?? receiversSchema.parse({})) as ReceiversSettings;
      if (settings.cloudevents.enabled) ce = new CloudEventsReceiver(rt, settings.cloudevents);
      if (settings.otlp.enabled) otlp = new OtlpReceiver(rt, settings.otlp);
      const targets = (rt.loaded.sections.inputs as InputsSettings | undefined)?.prometheus ?? [];
      if (targets.length) {
        const s = (scraper = new PrometheusScraper(rt, targets));
        rt.readiness.set('inputs.prometheus', () => {
          const down = s.statuses.filter((t) => t.up === false);
          // A target that is down is reported, not made a reason to refuse ingest.
          return { ok: true, detail: `${targets.length} target(s) scraped${down.length ? `; down: ${down.map((t) => `${t.name} (${t.lastError})`).join(', ')}` : ''}` };
        });
      }
    },
    routes(rt) {
      const app = new Hono();
      app.post('/v1/cloudevents', async (c) => {
        if (!ce) return jsonError(c, 404, 'the CloudEvents receiver is disabled (receivers.cloudevents.enabled: false)');
        const body = new Uint8Array(await c.req.arrayBuffer());
        const a = await ce.receive(c.req.header(), body, rt.clock());
        rt.telemetry.ingestBytes.add(body.byteLength, { kind: 'cloudevents' });
        c.header('x-sidewatch-rows', String(a.body.accepted));
        return c.json(a.body, a.status);
      });
      for (const s of signals) app.post(`/otlp/v1/${s}`, otlpHandler(rt, s));
      app.get('/v1/receivers', (c) =>
        c.json({
          cloudevents: ce ? { enabled: true, ...ce.status() } : { enabled: false },
          prometheus: scraper ? scraper.statuses : [],
          otlp: otlp ? { enabled: true, port: settings?.otlp.port ?? null, open_span_windows: otlp.windows.open, dropped_span_windows: otlp.windows.dropped } : { enabled: false },
        }),
      );
      return app;
    },
    openapi: receiversOpenApi,
    async start(rt) {
      scraper?.start();
      if (ce) {
        const every = Math.max(1000, Math.min(10_000, settings!.cloudevents.pending_ttl / 4));
        timers.push(setInterval(() => ce!.sweep(rt.clock()), every).unref());
      }
      if (otlp) {
        const flush = () => otlp!.flushWindows(rt.clock()).catch((e: Error) => rt.log.warn('otlp: storing span metrics failed; retried at the next window', { error: e.message }));
        timers.push(setInterval(flush, Math.max(1000, settings!.otlp.span_window)).unref());
        if (settings!.otlp.port !== undefined) server = await listenOtlp(rt, settings!.otlp.port, (s) => otlpHandler(rt, s));
      }
    },
    async stop(rt) {
      for (const t of timers.splice(0)) clearInterval(t);
      await scraper?.stop();
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      server = null;
      // Open windows hold what arrived since the last flush: stored now rather than lost.
      await otlp?.flushWindows(rt.clock(), true).catch((e: Error) => rt.log.warn('otlp: storing span metrics at shutdown failed', { error: e.message }));
    },
  };
}

/** The standard OTLP/HTTP paths on their own port, so a Collector's otlphttp exporter needs only an endpoint. */
async function listenOtlp(rt: Runtime, port: number, handler: (s: OtlpSignal) => (c: Context) => Promise<Response>): Promise<ServerType> {
  const app = new Hono();
  const limitMb = rt.config.server.body_limit_mb;
  app.use('*', requireWrite(rt.config.server.token));
  app.use('*', bodyLimit({ maxSize: Math.floor(limitMb * 1024 * 1024), onError: (c) => jsonError(c, 413, `request body larger than ${limitMb} MiB`) }));
  app.use('*', ingestGuard(rt, (p) => signals.some((s) => p === `/v1/${s}`)));
  for (const s of signals) app.post(`/v1/${s}`, handler(s));
  app.notFound((c) => jsonError(c, 404, `no route for ${c.req.method} ${c.req.path}; OTLP/HTTP paths are POST /v1/logs, /v1/metrics, /v1/traces`));
  app.onError((err, c) => handleError(err, c, (msg, f) => rt.log.error(msg, f)));
  return new Promise((resolve, reject) => {
    const srv = serve({ fetch: app.fetch, hostname: rt.config.server.host, port }, () => resolve(srv));
    srv.once('error', (e: NodeJS.ErrnoException) => reject(new Error(e.code === 'EADDRINUSE' ? `receivers.otlp.port ${port} on ${rt.config.server.host} is already in use` : `cannot listen for OTLP on port ${port}: ${e.message}`)));
  });
}
