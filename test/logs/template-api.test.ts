// Template ids at ingest through the real daemon: lines of one template share an id, the
// template table keeps counts and examples current, parameters are re-derived per example, and
// the miner's state survives a restart on the same data directory.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startTestDaemon, tempDir, type TestDaemon } from '../helpers/daemon.ts';

const config = 'server:\n  port: 0\nlog:\n  requests: false\n';
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function postLines(d: TestDaemon, rows: object[]): Promise<void> {
  const r = await d.request('/v1/logs', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: rows.map((x) => JSON.stringify(x)).join('\n') });
  assert.equal(r.status, 200, await r.text());
}

test('lines of one template share an id; the template API shows counts, examples and parameters', async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const d = await startTestDaemon({ config, dataDir });
  try {
    const t0 = Date.parse('2024-05-01T10:00:00Z');
    const rows = [];
    for (let i = 0; i < 30; i++) rows.push({ ts: t0 + i * 1000, level: 'info', source: 'api', message: `user ${1000 + i} logged in from 10.0.0.${i}` });
    for (let i = 0; i < 10; i++) rows.push({ ts: t0 + i * 1000, level: 'error', source: 'db', message: `connection to shard ${i} refused after ${i * 7 + 3} ms` });
    await postLines(d, rows);
    const stored = await d.runtime.storage.all<{ template_id: string | null; message: string }>('SELECT template_id, message FROM logs ORDER BY seq');
    assert.equal(stored.length, 40);
    assert.ok(stored.every((r) => r.template_id !== null), 'every stored line carries a template id');
    const login = new Set(stored.filter((r) => r.message.startsWith('user')).map((r) => r.template_id));
    const db = new Set(stored.filter((r) => r.message.startsWith('connection')).map((r) => r.template_id));
    assert.equal(login.size, 1);
    assert.equal(db.size, 1);
    assert.notDeepEqual([...login], [...db]);

    const list = (await (await d.request('/v1/logs/templates')).json()) as { id: string; count: number; template: string; first_seen: string; last_seen: string }[];
    assert.deepEqual(list.map((t) => t.count), [30, 10]);
    const top = list[0]!;
    assert.equal(top.id, [...login][0]);
    assert.equal(new Date(top.first_seen).getTime(), t0);
    assert.equal(new Date(top.last_seen).getTime(), t0 + 29_000);
    const byFirst = (await (await d.request('/v1/logs/templates?sort=id&order=asc')).json()) as { id: string }[];
    assert.deepEqual(byFirst.map((t) => t.id), [...list.map((t) => t.id)].sort());
    const none = (await (await d.request(`/v1/logs/templates?new_since=${t0 + 3_600_000}`)).json()) as unknown[];
    assert.equal(none.length, 0);

    const one = (await (await d.request(`/v1/logs/templates/${top.id}`)).json()) as { template: string; examples: { message: string; params: string[] | null }[]; recent: { message: string; params: string[] | null }[] };
    assert.ok(one.examples.length >= 1 && one.examples.length <= 5);
    for (const e of [...one.examples, ...one.recent]) {
      assert.ok(e.params !== null, `params for ${e.message}`);
      const n = /user (\d+)/.exec(e.message)![1]!;
      assert.ok(e.params!.some((p) => p.includes(n)), `the user number ${n} is a parameter of "${e.message}": ${JSON.stringify(e.params)}`);
    }
    assert.equal((await d.request('/v1/logs/templates/ffffffffffff')).status, 404);
    assert.equal((await d.request('/v1/logs/templates/not-an-id!')).status, 400);
    assert.equal((await d.request('/v1/logs/templates?sort=nope')).status, 400);
  } finally {
    await d.stop();
  }

  // Restart on the same data: new lines of the old templates get the same ids.
  const d2 = await startTestDaemon({ config, dataDir });
  try {
    await postLines(d2, [{ message: 'user 77 logged in from 192.168.1.1' }, { message: 'connection to shard 99 refused after 1 ms' }]);
    const ids = await d2.runtime.storage.all<{ template_id: string; message: string }>('SELECT template_id, message FROM logs ORDER BY seq');
    const before = new Map(ids.slice(0, 40).map((r) => [r.message.split(' ')[0], r.template_id]));
    assert.equal(ids[40]!.template_id, before.get('user'));
    assert.equal(ids[41]!.template_id, before.get('connection'));
    const list = (await (await d2.request('/v1/logs/templates')).json()) as { count: number }[];
    assert.deepEqual(list.map((t) => t.count), [31, 11]);
  } finally {
    await d2.stop();
  }
});
