// Write/admin and read tokens, the loopback default bind, and per-client rate limiting.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

const started: TestDaemon[] = [];
after(async () => {
  for (const d of started) await d.cleanup();
});
async function daemon(config: string, env: Record<string, string> = {}): Promise<TestDaemon> {
  const d = await startTestDaemon({ config, env });
  started.push(d);
  return d;
}
const row = { model: 'sec', id: '1', features: { a: 1 }, prediction: 1 };
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

test('the daemon binds to 127.0.0.1 unless told otherwise', async () => {
  const d = await daemon('server:\n  port: 0\nlog:\n  requests: false\n');
  assert.equal(d.runtime.config.server.host, '127.0.0.1');
  assert.match(d.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('write token guards ingest and admin; read token opens reads only', async () => {
  const d = await daemon('server:\n  port: 0\n  read_token: reader-secret-1\nlog:\n  requests: false\nstages:\n  volume:\n    every: 1h\n', {
    SIDEWATCH_TOKEN: 'writer-secret-1',
  });
  const post = (headers: Record<string, string>) => d.request('/v1/predictions', { method: 'POST', json: [row], headers });

  for (const headers of [{}, bearer('wrong'), bearer('reader-secret-1'), { authorization: 'writer-secret-1' }, bearer('writer-secret-1x')]) {
    const res = await post(headers);
    assert.equal(res.status, 401, JSON.stringify(headers));
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="sidewatch"');
    const body = (await res.json()) as { error: string; message: string };
    assert.equal(body.error, 'unauthorized');
    assert.match(body.message, /bearer token/);
  }
  assert.equal((await d.request('/v1/stages/volume/run', { method: 'POST', headers: bearer('reader-secret-1') })).status, 401);
  assert.equal((await post(bearer('writer-secret-1'))).status, 200);
  assert.equal((await d.request('/v1/stages/volume/run', { method: 'POST', headers: bearer('writer-secret-1') })).status, 200);

  // Reads: nothing → 401; read token or write token → 200. Health stays open for probes.
  assert.equal((await d.request('/v1/models')).status, 401);
  assert.equal((await d.request('/metrics')).status, 401);
  assert.equal((await d.request('/v1/models', { headers: bearer('wrong') })).status, 401);
  assert.equal((await d.request('/v1/models', { headers: bearer('reader-secret-1') })).status, 200);
  assert.equal((await d.request('/v1/models', { headers: bearer('writer-secret-1') })).status, 200);
  assert.equal((await d.request('/livez')).status, 200);
  assert.equal((await d.request('/readyz')).status, 200);
  // The rejected attempts stored nothing.
  const models = (await (await d.request('/v1/models', { headers: bearer('reader-secret-1') })).json()) as { predictions: number }[];
  assert.equal(models[0]!.predictions, 1);
});

test('a client over the per-client rate limit gets 429 with Retry-After, and recovers', async () => {
  const d = await daemon('server:\n  port: 0\n  rate_limit_per_client: 5\nlog:\n  requests: false\n');
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 30; i++) {
    const res = await d.request('/v1/models');
    statuses.push(res.status);
    if (res.status === 429) {
      retryAfter ??= res.headers.get('retry-after');
      const body = (await res.json()) as { error: string; message: string };
      assert.equal(body.error, 'too_many_requests');
      assert.match(body.message, /rate limit of 5 requests per second/);
    } else await res.arrayBuffer();
  }
  assert.ok(statuses.filter((s) => s === 200).length >= 5, statuses.join(','));
  assert.ok(statuses.filter((s) => s === 429).length >= 10, statuses.join(','));
  assert.ok(Number(retryAfter) >= 1, `Retry-After ${retryAfter}`);
  // Health probes are never rate limited.
  assert.equal((await d.request('/livez')).status, 200);
  await new Promise((r) => setTimeout(r, Number(retryAfter) * 1000 + 50));
  assert.equal((await d.request('/v1/models')).status, 200);
});
