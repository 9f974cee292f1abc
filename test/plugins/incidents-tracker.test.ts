// The incident tracker and the model-quality explainers on their own: stable ids, merging of
// two open incidents, call-graph separation, and features/segments named by quality findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callGraphFromEdges } from '../../lib/rca/call-graph.ts';
import type { StoredEvent } from '../../core/plugin-api/readers/event-reads.ts';
import { qualityExplainers } from '../../plugins/incidents/explainers.ts';
import { emptyTrackerState, trackIncidents } from '../../plugins/incidents/tracker.ts';

let ref = 0;
const ev = (ts: number, labels: Record<string, string> = {}, kind = 'x.y', details: Record<string, unknown> | null = null): StoredEvent => {
  ref++;
  return { key: `finding:${ref}`, source: 'finding', ref, ts, kind, severity: 'warning', summary: '', stage: 'x', labels, details };
};

test('an event between two open incidents merges them into the older id', () => {
  const opts = { now: 100, maxGap: 10, closeAfter: 1000 };
  let s = trackIncidents(emptyTrackerState(), [ev(0), ev(18)], opts);
  assert.deepEqual(s.state.open.map((i) => i.id), [1, 2]);
  s = trackIncidents(s.state, [ev(9)], opts);
  assert.deepEqual(s.state.open.map((i) => [i.id, i.members.length]), [[1, 3]]);
  const merged = s.changed.find((i) => i.status === 'merged');
  assert.equal(merged?.id, 2);
  assert.equal(merged?.merged_into, 1);
  assert.equal(s.state.nextId, 3);
  assert.equal(s.state.lastFindingId, ref);
});

test('events on distant nodes of the call graph stay apart, neighbours join', () => {
  const graph = callGraphFromEdges([], [['web', 'api'], ['api', 'db'], ['batch', 'queue']]);
  const opts = { now: 10, maxGap: 10, closeAfter: 1000, topology: graph };
  const { state } = trackIncidents(emptyTrackerState(), [ev(0, { service: 'db' }), ev(1, { service: 'queue' }), ev(2, { service: 'api' })], opts);
  assert.deepEqual(state.open.map((i) => i.nodes), [['api', 'db'], ['queue']]);
});

test('a closed incident is reported once and then forgotten', () => {
  const first = trackIncidents(emptyTrackerState(), [ev(0)], { now: 5, maxGap: 10, closeAfter: 20 });
  const closed = trackIncidents(first.state, [], { now: 50, maxGap: 10, closeAfter: 20 });
  assert.deepEqual(closed.changed.map((i) => [i.id, i.status]), [[1, 'closed']]);
  assert.equal(closed.state.open.length, 0);
  const later = trackIncidents(closed.state, [ev(55)], { now: 56, maxGap: 10, closeAfter: 20 });
  assert.deepEqual(later.changed.map((i) => [i.id, i.status]), [[2, 'open']]);
});

test('quality findings name their drifted features and short segments, strongest first', () => {
  const drift = ev(0, { model: 'm' }, 'drift.dataset', {
    columns: [
      { name: 'age', drift: true, metrics: { psi: 0.4 } },
      { name: 'income', drift: true, metrics: { psi: 0.1 } },
      { name: 'zip', drift: false, metrics: { psi: 0.9 } },
    ],
  });
  const perf = ev(1, { model: 'm', segment: 'mobile' }, 'performance.drop', null);
  const other = ev(2, { model: 'm', feature: 'ignored' }, 'volume.silent', null);
  const x = qualityExplainers([drift, perf, other], ['drift.', 'performance.']);
  assert.deepEqual(x.map((e) => [e.type, e.name]), [['segment', 'mobile'], ['feature', 'age'], ['feature', 'income']]);
  assert.equal(x.find((e) => e.name === 'age')!.strength, 0.4);
  assert.equal(x.find((e) => e.name === 'income')!.strength, 0.1 / 1);
});

test("a model's standing quality findings and a service outage become separate incidents", () => {
  const opts = (now: number) => ({ now, maxGap: 10, closeAfter: 30 });
  // Drift re-reported every 5 units for as long as it lasts; a database outage from 20 to 30.
  const drift = (t: number) => ev(t, { model: 'churn', feature: 'charges' }, 'drift.feature');
  let s = trackIncidents(emptyTrackerState(), [drift(0), drift(5), drift(10), drift(15)], opts(16));
  s = trackIncidents(s.state, [drift(20), ev(21, { service: 'postgres' }, 'metrics.anomaly'), drift(25), ev(26, { service: 'model-server' }, 'metrics.anomaly'), ev(30, { service: 'postgres' }, 'metrics.level_shift'), drift(30)], opts(31));
  const open = s.state.open.map((i) => ({ id: i.id, start: i.start, kinds: [...new Set(i.members.map((m) => m.kind))].sort() }));
  assert.deepEqual(open, [
    { id: 1, start: 0, kinds: ['drift.feature'] },
    { id: 2, start: 21, kinds: ['metrics.anomaly', 'metrics.level_shift'] },
  ]);
  // The drift goes on; the outage ends and its incident closes on its own.
  s = trackIncidents(s.state, [drift(35), drift(40), drift(45), drift(50), drift(55), drift(60), drift(65)], opts(66));
  assert.deepEqual(s.changed.map((i) => [i.id, i.status]), [[1, 'open'], [2, 'closed']]);
});

test('drift strength is compared on Jensen–Shannon across columns; the inputs a detector looked at are not named', () => {
  let n = 1000;
  const f = (kind: string, labels: Record<string, string>, details: Record<string, unknown>): StoredEvent => ({ key: `finding:${++n}`, source: 'finding', ref: n, ts: n, kind, severity: 'warning', summary: '', stage: 'drift', labels, details });
  const column = (name: string, js: number, statistic: number) => ({ column: { name, drift: true, statistic, metrics: { jensen_shannon: js } } });
  const found = qualityExplainers(
    [
      // chi-square statistics run in the tens, KS statistics below 1: neither says which moved more
      f('drift.feature', { model: 'm', feature: 'region' }, column('region', 0.08, 60)),
      f('drift.feature', { model: 'm', feature: 'charges' }, column('charges', 0.3, 0.4)),
      f('drift.multivariate', { model: 'm' }, { features: ['age', 'tenure', 'charges'], drifted: true }),
    ],
    ['drift.'],
  );
  assert.deepEqual(found.map((x) => [x.name, x.strength]), [['charges', 1], ['region', 0.08 / 0.3]]);
});
