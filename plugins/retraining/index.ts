// Policy-driven retraining triggers. Each run evaluates every policy for every model over the
// results other stages stored (drift, performance, validation); when a condition holds it fires
// the configured action unless the policy is cooling down or has reached its daily cap. Every
// trigger, failure and hold-back is stored as a `retraining.trigger` result with its evidence
// (result ids, data and model versions) and outcome; a new model version re-arms the policy.
import { definePlugin, type RetrainingTrigger, type StageContext } from '../../core/plugin-api/index.ts';
import { callWebhook, runCommand, type ActionOutcome } from './actions.ts';
import { configSchema, type Policy, type RetrainingConfig } from './config.ts';
import { evaluatePolicy, type Arming } from './policies.ts';
import type { TriggerVars } from './payload-templates.ts';

interface PolicyState {
  v: 1;
  armedVersion: string | null;
  armedAt: string;
  lastTriggerAt: string | null;
  day: string;
  triggersToday: number;
  /** The hold-back last recorded, so a long cooldown is recorded once, not every run. */
  heldBack: string | null;
}

export type TriggerStatus = 'triggered' | 'failed' | 'cooldown' | 'daily_cap';

/** The contract's retraining trigger, with this plugin's own fields beside it. */
export interface TriggerRecord extends RetrainingTrigger {
  trigger_id: string;
  policy: string;
  when: Policy['when'];
  model: string;
  model_version: string | null;
  status: TriggerStatus;
  reason: string;
  evidence: Awaited<ReturnType<typeof evaluatePolicy>>['evidence'];
  action: ActionOutcome | null;
  cooldown_until: string | null;
  armed: { version: string | null; since: string };
}

type Ctx = StageContext<RetrainingConfig>;

async function fire(ctx: Ctx, vars: TriggerVars): Promise<ActionOutcome | null> {
  const { webhook, command } = ctx.config.action;
  let outcome: ActionOutcome | null = null;
  if (webhook) outcome = await callWebhook(webhook, vars, ctx.signal);
  if (command && ctx.config.allow_command && (!outcome || outcome.ok)) outcome = await runCommand(command, vars, ctx.signal);
  return outcome;
}

async function evaluate(ctx: Ctx, policy: Policy, model: string, newest: string | null): Promise<void> {
  const key = `policy:${policy.name}:${model}`;
  const now = ctx.now;
  const today = now.toISOString().slice(0, 10);
  let st = await ctx.state.get<PolicyState>(key);
  if (!st || st.armedVersion !== newest) {
    // First sight counts the whole history; a new version starts from the moment it appeared.
    const since = st ? now.toISOString() : new Date(0).toISOString();
    st = { v: 1, armedVersion: newest, armedAt: since, lastTriggerAt: null, day: today, triggersToday: st?.day === today ? st.triggersToday : 0, heldBack: null };
    await ctx.state.set(key, st);
  }
  if (st.day !== today) st = { ...st, day: today, triggersToday: 0 };
  const arming: Arming = { version: newest, since: new Date(st.armedAt) };
  const evaluation = await evaluatePolicy(ctx.signals, policy, model, arming);
  if (!evaluation.met) {
    if (st.heldBack) await ctx.state.set(key, { ...st, heldBack: null });
    return;
  }
  const cooldown = policy.cooldown ?? ctx.config.cooldown;
  const cap = policy.max_per_day ?? ctx.config.max_per_day;
  const cooldownUntil = st.lastTriggerAt ? new Date(new Date(st.lastTriggerAt).getTime() + cooldown) : null;
  const base = {
    policy: policy.name,
    when: policy.when,
    model,
    model_version: newest,
    evidence: evaluation.evidence,
    armed: { version: newest, since: st.armedAt },
  };
  const record = async (r: TriggerRecord) => {
    ctx.recordInputs({ modelVersion: newest ?? undefined, dataVersion: evaluation.evidence[0]?.data_version ?? undefined });
    await ctx.results.save({ kind: 'retraining.trigger', model, payload: r, modelVersion: newest, dataVersion: evaluation.evidence.map((e) => e.data_version).find((v) => v) ?? null });
  };
  const heldBack = cooldownUntil && now < cooldownUntil ? 'cooldown' : st.triggersToday >= cap ? 'daily_cap' : null;
  if (heldBack) {
    const mark = `${heldBack}@${st.lastTriggerAt ?? st.day}`;
    if (st.heldBack !== mark) {
      const why = heldBack === 'cooldown' ? `cooling down until ${cooldownUntil!.toISOString()}` : `daily cap of ${cap} reached`;
      await record({ ...base, trigger_id: `${policy.name}-${model}-${now.getTime()}`, status: heldBack, reason: `${evaluation.reason}; held back: ${why}`, action: null, cooldown_until: cooldownUntil?.toISOString() ?? null });
      await ctx.state.set(key, { ...st, heldBack: mark });
    }
    return;
  }

  const triggerId = `${policy.name}-${model}-${now.getTime()}`;
  const vars: TriggerVars = { trigger_id: triggerId, model, version: newest, policy: policy.name, reason: evaluation.reason, triggered_at: now.toISOString(), evidence: evaluation.evidence, event_type: ctx.config.action.webhook?.event_type ?? 'sidewatch-retrain' };
  const action = await fire(ctx, vars);
  const ok = action === null || action.ok;
  // A failed action does not start the cooldown (the next run retries) but counts against the cap.
  const next: PolicyState = { ...st, triggersToday: st.triggersToday + 1, lastTriggerAt: ok ? now.toISOString() : st.lastTriggerAt, heldBack: null };
  await ctx.state.set(key, next);
  await record({ ...base, trigger_id: triggerId, status: ok ? 'triggered' : 'failed', reason: evaluation.reason, action, cooldown_until: ok ? new Date(now.getTime() + cooldown).toISOString() : (cooldownUntil?.toISOString() ?? null) });
  const labels = { model, policy: policy.name };
  const details = { trigger_id: triggerId, model_version: newest, evidence: evaluation.evidence.map((e) => e.result_id), action };
  if (ok) ctx.emit({ kind: 'retraining.triggered', severity: 'info', summary: `model ${model}: retraining triggered by policy ${policy.name} (${evaluation.reason})`, labels, details });
  else ctx.emit({ kind: 'retraining.failed', severity: 'warning', summary: `model ${model}: retraining trigger of policy ${policy.name} failed: ${action?.error ?? 'unknown error'}`, labels, details });
}

export default definePlugin({
  name: 'retraining',
  description: 'Fires retraining (webhook or command) when drift, performance or validation policies hold, with cooldown and a daily cap',
  configSchema,
  defaultEverySeconds: 300,
  timeoutMs: 120_000,
  async run(ctx) {
    const models = await ctx.data.models();
    for (const policy of ctx.config.policies) {
      for (const info of models) {
        if (policy.models && !policy.models.includes(info.model)) continue;
        if (ctx.signal.aborted) return;
        try {
          await evaluate(ctx, policy, info.model, info.versions.at(-1) ?? null);
        } catch (e) {
          ctx.log.warn('retraining policy could not be evaluated', { policy: policy.name, model: info.model, error: (e as Error).message });
          ctx.emit({ kind: 'retraining.error', severity: 'warning', summary: `model ${info.model}: retraining policy ${policy.name} could not be evaluated: ${(e as Error).message}`, labels: { model: info.model, policy: policy.name } });
        }
      }
    }
  },
});
