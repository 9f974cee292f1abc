// Puts a realistic spread of data into a test daemon through its public API (predictions with
// two versions, labels, logs with a hostile line, metrics, a reference snapshot), runs the
// volume stage, and stores drift reports built by the real drift report builder.
import { buildDriftReport } from '../../lib/drift/report.ts';
import { distributionOf } from '../../lib/drift/distribution.ts';
import { StageResults } from '../../core/storage/run-store.ts';
import type { TestDaemon } from '../helpers/daemon.ts';

export const hostileLine = '<img src=x onerror=alert(1)>';

export const seedConfig = `server:
  port: 0
  token: write-token-for-tests
  read_token: read-token-for-tests
log:
  requests: false
stages:
  volume:
    every: 1h
    # the newest prediction is seconds old: the run reports the model silent
    silent_after: 1s
`;

/** A small deterministic generator so runs are repeatable. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

export const writeToken = 'write-token-for-tests';
export const readToken = 'read-token-for-tests';
const auth = { authorization: `Bearer ${writeToken}` };

async function post(d: TestDaemon, path: string, json: unknown): Promise<void> {
  const r = await d.request(path, { method: 'POST', json, headers: auth });
  if (!r.ok) throw new Error(`${path} answered ${r.status}: ${await r.text()}`);
}

export async function seed(d: TestDaemon, now = Date.now()): Promise<{ predictions: number; logs: number }> {
  const rnd = lcg(7);
  const preds = Array.from({ length: 600 }, (_, i) => {
    const late = i >= 300;
    const age = 30 + (late ? 8 : 0) + rnd() * 20;
    return {
      model: 'churn',
      version: late ? 'v2' : 'v1',
      id: `p${i}`,
      ts: now - (600 - i) * 3000,
      features: { age, plan: rnd() < (late ? 0.6 : 0.3) ? 'pro' : 'basic', tenure: Math.floor(rnd() * 48) },
      prediction: age > 40 ? 1 : 0,
      score: Math.min(1, Math.max(0, (age - 20) / 40 + (rnd() - 0.5) * 0.2)),
      segment: i % 2 ? 'eu' : 'us',
    };
  });
  await post(d, '/v1/predictions', preds);
  await post(d, '/v1/labels', preds.filter((_, i) => i % 2 === 0).map((p) => ({ model: 'churn', id: p.id, label: rnd() < 0.7 ? p.prediction : 1 - p.prediction })));
  const levels = ['info', 'info', 'info', 'warn', 'error'];
  const logs = Array.from({ length: 200 }, (_, i) => ({
    ts: new Date(now - (200 - i) * 6000).toISOString(),
    level: levels[i % levels.length],
    source: i % 3 ? 'api' : 'worker',
    message: i % 5 === 4 ? `request ${i} failed after ${Math.round(rnd() * 900)} ms` : `served request ${i} in ${Math.round(rnd() * 90)} ms`,
  }));
  logs.push({ ts: new Date(now - 1000).toISOString(), level: 'error', source: 'api', message: hostileLine });
  const nd = await d.request('/v1/logs', { method: 'POST', body: logs.map((l) => JSON.stringify(l)).join('\n'), headers: { 'content-type': 'application/x-ndjson', ...auth } });
  if (!nd.ok) throw new Error(`/v1/logs answered ${nd.status}: ${await nd.text()}`);
  await post(d, '/v1/metrics', Array.from({ length: 60 }, (_, i) => ({ name: 'api_latency_ms', value: 50 + rnd() * 10, ts: now - (60 - i) * 30_000, labels: { service: 'api' } })));
  const csv = ['age,plan,tenure', ...Array.from({ length: 200 }, () => `${(30 + rnd() * 20).toFixed(2)},${rnd() < 0.3 ? 'pro' : 'basic'},${Math.floor(rnd() * 48)}`)].join('\n');
  const snap = await d.request('/v1/snapshots?model=churn&role=reference&name=train', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv', ...auth } });
  if (!snap.ok) throw new Error(`/v1/snapshots answered ${snap.status}: ${await snap.text()}`);
  const run = await d.request('/v1/stages/volume/run', { method: 'POST', headers: auth });
  if (!run.ok) throw new Error(`volume stage run answered ${run.status}`);
  await storeDriftReports(d, preds, now);
  return { predictions: preds.length, logs: logs.length };
}

/** Drift of each 100-row window against the first 200 rows, stored as the drift stage stores it. */
async function storeDriftReports(d: TestDaemon, preds: { features: { age: number; plan: string; tenure: number } }[], now: number): Promise<void> {
  const columns = (rows: typeof preds) => ({
    age: Float64Array.from(rows.map((p) => p.features.age)),
    plan: rows.map((p) => p.features.plan),
    tenure: Float64Array.from(rows.map((p) => p.features.tenure)),
  });
  const reference = { rows: 200, version: 'ref', columns: columns(preds.slice(0, 200)) };
  const storage = d.runtime.storage;
  for (let w = 0; w < 4; w++) {
    const slice = preds.slice(200 + w * 100, 300 + w * 100);
    const current = columns(slice);
    const report = buildDriftReport(reference, { rows: slice.length, version: `window-${w}`, columns: current });
    const distributions = Object.fromEntries(Object.keys(current).map((c) => [c, distributionOf(reference.columns[c as keyof typeof current], current[c as keyof typeof current])]));
    const at = now - (4 - w) * 300_000;
    await new StageResults(storage, 'drift', 1_000_000 + w, 'test-config', at).save({ kind: 'drift.report', model: 'churn', payload: { window: { id: `window-${w}` }, report, distributions }, dataVersion: `window-${w}` });
  }
}
