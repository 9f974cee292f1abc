// A fleet in one daemon: N models × 20 numeric features with 10,000 predictions each (spread over
// the last two hours, 30 % labelled), every stage enabled at its default cadence. After loading,
// one full cycle of every stage is run through the API; the bench prints each stage's time next
// to its cadence, the time per model, peak RSS, and whether any run overlapped
// (skipped ticks) or timed out, at 50, 200 and 500 models. Each size runs in its own process so
// that its peak RSS is its own.
// `npm run bench -- fleet` (BENCH_FLEET=50,200,500, BENCH_FLEET_ROWS=10000)
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FEATURES = 20;
const rowsPerModel = Number(process.env.BENCH_FLEET_ROWS ?? 10_000);

interface SizeResult {
  models: number;
  loadSeconds: number;
  /** `seconds`: the run's own duration; `waitSeconds`: how long the asked-for run waited for a scheduled one in progress. */
  stages: { name: string; seconds: number; waitSeconds: number; outcome: string; everySeconds: number | null; longestScheduledSeconds: number | null; scheduledRuns: number }[];
  cycleSeconds: number;
  skipped: number;
  timeouts: number;
  /** Skipped ticks and timeouts per stage while the fleet was loaded (stages running at their cadence meanwhile) and during the cycle. */
  perStage: { name: string; loadSkipped: number; loadTimeouts: number; cycleSkipped: number; cycleTimeouts: number }[];
  errors: string[];
  peakRssMb: number;
}

