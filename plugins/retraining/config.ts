// Settings of the retraining stage: policies over stored results, each with its cooldown and
// daily cap, and the action that fires (a templated webhook, or an opt-in command).
import { duration, z } from '../../core/plugin-api/index.ts';

const common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'use lowercase letters, digits, _ . -'),
  /** Only these models; default every model that has results. */
  models: z.array(z.string()).optional(),
  /** Only signals of this stage and result kind (default: every stage that publishes the policy's signal). */
  stage: z.string().optional(),
  kind: z.string().optional(),
  cooldown: duration.optional(),
  max_per_day: z.number().int().positive().optional(),
};

export const policySchema = z.discriminatedUnion('when', [
  z.object({ ...common, when: z.literal('dataset_drift'), consecutive: z.number().int().positive().default(3) }).strict(),
  z
    .object({
      ...common,
      when: z.literal('performance_below'),
      /** Metric name as the performance signal gives it: accuracy, precision, recall, f1, rocAuc, or a regression metric. */
      metric: z.string().default('accuracy'),
      floor: z.number(),
      source: z.enum(['realized', 'estimated', 'any']).default('any'),
      consecutive: z.number().int().positive().default(1),
    })
    .strict(),
  z
    .object({
      ...common,
      when: z.literal('validation_failure_rate'),
      ceiling: z.number().min(0).max(1),
      windows: z.number().int().positive().default(12),
      min_windows: z.number().int().positive().default(3),
    })
    .strict(),
]);

export type Policy = z.infer<typeof policySchema>;

export const webhookSchema = z
  .object({
    url: z.string().url(),
    method: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
    template: z.enum(['airflow', 'github', 'generic']).default('generic'),
    /** A JSON body with {{placeholders}}; replaces the template's body. */
    body: z.unknown().optional(),
    /** Extra headers; secrets through ${ENV} interpolation. */
    headers: z.record(z.string(), z.string()).default({}),
    /** `event_type` of a GitHub repository_dispatch. */
    event_type: z.string().default('sidewatch-retrain'),
    timeout: duration.default(10_000),
  })
  .strict();

export const commandSchema = z
  .object({
    argv: z.array(z.string()).min(1),
    timeout: duration.default(60_000),
  })
  .strict();

export const actionSchema = z
  .object({
    webhook: webhookSchema.optional(),
    command: commandSchema.optional(),
  })
  .strict();

export const configSchema = z
  .object({
    policies: z.array(policySchema).default([]),
    action: actionSchema.default({}),
    /** Running a command is off unless allowed here, so a config edit alone cannot run programs. */
    allow_command: z.boolean().default(false),
    cooldown: duration.default(86_400_000),
    max_per_day: z.number().int().positive().default(1),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.action.command && !c.allow_command) {
      ctx.addIssue({ code: 'custom', path: ['action', 'command'], message: 'a command action needs `allow_command: true`' });
    }
    const names = new Set<string>();
    c.policies.forEach((p, i) => {
      if (names.has(p.name)) ctx.addIssue({ code: 'custom', path: ['policies', i, 'name'], message: `policy name "${p.name}" is used twice` });
      names.add(p.name);
    });
  });

export type RetrainingConfig = z.infer<typeof configSchema>;
export type WebhookAction = z.infer<typeof webhookSchema>;
export type CommandAction = z.infer<typeof commandSchema>;
