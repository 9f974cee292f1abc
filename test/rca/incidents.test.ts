import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callGraphFromEdges } from '../../lib/rca/call-graph.ts';
import { groupIncidents, type IncidentEvent } from '../../lib/rca/incidents.ts';

const ev = (ts: number, kind: string, severity: IncidentEvent['severity'], service?: string): IncidentEvent => ({
  ts,
  kind,
  severity,
  ...(service ? { labels: { service } } : {}),
});

test('events close in time form one incident; a long gap starts another', () => {
  const events = [ev(100, 'latency', 'warning'), ev(0, 'cpu', 'info'), ev(50, 'errors', 'critical'), ev(400, 'disk', 'warning')];
  const incidents = groupIncidents(events, { maxGap: 120 });
  assert.equal(incidents.length, 2);
  assert.deepEqual([incidents[0]!.start, incidents[0]!.end], [0, 100]);
  assert.deepEqual(incidents[0]!.members.map((m) => m.kind), ['cpu', 'errors', 'latency']);
  assert.equal(incidents[0]!.symptom.kind, 'errors');
  assert.deepEqual(incidents[1]!.members.map((m) => m.kind), ['disk']);
});

test('the earliest of equally severe events is the symptom', () => {
  const [inc] = groupIncidents([ev(10, 'b', 'warning'), ev(5, 'a', 'warning')], { maxGap: 60 });
  assert.equal(inc!.symptom.kind, 'a');
});

test('with a topology, simultaneous events on distant services stay apart', () => {
  // web → api → db, and an unrelated batch service.
  const topology = callGraphFromEdges(['web', 'api', 'db', 'batch'], [['web', 'api'], ['api', 'db']]);
  const events = [ev(0, 'db_latency', 'warning', 'db'), ev(10, 'batch_cpu', 'warning', 'batch'), ev(20, 'api_errors', 'critical', 'api'), ev(30, 'web_latency', 'critical', 'web')];
  const oneHop = groupIncidents(events, { maxGap: 60, topology });
  assert.equal(oneHop.length, 2);
  assert.deepEqual(oneHop[0]!.nodes, ['db', 'api', 'web']);
  assert.equal(oneHop[0]!.symptom.kind, 'api_errors');
  assert.deepEqual(oneHop[1]!.nodes, ['batch']);
  assert.equal(groupIncidents(events, { maxGap: 60 }).length, 1);
});
