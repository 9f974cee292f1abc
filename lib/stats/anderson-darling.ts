// Anderson–Darling k-sample test for two samples (scipy.stats.anderson_ksamp with its default
// mid-rank variant). Like SciPy, the p-value is interpolated from Scholz & Stephens' table and
// so is capped at 0.25 and floored at 0.001.
import type { StatTest } from './descriptor.ts';

const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
const SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];

/** A2akN of Scholz & Stephens (1987), eq. 7, with mid-ranks for ties. */
function midrankStatistic(samples: Float64Array[], N: number): number {
  // Walk the distinct pooled values once, keeping a cursor into each sorted sample.
  const k = samples.length;
  const pos = new Array<number>(k).fill(0);
  const sums = new Array<number>(k).fill(0);
  let below = 0; // pooled values < z
  for (;;) {
    let z = Infinity;
    for (let i = 0; i < k; i++) if (pos[i]! < samples[i]!.length) z = Math.min(z, samples[i]![pos[i]!]!);
    if (z === Infinity) break;
    const f: number[] = [];
    let lj = 0;
    for (let i = 0; i < k; i++) {
      const s = samples[i]!;
      let p = pos[i]!;
      const p0 = p;
      while (p < s.length && s[p] === z) p++;
      f.push(p - p0);
      lj += p - p0;
      pos[i] = p;
    }
    const Bj = below + lj / 2;
    for (let i = 0; i < k; i++) {
      const n = samples[i]!.length;
      const Mij = pos[i]! - f[i]! / 2;
      sums[i] = sums[i]! + ((lj / N) * (N * Mij - Bj * n) ** 2) / (Bj * (N - Bj) - (N * lj) / 4);
    }
    below += lj;
  }
  let total = 0;
  for (let i = 0; i < k; i++) total += sums[i]! / samples[i]!.length;
  return (total * (N - 1)) / N;
}

/** Least-squares quadratic through the points, as numpy.polyfit(x, y, 2). */
function quadraticFit(x: number[], y: number[]): [number, number, number] {
  // Normal equations on columns scaled to unit norm, as numpy scales its Vandermonde matrix.
  const cols = [x.map((v) => v * v), x, x.map(() => 1)];
  const scale = cols.map((c) => Math.sqrt(c.reduce((s, v) => s + v * v, 0)));
  const A = cols.map((c, j) => c.map((v) => v / scale[j]!));
  const M = [0, 1, 2].map((r) => [0, 1, 2].map((c) => A[r]!.reduce((s, v, i) => s + v * A[c]![i]!, 0)));
  const rhs = [0, 1, 2].map((r) => A[r]!.reduce((s, v, i) => s + v * y[i]!, 0));
  for (let c = 0; c < 3; c++) {
    for (let r = c + 1; r < 3; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k < 3; k++) M[r]![k]! -= f * M[c]![k]!;
      rhs[r]! -= f * rhs[c]!;
    }
  }
  const sol = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let s = rhs[r]!;
    for (let k = r + 1; k < 3; k++) s -= M[r]![k]! * sol[k]!;
    sol[r] = s / M[r]![r]!;
  }
  return [sol[0]! / scale[0]!, sol[1]! / scale[1]!, sol[2]! / scale[2]!];
}

/** Samples sorted ascending, non-empty; the pooled sample needs two distinct values. */
export function andersonKSampleSorted(samples: Float64Array[]): { statistic: number; p_value: number } {
  const k = samples.length;
  if (k < 2) throw new Error('anderson_darling: needs at least two samples');
  if (samples.some((s) => s.length === 0)) throw new Error('anderson_darling: a sample has no values');
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of samples) {
    lo = Math.min(lo, s[0]!);
    hi = Math.max(hi, s[s.length - 1]!);
  }
  if (lo === hi) throw new Error('anderson_darling: needs more than one distinct value');
  const N = samples.reduce((s, x) => s + x.length, 0);
  const A2kN = midrankStatistic(samples, N);
  let H = 0;
  for (const s of samples) H += 1 / s.length;
  // hs_cs[j] = Σ_{i=N-1-j}^{N-1} 1/i, j = 0 … N-3
  let cum = 0;
  let g = 0;
  for (let j = 0; j < N - 2; j++) {
    cum += 1 / (N - 1 - j);
    g += cum / (j + 2);
  }
  const h = cum + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmasq = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
  const m = k - 1;
  const A2 = (A2kN - m) / Math.sqrt(sigmasq);
  const critical = B0.map((b0, i) => b0 + B1[i]! / Math.sqrt(m) + B2[i]! / m);
  let p: number;
  if (A2 < Math.min(...critical)) p = Math.max(...SIG);
  else if (A2 > Math.max(...critical)) p = Math.min(...SIG);
  else {
    const [c2, c1, c0] = quadraticFit(critical, SIG.map(Math.log));
    p = Math.exp((c2 * A2 + c1) * A2 + c0);
  }
  return { statistic: A2, p_value: p };
}

export const andersonDarling: StatTest = {
  name: 'anderson_darling',
  kinds: ['numerical'],
  defaultThreshold: 0.05,
  direction: 'p_below',
  run: (s) => andersonKSampleSorted([s.sortedReference(), s.sortedCurrent()]),
};
