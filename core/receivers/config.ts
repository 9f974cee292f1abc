// The `receivers` config section: protocols other systems already speak, turned into stored rows.
import { duration, z } from '../plugin-api/index.ts';

const endpointRule = z
  .object({
    /** Matches `ce-inferenceservicename` (KServe) or the V2 answer's model_name. */
    service: z.string().min(1),
    /** Matches `ce-namespace` when given. */
    namespace: z.string().min(1).optional(),
    /** Matches `ce-endpoint` (`default`, `canary`) when given. */
    endpoint: z.string().optional(),
    /** The model name rows are stored under. */
    model: z.string().min(1),
    /** The version rows are stored under (else the version header, the V2 model_version, ce-component). */
    version: z.string().min(1).optional(),
  })
  .strict();

export const cloudeventsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Halves (a request or a response) waiting for their other half, at most. */
    max_pending: z.number().int().positive().default(10_000),
    /** A half whose other half has not come after this long is dropped and counted. */
    pending_ttl: duration.default(5 * 60_000),
    /** An HTTP header or CloudEvents extension that carries the model version. */
    version_header: z.string().min(1).optional(),
    endpoints: z.array(endpointRule).default([]),
  })
  .strict();

export const otlpSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Also listen on this port at the standard paths (/v1/logs, /v1/metrics, /v1/traces), e.g. 4318. */
    port: z.number().int().min(0).max(65535).optional(),
    /** Span metrics (request rate, error rate, latency quantiles) are summed over windows of this length. */
    span_window: duration.default(10_000),
    /** Open span-metric windows kept in memory at most (service × window). */
    max_open_windows: z.number().int().positive().default(10_000),
  })
  .strict();

export const receiversSchema = z
  .object({
    cloudevents: cloudeventsSchema.default(cloudeventsSchema.parse({})),
    otlp: otlpSchema.default(otlpSchema.parse({})),
  })
  .strict();

export type ReceiversSettings = z.infer<typeof receiversSchema>;
export type CloudEventsSettings = z.infer<typeof cloudeventsSchema>;
export type OtlpSettings = z.infer<typeof otlpSchema>;

/** `inputs.prometheus`: model servers' /metrics pulled on a schedule, as Prometheus would. */
export const prometheusTargetSchema = z
  .object({
    /** Names the target in the `job` label of every point and in findings. */
    name: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - (at most 64)'),
    url: z.string().url(),
    every: duration.default(15_000),
    timeout: duration.optional(),
    /** Labels added to every point (`service: …` lets incidents place the series in the call graph). */
    labels: z.record(z.string(), z.string()).default({}),
    /** A body larger than this is refused as a failed scrape. */
    max_bytes: z.number().int().positive().default(10 * 1024 * 1024),
    /** Sent as a bearer token, for exporters behind auth. */
    bearer_token: z.string().min(1).optional(),
  })
  .strict();

export type PrometheusTarget = z.infer<typeof prometheusTargetSchema>;
