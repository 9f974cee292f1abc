// The validation stage in a real daemon: a reference snapshot, a window of predictions with a
// type mismatch, an unseen category, out-of-range values and a sensitive feature.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

const config = `server:
  port: 0
log:
  requests: false
models:
  loans:
    reference: loans-ref
stages:
  validation:
    every: 1h
    window: 1h
    max_out_of_range_share: 0.05
`;

function referenceCsv(): string {
  const lines = ['age,income,city,gender'];
  for (let i = 0; i < 200; i++) lines.push(`${20 + (i % 50)},${1000 + 10 * i},${['paris', 'lyon', 'nice'][i % 3]},${i % 2 ? 'f' : 'm'}`);
  return lines.join('\n') + '\n';
}

describe('validation stage', () => {
  let d: TestDaemon;
  before(async () => {
    d = await startTestDaemon({ config });
    const up = await d.request('/v1/snapshots?model=loans&role=reference&name=loans-ref', { method: 'POST', body: referenceCsv(), headers: { 'content-type': 'text/csv' } });
    assert.ok(up.ok, await up.text());
    const rows = [];
    for (let i = 0; i < 100; i++) {
      rows.push({
        model: 'loans',
        version: 'v2',
        id: `r${i}`,
        // 10 ages far above the reference's 20…69 (+10% tolerance → 15…74)
        features: { age: i < 10 ? 120 : 30 + (i % 20), income: i >= 96 ? 'n/a' : 1500 + i, city: i < 7 ? 'atlantis' : 'lyon', gender: i % 2 ? 'f' : 'm' },
        prediction: 1,
      });
    }
    const r = await d.request('/v1/predictions', { method: 'POST', json: rows });
    assert.equal(r.status, 200, await r.text());
  });
  after(async () => d?.cleanup());

  it('stores a window result and emits one finding per problem', async () => {
    const run = await (await d.request('/v1/stages/validation/run', { method: 'POST' })).json();
    assert.equal(run.outcome, 'ok', run.error);
    const res = (await (await d.request('/v1/models/loans/validation')).json()) as { latest: { payload: any; dataVersion: string } };
    const p = res.latest.payload;
    assert.equal(p.window.rows, 100);
    assert.equal(p.reference.name, 'loans-ref');
    assert.equal(p.reference.source, 'snapshot');
    assert.equal(p.model_version, 'v2');
    assert.equal(res.latest.dataVersion, p.window.id);
    const byName = Object.fromEntries(p.features.map((f: any) => [f.name, f]));
    assert.equal(byName.income.type_mismatches, 4);
    assert.deepEqual(byName.income.type_mismatch_examples, ['n/a', 'n/a', 'n/a', 'n/a']);
    assert.equal(byName.income.missing_share, 0);
    assert.equal(byName.age.out_of_range, 10);
    assert.equal(byName.age.out_of_range_share, 0.1);
    assert.deepEqual(byName.city.unseen_categories, [{ category: 'atlantis', count: 7 }]);
    assert.equal(byName.gender.problems.length, 0);

    const findings = (await (await d.request('/v1/findings?stage=validation')).json()) as any[];
    const keys = findings.map((f) => `${f.kind}:${f.labels.feature}`).sort();
    assert.deepEqual(keys, [
      'validation.out_of_range:age',
      'validation.sensitive_feature:gender',
      'validation.type_mismatch:income',
      'validation.unseen_category:city',
    ]);
    const sensitive = findings.find((f) => f.kind === 'validation.sensitive_feature');
    assert.equal(sensitive.severity, 'critical');
    assert.equal(sensitive.labels.model, 'loans');
  });

  it('raises no range finding while values stay inside the tolerance band', async () => {
    const res = (await (await d.request('/v1/models/loans/validation')).json()) as { latest: { payload: any } };
    const age = res.latest.payload.schema.find((s: any) => s.name === 'age');
    assert.equal(age.min, 20);
    assert.equal(age.max, 69);
    assert.ok(Math.abs(age.low - (20 - 4.9)) < 1e-9 && Math.abs(age.high - (69 + 4.9)) < 1e-9);
  });
});

describe('validation stage governance settings', () => {
  let d: TestDaemon;
  before(async () => {
    d = await startTestDaemon({
      config: `server:\n  port: 0\nlog:\n  requests: false\nsensitive_attributes: [postcode]\nmodels:\n  rent: {}\nstages:\n  validation:\n    sensitive_attributes: []\n`,
    });
    const rows = Array.from({ length: 5 }, (_, i) => ({ model: 'rent', id: `q${i}`, features: { postcode: `75${i}`, rooms: i }, prediction: 1 }));
    assert.equal((await d.request('/v1/predictions', { method: 'POST', json: rows })).status, 200);
  });
  after(async () => d?.cleanup());

  it('reports a feature named in the top-level sensitive attributes', async () => {
    const run = await (await d.request('/v1/stages/validation/run', { method: 'POST' })).json();
    assert.equal(run.outcome, 'ok', run.error);
    const f = (await (await d.request('/v1/findings?kind=validation.sensitive_feature')).json()) as any[];
    assert.deepEqual(f.map((x) => x.labels.feature), ['postcode']);
    const doc = (await (await d.request('/openapi.json')).json()) as any;
    for (const p of ['/v1/models/{model}/drift', '/v1/models/{model}/validation', '/v1/models/{model}/performance']) assert.ok(doc.paths[p], p);
  });

  it('answers 404 for a model it does not know', async () => {
    const r = await d.request('/v1/models/nope/drift');
    assert.equal(r.status, 404);
    assert.match((await r.json()).message, /nope/);
  });
});
