// Windows served by two model versions side by side (v1 and a v2 rolled out alongside it): drift
// and performance results name the version that served most rows and keep the rows of each, and
// sustained drift in such windows counts for the newest version's retraining policy.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

const config = `server:
  port: 0
log:
  requests: false
models:
  churn:
    reference: churn-ref
    task: binary
    positive_label: 1
stages:
  drift:
    every: 1h
    window: 1h
    prediction_drift: false
  performance:
    every: 1h
    estimation:
      min_rows: 20
  retraining:
    every: 1h
    policies:
      - name: drift
        when: dataset_drift
        consecutive: 2
`;

function rng(seed: number) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return { u, normal: () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()) };
}

interface Row {
  model: string;
  version: string;
  id: string;
  ts: number;
  features: { a: number };
  prediction: number;
  score: number;
}

/** Three v1 rows for every v2 row, in time order, the last of them served by v1; `a` has moved. */
function batch(r: ReturnType<typeof rng>, prefix: string, n: number, t0: number): Row[] {
  return Array.from({ length: n }, (_, i) => {
    const score = +r.u().toFixed(4);
    return { model: 'churn', version: i % 4 === 1 ? 'v2' : 'v1', id: `${prefix}${i}`, ts: t0 + i * 1000, features: { a: +(4 + r.normal()).toFixed(6) }, prediction: score >= 0.5 ? 1 : 0, score };
  });
}

const count = (rows: Row[]) => rows.reduce<Record<string, number>>((m, x) => ({ ...m, [x.version]: (m[x.version] ?? 0) + 1 }), {});

describe('windows that mix model versions', () => {
  let d: TestDaemon;
  const r = rng(5);
  const first = batch(r, 'p', 200, Date.now() - 40 * 60_000);
  const second = batch(r, 'q', 120, Date.now() - 20 * 60_000);
  const run = async (stage: string) => {
    const res = (await (await d.request(`/v1/stages/${stage}/run`, { method: 'POST' })).json()) as { outcome: string; error: string | null };
    assert.equal(res.outcome, 'ok', res.error ?? undefined);
  };
  const results = async (stage: string, kind?: string) =>
    (await (await d.request(`/v1/results?stage=${stage}${kind ? `&kind=${kind}` : ''}&model=churn`)).json()) as { modelVersion: string | null; payload: any }[];

  before(async () => {
    const lines = ['a'];
    for (let i = 0; i < 300; i++) lines.push(String(+r.normal().toFixed(6)));
    d = await startTestDaemon({ config });
    const up = await d.request('/v1/snapshots?model=churn&role=reference&name=churn-ref', { method: 'POST', body: lines.join('\n') + '\n', headers: { 'content-type': 'text/csv' } });
    assert.ok(up.ok, await up.text());
  });
  after(async () => d?.cleanup());

  it('drift names the version that served most rows and counts the rows of each', async () => {
    assert.equal((await d.request('/v1/predictions', { method: 'POST', json: first })).status, 200);
    await run('drift');
    const [latest] = await results('drift');
    assert.equal(latest!.payload.dataset_drift, true);
    assert.equal(latest!.modelVersion, 'v1');
    assert.equal(latest!.payload.model_version, 'v1');
    assert.deepEqual(latest!.payload.model_versions, count(first));
  });

  it('sustained drift in mixed windows triggers the retraining policy of the newest version', async () => {
    const models = (await (await d.request('/v1/models/churn')).json()) as { versions: string[] };
    assert.equal(models.versions.at(-1), 'v2');
    await run('retraining');
    assert.deepEqual(await results('retraining'), [], 'one drifted window is not yet two in a row');
    assert.equal((await d.request('/v1/predictions', { method: 'POST', json: second })).status, 200);
    await run('drift');
    const drift = await results('drift');
    assert.equal(drift.length, 2);
    assert.deepEqual(drift[0]!.payload.model_versions, count([...first, ...second]));
    await run('retraining');
    const [trigger] = await results('retraining');
    assert.ok(trigger, 'the policy fired for v2');
    assert.equal(trigger.payload.status, 'triggered');
    assert.equal(trigger.modelVersion, 'v2');
    assert.deepEqual(trigger.payload.evidence.map((e: { model_version: string }) => e.model_version), ['v1', 'v1']);
  });

  it('performance counts labelled and estimated rows per version', async () => {
    const labelled = first.slice(0, 100);
    const labels = labelled.map((x, i) => ({ model: 'churn', id: x.id, label: i % 3 === 0 ? 1 - x.prediction : x.prediction }));
    assert.equal((await d.request('/v1/labels', { method: 'POST', json: labels })).status, 200);
    await run('performance');
    const [realized] = await results('performance', 'performance.realized');
    assert.equal(realized!.modelVersion, 'v1');
    assert.deepEqual(realized!.payload.model_versions, count(labelled));
    const [estimated] = await results('performance', 'performance.estimated');
    assert.ok(estimated, 'an estimate over the unlabelled rows');
    const unlabelled = [...first.slice(100), ...second];
    assert.deepEqual(estimated.payload.model_versions, count(unlabelled));
    assert.equal(estimated.modelVersion, 'v1');
  });
});

describe('the serving version of a window', () => {
  it('is the one with most rows, on a tie the one that appeared last; unversioned rows do not count', async () => {
    const { servingVersion, versionCounts } = await import('../../lib/versions/serving-version.ts');
    assert.equal(servingVersion(versionCounts(['v1', null, 'v2', 'v2', undefined, 'v1'])), 'v2');
    assert.equal(servingVersion(versionCounts(['v2', 'v1', 'v1', 'v2', 'v1'])), 'v1');
    assert.deepEqual(Object.fromEntries(versionCounts(['2', '10', '2'])), { '2': 2, '10': 1 });
    assert.equal(servingVersion(versionCounts([null, undefined])), null);
  });
});
