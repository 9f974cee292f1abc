// The contract between the daemon and its stage plugins. A plugin imports this module and
// nothing else of core/: everything it needs (data, state, results, logging, findings) reaches
// it through the StageContext the host hands to each run. Pure algorithms live in lib/ and may
// be imported freely.
import { z } from 'zod';

export { z };

export type Severity = 'info' | 'warning' | 'critical';

/** Something a stage noticed. Findings flow to the alert manager; they are never sent directly. */
export interface Finding {
  /** Dotted kind, stage first: `drift.dataset`, `volume.silent`, `logs.new_template`. */
  kind: string;
  severity: Severity;
  /** One line a person can act on: what is wrong, where, how bad. */
  summary: string;
  /** Identity of the finding (model, feature, service, …); alerts fingerprint these. */
  labels?: Record<string, string>;
  /** Evidence: figures, versions compared, top contributors. Stored as JSON. */
  details?: Record<string, unknown>;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** A time window; either bound may be open. */
export interface TimeRange {
  since?: Date;
  until?: Date;
}

export interface ModelInfo {
  model: string;
  predictions: number;
  labels: number;
  versions: string[];
  /** Feature names and their stored kind, in first-seen order. */
  features: { name: string; type: 'number' | 'string' | 'boolean' }[];
  firstSeen: Date | null;
  lastSeen: Date | null;
}

export type { PredictionColumns } from '../../lib/predictions/columns.ts';
import type { PredictionColumns } from '../../lib/predictions/columns.ts';
import type { DatasetInput, DriftOptions, DriftReport, ReferenceInput } from '../../lib/drift/report.ts';
import type { ColumnProfile } from '../../lib/drift/profile.ts';
import type { ColumnValues } from '../../lib/drift/column.ts';

export interface PredictionQuery extends TimeRange {
  /** Only these features (default all). */
  features?: string[];
  /** Only the newest N rows of the range. */
  lastRows?: number;
  version?: string;
  /** Only rows that have a label. */
  labelled?: boolean;
  /**
   * Leave these out (their columns come back empty-valued: ids and attributes null, labels NaN):
   * a stage that never looks at them does not pay for reading them.
   */
  without?: ('id' | 'attributes' | 'labels')[];
}

export interface SnapshotInfo {
  version: string;
  model: string;
  role: 'reference' | 'current';
  name: string | null;
  rows: number;
  createdAt: Date;
}

/** A data snapshot's columns: numbers as Float64Array (NaN for null), everything else as values. */
export interface SnapshotColumns {
  info: SnapshotInfo;
  columns: Record<string, Float64Array | (string | boolean | null)[]>;
}

export interface LogRow {
  seq: number;
  ts: Date;
  level: string | null;
  source: string | null;
  message: string;
  templateId: string | null;
}

export interface MetricRow {
  ts: Date;
  name: string;
  value: number;
  labels: Record<string, string>;
}

/** Time buckets `i = floor((ts - from) / step)` over `[from, to)`, epoch milliseconds. */
export interface BucketQuery {
  from: number;
  to: number;
  step: number;
}

/** Log lines counted per bucket, grouped by one key. */
export interface LogCountQuery extends BucketQuery {
  /**
   * `template`: per template id (`survivors`: merged templates counted under the one they merged
   * into); `source`: per source; `level`: per lower-cased level; `none`: all lines together.
   */
  by: 'template' | 'source' | 'level' | 'none';
  survivors?: boolean;
  /** Only lines at these levels (case-insensitive). */
  levels?: readonly string[];
}

export interface LogCount {
  /** The group's key (template id, source or level); null for `by: 'none'` or lines without one. */
  key: string | null;
  i: number;
  n: number;
  /** Distinct sources among the bucket's lines, and one of them. */
  sources: number;
  source: string | null;
}

export interface MetricBucket {
  name: string;
  labels: Record<string, string>;
  i: number;
  /** Mean of the bucket's values. */
  v: number;
}

export interface TemplateInfo {
  id: string;
  template: string;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  examples: string[];
  firstSeq: number;
  lastSeq: number;
  /** Source of the template's first line. */
  firstSource: string | null;
}

/** Which log templates to read: surviving ones only (merged ones live on in their survivor), unless asked for by id. */
export interface TemplateQuery {
  /** First seen after this log sequence number, oldest first. */
  firstSeqAbove?: number;
  /** At most this many lines ever, seen after `lastSeqAbove` and first seen at or before `firstSeqAtMost`; newest first. */
  maxCount?: number;
  lastSeqAbove?: number;
  firstSeqAtMost?: number;
  ids?: readonly string[];
  limit?: number;
}

export interface FindingRecord {
  id: number;
  runId: number | null;
  stage: string;
  kind: string;
  severity: string;
  summary: string;
  labels: Record<string, string>;
  details: Record<string, unknown> | null;
  /** Epoch milliseconds. */
  ts: number;
}

export interface AuditEntry {
  id: number;
  kind: string;
  subject: string | null;
  details: Record<string, unknown> | null;
  /** Epoch milliseconds. */
  ts: number;
}

/** Another stage's results, newest first. */
export interface ResultQuery {
  stage: string;
  kind?: string;
  model?: string;
  since?: Date;
  limit: number;
  /** Only results this accepts count toward `limit`. */
  accept?: (r: StoredResult) => boolean;
}

/** Read access to stored data, scoped to what stages may see: typed reads, no SQL. */
export interface DataReader {
  models(): Promise<ModelInfo[]>;
  predictions(model: string, q?: PredictionQuery): Promise<PredictionColumns>;
  /** The first `n` predictions of a model by arrival order, or null when it has none. */
  firstPredictions(model: string, n: number, features?: string[]): Promise<PredictionColumns | null>;
  /**
   * How many predictions `predictions(model, q)` (or, with `firstRows`, `firstPredictions`) would
   * return and their first and last times (epoch ms), without reading them: a reference's
   * identity before its rows are read.
   */
  predictionExtent(model: string, q: TimeRange & { firstRows?: number }): Promise<{ rows: number; firstMs: number | null; lastMs: number | null }>;
  /** Exact number of predictions of a model in a time range. */
  predictionCount(model: string, q?: TimeRange): Promise<number>;
  /** Feature values of rows in the range that did not fit their typed column, verbatim. */
  misfitFeatures(model: string, q: TimeRange): Promise<Record<string, unknown>[]>;
  /** When each version of a model was first served (epoch ms), oldest first. */
  versionsFirstSeen(model: string): Promise<{ version: string; first: number }[]>;
  snapshots(model?: string): Promise<SnapshotInfo[]>;
  snapshot(version: string): Promise<SnapshotColumns | null>;
  logs(q: TimeRange & { afterSeq?: number; limit?: number }): Promise<LogRow[]>;
  /** Highest log sequence number and the first line's time (epoch ms), or 0 / null without logs. */
  logExtent(): Promise<{ maxSeq: number; firstTs: number | null }>;
  logCounts(q: LogCountQuery): Promise<LogCount[]>;
  templates(q: TemplateQuery): Promise<TemplateInfo[]>;
  /** First line of each template, those merged into it included (epoch ms). */
  templatesFirstSeen(ids: readonly string[]): Promise<Map<string, number>>;
  metrics(q: TimeRange & { name?: string }): Promise<MetricRow[]>;
  /** Finite metric values averaged per series and bucket. */
  metricBuckets(q: BucketQuery): Promise<MetricBucket[]>;
  /** Findings stored in `[since, until)`, numbered above `afterId` when given, in order. */
  findings(q: { since: number; until: number; afterId?: number }): Promise<FindingRecord[]>;
  audit(q: { since: number; until: number }): Promise<AuditEntry[]>;
  /** When the first log line, metric point or finding was stored (epoch ms), or null. */
  firstEventAt(): Promise<number | null>;
  results<T = unknown>(q: ResultQuery): Promise<StoredResult<T>[]>;
  /** Calls between services seen in traces (OTLP) since `sinceMs`, or ever. */
  serviceCalls(sinceMs?: number): Promise<ServiceCall[]>;
}

/** One caller → callee edge of the call graph traces show. */
export interface ServiceCall {
  parent: string;
  child: string;
  calls: number;
  errors: number;
  firstSeen: Date;
  lastSeen: Date;
}

export interface StoredResult<T = unknown> {
  id: number;
  stage: string;
  kind: string;
  model: string | null;
  createdAt: Date;
  payload: T;
  dataVersion: string | null;
  modelVersion: string | null;
  configVersion: string;
  runId: number;
}

export interface ResultInput<T = unknown> {
  kind: string;
  model?: string | null;
  payload: T;
  /** The data version(s) the result was computed from (sha256 of a snapshot, or a window id). */
  dataVersion?: string | null;
  modelVersion?: string | null;
}

/** Results a stage computes are stored with its run, config version and input versions. */
export interface ResultStore {
  save<T>(r: ResultInput<T>): Promise<void>;
  latest<T = unknown>(kind: string, model?: string): Promise<StoredResult<T> | null>;
  history<T = unknown>(kind: string, opts?: { model?: string; limit?: number; since?: Date; until?: Date }): Promise<StoredResult<T>[]>;
}

/** Small persisted key/value state, private to one plugin (JSON values). */
export interface StateStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
}

