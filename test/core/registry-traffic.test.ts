// The registry's 24-hour traffic shares come from per-minute counts kept at ingest, with the
// window's first, partial minute counted from the rows; its live metrics are reused while
// nothing they depend on changed. Both are checked against counts made here from the rows sent,
// on a running daemon and again after it reopens its data file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, tempDir } from '../helpers/daemon.ts';

const hour = 3_600_000;

test('24-hour traffic shares are exact across the window edge and after a restart; new labels show at once', async () => {
  const dataDir = tempDir();
  const clockAt = Date.parse('2026-11-20T12:00:30.250Z');
  const since = clockAt - 24 * hour;
  // Rows every 7 s over the 30 hours before the clock, so that several fall inside the window's
  // first minute on both sides of its edge; v2 only takes over in the last 10 hours.
  const rows: { model: string; version: string; id: string; ts: number; features: { x: number }; prediction: number; score: number }[] = [];
  for (let ts = clockAt - 30 * hour, i = 0; ts <= clockAt; ts += 7_000, i++) {
    const version = ts > clockAt - 10 * hour && i % 3 !== 0 ? 'v2' : 'v1';
    rows.push({ model: 'm', version, id: `r${i}`, ts, features: { x: i % 17 }, prediction: i % 2, score: (i % 10) / 10 });
  }
  rows.push({ model: 'm', version: 'v1', id: 'edge', ts: since, features: { x: 0 }, prediction: 0, score: 0 });
  const expected = (version: string) => {
    const inside = rows.filter((r) => r.ts >= since);
    return inside.filter((r) => r.version === version).length / inside.length;
  };
  type Version = { version: string; traffic_share_24h: number; live: { labelled: number; accuracy: number | null } };

  let now = clockAt;
  let d = await startTestDaemon({ dataDir, clock: () => now });
  try {
    for (let i = 0; i < rows.length; i += 5000) assert.equal((await d.request('/v1/predictions', { method: 'POST', json: rows.slice(i, i + 5000) })).status, 200);
    const live = (await (await d.request('/v1/models/m/versions')).json()) as Version[];
    for (const v of live) assert.equal(v.traffic_share_24h, expected(v.version), `${v.version} while running`);

    // New labels are waited for, not served from the figures computed before them.
    assert.equal(live.find((v) => v.version === 'v1')!.live.labelled, 0);
    const labelled = rows.filter((r) => r.version === 'v1').slice(0, 400);
    assert.equal((await d.request('/v1/labels', { method: 'POST', json: labelled.map((r, i) => ({ model: 'm', id: r.id, label: i % 4 === 0 ? 1 - r.prediction : r.prediction })) })).status, 200);
    const after = (await (await d.request('/v1/models/m/versions')).json()) as Version[];
    const v1 = after.find((v) => v.version === 'v1')!;
    assert.equal(v1.live.labelled, 400);
    assert.equal(v1.live.accuracy, 300 / 400);
    // A relabel changes no count, and is still seen (the newest label of an id counts).
    now += 1000;
    assert.equal((await d.request('/v1/labels', { method: 'POST', json: labelled.map((r) => ({ model: 'm', id: r.id, label: r.prediction })) })).status, 200);
    const relabelled = (await (await d.request('/v1/models/m/versions')).json()) as Version[];
    assert.equal(relabelled.find((v) => v.version === 'v1')!.live.accuracy, 1);
  } finally {
    await d.stop();
  }

  d = await startTestDaemon({ dataDir, clock: () => clockAt });
  try {
    const reopened = (await (await d.request('/v1/models/m/versions')).json()) as Version[];
    for (const v of reopened) assert.equal(v.traffic_share_24h, expected(v.version), `${v.version} after reopening`);
    // A window that starts before what was loaded is counted from the rows.
    d.runtime.clock = () => clockAt - 2 * hour;
    const res = await d.request("/v1/models/m/versions");
    const earlier = (await res.json()) as Version[];
    assert.equal(res.status, 200, JSON.stringify(earlier));
    const inside = rows.filter((r) => r.ts >= since - 2 * hour);
    for (const v of earlier) assert.equal(v.traffic_share_24h, inside.filter((r) => r.version === v.version).length / inside.length, `${v.version} two hours before`);
  } finally {
    await d.cleanup();
  }
});
