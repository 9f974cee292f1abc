// The plugin harness runs one stage plugin against rows given in code, with no daemon: the
// drift plugin flags the feature whose distribution moved and not the one that stayed, and a
// bad row given to the harness is refused as the API would refuse it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginHarness } from '../../core/plugin-harness/index.ts';
import drift from '../../plugins/drift/index.ts';
import validation from '../../plugins/validation/index.ts';

const now = new Date('2026-12-01T12:00:00Z');

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function reference(n: number): string {
  const r = lcg(1);
  return 'moved,still\n' + Array.from({ length: n }, () => `${r().toFixed(6)},${r().toFixed(6)}`).join('\n') + '\n';
}

function current(n: number) {
  const r = lcg(2);
  return Array.from({ length: n }, (_, i) => ({ model: 'm', id: `p${i}`, ts: now.getTime() - (n - i) * 1000, features: { moved: r() + 0.5, still: r() }, prediction: i % 2 }));
}

test('the drift plugin, run alone, flags the moved feature and stores its report', async () => {
  const h = await PluginHarness.create(drift, { models: { m: { reference: 'ref' } }, now, config: { multivariate: { enabled: false } } });
  try {
    await h.add({ snapshots: [{ model: 'm', role: 'reference', name: 'ref', text: reference(800) }], predictions: current(600) });
    const run = await h.run();
    assert.equal(run.outcome, 'ok', run.error);
    const report = run.results.find((r) => r.kind === 'drift.report');
    assert.ok(report, `kinds stored: ${run.results.map((r) => r.kind).join(', ')}`);
    const columns = (report.payload as { report: { columns: { name: string; drift: boolean }[] } }).report.columns;
    assert.deepEqual(Object.fromEntries(columns.map((c) => [c.name, c.drift])), { moved: true, still: false });
    const features = h.findings().filter((f) => f.kind === 'drift.feature').map((f) => f.labels.feature);
    assert.deepEqual(features, ['moved']);
  } finally {
    await h.close();
  }
});

test('the harness refuses a bad row as the API would, and plugin settings are checked', async () => {
  const h = await PluginHarness.create(validation, { now });
  try {
    await assert.rejects(h.add({ predictions: [{ model: 'm', id: 'x', ts: now.getTime(), features: { a: 1 }, prediction: { not: 'allowed' } }] }), /prediction/);
  } finally {
    await h.close();
  }
  await assert.rejects(PluginHarness.create(drift, { config: { window: 'soon' } }), /stages\.drift: window/);
});
