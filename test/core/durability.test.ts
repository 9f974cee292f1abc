// Acknowledged rows survive kill -9 of the real daemon process; SIGTERM stops it cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { spawnDaemon } from '../helpers/process.ts';
import { tempDir } from '../helpers/daemon.ts';

const batch = (start: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ model: 'fraud', id: `t${start + i}`, features: { amount: start + i, country: i % 2 ? 'DE' : 'FR' }, prediction: (start + i) % 2, score: 0.5 }));

async function post(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

test('predictions acknowledged before kill -9 are all there after restart, exactly once', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  try {
    let acked = 0;
    for (let round = 0; round < 3; round++) {
      const d = await spawnDaemon(dir);
      for (let b = 0; b < 5; b++) {
        const res = await post(d.url, '/v1/predictions', batch(acked, 200));
        assert.equal(res.status, 200);
        acked += 200;
      }
      const labels = await post(d.url, '/v1/labels', [{ model: 'fraud', id: `t${acked - 1}`, label: 1 }]);
      assert.equal(labels.status, 200);
      // No graceful shutdown: the process dies right after the last answer.
      d.child.kill('SIGKILL');
      const { signal } = await d.exited;
      assert.equal(signal, 'SIGKILL');
    }
    const d = await spawnDaemon(dir);
    const models = (await (await fetch(`${d.url}/v1/models`)).json()) as { model: string; predictions: number; labels: number }[];
    assert.deepEqual(models, [{ model: 'fraud', predictions: acked, labels: 3, versions: [] }]);
    const ids = (await (await fetch(`${d.url}/v1/models/fraud`)).json()) as { predictions: number };
    assert.equal(ids.predictions, acked);
    d.child.kill('SIGTERM');
    assert.deepEqual(await d.exited, { code: 0, signal: null });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGTERM stops the daemon cleanly: exit 0 within 10 s, data checkpointed', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  try {
    const d = await spawnDaemon(dir);
    assert.equal((await fetch(`${d.url}/readyz`)).status, 200);
    assert.equal((await post(d.url, '/v1/predictions', batch(0, 10))).status, 200);
    const t0 = Date.now();
    d.child.kill('SIGTERM');
    const r = await d.exited;
    assert.deepEqual(r, { code: 0, signal: null });
    assert.ok(Date.now() - t0 < 10_000);
    assert.match(d.stderr(), /"msg":"stopped"/);
    // Reopening finds the rows without a WAL replay being needed for them.
    const again = await spawnDaemon(dir);
    const models = (await (await fetch(`${again.url}/v1/models`)).json()) as { predictions: number }[];
    assert.equal(models[0]!.predictions, 10);
    again.child.kill('SIGTERM');
    await again.exited;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
