// Retraining payloads and actions: placeholder filling, the ready-made templates, the opt-in
// command (run without a shell, exit code reported) and its config guard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fill, fillText, templates, type TriggerVars } from '../../plugins/retraining/payload-templates.ts';
import { runCommand } from '../../plugins/retraining/actions.ts';
import retraining from '../../plugins/retraining/index.ts';

const vars: TriggerVars = {
  trigger_id: 'drift-churn-1',
  model: 'churn',
  version: 'v2',
  policy: 'drift',
  reason: 'dataset drift in 3 of the last 3 windows',
  triggered_at: '2024-05-01T00:00:00.000Z',
  evidence: [{ result_id: 7 }],
  event_type: 'retrain',
};

test('a string that is one placeholder takes the value; others are substituted as text', () => {
  assert.deepEqual(fill({ e: '{{evidence}}', t: 'run {{model}}/{{version}}', n: 3 }, vars), { e: [{ result_id: 7 }], t: 'run churn/v2', n: 3 });
  assert.equal(fillText('x={{evidence}}', vars), 'x=[{"result_id":7}]');
  assert.throws(() => fill('{{nope}}', vars), /unknown placeholder \{\{nope\}\}/);
});

test('templates: Airflow DAG run, GitHub repository_dispatch, generic', () => {
  const airflow = fill(templates.airflow, vars) as { dag_run_id: string; conf: Record<string, unknown> };
  assert.equal(airflow.dag_run_id, 'sidewatch-drift-churn-1');
  assert.equal(airflow.conf.version, 'v2');
  const github = fill(templates.github, vars) as { event_type: string; client_payload: Record<string, unknown> };
  assert.equal(github.event_type, 'retrain');
  assert.ok(Object.keys(github.client_payload).length <= 10, 'GitHub allows at most 10 client_payload keys');
  assert.equal((fill(templates.generic, vars) as { event: string }).event, 'retraining.triggered');
});

test('a command runs without a shell and reports its exit code', async () => {
  const ok = await runCommand({ argv: [process.execPath, '-e', 'process.exit(process.argv[1] === "churn" && process.env.SIDEWATCH_POLICY === "drift" ? 0 : 5)', '{{model}}'], timeout: 10_000 }, vars, new AbortController().signal);
  assert.equal(ok.ok, true);
  assert.equal(ok.exit_code, 0);
  const bad = await runCommand({ argv: [process.execPath, '-e', 'process.exit(3)', '; echo injected'], timeout: 10_000 }, vars, new AbortController().signal);
  assert.equal(bad.ok, false);
  assert.equal(bad.exit_code, 3);
});

test('a command action is refused unless allow_command is true', () => {
  const r = retraining.configSchema.safeParse({ action: { command: { argv: ['/bin/true'] } } });
  assert.equal(r.success, false);
  assert.match(JSON.stringify(r.error?.issues), /allow_command/);
  assert.equal(retraining.configSchema.safeParse({ allow_command: true, action: { command: { argv: ['/bin/true'] } } }).success, true);
});
