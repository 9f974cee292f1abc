// The `alerting:` config section: rules, the routing tree, receivers (each a list of channel
// integrations validated by that channel's own schema), inhibition rules and delivery settings.
import { z } from 'zod';
import { duration } from '../plugin-api/index.ts';
import { parseMatcher, type Matcher } from './labels.ts';
import type { AlertChannel } from '../plugin-api/channel.ts';

const matcher = z.string().transform((s, ctx) => {
  try {
    return parseMatcher(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

const ruleSchema = z
  .object({
    /** Becomes the `alertname` label. */
    name: z.string().regex(/^[A-Za-z_][\w.-]*$/, 'use letters, digits, _, . and -'),
    /** Matched against the finding's labels plus `kind`, `severity` and `stage`. */
    matchers: z.array(matcher).default([]),
    /** How long a finding must keep being reported before the alert fires. */
    for: duration.default(0),
    /** How long the alert keeps firing after the finding stops being reported. */
    keep_firing_for: duration.default(0),
    severity: z.enum(['info', 'warning', 'critical']).optional(),
    labels: z.record(z.string(), z.string()).default({}),
    annotations: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type AlertRule = z.infer<typeof ruleSchema>;

export interface RouteConfig {
  receiver?: string;
  group_by?: string[];
  group_wait?: number;
  group_interval?: number;
  repeat_interval?: number;
  matchers: Matcher[];
  continue: boolean;
  routes: RouteConfig[];
}

const routeSchema: z.ZodType<RouteConfig> = z.lazy(() =>
  z
    .object({
      receiver: z.string().optional(),
      /** Labels that split alerts into groups; `['...']` groups by every label. */
      group_by: z.array(z.string()).optional(),
      group_wait: duration.optional(),
      group_interval: duration.optional(),
      repeat_interval: duration.optional(),
      matchers: z.array(matcher).default([]),
      continue: z.boolean().default(false),
      routes: z.array(routeSchema).default([]),
    })
    .strict(),
) as unknown as z.ZodType<RouteConfig>;

const inhibitSchema = z
  .object({
    source_matchers: z.array(matcher).min(1),
    target_matchers: z.array(matcher).min(1),
    equal: z.array(z.string()).default([]),
  })
  .strict();
export type InhibitRule = z.infer<typeof inhibitSchema>;

export interface IntegrationConfig {
  /** `<receiver>/<channel>/<index>`: the key of its notification log and outbox rows. */
  id: string;
  receiver: string;
  channel: string;
  sendResolved: boolean;
  settings: unknown;
}

const deliverySchema = z
  .object({
    /** First retry delay after a retryable failure; doubles each attempt, with jitter. */
    backoff_initial: duration.default(1000),
    backoff_max: duration.default(300_000),
    /** Timeout of one send. */
    timeout: duration.default(10_000),
  })
  .strict();

export function alertingConfigSchema(channels: Map<string, AlertChannel<unknown>>) {
  const receiverSchema = z
    .object({ name: z.string().min(1) })
    .catchall(z.unknown())
    .transform((r, ctx) => {
      const integrations: IntegrationConfig[] = [];
      for (const [key, value] of Object.entries(r)) {
        if (key === 'name') continue;
        const channel = channels.get(key);
        if (!channel) {
          ctx.addIssue({ code: 'custom', path: [key], message: `unknown alert channel "${key}" (known: ${[...channels.keys()].join(', ') || 'none'})` });
          continue;
        }
        const list = Array.isArray(value) ? value : [value];
        list.forEach((item, i) => {
          const body = { ...((item ?? {}) as Record<string, unknown>) };
          const sendResolved = body.send_resolved ?? true;
          delete body.send_resolved;
          if (typeof sendResolved !== 'boolean') ctx.addIssue({ code: 'custom', path: [key, i, 'send_resolved'], message: 'expected true or false' });
          const parsed = channel.configSchema.safeParse(body);
          if (!parsed.success) {
            for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [key, ...(Array.isArray(value) ? [i] : []), ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: issue.message });
            return;
          }
          integrations.push({ id: `${r.name}/${key}/${i}`, receiver: r.name, channel: key, sendResolved: sendResolved === true, settings: parsed.data });
        });
      }
      return { name: r.name, integrations };
    });

  return z
    .object({
      enabled: z.boolean().default(true),
      /** How often rules are evaluated, groups flushed and the outbox drained. */
      evaluation_interval: duration.default(1000),
      /** Without rules every finding becomes an alert with its own labels and severity. */
      rules: z.array(ruleSchema).default([]),
      route: routeSchema.optional(),
      receivers: z.array(receiverSchema).default([]),
      inhibit_rules: z.array(inhibitSchema).default([]),
      delivery: deliverySchema.default(deliverySchema.parse({})),
      /** Resolved alerts stay listed (and can still be notified) this long. */
      resolved_retention: duration.default(86_400_000),
    })
    .strict()
    .superRefine((cfg, ctx) => {
      const names = new Set<string>();
      cfg.receivers.forEach((r, i) => {
        if (names.has(r.name)) ctx.addIssue({ code: 'custom', path: ['receivers', i, 'name'], message: `receiver "${r.name}" is defined twice` });
        names.add(r.name);
      });
      const walk = (route: RouteConfig, path: (string | number)[]) => {
        if (route.receiver !== undefined && !names.has(route.receiver)) ctx.addIssue({ code: 'custom', path: [...path, 'receiver'], message: `no receiver named "${route.receiver}"` });
        route.routes.forEach((child, i) => walk(child, [...path, 'routes', i]));
      };
      if (cfg.route) {
        if (!cfg.route.receiver) ctx.addIssue({ code: 'custom', path: ['route', 'receiver'], message: 'the root route needs a receiver' });
        walk(cfg.route, ['route']);
      } else if (cfg.receivers.length > 1) {
        ctx.addIssue({ code: 'custom', path: ['route'], message: 'several receivers need a route saying which alerts go where' });
      }
    });
}

export type AlertingConfig = z.infer<ReturnType<typeof alertingConfigSchema>>;
