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

  const drifted = report.columns.filter((c) => c.drift).length;
  process.stdout.write(
    [
      `sidewatch (full SPEC §5 set + explanations): ${ours.toFixed(2)} s   (${drifted}/${COLUMNS} columns drifted)`,
      `scipy (ks_2samp + wasserstein_distance + numpy psi): ${scipy.seconds.toFixed(2)} s`,
      `ratio sidewatch / scipy: ${(ours / scipy.seconds).toFixed(3)}   (target ≤ 0.2)`,
      `agreement: worst relative statistic difference ${worstStat.toExponential(1)}, worst p-value difference ${worstP.toExponential(1)}`,
      `sort of 1M doubles: radix ${radix.toFixed(0)} ms, built-in ${builtin.toFixed(0)} ms (${(builtin / radix).toFixed(1)}×)`,
      `peak RSS: sidewatch process ${mb(oursRss)} (holding ${mb((COLUMNS * 2 * ROWS * 8) / 1024)} of input columns), scipy process ${mb(scipy.max_rss_kb)}`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
