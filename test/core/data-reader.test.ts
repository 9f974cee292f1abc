// The columnar read path stages use: typed arrays straight from DuckDB's vectors, NULLs as NaN
// across chunk boundaries, rows in ingest order with and without labels, late labels joined.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

let d: TestDaemon;
before(async () => {
  d = await startTestDaemon();
});
after(async () => {
  await d.cleanup();
});

const n = 5000; // more than two DuckDB vectors (2048 rows each)
const value = (i: number) => (i % 7 === 3 ? null : i * 0.5);

test('numeric features come back as Float64Array with NaN exactly where NULL was sent', async () => {
  for (let start = 0; start < n; start += 1000) {
    const rows = Array.from({ length: 1000 }, (_, k) => {
      const i = start + k;
      return { model: 'reader', id: `r${i}`, ts: 1_700_000_000_000 + i, features: { x: value(i), tag: i % 2 ? 'odd' : 'even', flag: i % 3 === 0 }, prediction: i % 2, score: i % 5 === 0 ? null : i / n };
    });
    assert.equal((await d.request('/v1/predictions', { method: 'POST', json: rows })).status, 200);
  }
  const c = await d.runtime.reader.predictions('reader');
  assert.equal(c.rows, n);
  const x = c.features.x as Float64Array;
  assert.ok(x instanceof Float64Array);
  for (let i = 0; i < n; i++) {
    const want = value(i);
    if (want === null) assert.ok(Number.isNaN(x[i]!), `row ${i} should be NaN`);
    else assert.equal(x[i], want, `row ${i}`);
    assert.equal(c.seq[i], i + 1);
    assert.equal(c.id[i], `r${i}`);
  }
  assert.deepEqual(c.features.tag!.slice(0, 3), ['even', 'odd', 'even']);
  assert.deepEqual(c.features.flag!.slice(0, 4), [true, false, false, true]);
  assert.ok(Number.isNaN(c.score[0]!));
  assert.equal(c.score[1], 1 / n);
  assert.ok(c.labelNum.every((v) => Number.isNaN(v)));
});

test('with late labels the rows keep their order and carry the newest label per id', async () => {
  await d.request('/v1/labels', { method: 'POST', json: [{ model: 'reader', id: 'r10', label: 0 }, { model: 'reader', id: 'r4000', label: 1 }] });
  await d.request('/v1/labels', { method: 'POST', json: [{ model: 'reader', id: 'r10', label: 1 }] });
  const c = await d.runtime.reader.predictions('reader', { features: ['x'] });
  assert.equal(c.rows, n);
  for (let i = 1; i < n; i++) assert.ok(c.seq[i]! > c.seq[i - 1]!);
  assert.equal(c.labelNum[10], 1);
  assert.equal(c.labelNum[4000], 1);
  assert.ok(Number.isNaN(c.labelNum[11]!));
  assert.deepEqual(Object.keys(c.features), ['x']);
  const labelled = await d.runtime.reader.predictions('reader', { labelled: true, features: [] });
  assert.deepEqual(labelled.id, ['r10', 'r4000']);
  const last = await d.runtime.reader.predictions('reader', { lastRows: 3, features: [] });
  assert.deepEqual(last.id, ['r4997', 'r4998', 'r4999']);
});

test('time ranges select by ts, and an unknown model reads as empty', async () => {
  const c = await d.runtime.reader.predictions('reader', { since: new Date(1_700_000_000_000 + 100), until: new Date(1_700_000_000_000 + 110), features: [] });
  assert.deepEqual(c.id, Array.from({ length: 10 }, (_, k) => `r${100 + k}`));
  assert.equal(await d.runtime.reader.predictionCount('reader', { since: new Date(1_700_000_000_000 + 100), until: new Date(1_700_000_000_000 + 110) }), 10);
  const none = await d.runtime.reader.predictions('nobody');
  assert.equal(none.rows, 0);
});
