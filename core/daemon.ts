// Assembles and runs the daemon: config → storage → plugins → stage host → HTTP. Stopping
// reverses it: readiness off, in-flight requests finish, schedules stop, CHECKPOINT, close.
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { loadConfig, type SectionSchemas } from './config/load.ts';
import { effectiveModelSettings } from './config/schema.ts';
import { createLogger } from './log.ts';
import { Storage } from './storage/db.ts';
import { recordConfigLoaded } from './storage/audit-reads.ts';
import { Ingest } from './ingest/service.ts';
import { PredictionTables } from './storage/prediction-tables.ts';
import { StoreReader } from './storage/data-reader.ts';
import { LogStore } from './storage/log-store.ts';
import { StageHost } from './stages/host.ts';
import { FileProfileStore } from './storage/profile-store.ts';
import { ColumnCompute } from './compute/column-compute.ts';
import { defaultThreads } from './compute/threads.ts';
import { createTelemetry } from './telemetry/metrics.ts';
import { createTracing } from './telemetry/tracing.ts';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { loadBuiltinPlugins } from './plugins/registry.ts';
import { createApp } from './http/app.ts';
import { builtinModules } from './modules.ts';
import type { FeatureModule, Runtime } from './runtime.ts';
import type { Logger } from './plugin-api/index.ts';

export interface DaemonOptions {
  configFile?: string;
  configText?: string;
  env?: Record<string, string | undefined>;
  demo?: boolean;
  /** Extra modules (tests, embedding). */
  modules?: FeatureModule[];
  logger?: Logger;
  /** Extra span exporters (tests, embedding). */
  spanExporters?: SpanExporter[];
  /**
   * Where the stage host and the alert manager read the time (epoch ms); Date.now by default.
   * Tests move it forward to pass group waits and `for:` durations without sleeping through them.
   */
  clock?: () => number;
}

