// Ready-made webhook bodies (Airflow DAG run, GitHub repository_dispatch, a generic CI job) and
// the {{placeholder}} filling used for them, for custom bodies, URLs and command arguments.

export interface TriggerVars {
  trigger_id: string;
  model: string;
  version: string | null;
  policy: string;
  reason: string;
  triggered_at: string;
  evidence: unknown;
  event_type: string;
}

const conf = {
  model: '{{model}}',
  version: '{{version}}',
  policy: '{{policy}}',
  reason: '{{reason}}',
  triggered_at: '{{triggered_at}}',
  trigger_id: '{{trigger_id}}',
  evidence: '{{evidence}}',
};

export const templates = {
  /** Airflow REST API: POST /api/v1/dags/{dag_id}/dagRuns. */
  airflow: { dag_run_id: 'sidewatch-{{trigger_id}}', conf },
  /** GitHub: POST /repos/{owner}/{repo}/dispatches (at most 10 client_payload keys). */
  github: { event_type: '{{event_type}}', client_payload: conf },
  /** Any CI job or service that accepts JSON. */
  generic: { source: 'sidewatch', event: 'retraining.triggered', ...conf },
} as const;

const placeholder = /\{\{\s*([a-z_]+)\s*\}\}/g;
const whole = /^\{\{\s*([a-z_]+)\s*\}\}$/;

function lookup(vars: TriggerVars, name: string): unknown {
  if (!(name in vars)) throw new Error(`unknown placeholder {{${name}}} (known: ${Object.keys(vars).join(', ')})`);
  return vars[name as keyof TriggerVars];
}

/** A string that is one placeholder takes the value itself (objects stay objects); otherwise text is substituted. */
export function fill(value: unknown, vars: TriggerVars): unknown {
  if (typeof value === 'string') {
    const m = whole.exec(value);
    if (m) return lookup(vars, m[1]!);
    return value.replace(placeholder, (_s, name: string) => {
      const v = lookup(vars, name);
      return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

/** Fills text only: for URLs and command arguments. */
export function fillText(text: string, vars: TriggerVars): string {
  return text.replace(placeholder, (_s, name: string) => {
    const v = lookup(vars, name);
    return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}
