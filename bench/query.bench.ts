// Latency p50/p99 of the main read endpoints (/v1/models, /v1/registry, /v1/results, /v1/findings) on an idle
// daemon (the baseline) and while sustained ingest runs against it, in the same run.
// `npx tsx bench/query.bench.ts [--requests 200]`
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnDaemon } from '../test/helpers/process.ts';

const reqArg = process.argv.indexOf('--requests');
const requests = reqArg > 0 ? Number(process.argv[reqArg + 1]) : 200;
const endpoints = ['/v1/models', '/v1/registry', '/v1/results?limit=100', '/v1/findings?limit=100'];
/** The targets: p99 under ingest for the listing endpoints, and for every other read. */
const target = (e: string) => (e === '/v1/models' || e === '/v1/registry' ? 25 : 50);

const batch = (seed: number) =>
  JSON.stringify(
    Array.from({ length: 1000 }, (_, i) => {
      const features: Record<string, number | string> = {};
      for (let f = 0; f < 20; f++) features[`f${f}`] = f % 5 === 4 ? `c${(i + f) % 7}` : Math.cos(seed + i + f);
      // Two versions per model, so that the registry has versions to report.
      return { model: `m${seed % 3}`, version: `v${(seed >> 2) % 2}`, id: `${seed}-${i}`, features, prediction: i % 2, score: 0.5 };
    }),
  );

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

async function latencies(url: string): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const e of endpoints) out[e] = [];
  for (let i = 0; i < requests; i++) {
    for (const e of endpoints) {
      const t0 = performance.now();
      const res = await fetch(`${url}${e}`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${e} answered ${res.status}`);
      out[e]!.push(performance.now() - t0);
    }
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'sidewatch-query-bench-'));
const cfg = join(dir, 'q.yaml');
writeFileSync(cfg, 'server:\n  port: 0\n  body_limit_mb: 64\nlog:\n  requests: false\n  level: warn\nstages:\n  volume:\n    every: 1h\n    silent_after: 1ms\n');
const d = await spawnDaemon(join(dir, 'data'), { args: ['--config', cfg] });
try {
  const post = (body: string) => fetch(`${d.url}/v1/predictions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.arrayBuffer());
  for (let s = 0; s < 60; s++) await post(batch(s));
  // Results and findings to read: each volume run stores one result and one finding per model.
  for (let i = 0; i < 50; i++) await fetch(`${d.url}/v1/stages/volume/run`, { method: 'POST' }).then((r) => r.arrayBuffer());

  const idle = await latencies(d.url);
  let stop = false;
  let ingested = 0;
  const body = batch(999);
  const writers = Array.from({ length: 2 }, async () => {
    while (!stop) {
      await post(body);
      ingested += 1000;
    }
  });
  const t0 = performance.now();
  const busy = await latencies(d.url);
  stop = true;
  await Promise.all(writers);
  const rate = ingested / ((performance.now() - t0) / 1000);

  console.log(`${requests} sequential requests per endpoint; ingest during the busy phase: ${rate.toFixed(0)} rows/s (2 writers, 1000-row batches)`);
  console.log('endpoint                   idle p50 / p99 (baseline)   under ingest p50 / p99   p99 ratio  target p99');
  for (const e of endpoints) {
    const a = idle[e]!;
    const b = busy[e]!;
    console.log(`${e.padEnd(26)} ${pct(a, 0.5).toFixed(1).padStart(8)} / ${pct(a, 0.99).toFixed(1).padEnd(8)} ms      ${pct(b, 0.5).toFixed(1).padStart(8)} / ${pct(b, 0.99).toFixed(1).padEnd(8)} ms   ${(pct(b, 0.99) / pct(a, 0.99)).toFixed(1).padStart(5)}×    ≤ ${target(e)} ms ${pct(b, 0.99) <= target(e) ? 'met' : 'NOT met'}`);
  }
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${d.child.pid}/status`, 'utf8'));
  console.log(`peak RSS: daemon ${hwm ? (Number(hwm[1]) / 1024).toFixed(0) : '?'} MB, bench process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  d.child.kill('SIGTERM');
  await d.exited;
  rmSync(dir, { recursive: true, force: true });
}
