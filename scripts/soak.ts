// A bounded soak run: a daemon child process under mixed ingest (predictions, labels, logs,
// metrics), reads, stage runs and alert deliveries, with the webhook channel down for the middle
// third. It reports per interval the daemon's RSS, the DuckDB file and WAL size, ingest rate,
// errors and latencies; at the end, whether any two runs of one stage overlapped or a run hung,
// and how often each alert reached the webhook (once each, the outage's ones after it ended).
// `npx tsx scripts/soak.ts --duration 10m [--interval 30s]` — it stops by itself; exit 1 if a check fails.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnDaemon } from '../test/helpers/process.ts';
import { WebhookInbox } from '../test/reliability/webhook-inbox.ts';

function durationArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(process.argv[i + 1] ?? '');
  if (!m) throw new Error(`--${name} must be a duration such as 60s, 10m or 1h`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}
const durationMs = durationArg('duration', 60_000);
const intervalMs = durationArg('interval', Math.min(30_000, durationMs / 6));
// Models that stop sending one after another; each going silent is one alert group.
const quiet = [0.15, 0.4, 0.55, 0.8].map((f, k) => ({ model: `soak-q${k + 1}`, stopAt: f * durationMs }));
const outage = { from: durationMs / 3, to: (2 * durationMs) / 3 };

interface Window {
  latencies: Record<string, number[]>;
  errors: number;
  rows: number;
}
const newWindow = (): Window => ({ latencies: {}, errors: 0, rows: 0 });

const inbox = new WebhookInbox();
const hookUrl = await inbox.listen();
const dir = mkdtempSync(join(tmpdir(), 'sidewatch-soak-'));
const cfg = join(dir, 'soak.yaml');
writeFileSync(
  cfg,
  `server:\n  port: 0\n  body_limit_mb: 64\nlog:\n  requests: false\n  level: warn
storage:\n  retention_check: 20s\n  retention:\n    logs: 2m\n    metrics: 2m\n    predictions: 3m\n    labels: 3m
stages:
  volume:\n    every: 5s\n    window: 10s\n    silent_after: 3s\n    min_previous: 1
  log-anomaly:\n    every: 15s
  metric-anomaly:\n    every: 15s
  drift:\n    every: 20s\n    window: 1m\n    reference:\n      first_rows: 2000
alerting:
  evaluation_interval: 1s
  rules:
    - name: ModelSilent
      matchers: ['kind="volume.silent"', 'model=~"soak-q.*"']
  route:
    receiver: hook
    group_by: [model]
    group_wait: 1s
    group_interval: 5s
    repeat_interval: 24h
  receivers:
    - name: hook
      webhook:\n        url: ${hookUrl}\n        send_resolved: false
  delivery:\n    backoff_initial: 1s\n    backoff_max: 5s\n    timeout: 5s
`,
);
const dataDir = join(dir, 'data');
const d = await spawnDaemon(dataDir, { args: ['--config', cfg] });
let win = newWindow();
const t0 = Date.now();
const deadline = t0 + durationMs;
const elapsed = () => Date.now() - t0;

async function timed(name: string, path: string, init?: RequestInit, rows = 0): Promise<void> {
  const start = performance.now();
  try {
    const res = await fetch(`${d.url}${path}`, init);
    await res.arrayBuffer();
    if (res.status >= 400) win.errors++;
    else win.rows += rows;
  } catch {
    win.errors++;
  }
  (win.latencies[name] ??= []).push(performance.now() - start);
}
const post = (body: unknown, ct = 'application/json') => ({ method: 'POST', headers: { 'content-type': ct }, body: typeof body === 'string' ? body : JSON.stringify(body) });

