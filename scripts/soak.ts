// A bounded soak run: a daemon child process under ingest (predictions, labels, logs, metrics),
// stage runs and alert-producing findings together, reporting memory and latency per interval.
// `npx tsx scripts/soak.ts --duration 60s [--interval 10s]` — it stops by itself.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnDaemon } from '../test/helpers/process.ts';

function durationArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(process.argv[i + 1] ?? '');
  if (!m) throw new Error(`--${name} must be a duration such as 60s, 10m or 1h`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}
const durationMs = durationArg('duration', 60_000);
const intervalMs = durationArg('interval', Math.min(10_000, durationMs / 4));

interface Window {
  latencies: Record<string, number[]>;
  errors: number;
  rows: number;
}
const newWindow = (): Window => ({ latencies: {}, errors: 0, rows: 0 });

const dir = mkdtempSync(join(tmpdir(), 'sidewatch-soak-'));
const cfg = join(dir, 'soak.yaml');
writeFileSync(
  cfg,
  `server:\n  port: 0\n  body_limit_mb: 64\nlog:\n  requests: false\n  level: warn\nstorage:\n  retention_check: 20s\n  retention:\n    logs: 30s\n    metrics: 30s\nstages:\n  volume:\n    every: 5s\n    window: 10s\n    silent_after: 3s\n    min_previous: 1\n`,
);
const d = await spawnDaemon(join(dir, 'data'), { args: ['--config', cfg] });
let win = newWindow();
const deadline = Date.now() + durationMs;

async function timed(name: string, path: string, init?: RequestInit, rows = 0): Promise<void> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${d.url}${path}`, init);
    await res.arrayBuffer();
    if (res.status >= 400) win.errors++;
    else win.rows += rows;
  } catch {
    win.errors++;
  }
  (win.latencies[name] ??= []).push(performance.now() - t0);
}
const post = (body: unknown, ct = 'application/json') => ({ method: 'POST', headers: { 'content-type': ct }, body: typeof body === 'string' ? body : JSON.stringify(body) });

let seq = 0;
const loops = [
  // Predictions for two models; the second goes quiet half way, so the volume stage finds it.
  async () => {
    const models = Date.now() < deadline - durationMs / 2 ? ['soak-a', 'soak-b'] : ['soak-a'];
    const rows = Array.from({ length: 500 }, (_, i) => ({ model: models[i % models.length], id: `p${seq++}`, features: { x: Math.random(), y: i % 5 ? 'u' : 'v' }, prediction: i % 2, score: Math.random() }));
    await timed('predictions', '/v1/predictions', post(rows), rows.length);
    await timed('labels', '/v1/labels', post(rows.slice(0, 100).map((r) => ({ model: r.model, id: r.id, label: r.prediction }))), 100);
  },
  async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `user ${i % 17} logged in from 10.0.0.${i % 250} in ${i} ms`).join('\n');
    await timed('logs', '/v1/logs', post(lines, 'text/plain'), 200);
    await timed('metrics', '/v1/metrics', post(Array.from({ length: 50 }, (_, i) => ({ name: `cpu_${i % 5}`, value: Math.random() }))), 50);
  },
  async () => {
    await timed('read models', '/v1/models');
    await timed('read findings', '/v1/findings?limit=50');
    await timed('stage run', '/v1/stages/volume/run', { method: 'POST' });
    await new Promise((r) => setTimeout(r, 200));
  },
];

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN;
}
function memMb(): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${d.child.pid}/status`, 'utf8');
  const f = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)?.[1] ?? NaN) / 1024;
  return { rss: f('VmRSS'), hwm: f('VmHWM') };
}

const t0 = Date.now();
const report = setInterval(async () => {
  const w = win;
  win = newWindow();
  const m = memMb();
  const findings = (await (await fetch(`${d.url}/v1/findings?limit=10000`)).json()) as unknown[];
  const lat = Object.entries(w.latencies)
    .map(([k, xs]) => `${k} p50 ${pct(xs, 0.5).toFixed(0)}/p99 ${pct(xs, 0.99).toFixed(0)} ms`)
    .join(', ');
  console.log(`t=${((Date.now() - t0) / 1000).toFixed(0)}s rss ${m.rss.toFixed(0)} MB (peak ${m.hwm.toFixed(0)}) rows ${w.rows} (${((w.rows / intervalMs) * 1000).toFixed(0)}/s) errors ${w.errors} findings ${findings.length} | ${lat}`);
}, intervalMs);

await Promise.all(
  loops.map(async (step) => {
    while (Date.now() < deadline) await step();
  }),
);
clearInterval(report);
const models = (await (await fetch(`${d.url}/v1/models`)).json()) as { model: string; predictions: number; labels: number }[];
console.log(`done after ${((Date.now() - t0) / 1000).toFixed(0)} s: ${models.map((m) => `${m.model} ${m.predictions} predictions, ${m.labels} labels`).join('; ')}`);
d.child.kill('SIGTERM');
const { code } = await d.exited;
console.log(`daemon stopped with exit code ${code}`);
rmSync(dir, { recursive: true, force: true });
process.exit(code === 0 ? 0 : 1);
