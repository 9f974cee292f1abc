// Fine-grained causes: for resource faults the first ranked series is the faulty resource of the
// faulty service, not the latency it caused there or in its callers. Measured on synthetic
// incidents with known ground truth (call graph, delays that propagate one hop per step, resource
// coupling, noise), and on one hand-made case where the effect moves more than the cause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankRootCauses } from '../../lib/rca/rank.ts';
import { callGraphFromEdges } from '../../lib/rca/call-graph.ts';
import { syntheticIncident, type FaultKind } from './synthetic-faults.ts';

function accuracy(kind: FaultKind, noise: number, seeds: number): { series: number; service: number } {
  let series = 0;
  let service = 0;
  for (let s = 1; s <= seeds; s++) {
    const inc = syntheticIncident(s * 104_729, kind, noise);
    const [top] = rankRootCauses({ timestamps: inc.timestamps, series: inc.series, start: inc.start, graph: inc.graph, symptom: inc.symptom });
    if (top?.series === inc.cause.series) series++;
    if (top?.node === inc.cause.node) service++;
  }
  return { series: series / seeds, service: service / seeds };
}

for (const [kind, bySeries] of [['cpu_hog', 0.85], ['memory_leak', 0.7], ['latency', 0.85]] as const) {
  test(`${kind}: the faulty resource of the faulty service ranks first (moderate noise)`, () => {
    const a = accuracy(kind, 1, 30);
    assert.ok(a.service >= 0.9, `service AC@1 ${a.service}`);
    assert.ok(a.series >= bySeries, `series AC@1 ${a.series} (needs ${bySeries})`);
  });
}

test('a CPU hog ranks its CPU above the latency it causes a step later, though the latency moves more', () => {
  const n = 60;
  const start = 40;
  const ts = Array.from({ length: n }, (_, i) => i);
  const wobble = (i: number, k: number) => Math.sin(i * 1.7 + k) * 0.5;
  const cpu = ts.map((i) => 40 + wobble(i, 1) + (i >= start ? 10 : 0));
  const latency = ts.map((i) => 30 + wobble(i, 2) + (i >= start + 1 ? 30 : 0));
  const callerLatency = ts.map((i) => 50 + wobble(i, 3) + (i >= start + 2 ? 25 : 0));
  const graph = callGraphFromEdges(['web', 'db'], [['web', 'db']]);
  const ranked = rankRootCauses({ timestamps: ts, series: { 'db.cpu': cpu, 'db.latency': latency, 'web.latency': callerLatency }, start, graph, symptom: 'web' });
  assert.deepEqual(ranked.map((r) => r.series).slice(0, 2), ['db.cpu', 'db.latency']);
  assert.ok(ranked[1]!.evidence.peak_z > ranked[0]!.evidence.peak_z, 'the effect moved more than the cause');
  assert.equal(ranked[0]!.evidence.change, start, 'the change is dated where the CPU stepped up');
});
