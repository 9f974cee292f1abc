// The drift stage over a model with 1,000,000 reference and 1,000,000 current predictions of 20
// numeric features, stored in the daemon's DuckDB file: how long the first run takes (read both
// sides, profile the reference, compute the SPEC §5 report, store it) and how long every later
// run takes (the reference from its stored profiles, only the current window read), each next
// to the pure computation on the same arrays in the same run.
import { rmSync } from 'node:fs';
import { startTestDaemon, tempDir } from '../test/helpers/daemon.ts';
import { batchFromRows, type PredictionRow } from '../core/ingest/validate-predictions.ts';
import { buildDriftReport } from '../lib/drift/index.ts';
import { profileColumn } from '../lib/drift/profile.ts';
import { Random } from '../lib/abtest/random.ts';

const rowsPerSide = Number(process.env.BENCH_ROWS ?? 1_000_000);
const features = 20;
const names = Array.from({ length: features }, (_, i) => `f${i}`);

const dir = tempDir('sidewatch-bench-drift-');
const config = `server:\n  port: 0\nlog:\n  requests: false\nstages:\n  drift:\n    every: 24h\n    timeout: 10m\n    window: 1h\n    reference:\n      first_rows: ${rowsPerSide}\n    multivariate:\n      enabled: false\n    segments:\n      min_rows: 1000000000\n    detectors: []\n`;
const d = await startTestDaemon({ config, dataDir: dir });
try {
  const rng = new Random(11);
  const now = Date.now();
  const t0 = performance.now();
  const chunk = 50_000;
  for (const [side, shift, tsBase] of [['reference', 0, now - 48 * 3_600_000], ['current', 0.05, now - 1_800_000]] as const) {
    for (let start = 0; start < rowsPerSide; start += chunk) {
      const rows: PredictionRow[] = [];
      for (let i = start; i < Math.min(rowsPerSide, start + chunk); i++) {
        const f: Record<string, number> = {};
        for (let j = 0; j < features; j++) f[names[j]!] = rng.normal() + (j % 4 === 0 ? shift * (j + 1) : 0);
        rows.push({ model: 'bench', version: 'v1', id: `${side}-${i}`, ts: tsBase + i, features: f, predictionNum: rng.uniform() < 0.3 ? 1 : 0, predictionStr: null, score: rng.uniform(), segment: null, attributes: null });
      }
      await d.runtime.tables.append(batchFromRows(rows), now);
    }
  }
  const loadSeconds = (performance.now() - t0) / 1000;

  // The stage, end to end through the API: the first run reads and profiles the reference.
  const runStage = async () => {
    const s0 = performance.now();
    const res = await d.request('/v1/stages/drift/run', { method: 'POST' });
    const run = (await res.json()) as { outcome: string; error: string | null };
    if (run.outcome !== 'ok') throw new Error(`drift run failed: ${run.error}`);
    const payload = ((await (await d.request('/v1/models/bench/drift')).json()) as { latest: { payload: { reference: { from_profile: boolean }; window: { rows: number } } } }).latest.payload;
    return { seconds: (performance.now() - s0) / 1000, payload };
  };
  const first = await runStage();
  if (first.payload.reference.from_profile) throw new Error('the first run cannot have found a profile');
  // One more row makes a new window; the second run finds the reference's profiles.
  const extra: PredictionRow = { model: 'bench', version: 'v1', id: 'extra', ts: Date.now(), features: Object.fromEntries(names.map((n) => [n, 0])), predictionNum: 0, predictionStr: null, score: 0.5, segment: null, attributes: null };
  await d.runtime.tables.append(batchFromRows([extra]), Date.now());
  const second = await runStage();
  if (!second.payload.reference.from_profile) throw new Error('the second run did not use the reference profiles');

  // The read alone, then the pure computations on the arrays read: on both raw sides (what the
  // first run has to do), and on the current window against the reference's profiles (the floor
  // for every later run: what reading the window from storage adds shows as the ratio).
  const r0 = performance.now();
  const ref = await d.runtime.reader.predictions('bench', { until: new Date(now - 24 * 3_600_000), features: names });
  const readRefSeconds = (performance.now() - r0) / 1000;
  const w0 = performance.now();
  const cur = await d.runtime.reader.predictions('bench', { since: new Date(now - 3_600_000), features: names });
  const readCurSeconds = (performance.now() - w0) / 1000;
  const c0 = performance.now();
  const report = buildDriftReport({ rows: ref.rows, version: 'ref', columns: ref.features }, { rows: cur.rows, version: 'cur', columns: cur.features });
  const computeSeconds = (performance.now() - c0) / 1000;
  const profiles = Object.fromEntries(names.map((n) => [n, profileColumn(ref.features[n]!)]));
  const p0 = performance.now();
  buildDriftReport({ rows: ref.rows, version: 'ref', columns: profiles }, { rows: cur.rows, version: 'cur', columns: cur.features });
  const profiledComputeSeconds = (performance.now() - p0) / 1000;

  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`rows per side              ${rowsPerSide.toLocaleString('en')} × ${features} numeric features (one DuckDB file)`);
  console.log(`load (append)              ${loadSeconds.toFixed(2)} s`);
  console.log(`first run (API)            ${first.seconds.toFixed(2)} s   ← read both sides, profile the reference, report, store`);
  console.log(`  read reference           ${readRefSeconds.toFixed(2)} s`);
  console.log(`  report on raw arrays     ${computeSeconds.toFixed(2)} s   (pure computation, both sides raw)`);
  console.log(`  ratio first / compute    ${(first.seconds / computeSeconds).toFixed(2)}`);
  console.log(`later runs (API)           ${second.seconds.toFixed(2)} s   ← reference from its profiles: read only the window`);
  console.log(`  read current window      ${readCurSeconds.toFixed(2)} s`);
  console.log(`  report on window+profile ${profiledComputeSeconds.toFixed(2)} s   (baseline: pure computation on the current window, same run)`);
  console.log(`  ratio later / compute    ${(second.seconds / profiledComputeSeconds).toFixed(2)}   (target ≤ 1.30)`);
  console.log(`drifted columns            ${report.columns.filter((c) => c.drift).length} of ${report.columns.length}`);
  console.log(`peak RSS                   ${rss.toFixed(0)} MiB`);
} finally {
  await d.stop();
  rmSync(dir, { recursive: true, force: true });
}
