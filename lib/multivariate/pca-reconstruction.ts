import { EVD, Matrix } from 'ml-matrix';
import { learnChunkThreshold, sizeChunks, type ChunkThreshold, type IncompleteChunk } from '../detectors/chunk-thresholds.ts';

// Multivariate drift as NannyML's data reconstruction drift: a PCA fitted on the reference learns
// how the features move together; rows whose joint structure differs (even with unchanged
// marginals) are reconstructed worse, so the mean reconstruction error per chunk rises.

export interface PcaDriftOptions {
  /** Keep the fewest components whose cumulative explained variance exceeds this share. */
  varianceShare?: number;
  /** Rows per chunk, for the reference thresholds and for chunked scoring. */
  chunkSize?: number;
  /** Threshold band is mean ± k·std of the reference chunks' errors. */
  k?: number;
}

export interface PcaDriftState {
  v: 1;
  kind: 'pca-reconstruction';
  features: string[];
  means: number[];
  scales: number[];
  /** Kept components, one array of length features.length each. */
  components: number[][];
  /** Explained variance ratio of every component, largest first. */
  explainedVarianceRatio: number[];
  threshold: ChunkThreshold;
  chunkSize: number;
}

export interface ChunkError {
  start: number;
  end: number;
  error: number;
  drifted: boolean;
}

/** Columns by feature name, numbers with NaN for missing. */
export type NumericColumns = Record<string, ArrayLike<number>>;

function columnsOf(data: NumericColumns, features: string[]): ArrayLike<number>[] {
  const cols = features.map((f) => {
    const c = data[f];
    if (!c) throw new Error(`PCA reconstruction drift: column ${f} is missing`);
    return c;
  });
  const n = cols[0].length;
  cols.forEach((c, j) => {
    if (c.length !== n) throw new Error(`PCA reconstruction drift: column ${features[j]} has ${c.length} rows, expected ${n}`);
  });
  return cols;
}

/** Number of components sklearn's PCA(n_components=share) keeps: first cumulative ratio > share. */
export function componentsForShare(ratios: number[], share: number): number {
  let cum = 0;
  for (let i = 0; i < ratios.length; i++) {
    cum += ratios[i];
    if (cum > share) return i + 1;
  }
  return ratios.length;
}

export class PcaReconstructionDrift {
  private constructor(private readonly s: PcaDriftState) {}