export interface StageContext<C = unknown> {
  /** The plugin's own validated settings. */
  config: C;
  /** Sha256 of the plugin's settings: every result records it. */
  configVersion: string;
  /** The moment this run was scheduled for (injectable for tests). */
  now: Date;
  /** Aborted when the run times out or the daemon stops: long loops should check it. */
  signal: AbortSignal;
  log: Logger;
  data: DataReader;
  /** Typed readings other stages publish about a model (drift verdicts, performance figures, …). */
  signals: SignalReader;
  results: ResultStore;
  state: StateStore;
  /** Bytes derived once per reference version and reused by later runs (drift's reference profiles). */
  profiles: ProfileStore;
  /** Column computations on the daemon's worker threads (drift reports, reference profiles). */
  compute: Compute;
  /** Models as configured (owners, intended use, reference snapshot, sensitive attributes). */
  models: Record<string, ModelSettings>;
  emit(finding: Finding): void;
  /** Records the versions this run read, for the run's audit record. */
  recordInputs(inputs: { dataVersion?: string; modelVersion?: string }): void;
}

/**
 * Derived data a stage computes once per model and reference version, kept by name as opaque
 * bytes. An entry may be missing (never written, or pruned): the stage recomputes it.
 */
export interface ProfileStore {
  /** The entries of `names` that are stored; missing ones are absent from the map. */
  get(model: string, version: string, names: readonly string[]): Promise<Map<string, Uint8Array>>;
  put(model: string, version: string, entries: ReadonlyMap<string, Uint8Array>): Promise<void>;
}

