// Conventions every registered test follows, checked over the whole registry so that a new test
// file cannot be registered half-described.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDrift } from '../../lib/stats/descriptor.ts';
import { findStatTest, statTestNames, statTests } from '../../lib/stats/registry.ts';
import { ColumnSamples } from '../../lib/stats/samples.ts';

const ramp = (n: number, shift: number) => Float64Array.from({ length: n }, (_, i) => ((i * 37) % n) / n + shift);
const cats = (n: number, k: number) => Array.from({ length: n }, (_, i) => `c${i % k}`);

test('every test has a unique name, kinds, a direction and a usable default threshold', () => {
  const names = statTests.map((t) => t.name);
  assert.equal(new Set(names).size, names.length);
  for (const t of statTests) {
    assert.match(t.name, /^[a-z][a-z0-9_]*$/);
    assert.ok(t.kinds.length > 0, `${t.name} kinds`);
    assert.ok(['p_below', 'value_at_least'].includes(t.direction), `${t.name} direction`);
    assert.ok(t.defaultThreshold > 0 && Number.isFinite(t.defaultThreshold), `${t.name} threshold`);
    assert.equal(findStatTest(t.name), t);
  }
  assert.ok(statTestNames('categorical').includes('chi2'));
  assert.ok(!statTestNames('categorical').includes('ks'));
});

test('every test separates identical samples from clearly different ones', () => {
  for (const t of statTests) {
    for (const kind of t.kinds) {
      const same = kind === 'numerical' ? ColumnSamples.numerical(ramp(300, 0), ramp(300, 0)) : ColumnSamples.categorical(cats(300, 3), cats(300, 3));
      const moved = kind === 'numerical' ? ColumnSamples.numerical(ramp(300, 0), ramp(300, 0.6)) : ColumnSamples.categorical(cats(300, 3), cats(300, 4));
      const a = t.run(same);
      const b = t.run(moved);
      assert.equal(isDrift(t, a, t.defaultThreshold), false, `${t.name} (${kind}) on identical samples: ${JSON.stringify(a)}`);
      assert.equal(isDrift(t, b, t.defaultThreshold), true, `${t.name} (${kind}) on moved samples: ${JSON.stringify(b)}`);
      if (t.direction === 'p_below') assert.ok(b.p_value! >= 0 && b.p_value! <= 1);
    }
  }
});