let seq = 0;
const loops = [
  async () => {
    const models = ['soak-a', ...quiet.filter((q) => elapsed() < q.stopAt).map((q) => q.model)];
    const rows = Array.from({ length: 500 }, (_, i) => ({ model: models[i % models.length], id: `p${seq++}`, features: { x: Math.random() + (elapsed() > durationMs / 2 ? 0.5 : 0), y: i % 5 ? 'u' : 'v' }, prediction: i % 2, score: Math.random() }));
    await timed('predictions', '/v1/predictions', post(rows), rows.length);
    await timed('labels', '/v1/labels', post(rows.slice(0, 100).map((r) => ({ model: r.model, id: r.id, label: r.prediction }))), 100);
  },
  async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `user ${i % 17} logged in from 10.0.0.${i % 250} in ${i} ms`).join('\n');
    await timed('logs', '/v1/logs', post(lines, 'text/plain'), 200);
    await timed('metrics', '/v1/metrics', post(Array.from({ length: 50 }, (_, i) => ({ name: `cpu_${i % 5}`, value: Math.random(), labels: { service: 'soak' } }))), 50);
  },
  async () => {
    await timed('read models', '/v1/models');
    await timed('read findings', '/v1/findings?limit=50');
    await timed('read drift', '/v1/models/soak-a/drift');
    await new Promise((r) => setTimeout(r, 200));
  },
  // The channel outage: every notification is refused (503) for the middle third.
  async () => {
    inbox.defaultMode = elapsed() >= outage.from && elapsed() < outage.to ? 'refuse' : 'accept';
    await new Promise((r) => setTimeout(r, 250));
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
const sizeMb = (p: string) => (existsSync(p) ? statSync(p).size / 1024 / 1024 : 0);

const curve: { t: number; rss: number; db: number; wal: number }[] = [];
const report = setInterval(() => {
  const w = win;
  win = newWindow();
  const m = memMb();
  const db = sizeMb(join(dataDir, 'sidewatch.duckdb'));
  const wal = sizeMb(join(dataDir, 'sidewatch.duckdb.wal'));
  curve.push({ t: elapsed() / 1000, rss: m.rss, db, wal });
  const lat = Object.entries(w.latencies)
    .map(([k, xs]) => `${k} p50 ${pct(xs, 0.5).toFixed(0)}/p99 ${pct(xs, 0.99).toFixed(0)} ms`)
    .join(', ');
  const phase = elapsed() >= outage.from && elapsed() < outage.to ? ' [channel down]' : '';
  console.log(`t=${(elapsed() / 1000).toFixed(0)}s${phase} rss ${m.rss.toFixed(0)} MB (peak ${m.hwm.toFixed(0)}) db ${db.toFixed(1)} MB wal ${wal.toFixed(1)} MB rows ${w.rows} (${((w.rows / intervalMs) * 1000).toFixed(0)}/s) errors ${w.errors} | ${lat}`);
}, intervalMs);

await Promise.all(
  loops.map(async (step) => {
    while (Date.now() < deadline) await step();
  }),
);
clearInterval(report);
// Let deliveries queued at the end go out.
inbox.defaultMode = 'accept';
await new Promise((r) => setTimeout(r, 8000));

let failed = false;
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed = true;
};
const runs = (await (await fetch(`${d.url}/v1/runs?limit=10000`)).json()) as { stage: string; started_at: string; finished_at: string | null; outcome: string }[];
const byStage = new Map<string, typeof runs>();
for (const r of runs) byStage.set(r.stage, [...(byStage.get(r.stage) ?? []), r]);
let overlaps = 0;
for (const rs of byStage.values()) {
  const sorted = rs.filter((r) => r.finished_at).sort((a, b) => Date.parse(a.started_at) - Date.parse(b.started_at));
  for (let i = 1; i < sorted.length; i++) if (Date.parse(sorted[i]!.started_at) < Date.parse(sorted[i - 1]!.finished_at!)) overlaps++;
}
const outcomes: Record<string, number> = {};
for (const r of runs) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
console.log(`stage runs: ${runs.length} (${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}) over ${[...byStage.keys()].join(', ')}`);
check(overlaps === 0, `no two runs of one stage overlapped (${overlaps} overlaps)`);
check(runs.every((r) => r.finished_at !== null || Date.now() - Date.parse(r.started_at) < 60_000), 'no stage run hung (every run older than a minute finished)');
check(!outcomes.timeout, `no stage run timed out (${outcomes.timeout ?? 0})`);
for (const q of quiet) {
  const arrivals = inbox.arrivals.filter((a) => a.group === q.model);
  const accepted = arrivals.filter((a) => a.answer === 'accepted' && a.status === 'firing');
  const duringOutage = q.stopAt >= outage.from - 5000 && q.stopAt < outage.to;
  const detail = `${arrivals.length} attempt(s), ${accepted.length} accepted; first accepted at t=${accepted[0] ? ((accepted[0].at - t0) / 1000).toFixed(0) : '-'}s`;
  check(accepted.length === 1, `${q.model} (silent from t=${(q.stopAt / 1000).toFixed(0)}s${duringOutage ? ', during the outage' : ''}) delivered once: ${detail}`);
  if (duringOutage && accepted[0]) check(accepted[0].at - t0 >= outage.to, `${q.model} was delivered after the outage ended`);
}
const first = curve[Math.floor(curve.length / 3)] ?? curve[0];
const last = curve[curve.length - 1];
if (first && last) {
  console.log(`rss ${first.rss.toFixed(0)} → ${last.rss.toFixed(0)} MB, db ${first.db.toFixed(1)} → ${last.db.toFixed(1)} MB from t=${first.t.toFixed(0)}s to t=${last.t.toFixed(0)}s`);
  check(last.rss < first.rss * 1.5 + 50, 'RSS stayed bounded after warm-up (under 1.5× + 50 MB)');
}
const models = (await (await fetch(`${d.url}/v1/models`)).json()) as { model: string; predictions: number; labels: number }[];
console.log(`done after ${(elapsed() / 1000).toFixed(0)} s: ${models.map((m) => `${m.model} ${m.predictions}`).join('; ')}`);
d.child.kill('SIGTERM');
const { code } = await d.exited;
check(code === 0, `daemon stopped with exit code ${code}`);
await inbox.close();
rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