async function oneSize(models: number): Promise<SizeResult> {
  const { startTestDaemon, tempDir } = await import('../test/helpers/daemon.ts');
  const { batchFromRows } = await import('../core/ingest/validate-predictions.ts');
  const { Random } = await import('../lib/abtest/random.ts');
  const dir = tempDir('sidewatch-bench-fleet-');
  // The embedded default (every stage at its default cadence); the port and data dir come from the environment.
  const config = readFileSync(fileURLToPath(new URL('../config/default.yaml', import.meta.url)), 'utf8');
  const d = await startTestDaemon({ config, dataDir: dir });
  try {
    const rng = new Random(models);
    const names = Array.from({ length: FEATURES }, (_, i) => `f${i}`);
    const now = Date.now();
    const span = 2 * 3_600_000;
    const t0 = performance.now();
    for (let m = 0; m < models; m++) {
      const model = `model-${String(m).padStart(3, '0')}`;
      // Every fifth model's inputs move in the second hour, so drift has something to find.
      const drifts = m % 5 === 0;
      const rows = [];
      const labels = [];
      for (let i = 0; i < rowsPerModel; i++) {
        const ts = now - span + Math.floor((i * span) / rowsPerModel);
        const late = i >= rowsPerModel / 2;
        const f: Record<string, number> = {};
        for (let j = 0; j < FEATURES; j++) f[names[j]!] = rng.normal() + (drifts && late && j < 4 ? 0.5 : 0);
        const score = rng.uniform();
        const prediction = score > 0.5 ? 1 : 0;
        rows.push({ model, version: 'v1', id: `${model}-${i}`, ts, features: f, predictionNum: prediction, predictionStr: null, score, segment: null, attributes: null });
        if (i % 10 < 3) labels.push({ model, id: `${model}-${i}`, label: rng.uniform() < 0.85 ? prediction : 1 - prediction, ts: ts + 60_000 });
      }
      await d.runtime.tables.append(batchFromRows(rows), now);
      await d.runtime.ingest.labels(labels, now);
    }
    const loadSeconds = (performance.now() - t0) / 1000;

    type Stats = { name: string; schedule: string | null; skipped: number; timeouts: number; running: boolean };
    const stats = async () => (await (await d.request('/v1/stages')).json()) as Stats[];
    // Runs the ingest events started finish first, so that the cycle below is timed alone.
    for (let i = 0; i < 600 && (await stats()).some((s) => s.running); i++) await new Promise((r) => setTimeout(r, 500));
    const before = await stats();

    const stages: SizeResult['stages'] = [];
    const errors: string[] = [];
    const c0 = performance.now();
    for (const name of d.runtime.host.names()) {
      const s0 = performance.now();
      const res = await d.request(`/v1/stages/${name}/run`, { method: 'POST' });
      const run = (await res.json()) as { outcome: string; error: string | null; run_id: number | null };
      const wall = (performance.now() - s0) / 1000;
      if (run.outcome !== 'ok') errors.push(`${name}: ${run.outcome}${run.error ? ` (${run.error})` : ''}`);
      const slot = before.find((s) => s.name === name);
      const every = /^every (\d+)s$/.exec(slot?.schedule ?? '');
      const own = run.run_id == null ? undefined : await d.runtime.storage.one<{ ms: number }>('SELECT duration_ms AS ms FROM stage_runs WHERE id = $1::BIGINT', [run.run_id]);
      const seconds = own ? Number(own.ms) / 1000 : wall;
      stages.push({ name, seconds, waitSeconds: Math.max(0, wall - seconds), outcome: run.outcome, everySeconds: every ? Number(every[1]) : null, longestScheduledSeconds: null, scheduledRuns: 0 });
    }
    const cycleSeconds = stages.reduce((t, x) => t + x.seconds, 0);
    void c0;
    const after = await stats();
    // The runs the stages' own timers started, over the whole bench (loading included): does each keep up with its cadence?
    const scheduled = await d.runtime.storage.all<{ stage: string; n: number; longest: number | null }>(
      "SELECT stage, count(*)::INTEGER AS n, max(duration_ms) AS longest FROM stage_runs WHERE trigger = 'schedule' GROUP BY stage",
    );
    for (const x of stages) {
      const r = scheduled.find((s) => s.stage === x.name);
      x.scheduledRuns = r ? Number(r.n) : 0;
      x.longestScheduledSeconds = r?.longest == null ? null : Number(r.longest) / 1000;
    }
    const sum = (xs: Stats[], k: 'skipped' | 'timeouts') => xs.reduce((n, s) => n + s[k], 0);
    const perStage = after.map((a) => {
      const b = before.find((s) => s.name === a.name)!;
      return { name: a.name, loadSkipped: b.skipped, loadTimeouts: b.timeouts, cycleSkipped: a.skipped - b.skipped, cycleTimeouts: a.timeouts - b.timeouts };
    });
    return {
      models,
      loadSeconds,
      stages,
      cycleSeconds,
      skipped: sum(after, 'skipped'),
      timeouts: sum(after, 'timeouts'),
      perStage,
      errors,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await d.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const childArg = process.argv.indexOf('--models');
if (childArg > 0) {
  const r = await oneSize(Number(process.argv[childArg + 1]));
  process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
  process.exit(0);
}

const sizes = (process.env.BENCH_FLEET ?? '50,200,500').split(',').map(Number);
const results: SizeResult[] = [];
for (const n of sizes) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--models', String(n)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`fleet of ${n} failed (exit ${child.status}):\n${child.stderr.slice(-4000)}`);
  results.push(JSON.parse(line.slice(7)) as SizeResult);
  process.stdout.write(`fleet of ${n}: done\n`);
}

console.log(`\n${rowsPerModel.toLocaleString('en')} predictions × ${FEATURES} features per model (30 % labelled), every stage at its default cadence`);
console.log(`models  load s   cycle s  ms/model  peak RSS  skipped  timeouts  not ok`);
for (const r of results) {
  console.log(
    `${String(r.models).padStart(6)}  ${r.loadSeconds.toFixed(1).padStart(6)}  ${r.cycleSeconds.toFixed(2).padStart(8)}  ${((r.cycleSeconds * 1000) / r.models).toFixed(1).padStart(8)}  ${r.peakRssMb.toFixed(0).padStart(5)} MB  ${String(r.skipped).padStart(7)}  ${String(r.timeouts).padStart(8)}  ${r.errors.length ? r.errors.join('; ') : 'none'}`,
  );
}
const first = results[0]!;
console.log(`\ncycle s is the sum of the runs' own durations (a run asked for while a scheduled one was going waited for it first; that wait is not counted)`);
console.log(`\nper stage, seconds for one run over every model (cadence in brackets; a run longer than its cadence would overlap):`);
console.log(`stage                      ${results.map((r) => `${String(r.models).padStart(7)} m`).join('  ')}   per model at ${results.map((r) => r.models).join(' / ')}`);
for (const s of first.stages) {
  const times = results.map((r) => r.stages.find((x) => x.name === s.name)!);
  const over = times.some((t) => t.everySeconds !== null && Math.max(t.seconds, t.longestScheduledSeconds ?? 0) > t.everySeconds);
  const longest = times.map((t) => (t.longestScheduledSeconds === null ? '-' : `${t.longestScheduledSeconds.toFixed(1)}s/${t.scheduledRuns}`)).join(' ');
  console.log(
    `${`${s.name} [${s.everySeconds ?? '?'}s]`.padEnd(26)} ${times.map((t) => t.seconds.toFixed(2).padStart(9)).join('  ')}   ${times.map((t, i) => ((t.seconds * 1000) / results[i]!.models).toFixed(2)).join(' / ')} ms   longest scheduled run/runs: ${longest}${over ? '   OVER CADENCE' : ''}`,
  );
}
const troubled = results.flatMap((r) => r.perStage.filter((s) => s.loadSkipped + s.loadTimeouts + s.cycleSkipped + s.cycleTimeouts > 0).map((s) => ({ models: r.models, ...s })));
console.log(`\nskipped ticks / timeouts per stage (while loading, during the cycle): ${troubled.length ? '' : 'none'}`);
for (const t of troubled) console.log(`  ${String(t.models).padStart(4)} models  ${t.name.padEnd(18)} loading ${t.loadSkipped} / ${t.loadTimeouts}   cycle ${t.cycleSkipped} / ${t.cycleTimeouts}`);
const last = results[results.length - 1]!;
const growth = last.cycleSeconds / last.models / (first.cycleSeconds / first.models);
console.log(`\ncost per model at ${last.models} vs ${first.models} models: ${growth.toFixed(2)}× (target: does not grow, ≈ 1.0)`);
