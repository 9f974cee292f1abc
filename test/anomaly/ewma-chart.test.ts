import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EwmaChart, detectEwma } from '../../lib/anomaly/ewma-chart.ts';
import { normalSeries } from './synthetic.ts';

test('hand-computed statistic and exact time-varying limits', () => {
  const chart = new EwmaChart(10, 2, { lambda: 0.5, width: 3 });
  // t=1: z = 0.5·14 + 0.5·10 = 12; σ_z = 2·sqrt(0.5/1.5·(1 − 0.25)) = 1
  const r1 = chart.update(14);
  assert.equal(r1.statistic, 12);
  assert.ok(Math.abs(r1.upper - 13) < 1e-12 && Math.abs(r1.lower - 7) < 1e-12);
  assert.ok(Math.abs(r1.score - 2) < 1e-12);
  assert.equal(r1.outOfControl, false);
  // t=2: z = 0.5·18 + 0.5·12 = 15; σ_z = 2·sqrt(1/3·(1 − 0.0625)) = 1.118034
  const r2 = chart.update(18);
  assert.equal(r2.statistic, 15);
  assert.ok(Math.abs(r2.score - 5 / (2 * Math.sqrt(0.3125))) < 1e-12);
  assert.equal(r2.outOfControl, true);
});

test('stationary noise stays in control; a small persistent shift is caught soon after it starts', () => {
  const xs = normalSeries(17, 3000, 20, 1);
  assert.ok(detectEwma(xs, { lambda: 0.1, width: 3.5, warmup: 500 }).length <= 3);
  const shifted = Float64Array.from(xs, (x, i) => (i >= 2000 ? x + 1 : x));
  const found = detectEwma(shifted, { lambda: 0.1, width: 3.5, warmup: 500 });
  const first = found.find((a) => a.index >= 1900);
  assert.ok(first && first.index >= 2000 && first.index < 2040, `first alarm at ${first?.index}`);
  assert.ok(Math.abs(first.expected - 20) < 0.2 && first.direction === 'up');
});

test('state round-trips through JSON', () => {
  const a = new EwmaChart(0, 1, { lambda: 0.3 });
  const xs = normalSeries(2, 200, 0, 1);
  xs.slice(0, 100).forEach((x) => a.update(x));
  const b = EwmaChart.fromJSON(JSON.parse(JSON.stringify(a)));
  for (const x of xs.slice(100)) assert.deepEqual(b.update(x), a.update(x));
  assert.throws(() => new EwmaChart(0, 0), /sigma must be > 0/);
});