export interface Daemon {
  runtime: Runtime;
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startDaemon(opts: DaemonOptions = {}): Promise<Daemon> {
  const env = opts.env ?? process.env;
  const registry = await loadBuiltinPlugins();
  const modules = [...(await builtinModules()), ...(opts.modules ?? [])];
  const sections: SectionSchemas = {};
  for (const m of modules) if (m.configSection && m.configSchema) sections[m.configSection] = m.configSchema;
  const loaded = loadConfig({ file: opts.configFile, text: opts.configText, env, registry, sections });
  const config = loaded.config;
  if (opts.demo) config.demo.enabled = true;
  const secrets = collectSecrets(config, env);
  const log = opts.logger ?? createLogger({ level: config.log.level, secrets });
  const dataDir = resolve(config.storage.data_dir);

  const storage = await Storage.open(dataDir);
  const tables = new PredictionTables(storage);
  await tables.load();
  const logStore = new LogStore(storage);
  await logStore.load();
  const reader = new StoreReader(storage, tables);
  const telemetry = createTelemetry();
  const otlp = (loaded.sections.telemetry as { otlp?: { traces_endpoint?: string; headers?: Record<string, string> } } | undefined)?.otlp;
  const tracing = await createTracing({ otlpEndpoint: otlp?.traces_endpoint, headers: otlp?.headers, exporters: opts.spanExporters });

  const rt: Runtime = {
    loaded,
    config,
    dataDir,
    storage,
    tables,
    logStore,
    ingest: undefined as unknown as Ingest,
    reader,
    host: undefined as unknown as StageHost,
    telemetry,
    tracer: tracing.tracer,
    registry,
    log,
    logEnrichers: [],
    readiness: new Map(),
    findingListeners: [],
    runListeners: [],
    phase: 'starting',
    startedAt: new Date(),
    clock: opts.clock ?? Date.now,
  };
  const compute = new ColumnCompute(config.compute.threads ?? defaultThreads());
  rt.host = new StageHost({
    storage,
    data: reader,
    profiles: new FileProfileStore(join(dataDir, 'profiles')),
    compute,
    plugins: registry.stages,
    stages: loaded.stages,
    // Every configured model inherits the top-level sensitive attributes unless it lists its own.
    models: Object.fromEntries(Object.keys(config.models).map((m) => [m, effectiveModelSettings(config, m)])),
    log,
    tracer: tracing.tracer,
    clock: rt.clock,
    onFindings: async (f) => {
      for (const l of rt.findingListeners) await l(f);
    },
    onRun: (stage, outcome, ms) => {
      telemetry.stageRuns.add(1, { stage, outcome });
      if (outcome !== 'skipped' && outcome !== 'open-circuit') telemetry.stageDuration.record(ms / 1000, { stage });
    },
    onFinished: (run) => {
      for (const l of rt.runListeners) {
        try {
          l(run);
        } catch (e) {
          log.warn('run listener failed', { stage: run.stage, error: (e as Error).message });
        }
      }
    },
  });
  rt.ingest = new Ingest({ storage, tables, logStore, dataDir, telemetry, logEnrichers: rt.logEnrichers, notify: (e) => rt.host.notify(e) });
  await recordConfigLoaded(storage, loaded.source, loaded.version);

  for (const m of modules) await m.init?.(rt);
  const app = createApp(rt, modules);
  const server = await listen(app.fetch, config.server);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
  rt.url = url;

  rt.host.start();
  for (const m of modules) await m.start?.(rt);
  rt.phase = 'ready';
  log.info('sidewatch ready', { url, data: storage.path, config: loaded.source, stages: rt.host.names() });

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      rt.phase = 'stopping';
      log.info('stopping');
      // Finish requests in flight; idle keep-alive sockets would otherwise hold close() open.
      const closed = new Promise<void>((r) => server.close(() => r()));
      (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      const grace = setTimeout(() => (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.(), Math.max(1000, config.server.shutdown_timeout - 4000));
      await closed;
      clearTimeout(grace);
      for (const m of [...modules].reverse()) {
        try {
          await m.stop?.(rt);
        } catch (e) {
          log.error('module failed to stop', { module: m.name, error: (e as Error).message });
        }
      }
      await rt.host.stop(3000);
      await compute.close();
      await tables.flushRegistry().catch((e: Error) => log.warn('could not write the version registry', { error: e.message }));
      await telemetry.shutdown().catch(() => undefined);
      await tracing.shutdown().catch(() => undefined);
      await storage.close();
      rt.phase = 'stopped';
      log.info('stopped');
    })());
  return { runtime: rt, url, port, stop };
}

/**
 * The HTTP server with limits against slow and idle clients: headers and whole requests must
 * arrive in time (Node answers 408), a connection that sends nothing is closed after the header
 * timeout, idle keep-alive connections close, and connections beyond the cap are refused.
 */
function listen(fetch: (req: Request) => Response | Promise<Response>, s: Runtime['config']['server']): Promise<ServerType> {
  const { host, port } = s;
  return new Promise((resolveListen, reject) => {
    const server = serve(
      {
        fetch,
        hostname: host,
        port,
        serverOptions: { headersTimeout: s.header_timeout, requestTimeout: s.request_timeout, keepAliveTimeout: s.keep_alive_timeout, connectionsCheckingInterval: Math.min(1000, s.header_timeout) },
      },
      () => resolveListen(server),
    );
    const http = server as import('node:http').Server;
    http.maxConnections = s.max_connections;
    // Node times headers only once bytes arrive: a socket that never sends any is closed here.
    http.on('connection', (socket) => {
      const t = setTimeout(() => socket.destroy(), s.header_timeout);
      t.unref();
      socket.once('data', () => clearTimeout(t));
      socket.once('close', () => clearTimeout(t));
    });
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use (set SIDEWATCH_PORT or server.port)` : `cannot listen on ${host}:${port}: ${e.message}`)),
    );
  });
}

function collectSecrets(config: Runtime['config'], env: Record<string, string | undefined>): string[] {
  const out = [config.server.token, config.server.read_token];
  for (const [k, v] of Object.entries(env)) if (v && /TOKEN|PASSWORD|SECRET|KEY/i.test(k)) out.push(v);
  return out.filter((s): s is string => !!s && s.length >= 6);
}
