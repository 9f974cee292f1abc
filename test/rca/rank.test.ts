import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callGraphFromEdges, nodeForSeries, parseAdjacencyCsv } from '../../lib/rca/call-graph.ts';
import { rankRootCauses } from '../../lib/rca/rank.ts';
import { robustScale } from '../../lib/rca/robust-scale.ts';
import { seriesAnomaly } from '../../lib/rca/series-anomaly.ts';
import { personalizedPageRank } from '../../lib/rca/personalized-pagerank.ts';

/** Deterministic noise in [-1, 1). */
function noise(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1;
}

function makeSeries(n: number, level: number, amp: number, seed: number, shiftAt = n, shift = 0): Float64Array {
  const r = noise(seed);
  return Float64Array.from({ length: n }, (_, i) => level + amp * r() + (i >= shiftAt ? shift : 0));
}

test('a flat series that moves scores high and finite; a constant one scores zero', () => {
  const flatThenUp = Float64Array.from([0, 0, 0, 0, 0, 0.5, 0.5, 0.5]);
  const constant = Float64Array.from([7, 7, 7, 7, 7, 7, 7, 7]);
  const moved = seriesAnomaly(flatThenUp, 5)!;
  assert.ok(Number.isFinite(moved.peakZ) && moved.peakZ > 1000);
  assert.equal(moved.onsetIndex, 5);
  const still = seriesAnomaly(constant, 5)!;
  assert.equal(still.peakZ, 0);
  assert.equal(still.onsetIndex, -1);
  assert.ok(robustScale([3, 3, 3], 3) > 0);
  assert.equal(seriesAnomaly(Float64Array.from([NaN, NaN, 1, 2]), 2), undefined);
});

test('count series get a Poisson floor: 0 → 1 request is not an outage', () => {
  const blip = seriesAnomaly(Float64Array.from([0, 0, 0, 1, 0]), 3)!;
  assert.ok(blip.peakZ <= 1, `peakZ ${blip.peakZ}`);
});

test('a gauge that never moved over a long baseline: a small dip is a real change, a short baseline keeps the floor', () => {
  const long = Float64Array.from([...Array(100).fill(100), 98.9, 98.9]);
  const z = seriesAnomaly(long, 100)!.peakZ;
  // A 1% floor alone would say z = 1.1; one hundred equal points shrink it tenfold (and no Poisson floor applies).
  assert.ok(Math.abs(z - 11) < 1e-9, `peakZ ${z}`);
  const short = Float64Array.from([100, 100, 100, 98.9]);
  assert.ok(Math.abs(seriesAnomaly(short, 3)!.peakZ - 1.1) < 1e-9);
});

test('the earliest, largest shift ranks first without a graph', () => {
  const n = 80;
  const series = {
    web_latency: makeSeries(n, 100, 3, 1, 62, 30),
    db_cpu: makeSeries(n, 40, 2, 2, 60, 40),
    cache_hits: makeSeries(n, 500, 10, 3),
  };
  const timestamps = Float64Array.from({ length: n }, (_, i) => 1000 + 60 * i);
  const ranking = rankRootCauses({ timestamps, series, start: 1000 + 60 * 60 });
  assert.deepEqual(ranking.map((r) => r.series), ['db_cpu', 'web_latency', 'cache_hits']);
  assert.equal(ranking[0]!.evidence.onset, 1000 + 60 * 60);
  assert.ok(ranking.every((r, i) => i === 0 || ranking[i - 1]!.score >= r.score));
});

test('the walk from the symptom prefers the anomalous dependency over an anomalous bystander', () => {
  // web calls api, api calls db; batch is unrelated. db and batch shift by the same amount.
  const graph = callGraphFromEdges(['web', 'api', 'db', 'batch'], [['web', 'api'], ['api', 'db']]);
  const n = 60;
  const series = {
    web_latency: makeSeries(n, 100, 3, 11, 41, 30),
    api_latency: makeSeries(n, 50, 2, 12, 41, 20),
    db_latency: makeSeries(n, 10, 1, 13, 40, 15),
    batch_latency: makeSeries(n, 10, 1, 14, 40, 15),
  };
  const timestamps = Float64Array.from({ length: n }, (_, i) => i);
  const ranking = rankRootCauses({ timestamps, series, start: 40, graph, symptom: 'web' });
  assert.equal(ranking[0]!.series, 'db_latency');
  assert.equal(ranking[0]!.node, 'db');
  const pos = (s: string) => ranking.findIndex((r) => r.series === s);
  assert.ok(pos('db_latency') < pos('batch_latency'));
  assert.ok(ranking[0]!.evidence.walk! > 0.5);
});

test('personalized PageRank sums to one and matches the closed form on two nodes', () => {
  // 0 → 1 and 1 → 0 with restart to node 0: π0 = α + (1−α)π1, π1 = (1−α)π0.
  const a = 0.15;
  const pr = personalizedPageRank({ out: [[{ to: 1, weight: 1 }], [{ to: 0, weight: 1 }]] }, [1, 0], { restart: a });
  const pi0 = 1 / (2 - a);
  assert.ok(Math.abs(pr[0]! - pi0) < 1e-9 && Math.abs(pr[1]! - (1 - a) * pi0) < 1e-9);
});

test('adjacency matrices parse with names in the first row and column', () => {
  const g = parseAdjacencyCsv(',a,b,c\na,0,1,1\nb,0,0,1.0\nc,0,0,0\n');
  assert.deepEqual(g.callees.get('a'), ['b', 'c']);
  assert.deepEqual(g.callers.get('c'), ['a', 'b']);
  assert.throws(() => parseAdjacencyCsv(',a,b\na,0,x\nb,0,0\n'), /"x" is not a number/);
  assert.throws(() => parseAdjacencyCsv(',a,b\nz,0,0\n'), /"z", which is not a column/);
  assert.equal(nodeForSeries('carts_cpu', ['cart', 'carts']), 'carts');
  assert.equal(nodeForSeries('cartsx', ['carts']), undefined);
});

test('the start must leave a baseline', () => {
  const timestamps = Float64Array.from([1, 2, 3]);
  assert.throws(() => rankRootCauses({ timestamps, series: { a: Float64Array.from([1, 2, 3]) }, start: 0 }), /baseline/);
  assert.throws(() => rankRootCauses({ timestamps, series: { a: Float64Array.from([1, 2]) }, start: 2 }), /has 2 points/);
});
