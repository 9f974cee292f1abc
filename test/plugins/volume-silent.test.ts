// The silent-model finding says how long the model has been quiet in a unit that reads, not
// "0 min" for a model quiet for less than a minute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginHarness } from '../../core/plugin-harness/index.ts';
import volume, { silentFor } from '../../plugins/volume/index.ts';

test('durations of silence read as seconds, minutes or hours', () => {
  assert.equal(silentFor(45_000), '45 s');
  assert.equal(silentFor(12 * 60_000), '12 min');
  assert.equal(silentFor(3.5 * 3_600_000), '3.5 h');
});

test('a model quiet for 45 seconds past a 30-second limit is reported with its seconds', async () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const h = await PluginHarness.create(volume, { now, config: { silent_after: '30s' } });
  try {
    await h.add({ predictions: [{ model: 'm', id: 'p', ts: now.getTime() - 45_000, features: { x: 1 }, prediction: 1 }] });
    const run = await h.run();
    assert.equal(run.outcome, 'ok', run.error);
    const silent = h.findings().find((f) => f.kind === 'volume.silent');
    assert.equal(silent?.summary, 'model m has received no predictions for 45 s');
  } finally {
    await h.close();
  }
});
