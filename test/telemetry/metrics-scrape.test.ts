// /metrics after real ingest and a stage run: ingest counters, stage outcomes and durations,
// findings, drift gauges per model and feature (equal to the stored report), alerts by state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { readToken, seed, seedConfig } from '../dashboards/seed.ts';
import { find, parseExposition, type Sample } from './prometheus.ts';

let d: TestDaemon;
let samples: Sample[];
const read = { authorization: `Bearer ${readToken}` };

before(async () => {
  d = await startTestDaemon({ config: seedConfig });
  await seed(d);
  const r = await d.request('/metrics', { headers: read });
  assert.equal(r.status, 200);
  samples = parseExposition(await r.text());
});
after(() => d.cleanup());

const value = (name: string, labels: Record<string, string> = {}) => {
  const s = find(samples, name, labels);
  assert.equal(s.length, 1, `exactly one ${name}${JSON.stringify(labels)}; got ${s.length}`);
  return s[0]!.value;
};

test('ingest rows and bytes are counted per kind', async () => {
  assert.equal(value('sidewatch_ingest_rows_total', { kind: 'predictions' }), 600);
  assert.equal(value('sidewatch_ingest_rows_total', { kind: 'labels' }), 300);
  assert.equal(value('sidewatch_ingest_rows_total', { kind: 'logs' }), 201);
  assert.equal(value('sidewatch_ingest_rows_total', { kind: 'metrics' }), 60);
  assert.ok(value('sidewatch_ingest_bytes_total', { kind: 'predictions' }) > 600 * 50);
});

test('stage runs carry their outcome, durations land in second-sized buckets', async () => {
  const runs = (await (await d.request('/v1/runs?stage=volume', { headers: read })).json()) as { outcome: string; duration_ms: number }[];
  assert.equal(value('sidewatch_stage_runs_total', { stage: 'volume', outcome: 'ok' }), runs.filter((r) => r.outcome === 'ok').length);
  assert.equal(value('sidewatch_stage_run_duration_seconds_count', { stage: 'volume' }), runs.length);
  const sum = value('sidewatch_stage_run_duration_seconds_sum', { stage: 'volume' });
  assert.ok(Math.abs(sum - runs.reduce((a, r) => a + r.duration_ms, 0) / 1000) < 0.05, `duration sum ${sum}`);
  assert.ok(find(samples, 'sidewatch_stage_run_duration_seconds_bucket', { stage: 'volume', le: '0.5' }).length === 1);
});

test('stored findings are counted by stage, kind and severity', async () => {
  const findings = (await (await d.request('/v1/findings?stage=volume', { headers: read })).json()) as { kind: string; severity: string }[];
  assert.ok(findings.length > 0, 'the volume stage reported the model silent');
  for (const f of findings) assert.ok(value('sidewatch_findings_total', { stage: 'volume', kind: f.kind, severity: f.severity }) >= 1);
  assert.equal(find(samples, 'sidewatch_findings_total').reduce((a, s) => a + s.value, 0), findings.length);
});

test('drift gauges equal the newest stored drift report per feature', async () => {
  const [latest] = (await (await d.request('/v1/results?kind=drift.report&model=churn&limit=1', { headers: read })).json()) as {
    payload: { report: { columns: { name: string; method: string; statistic: number; p_value: number | null; drift: boolean }[]; share_drifted: number; dataset_drift: boolean } };
  }[];
  const report = latest!.payload.report;
  assert.deepEqual(report.columns.map((c) => c.name).sort(), ['age', 'plan', 'tenure']);
  for (const c of report.columns) {
    assert.equal(value('sidewatch_drift_statistic', { model: 'churn', feature: c.name, method: c.method }), c.statistic);
    assert.equal(value('sidewatch_drift_detected', { model: 'churn', feature: c.name }), c.drift ? 1 : 0);
    if (c.p_value !== null) assert.equal(value('sidewatch_drift_p_value', { model: 'churn', feature: c.name }), c.p_value);
  }
  assert.equal(value('sidewatch_drift_share', { model: 'churn' }), report.share_drifted);
  assert.equal(value('sidewatch_dataset_drift', { model: 'churn' }), report.dataset_drift ? 1 : 0);
  // the seeded windows shift age and plan: the newest report must say so
  assert.equal(value('sidewatch_drift_detected', { model: 'churn', feature: 'age' }), 1);
});

test('alerts are reported for every state, matching the alert store', async () => {
  const states = find(samples, 'sidewatch_alerts').map((s) => s.labels.state).sort();
  for (const s of ['firing', 'inactive', 'pending', 'resolved']) assert.ok(states.includes(s), `state ${s} reported`);
  const stored = await d.runtime.storage.one<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'alert_state'",
  );
  // The alert manager works in the background (findings from the seeded stage runs become
  // alerts a moment later), so compare a scrape with the store once both have settled.
  let reported = -1;
  let total = -2;
  for (let attempt = 0; attempt < 40 && reported !== total; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 100));
    total = stored?.n ? (await d.runtime.storage.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM alert_state'))!.n : 0;
    const fresh = parseExposition(await (await d.request('/metrics', { headers: read })).text());
    reported = find(fresh, 'sidewatch_alerts').reduce((a, s) => a + s.value, 0);
  }
  assert.equal(reported, total);
});

test('stored predictions per model', async () => {
  assert.equal(value('sidewatch_model_predictions', { model: 'churn' }), 600);
});
