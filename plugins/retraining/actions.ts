// Fires a retraining action and reports what happened: the HTTP status of a webhook or the
// exit code of a command (run without a shell, from an argv array).
import { execFile } from 'node:child_process';
import type { CommandAction, WebhookAction } from './config.ts';
import { fill, fillText, templates, type TriggerVars } from './payload-templates.ts';

export interface ActionOutcome {
  type: 'webhook' | 'command' | 'none';
  ok: boolean;
  /** The URL called (never the headers: they may hold tokens) or the program run. */
  target: string | null;
  template?: string;
  http_status?: number | null;
  exit_code?: number | null;
  error?: string;
  duration_ms: number;
}

export async function callWebhook(w: WebhookAction, vars: TriggerVars, signal: AbortSignal): Promise<ActionOutcome> {
  const t0 = performance.now();
  const url = fillText(w.url, vars);
  const base = { type: 'webhook' as const, target: url, template: w.body === undefined ? w.template : 'custom' };
  try {
    const body = JSON.stringify(fill(w.body ?? templates[w.template], vars));
    const res = await fetch(url, {
      method: w.method,
      headers: { 'content-type': 'application/json', 'user-agent': 'sidewatch', ...w.headers },
      body,
      signal: AbortSignal.any([signal, AbortSignal.timeout(w.timeout)]),
    });
    await res.arrayBuffer().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ...base, ok, http_status: res.status, ...(ok ? {} : { error: `HTTP ${res.status} ${res.statusText}` }), duration_ms: performance.now() - t0 };
  } catch (e) {
    return { ...base, ok: false, http_status: null, error: (e as Error).message, duration_ms: performance.now() - t0 };
  }
}

export function runCommand(c: CommandAction, vars: TriggerVars, signal: AbortSignal): Promise<ActionOutcome> {
  const t0 = performance.now();
  const argv = c.argv.map((a) => fillText(a, vars));
  const env = {
    ...process.env,
    SIDEWATCH_MODEL: vars.model,
    SIDEWATCH_MODEL_VERSION: vars.version ?? '',
    SIDEWATCH_POLICY: vars.policy,
    SIDEWATCH_TRIGGER_ID: vars.trigger_id,
    SIDEWATCH_REASON: vars.reason,
  };
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { env, timeout: c.timeout, signal, maxBuffer: 1024 * 1024 }, (err) => {
      const duration_ms = performance.now() - t0;
      if (!err) return resolve({ type: 'command', ok: true, target: argv[0]!, exit_code: 0, duration_ms });
      const code = typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((err as unknown as { code: number }).code) : null;
      resolve({ type: 'command', ok: false, target: argv[0]!, exit_code: code, error: err.message.split('\n')[0], duration_ms });
    });
  });
}
