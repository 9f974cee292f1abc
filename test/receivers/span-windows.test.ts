// Span windows close on the wall clock and on quiet: spans of an old window that keep arriving
// (one export request per span, a backlog) count in that one window rather than in two points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanWindows, type SpanFact } from '../../lib/otlp/spans.ts';

const span = (startMs: number, durationMs: number, error = false): SpanFact => ({ service: 'api', spanId: `${startMs}-${durationMs}`, parentSpanId: null, kind: 2, startMs, durationMs, error });

test('late spans of a closed window still count in it until the window has been quiet for its length', () => {
  const w = new SpanWindows(1000);
  const old = 100_000;
  const now = old + 60_000;
  w.add([span(old + 1, 10, true)], now);
  // Half a window later another span of that window arrives: the window is not yet written.
  assert.deepEqual(w.flush(now + 500), []);
  w.add([span(old + 2, 30)], now + 500);
  assert.deepEqual(w.flush(now + 1400), [], 'quiet for only 900 ms');
  const points = w.flush(now + 1500);
  const byName = Object.fromEntries(points.map((p) => [p.name, p.value]));
  assert.equal(byName['service.requests_per_second'], 2);
  assert.equal(byName['service.error_rate'], 0.5);
  assert.equal(byName['service.latency_p50_ms'], 20);
  assert.ok(points.every((p) => p.ts === old));
  assert.equal(w.open, 0);
});

test('a live window is written one window after it closes, as before', () => {
  const w = new SpanWindows(1000);
  w.add([span(5_000, 1), span(5_900, 3)], 5_950);
  assert.deepEqual(w.flush(6_999), []);
  assert.equal(w.flush(7_000).find((p) => p.name === 'service.requests_per_second')!.value, 2);
});
