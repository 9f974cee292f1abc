// The drift stage over a model with 1,000,000 reference and 1,000,000 current predictions of 20
// numeric features, stored in the daemon's DuckDB file: how long a full run takes (read the
// feature columns, compute the SPEC §5 report, store it), next to the pure computation on the
// same arrays in the same run (the floor: what reading from storage adds shows as the ratio).
import { rmSync } from 'node:fs';
import { startTestDaemon, tempDir } from '../test/helpers/daemon.ts';
import { batchFromRows, type PredictionRow } from '../core/ingest/validate-predictions.ts';
import { buildDriftReport } from '../lib/drift/index.ts';
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

  // The stage, end to end through the API.
  const s0 = performance.now();
  const res = await d.request('/v1/stages/drift/run', { method: 'POST' });
  const run = (await res.json()) as { outcome: string; error: string | null };
  const stageSeconds = (performance.now() - s0) / 1000;
  if (run.outcome !== 'ok') throw new Error(`drift run failed: ${run.error}`);

  // The read alone, then the pure computation on the arrays read.
  const r0 = performance.now();
  const ref = await d.runtime.reader.predictions('bench', { until: new Date(now - 24 * 3_600_000), features: names });
  const cur = await d.runtime.reader.predictions('bench', { since: new Date(now - 3_600_000), features: names });
  const readSeconds = (performance.now() - r0) / 1000;
  const c0 = performance.now();
  const report = buildDriftReport({ rows: ref.rows, version: 'ref', columns: ref.features }, { rows: cur.rows, version: 'cur', columns: cur.features });
  const computeSeconds = (performance.now() - c0) / 1000;

  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`rows per side            ${rowsPerSide.toLocaleString('en')} × ${features} numeric features (one DuckDB file)`);
  console.log(`load (append)            ${loadSeconds.toFixed(2)} s`);
  console.log(`drift stage run (API)    ${stageSeconds.toFixed(2)} s   ← read + report + store`);
  console.log(`  read 2 × ${features} columns    ${readSeconds.toFixed(2)} s`);
  console.log(`  report on the arrays   ${computeSeconds.toFixed(2)} s   (baseline: pure computation, same run)`);
  console.log(`ratio stage / compute    ${(stageSeconds / computeSeconds).toFixed(2)}`);
  console.log(`drifted columns          ${report.columns.filter((c) => c.drift).length} of ${report.columns.length}`);
  console.log(`peak RSS                 ${rss.toFixed(0)} MiB`);
} finally {
  await d.stop();
  rmSync(dir, { recursive: true, force: true });
}
