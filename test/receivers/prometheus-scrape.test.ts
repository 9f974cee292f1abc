// Prometheus scraping through a real daemon: a prom-client exporter served in the test (and
// Python's prometheus_client where it is installed) is pulled every second; counters become
// rates, histograms quantile series of what arrived between scrapes, gauges stay as they are. A
// target that is down, answers garbage, too much or not at all is a finding and `scrape.up = 0`;
// the others go on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Registry, Counter, Gauge, Histogram } from 'prom-client';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

let d: TestDaemon;
const servers: Server[] = [];
let python: ChildProcess | null = null;

function serve(handler: (res: import('node:http').ServerResponse) => void | Promise<void>): Promise<string> {
  return new Promise((resolve) => {
    const s = createServer((_, res) => void handler(res)).listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as { port: number }).port}/metrics`));
    servers.push(s);
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** A Python with prometheus_client (pyenv's python3 may lack it while Debian's has it). */
function pythonWithClient(): string | null {
  for (const exe of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(exe, ['-c', 'import prometheus_client'], { stdio: 'ignore' });
    if (r.status === 0) return exe;
  }
  return null;
}
const py = pythonWithClient();

before(async () => {
  const registry = new Registry();
  // Every scrape advances the exporter by the same amount, so each window between scrapes is known.
  new Counter({ name: 'predict_requests_total', help: 'requests', registers: [registry], collect() { this.inc(10); } });
  new Gauge({ name: 'queue_depth', help: 'queue', registers: [registry], collect() { this.set(3); } });
  const h: Histogram = new Histogram({
    name: 'predict_latency_seconds', help: 'latency', buckets: [0.1, 0.5, 1], registers: [registry],
    collect() { for (const v of [0.2, 0.2, 0.2, 0.7]) h.observe(v); },
  });
  const promClient = await serve(async (res) => {
    res.setHeader('content-type', registry.contentType);
    res.end(await registry.metrics());
  });
  const garbage = await serve((res) => {
    res.end('this is { not metrics\n');
  });
  const down = `http://127.0.0.1:${await freePort()}/metrics`;
  // A body far past the limit, streamed; and an answer that never comes.
  const huge = await serve((res) => {
    const line = `big_metric{i="x"} 1\n`.repeat(1000);
    let sent = 0;
    const push = () => {
      while (sent < 5000 && res.write(line)) sent++;
      if (sent < 5000) res.once('drain', push);
      else res.end();
    };
    push();
  });
  const slow = await serve(() => undefined);
  const targets = [
    `    - name: model-server\n      url: ${promClient}\n      every: 1s\n      labels:\n        service: model`,
    `    - name: garbage\n      url: ${garbage}\n      every: 1s`,
    `    - name: down\n      url: ${down}\n      every: 1s`,
    `    - name: huge\n      url: ${huge}\n      every: 1s\n      max_bytes: 1000000`,
    `    - name: slow\n      url: ${slow}\n      every: 1s\n      timeout: 400ms`,
  ];
  if (py) {
    const port = await freePort();
    python = spawn(py, ['-c', `
import time
from prometheus_client import start_http_server, Counter, Histogram
c = Counter('py_requests', 'requests')
h = Histogram('py_latency_seconds', 'latency', buckets=[0.1, 0.5, 1])
start_http_server(${port}, addr='127.0.0.1')
while True:
    c.inc(5)
    h.observe(0.3)
    time.sleep(0.05)
`], { stdio: 'ignore' });
    for (let i = 0; i < 50; i++) {
      if (await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    targets.push(`    - name: python\n      url: http://127.0.0.1:${port}/metrics\n      every: 1s`);
  }
  d = await startTestDaemon({ config: `server:\n  port: 0\nlog:\n  requests: false\ninputs:\n  prometheus:\n${targets.join('\n')}\n` });
  // Three scrapes of each target: two windows between them.
  await new Promise((r) => setTimeout(r, 2600));
});
after(async () => {
  await d?.cleanup();
  python?.kill();
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

const series = async (name: string) => (await d.runtime.reader.metrics({ name })).map((p) => ({ v: p.value, labels: p.labels }));

test('prom-client: a gauge as is, a counter as a per-second rate, a histogram as quantiles of each window', async () => {
  const q = await series('queue_depth');
  assert.ok(q.length >= 2);
  assert.deepEqual(q[0], { v: 3, labels: { job: 'model-server', service: 'model' } });
  const rate = await series('predict_requests_total.rate');
  assert.ok(rate.length >= 1, 'a rate from the second scrape on');
  // 10 per scrape, a scrape a second apart (give or take the timer's jitter).
  for (const r of rate) assert.ok(r.v > 5 && r.v < 20, String(r.v));
  // Each window holds 0.2, 0.2, 0.2, 0.7: buckets (≤0.1, ≤0.5, ≤1) of 0, 3, 1; the median rank 2
  // lies two thirds into (0.1, 0.5].
  const p50 = await series('predict_latency_seconds.p50');
  assert.ok(p50.length >= 1);
  for (const p of p50) assert.ok(Math.abs(p.v - (0.1 + 0.4 * (2 / 3))) < 1e-12, String(p.v));
  const p99 = await series('predict_latency_seconds.p99');
  for (const p of p99) assert.ok(Math.abs(p.v - (0.5 + 0.5 * ((0.99 * 4 - 3) / 1))) < 1e-12, String(p.v));
  assert.ok((await series('scrape.up')).some((p) => p.labels?.job === 'model-server' && p.v === 1));
});

test("Python's prometheus_client exporter is read the same way", { skip: py ? false : 'python3 with prometheus_client is not installed (apt-get install python3-prometheus-client)' }, async () => {
  const rate = await series('py_requests_total.rate');
  assert.ok(rate.length >= 1 && rate.every((r) => r.v > 0), JSON.stringify(rate));
  const p50 = await series('py_latency_seconds.p50');
  assert.ok(p50.length >= 1 && p50.every((p) => p.v > 0.1 && p.v <= 0.5), JSON.stringify(p50));
});

test('a target that is down or answers garbage is a finding and scrape.up = 0, and never stops the others', async () => {
  const up = await series('scrape.up');
  assert.ok(up.some((p) => p.labels?.job === 'down' && p.v === 0));
  assert.ok(up.some((p) => p.labels?.job === 'garbage' && p.v === 0));
  const findings = (await (await d.request('/v1/findings?stage=inputs')).json()) as { kind: string; labels: Record<string, string>; summary: string }[];
  const failed = findings.filter((f) => f.kind === 'inputs.scrape_failed');
  assert.deepEqual(failed.map((f) => f.labels.target).sort(), ['down', 'garbage', 'huge', 'slow'], 'one finding per target going down, not one per failed scrape');
  assert.match(failed.find((f) => f.labels.target === 'huge')!.summary, /the body is larger than 1000000 bytes/);
  assert.match(failed.find((f) => f.labels.target === 'slow')!.summary, /no answer within 400 ms/);
  assert.equal((await series('big_metric')).length, 0, 'nothing of the oversized body was stored');
  assert.match(failed.find((f) => f.labels.target === 'garbage')!.summary, /line 1: .*not a number|line 1: expected/);
  assert.match(failed.find((f) => f.labels.target === 'down')!.summary, /ECONNREFUSED/);
  const status = (await (await d.request('/v1/receivers')).json()).prometheus as { name: string; up: boolean; failures: number }[];
  assert.equal(status.find((s) => s.name === 'model-server')!.up, true);
  assert.ok(status.find((s) => s.name === 'down')!.failures >= 2);
  const metrics = await (await d.request('/metrics')).text();
  for (const target of ['down', 'garbage', 'huge', 'slow']) assert.match(metrics, new RegExp(`sidewatch_scrape_failures_total\\{target="${target}"[^}]*\\} [1-9]`));
  assert.doesNotMatch(metrics, /sidewatch_scrape_failures_total\{target="model-server"/);
  const ready = await (await d.request('/readyz')).json();
  assert.equal(ready.status, 'ready');
  assert.match(ready.checks['inputs.prometheus'].detail, /down: .*down \(ECONNREFUSED\)/);
});
