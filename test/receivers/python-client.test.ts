// The Python client (clients/python, standard library only) against a real daemon: rows logged
// from many threads arrive, labels join them, a 429/503 is retried after its Retry-After, and a
// full queue drops its oldest rows without ever blocking the caller.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
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
function runPython(code: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const p = spawn(python!, ['-c', code], { env: { ...process.env, PYTHONPATH: clientDir }, stdio: ['ignore', 'pipe', 'pipe'] });
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
