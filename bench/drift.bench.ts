// Drift benchmark: 1,000,000 × 20 numeric reference and current columns (fixed seed), the full
// SPEC §5 metric set per column (ks, wasserstein raw and normed, psi, jensen_shannon, hellinger)
// through the report builder, against SciPy's ks_2samp + wasserstein_distance + a NumPy PSI on
// the same data in the same run. Target: ours ≤ 0.2 × SciPy.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDriftReport, type DatasetInput } from '../lib/drift/report.ts';
import { sortedCopy } from '../lib/stats/sort.ts';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

/** The columns as a Parquet file (f0 … f19), through DuckDB's Appender. */
async function writeParquet(path: string, columns: Float64Array[]): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`CREATE TABLE t (${columns.map((_, i) => `f${i} DOUBLE`).join(', ')})`);
  const ap = await c.createAppender('t');
  for (let r = 0; r < columns[0]!.length; r++) {
    for (const col of columns) ap.appendDouble(col[r]!);
    ap.endRow();
  }
  ap.flushSync();
  ap.closeSync();
  await c.run(`COPY t TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
}

const ROWS = 1_000_000;
const COLUMNS = 20;
const SEED = 20261127;

/** Mulberry32 uniforms through Box–Muller: fast, seeded, reproducible. */
function normalGenerator(seed: number): () => number {
  let m = seed >>> 0;
  const uniform = () => {
    m = (m + 0x6d2b79f5) >>> 0;
    let t = m;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const a = 2 * Math.PI * uniform();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
}

function makeData(): { reference: Float64Array[]; current: Float64Array[] } {
  const next = normalGenerator(SEED);
  const reference: Float64Array[] = [];
  const current: Float64Array[] = [];
  for (let c = 0; c < COLUMNS; c++) {
    const scale = 1 + c;
    const loc = 10 * c;
    // Every fourth column drifts in location, every fifth in spread.
    const shift = c % 4 === 0 ? 0.05 * scale : 0;
    const spread = c % 5 === 0 ? 1.2 : 1;
    const r = new Float64Array(ROWS);
    const k = new Float64Array(ROWS);
    for (let i = 0; i < ROWS; i++) r[i] = loc + scale * next();
    for (let i = 0; i < ROWS; i++) k[i] = loc + shift + spread * scale * next();
    // Rounded to 3 decimals, as real features are, so the data has ties.
    for (let i = 0; i < ROWS; i++) {
      r[i] = Math.round(r[i]! * 1000) / 1000;
      k[i] = Math.round(k[i]! * 1000) / 1000;
    }
    reference.push(r);
    current.push(k);
  }
  return { reference, current };
}

const PYTHON = String.raw`
import sys, time, resource, json
import numpy as np
from scipy import stats
rows, cols = int(sys.argv[3]), int(sys.argv[4])
ref = np.fromfile(sys.argv[1], dtype='<f8').reshape(cols, rows)
cur = np.fromfile(sys.argv[2], dtype='<f8').reshape(cols, rows)
def psi(r, c):
    edges = np.unique(np.quantile(r, [i / 10 for i in range(1, 10)]))
    rp = np.bincount(np.searchsorted(edges, r, side='right'), minlength=len(edges) + 1) / len(r)
    cp = np.bincount(np.searchsorted(edges, c, side='right'), minlength=len(edges) + 1) / len(c)
    rp = np.where(rp == 0, 0.0001, rp); cp = np.where(cp == 0, 0.0001, cp)
    return float(np.sum((cp - rp) * np.log(cp / rp)))
t0 = time.perf_counter()
out = []
for j in range(cols):
    ks = stats.ks_2samp(ref[j], cur[j])
    w = stats.wasserstein_distance(ref[j], cur[j])
    out.append([float(ks.statistic), float(ks.pvalue), float(w), psi(ref[j], cur[j])])
seconds = time.perf_counter() - t0
print(json.dumps({'seconds': seconds, 'max_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'results': out}))
`;

function writeColumns(path: string, columns: Float64Array[]): void {
  const all = new Float64Array(ROWS * COLUMNS);
  columns.forEach((c, i) => all.set(c, i * ROWS));
  writeFileSync(path, new Uint8Array(all.buffer));
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

const tGen = performance.now();
const { reference, current } = makeData();
process.stdout.write(`data: ${COLUMNS} columns × ${ROWS.toLocaleString('en')} rows per side, seed ${SEED} (${((performance.now() - tGen) / 1000).toFixed(1)} s to generate)\n`);

const dir = mkdtempSync(join(tmpdir(), 'sidewatch-drift-bench-'));
try {
  writeColumns(join(dir, 'ref.f64'), reference);
  writeColumns(join(dir, 'cur.f64'), current);

  const cols = (data: Float64Array[]) => Object.fromEntries(data.map((c, i) => [`f${i}`, c]));
  const refInput: DatasetInput = { rows: ROWS, version: 'bench-ref', columns: cols(reference) };
  const curInput: DatasetInput = { rows: ROWS, version: 'bench-cur', columns: cols(current) };

  const t0 = performance.now();
  const report = buildDriftReport(refInput, curInput);
  const ours = (performance.now() - t0) / 1000;
  const oursRss = process.resourceUsage().maxRSS;

  const py = spawnSync('python3', ['-c', PYTHON, join(dir, 'ref.f64'), join(dir, 'cur.f64'), String(ROWS), String(COLUMNS)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (py.status !== 0) throw new Error(`SciPy baseline failed: ${py.stderr}`);
  const scipy = JSON.parse(py.stdout) as { seconds: number; max_rss_kb: number; results: number[][] };

  // The two must agree, or the timing compares different work.
  let worstStat = 0;
  let worstP = 0;
  report.columns.forEach((c, i) => {
    const [ks, p, w, psi] = scipy.results[i]!;
    const m = c.metrics!;
    worstStat = Math.max(worstStat, Math.abs(m.ks!.statistic - ks!) / Math.abs(ks!), Math.abs(m.wasserstein!.distance - w!) / w!, Math.abs(m.psi - psi!) / Math.abs(psi!));
    worstP = Math.max(worstP, Math.abs(m.ks!.p_value - p!));
  });

  // Sorting is the floor of the rank statistics: radix against the built-in sort on one column.
  const t1 = performance.now();
  sortedCopy(reference[1]!);
  const radix = performance.now() - t1;
  const t2 = performance.now();
  new Float64Array(reference[1]!).sort();
  const builtin = performance.now() - t2;

  // The path users run: `sidewatch drift` as a whole process on the same data as Parquet files.
  await writeParquet(join(dir, 'ref.parquet'), reference);
  await writeParquet(join(dir, 'cur.parquet'), current);
  const t3 = performance.now();
  const cli = spawnSync(process.execPath, [fileURLToPath(new URL('../bin/sidewatch.js', import.meta.url)), 'drift', '--reference', join(dir, 'ref.parquet'), '--current', join(dir, 'cur.parquet'), '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const cliSeconds = (performance.now() - t3) / 1000;
  if (cli.status !== 0) throw new Error(`sidewatch drift failed: ${cli.stderr}`);
  const cliReport = JSON.parse(cli.stdout) as { columns: { name: string; metrics: { ks: { statistic: number; p_value: number }; wasserstein: { distance: number }; psi: number } }[] };
  // Same numbers as the in-memory report, bit for bit: reading the files changes nothing.
  let cliDiffers = 0;
  cliReport.columns.forEach((c, i) => {
    const m = report.columns[i]!.metrics!;
    if (c.metrics.ks.statistic !== m.ks!.statistic || c.metrics.ks.p_value !== m.ks!.p_value || c.metrics.wasserstein.distance !== m.wasserstein!.distance || c.metrics.psi !== m.psi) cliDiffers++;
  });

  // The repeated path: the reference profiled once (`sidewatch profile`), then every check reads
  // only the current file (`drift --reference-profile`).
  const bin = fileURLToPath(new URL('../bin/sidewatch.js', import.meta.url));
  const t4 = performance.now();
  const prof = spawnSync(process.execPath, [bin, 'profile', '--reference', join(dir, 'ref.parquet'), '--out', join(dir, 'ref.profile')], { encoding: 'utf8' });
  const profileSeconds = (performance.now() - t4) / 1000;
  if (prof.status !== 0) throw new Error(`sidewatch profile failed: ${prof.stderr}`);
  const t5 = performance.now();
  const viaProfile = spawnSync(process.execPath, [bin, 'drift', '--reference-profile', join(dir, 'ref.profile'), '--current', join(dir, 'cur.parquet'), '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const viaProfileSeconds = (performance.now() - t5) / 1000;
  if (viaProfile.status !== 0) throw new Error(`sidewatch drift --reference-profile failed: ${viaProfile.stderr}`);
  const profileDiffers = (JSON.parse(viaProfile.stdout) as typeof cliReport).columns.filter((c, i) => JSON.stringify(c) !== JSON.stringify(cliReport.columns[i])).length;

  const drifted = report.columns.filter((c) => c.drift).length;
  process.stdout.write(
    [
      `sidewatch (full SPEC §5 set + explanations): ${ours.toFixed(2)} s   (${drifted}/${COLUMNS} columns drifted)`,
      `scipy (ks_2samp + wasserstein_distance + numpy psi): ${scipy.seconds.toFixed(2)} s`,
      `ratio sidewatch / scipy: ${(ours / scipy.seconds).toFixed(3)}   (target ≤ 0.2)`,
      `agreement: worst relative statistic difference ${worstStat.toExponential(1)}, worst p-value difference ${worstP.toExponential(1)}`,
      `sidewatch drift CLI, whole process on the Parquet pair: ${cliSeconds.toFixed(2)} s = ${(cliSeconds / scipy.seconds).toFixed(3)} × scipy in memory (target ≤ 0.12); columns differing from the in-memory report: ${cliDiffers}`,
      `sidewatch profile of the reference, once: ${profileSeconds.toFixed(2)} s; then drift --reference-profile, whole process: ${viaProfileSeconds.toFixed(2)} s = ${(viaProfileSeconds / scipy.seconds).toFixed(3)} × scipy in memory; columns differing from the --reference report: ${profileDiffers}`,
      `sort of 1M doubles: radix ${radix.toFixed(0)} ms, built-in ${builtin.toFixed(0)} ms (${(builtin / radix).toFixed(1)}×)`,
      `peak RSS: sidewatch process ${mb(oursRss)} (holding ${mb((COLUMNS * 2 * ROWS * 8) / 1024)} of input columns), scipy process ${mb(scipy.max_rss_kb)}`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