/**
 * Heavy per-column work run off the event loop, on one worker thread per core: results equal
 * `buildDriftReport` and `profileColumn` from lib/drift bit for bit. Aborting `signal` stops it.
 */
export interface Compute {
  driftReport(reference: ReferenceInput, current: DatasetInput, options?: DriftOptions, run?: { signal?: AbortSignal }): Promise<DriftReport>;
  profileColumns(columns: Record<string, ColumnValues>, run?: { signal?: AbortSignal }): Promise<Record<string, ColumnProfile>>;
}

export interface ModelSettings {
  owners?: string[];
  intended_use?: string;
  limitations?: string[];
  /** Snapshot version (sha256) or name used as the drift/validation reference. */
  reference?: string;
  sensitive_attributes?: string[];
  task?: 'binary' | 'multiclass' | 'regression';
  positive_label?: string | number;
}

export type IngestEvent = 'predictions' | 'labels' | 'logs' | 'metrics' | 'snapshots';

/** Read access to one stage's own stored results, for the gauges and routes it serves. */
export interface ResultReader {
  /** The newest result of a kind (for one model, when given). */
  latest<T = unknown>(kind: string, model?: string): Promise<StoredResult<T> | null>;
  /** The newest result of a kind for each model. */
  latestPerModel<T = unknown>(kind: string): Promise<StoredResult<T>[]>;
  /** The newest result of a kind for each data version (or only the given ones), newest first. */
  latestPerDataVersion<T = unknown>(kind: string, dataVersions?: readonly string[]): Promise<StoredResult<T>[]>;
  history<T = unknown>(kind: string, opts?: { model?: string; limit?: number; since?: Date; until?: Date }): Promise<StoredResult<T>[]>;
}

export interface GaugePoint {
  value: number;
  attributes: Record<string, string>;
}

/** A gauge the stage serves on /metrics, read from its results at scrape time. */
export interface PluginGauge {
  /** Prometheus name, `sidewatch_` first. */
  name: string;
  help: string;
  read(results: ResultReader): Promise<GaugePoint[]>;
}