  /** Fits imputation, standardisation and PCA on the reference and learns thresholds from its chunks. */
  static fit(reference: NumericColumns, features: string[], opts: PcaDriftOptions = {}): PcaReconstructionDrift {
    const { varianceShare = 0.65, chunkSize = 500, k = 3 } = opts;
    if (!(varianceShare > 0 && varianceShare <= 1)) throw new RangeError(`varianceShare must be in (0, 1], got ${varianceShare}`);
    if (features.length < 2) throw new RangeError(`PCA reconstruction drift needs at least 2 features, got ${features.length}`);
    const cols = columnsOf(reference, features);
    const n = cols[0].length;
    const p = features.length;
    const means = cols.map((c, j) => {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < n; i++) if (!Number.isNaN(c[i])) (sum += c[i]), count++;
      if (count === 0) throw new Error(`PCA reconstruction drift: reference column ${features[j]} has no values`);
      return sum / count;
    });
    // Imputed values sit at the mean, so the scale is measured after imputation (sklearn's order).
    const scales = cols.map((c, j) => {
      let ss = 0;
      for (let i = 0; i < n; i++) if (!Number.isNaN(c[i])) ss += (c[i] - means[j]) ** 2;
      const sd = Math.sqrt(ss / n);
      return sd > 0 ? sd : 1; // a constant column carries no information; leave it centred at 0
    });
    const x = standardize(cols, means, scales, 0, n);
    // Eigenvalues of XᵀX are the squared singular values of X, at p×p cost instead of n×p.
    const evd = new EVD(x.transpose().mmul(x), { assumeSymmetric: true });
    const order = evd.realEigenvalues.map((_, i) => i).sort((a, b) => evd.realEigenvalues[b] - evd.realEigenvalues[a]);
    const eig = order.map((i) => Math.max(0, evd.realEigenvalues[i]));
    const total = eig.reduce((a, b) => a + b, 0);
    const explainedVarianceRatio = eig.map((e) => e / total);
    const kept = componentsForShare(explainedVarianceRatio, varianceShare);
    const vectors = evd.eigenvectorMatrix;
    const components = order.slice(0, kept).map((c) => Array.from({ length: p }, (_, j) => vectors.get(j, c)));
    const partial: PcaDriftState = {
      v: 1,
      kind: 'pca-reconstruction',
      features,
      means,
      scales,
      components,
      explainedVarianceRatio,
      threshold: { mean: 0, std: 0, lower: 0, upper: Infinity, chunks: 0 },
      chunkSize,
    };
    const model = new PcaReconstructionDrift(partial);
    const rowErrors = model.rowErrors(reference);
    const learned = learnChunkThreshold(n, chunkSize, (s, e) => meanOf(rowErrors, s, e), {
      lowerMultiplier: k,
      upperMultiplier: k,
      lowerLimit: 0,
    });
    const { values: _values, ...threshold } = learned;
    partial.threshold = threshold;
    return model;
  }

  get componentCount(): number {
    return this.s.components.length;
  }

  get explainedVarianceRatio(): readonly number[] {
    return this.s.explainedVarianceRatio;
  }

  get threshold(): ChunkThreshold {
    return this.s.threshold;
  }

  /** Euclidean distance between each standardised row and its reconstruction from the kept components. */
  rowErrors(data: NumericColumns): Float64Array {
    const cols = columnsOf(data, this.s.features);
    const n = cols[0].length;
    const p = this.s.features.length;
    const out = new Float64Array(n);
    const row = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const v = cols[j][i];
        row[j] = Number.isNaN(v) ? 0 : (v - this.s.means[j]) / this.s.scales[j];
      }
      // Residual = row − Σ_c (row·v_c) v_c, since the kept components are orthonormal.
      const resid = Float64Array.from(row);
      for (const comp of this.s.components) {
        let dot = 0;
        for (let j = 0; j < p; j++) dot += row[j] * comp[j];
        for (let j = 0; j < p; j++) resid[j] -= dot * comp[j];
      }
      let ss = 0;
      for (let j = 0; j < p; j++) ss += resid[j] * resid[j];
      out[i] = Math.sqrt(ss);
    }
    return out;
  }

  /** Mean reconstruction error of the whole data set. */
  error(data: NumericColumns): number {
    const e = this.rowErrors(data);
    return meanOf(e, 0, e.length);
  }

  /** Mean reconstruction error per chunk, each compared with the reference band. */
  chunkErrors(data: NumericColumns, incomplete: IncompleteChunk = 'keep'): ChunkError[] {
    const e = this.rowErrors(data);
    return sizeChunks(e.length, this.s.chunkSize, incomplete).map(([start, end]) => {
      const error = meanOf(e, start, end);
      return { start, end, error, drifted: error < this.s.threshold.lower || error > this.s.threshold.upper };
    });
  }

  toJSON(): PcaDriftState {
    // JSON has no Infinity: an open upper limit cannot occur here (k·std is finite), but be safe.
    return structuredClone(this.s);
  }

  static fromJSON(json: unknown): PcaReconstructionDrift {
    const s = json as PcaDriftState;
    if (typeof s !== 'object' || s === null) throw new TypeError('pca-reconstruction state must be a JSON object');
    if (s.v !== 1) throw new Error(`pca-reconstruction state has version ${String(s.v)}, expected 1`);
    if (s.kind !== 'pca-reconstruction') throw new Error(`state is of kind ${String(s.kind)}, expected pca-reconstruction`);
    const p = s.features?.length;
    if (!p || s.means?.length !== p || s.scales?.length !== p || !s.components?.every((c) => c.length === p)) {
      throw new Error('pca-reconstruction state is inconsistent: features, means, scales and components differ in length');
    }
    return new PcaReconstructionDrift(structuredClone(s));
  }
}

function standardize(cols: ArrayLike<number>[], means: number[], scales: number[], start: number, end: number): Matrix {
  const m = new Matrix(end - start, cols.length);
  for (let j = 0; j < cols.length; j++) {
    for (let i = start; i < end; i++) {
      const v = cols[j][i];
      m.set(i - start, j, Number.isNaN(v) ? 0 : (v - means[j]) / scales[j]);
    }
  }
  return m;
}

function meanOf(xs: Float64Array, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i++) s += xs[i];
  return s / (end - start);
}
