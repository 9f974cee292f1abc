// Slow and idle clients do not starve ingest: a body sent a byte at a time and headers that never
// end get a 408 at their timeouts, a connection that sends nothing is closed, and with the
// connection cap taken by idle sockets ingest is refused only until those are reclaimed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

let d: TestDaemon;
let port = 0;
before(async () => {
  d = await startTestDaemon({ config: 'server:\n  port: 0\n  header_timeout: 1s\n  request_timeout: 2s\n  max_connections: 200\nlog:\n  requests: false\n' });
  port = d.port;
});
after(async () => d?.cleanup());

const row = (i: number) => ({ model: 'slow', id: `r${i}`, features: { x: i }, prediction: 1 });
const ingest = (i: number) => d.request('/v1/predictions', { method: 'POST', json: [row(i)] }).then((r) => r.status, () => 0);

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', () => undefined);
    s.once('error', reject);
  });
}
const closed = (s: Socket) => new Promise<number>((r) => {
  const t0 = Date.now();
  if (s.destroyed) return r(0);
  s.once('close', () => r(Date.now() - t0));
});

test('a slow body and endless headers get 408 at their timeouts while ingest goes on', async () => {
  const slowBody = await open();
  let slowAnswer = '';
  slowBody.on('data', (b) => (slowAnswer += b));
  slowBody.write(`POST /v1/predictions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n[`);
  const drip = setInterval(() => slowBody.writable && slowBody.write(' '), 200);
  const slowHead = await open();
  let headAnswer = '';
  slowHead.on('data', (b) => (headAnswer += b));
  slowHead.write('POST /v1/predictions HTTP/1.1\r\n');
  const dripHead = setInterval(() => slowHead.writable && slowHead.write('X-Pad: a\r\n'), 200);
  try {
    // Meanwhile ordinary ingest is answered.
    for (let i = 0; i < 5; i++) assert.equal(await ingest(i), 200);
    await Promise.all([closed(slowBody), closed(slowHead)]);
    assert.match(slowAnswer, /^HTTP\/1\.1 408/);
    assert.match(headAnswer, /^HTTP\/1\.1 408/);
  } finally {
    clearInterval(drip);
    clearInterval(dripHead);
  }
  assert.equal((await d.runtime.reader.predictions('slow')).rows, 5, 'the slow body stored nothing');
});

test('idle connections are closed after the header timeout, and a full connection cap frees itself', async () => {
  // 150 idle sockets, under the cap: ingest is answered at once.
  const idle = await Promise.all(Array.from({ length: 150 }, () => open()));
  assert.equal(await ingest(100), 200);
  const waits = await Promise.all(idle.map(closed));
  assert.ok(waits.every((w) => w < 3000), 'every idle socket was closed by the daemon');
  // Past the cap: connections beyond 200 are refused, then the idle ones are reclaimed.
  const flood = await Promise.all(Array.from({ length: 260 }, () => open().catch(() => null)));
  const t0 = Date.now();
  let status = 0;
  for (let i = 0; i < 40 && status !== 200; i++) {
    status = await ingest(200 + i);
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status, 200, 'ingest came back once idle sockets were closed');
  assert.ok(Date.now() - t0 < 4000);
  for (const s of flood) s?.destroy();
  // The daemon sees those closes a moment later; until then a new connection may still be over
  // the cap and refused, which is the cap working.
  let live = 0;
  for (let i = 0; i < 40 && live !== 200; i++) {
    live = await d.request('/livez').then((r) => r.status, () => 0);
    if (live !== 200) await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(live, 200, 'the daemon is alive once the flood is gone');
});
