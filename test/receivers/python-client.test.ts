// The Python client (clients/python, standard library only) against a real daemon: rows logged
// from many threads arrive, labels join them, a 429/503 is retried after its Retry-After, and a
// full queue drops its oldest rows without ever blocking the caller.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

const clientDir = fileURLToPath(new URL('../../clients/python/', import.meta.url));
const python = spawnSync('python3', ['--version']).status === 0 ? 'python3' : null;
const skip = python ? false : 'python3 is not installed';

let d: TestDaemon;
before(async () => {
  if (python) d = await startTestDaemon({ config: 'server:\n  port: 0\n  token: w-secret\nlog:\n  requests: false\n' });
});
after(async () => d?.cleanup());

/** Runs a Python snippet with the client importable; returns what it printed as JSON. */
function runPython(code: string, exe = python!, path = clientDir): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    // Not spawnSync: the daemon answers from this process's event loop.
    const p = spawn(exe, ['-c', code], { env: { ...process.env, PYTHONPATH: path }, stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
    let out = '';
    let err = '';
    p.stdout.on('data', (b) => (out += b));
    p.stderr.on('data', (b) => (err += b));
    p.on('close', (status) => {
      if (status !== 0) return reject(new Error(`python exited ${status}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!));
      } catch {
        reject(new Error(`no JSON from python: ${out} ${err}`));
      }
    });
  });
}

/** A Python that can build the package offline (pip with setuptools and wheel; Debian's has them once installed). */
function pythonWithPip(): string | null {
  for (const exe of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(exe, ['-c', 'import setuptools, wheel, pip'], { stdio: 'ignore' }).status === 0) return exe;
  }
  return null;
}
const pipPython = pythonWithPip();

test('pip install ./clients/python gives a package that imports and sends', { skip: pipPython ? false : 'no python3 with pip, setuptools and wheel (apt-get install python3-pip python3-wheel)' }, async () => {
  const target = mkdtempSync(join(tmpdir(), 'sidewatch-pip-'));
  const build = mkdtempSync(join(tmpdir(), 'sidewatch-pip-src-'));
  try {
    // Built from a copy so no build/ or egg-info folder lands in the repository.
    cpSync(clientDir, build, { recursive: true });
    const r = spawnSync(pipPython!, ['-m', 'pip', 'install', '--no-build-isolation', '--no-deps', '--no-index', '--target', target, build], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const stats = await runPython(`import json, sidewatch\nassert sidewatch.__file__.startswith(${JSON.stringify(target)})\nsw = sidewatch.Sidewatch(${JSON.stringify(d.url)}, token="w-secret")\nsw.log_prediction("pip-installed", {"x": 1}, prediction=1)\nsw.close()\nprint(json.dumps(vars(sw.stats())))`, pipPython!, target);
    assert.equal(stats.sent, 1);
    assert.equal((await d.runtime.reader.models()).find((m) => m.model === 'pip-installed')?.predictions, 1);
  } finally {
    rmSync(target, { recursive: true, force: true });
    rmSync(build, { recursive: true, force: true });
  }
});

test('predictions from eight threads and their labels reach the daemon, batched', { skip }, async () => {
  const r = await runPython(`
import json, threading
from sidewatch import Sidewatch
sw = Sidewatch(${JSON.stringify(d?.url)}, token="w-secret", batch_size=200)
def work(t):
    for i in range(250):
        sw.log_prediction("pyclient", {"x": i, "t": str(t)}, prediction=i % 2, score=i / 250, id=f"{t}-{i}", version="v1")
threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
[t.start() for t in threads]; [t.join() for t in threads]
for i in range(100):
    sw.log_label("pyclient", f"0-{i}", i % 2)
sw.close()
print(json.dumps(vars(sw.stats())))
`);
  assert.deepEqual(r, { queued: 2100, sent: 2100, dropped: 0, rejected: 0, retries: 0, failed: 0 });
  const m = (await d.runtime.reader.models()).find((x) => x.model === 'pyclient')!;
  assert.equal(m.predictions, 2000);
  assert.equal(m.labels, 100);
});

test('a refused batch is counted, not retried; a 429/503 is retried after Retry-After; a full queue drops the oldest without blocking', { skip }, async () => {
  const seen: { at: number; rows: number }[] = [];
  let answers = [429, 503, 200];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const status = answers.shift() ?? 200;
      seen.push({ at: Date.now(), rows: JSON.parse(body).length });
      res.writeHead(status, status === 200 ? {} : { 'Retry-After': '0.3' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const r = await runPython(`
import json, time
from sidewatch import Sidewatch
sw = Sidewatch(${JSON.stringify(url)}, batch_size=10, flush_interval=0.05)
for i in range(10):
    sw.log_prediction("m", {"x": i}, prediction=1)
sw.flush(10)
print(json.dumps(vars(sw.stats())))
`);
    assert.equal(r.sent, 10);
    assert.equal(r.retries, 2);
    assert.equal(seen.length, 3);
    assert.ok(seen[2]!.at - seen[0]!.at >= 550, `waited as Retry-After said: ${seen[2]!.at - seen[0]!.at} ms`);
  } finally {
    server.close();
  }
  // Against the real daemon: a bad row is refused by the daemon and counted; no retry.
  const bad = await runPython(`
import json
from sidewatch import Sidewatch
sw = Sidewatch(${JSON.stringify(d.url)}, token="w-secret")
sw.log_prediction("bad model name!", {"x": 1}, prediction=1)
sw.close()
print(json.dumps(vars(sw.stats())))
`);
  assert.equal(bad.rejected, 1);
  assert.equal(bad.retries, 0);
  // A daemon that does not answer: the calls still return at once, and the oldest rows go.
  const hang = createServer(() => undefined);
  await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
  try {
    const r = await runPython(`
import json, time
from sidewatch import Sidewatch
sw = Sidewatch("http://127.0.0.1:${(hang.address() as { port: number }).port}", max_queue=100, batch_size=50, timeout=30)
t0 = time.perf_counter()
for i in range(1000):
    sw.log_prediction("m", {"x": i}, prediction=1)
elapsed = time.perf_counter() - t0
s = vars(sw.stats())
s["elapsed_ms"] = elapsed * 1000
print(json.dumps(s))
`);
    assert.ok((r.dropped as number) >= 850, `dropped ${r.dropped}`);
    assert.ok((r.elapsed_ms as number) < 500, `1000 calls took ${r.elapsed_ms} ms`);
  } finally {
    hang.closeAllConnections();
    hang.close();
  }
});
