// What a running daemon is made of. Routes and feature modules receive this explicitly; there
// are no process-wide singletons.
import type { Hono } from 'hono';
import type { Logger } from './plugin-api/index.ts';
import type { DaemonConfig } from './config/schema.ts';
import type { LoadedConfig } from './config/load.ts';
import type { Storage } from './storage/db.ts';
import type { PredictionTables } from './storage/prediction-tables.ts';
import type { StoreReader } from './storage/data-reader.ts';
import type { LogEnricher } from './ingest/logs.ts';
import type { LogStore } from './storage/log-store.ts';
import type { Ingest } from './ingest/service.ts';
import type { StageHost } from './stages/host.ts';
import type { StoredFinding } from './stages/findings.ts';
import type { FinishedRun } from './stages/finished-run.ts';
import type { Telemetry } from './telemetry/metrics.ts';
import type { Tracer } from '@opentelemetry/api';
import type { PluginRegistry } from './plugins/registry.ts';

export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
}

export interface Runtime {
  loaded: LoadedConfig & { sections: Record<string, unknown> };
  config: DaemonConfig;
  dataDir: string;
  storage: Storage;
  tables: PredictionTables;
  logStore: LogStore;
  /** The one ingest path (validate, enrich, store, notify) every input uses. */
  ingest: Ingest;
  reader: StoreReader;
  host: StageHost;
  telemetry: Telemetry;
  tracer: Tracer;
  registry: PluginRegistry;
  log: Logger;
  /** Attach template ids (and more) to log rows before they are stored. */
  logEnrichers: LogEnricher[];
  /** Extra readiness details (alert channels, inputs) shown by /readyz. */
  readiness: Map<string, () => ReadinessCheck>;
  /** Listeners for findings once stored (the alert manager). */
  findingListeners: ((f: StoredFinding[]) => void | Promise<void>)[];
  /** Told when a stage run has finished and its results and findings are stored (not awaited). */
  runListeners: ((run: FinishedRun) => void)[];
  phase: 'starting' | 'ready' | 'stopping' | 'stopped';
  /** The daemon's time (epoch ms): Date.now unless a test or embedder gives its own. */
  clock: () => number;
  startedAt: Date;
  /** Where the HTTP server actually listens (`http://host:port`), set once it does: with port 0
   *  only then is the port known. */
  url?: string;
}

/**
 * A feature of the daemon beyond the core (alerting, log pipeline, dashboards, export…):
 * it may add tables (migrations), API routes under /v1 and its OpenAPI paths, and work that
 * starts and stops with the daemon.
 */
export interface FeatureModule {
  name: string;
  /** Validated under this top-level config key, when given. */
  configSection?: string;
  configSchema?: import('zod').ZodType<unknown>;
  init?(rt: Runtime): void | Promise<void>;
  /** Routes mounted at the root of the app (paths should start with /v1/ or /dashboards). */
  routes?(rt: Runtime): Hono;
  openapi?: Record<string, unknown>;
  start?(rt: Runtime): void | Promise<void>;
  stop?(rt: Runtime): void | Promise<void>;
}