export { RouteError } from './route-error.ts';
export type { Signal, SignalExtractors, SignalName, SignalQuery, SignalReader, SignalReading, SignalTypes } from './signals.ts';
import type { SignalExtractors, SignalReader } from './signals.ts';
export { historyParams, intParam, openapiParts, timeParam, windowParams } from './query-params.ts';
export * as cardFormat from './card-format.ts';
export { modelResultsRoute } from './model-route.ts';

export interface RouteRequest {
  params: Record<string, string>;
  query: (name: string) => string | undefined;
  /** Whether a model of this name has stored predictions or is described in the config. */
  modelKnown: (model: string) => boolean;
  /** A model's settings as configured (top-level sensitive attributes inherited), `{…}` when unconfigured. */
  modelSettings: (model: string) => ModelSettings;
  /** The daemon's clock at the request. */
  now: Date;
  /** Typed reads of stored data, for routes that compute on request (a live comparison, say). */
  data: DataReader;
}

/** A GET route under /v1 that the stage serves from its results. */
export interface PluginRoute {
  /** Hono-style path, e.g. `/v1/incidents/:id`. */
  path: string;
  /** The OpenAPI operation (summary, parameters, responses). */
  openapi: Record<string, unknown>;
  handle(req: RouteRequest, results: ResultReader): Promise<unknown>;
}

/**
 * What a stage stores as a `retraining.trigger` result. Part of the contract: core mirrors each
 * one into the retraining record and the audit trail, so it outlives the retention of results.
 */
export interface RetrainingTrigger {
  trigger_id: string;
  policy: string;
  model: string;
  model_version: string | null;
  status: string;
  reason: string;
  evidence: unknown[];
  action: { type: string; http_status?: number | null; exit_code?: number | null; error?: string; target?: string | null } | null;
}

/** A block of the live model card, rendered to Markdown or HTML by core (text is escaped there). */
export type CardBlock =
  | { type: 'h1' | 'h2' | 'p'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'table'; head: string[]; rows: (string | number | null)[][] }
  /** Reference against current shares per bin or category; drawn in the HTML card, summarized in Markdown. */
  | { type: 'bars'; title: string; kind: 'numeric' | 'categorical'; labels: string[]; edges?: number[]; reference: number[]; current: number[] };

/** The stage's section of a model's card, written from its own results. */
export interface CardSection {
  /**
   * Where it goes among the card's sections; core's are intended use 10, versions 20, reference
   * data 30, realized performance 40, open alerts 70, retraining 80, known limitations 100.
   */
  order: number;
  render(model: string, results: ResultReader): Promise<CardBlock[]>;
}

export interface StagePlugin<C = unknown> {
  /** The config key under `stages:` and the folder name under plugins/. */
  name: string;
  description: string;
  /** Validates and defaults the plugin's own settings (host keys already removed). */
  configSchema: z.ZodType<C>;
  /** Default cadence when the config gives none: seconds between runs. */
  defaultEverySeconds?: number;
  /** Ingest events that also trigger a run (debounced by the host). */
  triggers?: IngestEvent[];
  /** Default per-run timeout (ms); the config's `timeout` overrides it. */
  timeoutMs?: number;
  run(ctx: StageContext<C>): Promise<void>;
  /** Gauges served on /metrics from the stage's results. */
  gauges?: PluginGauge[];
  /** Read routes served from the stage's results; core never parses a plugin's payloads. */
  routes?: PluginRoute[];
  /** The stage's section of the model card. */
  card?: CardSection;
  /** How other stages read health signals off this stage's results. */
  signals?: SignalExtractors;
}

/** Identity function that keeps the plugin's config type attached. */
export function definePlugin<C>(plugin: StagePlugin<C>): StagePlugin<C> {
  return plugin;
}

export { parseDuration } from './duration.ts';
import { parseDuration } from './duration.ts';

/** A zod field for durations; the parsed value is milliseconds. */
export const duration = z
  .union([z.number().nonnegative(), z.string()])
  .transform((v, ctx) => {
    try {
      return parseDuration(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

// --- Alert channels -------------------------------------------------------------------------
// Channel plugins (plugins/<name>/index.ts exporting `send`) import their contract from here.
export type { AlertChannel, AlertStatus, ChannelContext, Notification, NotificationAlert, SendResult } from './channel.ts';
export { defineChannel } from './channel.ts';
export { alertLines, escapeHtml, notificationText, notificationTitle, severityIcon, whereText } from './message.ts';
