// The daemon's own config sections. Stage plugins and alert channels bring their own schemas;
// the loader validates those under `stages.<name>` and `alerting`.
import { z } from 'zod';
import { duration } from '../plugin-api/index.ts';

export const serverSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    /** Bearer token for write and admin endpoints; unset means open (bound to loopback by default). */
    token: z.string().min(1).optional(),
    /** Optional separate token for read endpoints. */
    read_token: z.string().min(1).optional(),
    body_limit_mb: z.number().positive().default(32),
    /** Ingest requests allowed to wait for the writer before new ones get 503 + Retry-After. */
    max_pending_writes: z.number().int().positive().default(64),
    /** Requests per second per client address (0 = unlimited). */
    rate_limit_per_client: z.number().nonnegative().default(0),
    shutdown_timeout: duration.default(10_000),
    /** A connection must send its request headers within this long (slowloris, idle sockets). */
    header_timeout: duration.default(10_000),
    /** A whole request, body included, must arrive within this long. */
    request_timeout: duration.default(60_000),
    /** An idle keep-alive connection is closed after this long. */
    keep_alive_timeout: duration.default(5_000),
    /** Connections open at once, at most; more are refused until some close. */
    max_connections: z.number().int().positive().default(1024),
    /** Base URL people reach the dashboards at, for links in alerts. */
    public_url: z.string().optional(),
  })
  .strict();

export const storageSchema = z
  .object({
    data_dir: z.string().default('./data'),
    /** How long each kind of data is kept; unset keeps it forever. */
    retention: z
      .object({
        predictions: duration.optional(),
        labels: duration.optional(),
        logs: duration.optional(),
        metrics: duration.optional(),
        stage_results: duration.optional(),
        findings: duration.optional(),
      })
      .strict()
      .default({}),
    retention_check: duration.default(3_600_000),
  })
  .strict();

export const modelSettingsSchema = z
  .object({
    owners: z.array(z.string()).optional(),
    intended_use: z.string().optional(),
    limitations: z.array(z.string()).optional(),
    reference: z.string().optional(),
    sensitive_attributes: z.array(z.string()).optional(),
    task: z.enum(['binary', 'multiclass', 'regression']).optional(),
    positive_label: z.union([z.string(), z.number()]).optional(),
    /** Names of positional inputs (V1 instances that are arrays, one wide V2 tensor), in order. */
    features: z.array(z.string().min(1).max(128)).optional(),
  })
  .strict();

/** Keys every stage accepts besides its own settings; the host handles them. */
export const stageHostSchema = z.object({
  enabled: z.boolean().default(true),
  every: duration.optional(),
  /** A cron expression (node-cron, seconds optional) instead of `every`. */
  schedule: z.string().optional(),
  timeout: duration.optional(),
});
export const stageHostKeys = ['enabled', 'every', 'schedule', 'timeout'] as const;

export const logSchema = z
  .object({
    level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** Log every HTTP request (method, path, status, duration). */
    requests: z.boolean().default(true),
  })
  .strict();

const demoDefaults = {
  enabled: false,
  rate: 20,
  seed: 42,
  label_delay_min: 20_000,
  label_delay_max: 90_000,
  drift_period: 15 * 60_000,
  incident_after: 120_000,
  incident_every: 6 * 60_000,
  incident_length: 90_000,
};

export const daemonSchema = z
  .object({
    server: serverSchema.default(serverSchema.parse({})),
    storage: storageSchema.default(storageSchema.parse({})),
    log: logSchema.default(logSchema.parse({})),
    models: z.record(z.string(), modelSettingsSchema).default({}),
    /** Sensitive attributes that must never be model features (governance). */
    sensitive_attributes: z.array(z.string()).default(['gender', 'sex', 'race', 'ethnicity', 'religion']),
    stages: z.record(z.string(), z.record(z.string(), z.unknown()).nullable()).default({}),
    alerting: z.record(z.string(), z.unknown()).default({}),
    inputs: z.record(z.string(), z.unknown()).default({}),
    receivers: z.record(z.string(), z.unknown()).default({}),
    export: z.record(z.string(), z.unknown()).default({}),
    /** Worker threads for column computations (drift statistics, reference profiles); 0 keeps them on the main thread. Default: one per core. */
    compute: z
      .object({ threads: z.number().int().min(0).max(64).optional() })
      .strict()
      .default({}),
    telemetry: z.record(z.string(), z.unknown()).default({}),
    demo: z
      .object({
        enabled: z.boolean().default(false),
        /** Simulated predictions per second. */
        rate: z.number().positive().max(10_000).default(20),
        seed: z.number().int().default(42),
        /** Labels arrive this long after their prediction (uniformly between the two). */
        label_delay_min: duration.default(20_000),
        label_delay_max: duration.default(90_000),
        /** Time for the inputs' slow drift to reach full strength. */
        drift_period: duration.default(15 * 60_000),
        /** The recurring ops incident: first start, period and length. */
        incident_after: duration.default(120_000),
        incident_every: duration.default(6 * 60_000),
        incident_length: duration.default(90_000),
      })
      .strict()
      .default(() => demoDefaults),
  })
  .strict();

export type DaemonConfig = z.infer<typeof daemonSchema>;

/**
 * A model's settings as stages and plugin routes see them: the top-level sensitive attributes
 * unless the model lists its own, and only those for a model the config does not describe.
 */
export function effectiveModelSettings(config: DaemonConfig, model: string) {
  return { sensitive_attributes: config.sensitive_attributes, ...(Object.hasOwn(config.models, model) ? config.models[model] : {}) };
}
