// Secrets given by config or environment never reach the log, error bodies or the API; the
// database, its WAL and the data directory are private to the daemon's user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnDaemon } from '../helpers/process.ts';
import { tempDir } from '../helpers/daemon.ts';

const token = 'tok-5e1f9a7c3b2d';
const readToken = 'rd-77aa31c9e0f4';
const smtpPassword = 'pw-Q9x!c8ZL0v';

test('tokens and config secrets are redacted from logs, errors and every API answer', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const cfg = join(dir, 'secret.yaml');
  // The read token is a config secret (interpolated from the environment); SMTP_PASSWORD is an
  // environment secret the config never names: neither may show up anywhere.
  writeFileSync(cfg, 'server:\n  port: 0\n  read_token: ${READER_SECRET}\nlog:\n  requests: true\n  level: debug\nstages:\n  volume:\n    every: 1h\n');
  const d = await spawnDaemon(join(dir, 'data'), { args: ['--config', cfg], env: { SIDEWATCH_TOKEN: token, READER_SECRET: readToken, SMTP_PASSWORD: smtpPassword } });
  try {
    const auth = { authorization: `Bearer ${token}` };
    const bodies: string[] = [];
    const get = async (path: string, headers: Record<string, string> = auth) => {
      const res = await fetch(`${d.url}${path}`, { headers });
      const answered: string[] = [];
      res.headers.forEach((v, k) => answered.push(`${k}: ${v}`));
      bodies.push(`${res.status} ${answered.join('; ')} ${await res.text()}`);
      return res.status;
    };
    assert.equal(
      (await fetch(`${d.url}/v1/predictions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify([{ model: 'm', id: '1', features: { a: 1 }, prediction: 1 }]) })).status,
      200,
    );
    await fetch(`${d.url}/v1/stages/volume/run`, { method: 'POST', headers: auth });
    // Secrets that reach the daemon as input (path, query, a wrong header) must be redacted in
    // its log; an answer that echoes what the client itself sent is not a leak, so it is not kept.
    assert.equal((await fetch(`${d.url}/v1/models/${smtpPassword}`, { headers: auth })).status, 404);
    assert.equal(await get(`/v1/models?token=${readToken}`, {}), 200);
    assert.equal(await get('/v1/models', { authorization: `Bearer ${token}x` }), 401);
    const doc = (await (await fetch(`${d.url}/openapi.json`)).json()) as { paths: Record<string, { get?: unknown }> };
    for (const [path, ops] of Object.entries(doc.paths)) if (ops.get && !path.includes('{')) await get(path);
    for (const path of ['/openapi.json', '/readyz', '/livez', '/metrics', '/v1/models/m', '/no/such/route']) await get(path);
    const api = bodies.join('\n');
    for (const s of [token, readToken, smtpPassword]) assert.ok(!api.includes(s), `an API answer contains the secret ${s}: ${api.slice(Math.max(0, api.indexOf(s) - 300), api.indexOf(s) + 50)}`);

    d.child.kill('SIGTERM');
    assert.equal((await d.exited).code, 0);
    const log = d.stderr();
    assert.match(log, /"msg":"request"/);
    assert.match(log, /\[redacted\]/, 'the request for a secret-named path should be logged redacted');
    for (const s of [token, readToken, smtpPassword]) assert.ok(!log.includes(s), `the log contains the secret ${s}`);
  } finally {
    if (d.child.exitCode === null) d.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the data directory is 0700 and the database files are 0600', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const dataDir = join(dir, 'data');
  const d = await spawnDaemon(dataDir);
  try {
    const res = await fetch(`${d.url}/v1/predictions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ model: 'm', features: { a: 1 }, prediction: 1 }]) });
    assert.equal(res.status, 200);
    const snap = await fetch(`${d.url}/v1/snapshots?model=m&role=reference`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2\n3,4\n' });
    assert.equal(snap.status, 201);
    const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
    assert.equal(mode(dataDir), '700');
    const files = readdirSync(dataDir);
    assert.ok(files.includes('sidewatch.duckdb.wal'), `expected a WAL after a write, got ${files.join(', ')}`);
    for (const f of files) {
      const p = join(dataDir, f);
      if (statSync(p).isDirectory()) assert.equal(mode(p), '700', f);
      else assert.equal(mode(p), '600', f);
    }
  } finally {
    d.child.kill('SIGKILL');
    await d.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
