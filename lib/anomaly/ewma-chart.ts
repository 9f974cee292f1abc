import { medianAndMad } from '../robust/mad.ts';
import { crosses, directionOf, flooredScale, type DirectionFilter, type ScaleFloor, type ScoredAnomaly } from './scored-anomaly.ts';

export interface EwmaChartOptions {
  /** Weight of the newest point, 0 < λ ≤ 1; small λ finds small persistent shifts. */
  lambda?: number;
  /** Width of the control limits in standard deviations of the EWMA statistic. */
  width?: number;
  direction?: DirectionFilter;
}

export interface EwmaUpdate {
  /** The smoothed statistic z_t = λx_t + (1 − λ)z_{t−1}. */
  statistic: number;
  lower: number;
  upper: number;
  /** (z_t − center) / σ_z(t). */
  score: number;
  outOfControl: boolean;
}

const KIND = 'ewma-chart';

/**
 * EWMA control chart (Roberts 1959) around a known in-control mean and σ, with the exact
 * time-varying limits center ± L·σ·sqrt(λ/(2−λ)·(1 − (1−λ)^{2t})), so early points are not
 * judged by the asymptotic width.
 */
export class EwmaChart {
  readonly center: number;
  readonly sigma: number;
  readonly lambda: number;
  readonly width: number;
  readonly direction: DirectionFilter;
  private z: number;
  private t = 0;

  constructor(center: number, sigma: number, { lambda = 0.2, width = 3, direction = 'both' }: EwmaChartOptions = {}) {
    if (!Number.isFinite(center)) throw new RangeError(`EWMA chart center must be finite, got ${center}`);
    if (!(sigma > 0)) throw new RangeError(`EWMA chart sigma must be > 0, got ${sigma}`);
    if (!(lambda > 0 && lambda <= 1)) throw new RangeError(`EWMA lambda must be in (0, 1], got ${lambda}`);
    if (!(width > 0)) throw new RangeError(`EWMA limit width must be > 0, got ${width}`);
    this.center = center;
    this.sigma = sigma;
    this.lambda = lambda;
    this.width = width;
    this.direction = direction;
    this.z = center;
  }

  update(x: number): EwmaUpdate {
    if (!Number.isFinite(x)) throw new TypeError(`EWMA update needs a finite number, got ${x}`);
    this.t++;
    this.z = this.lambda * x + (1 - this.lambda) * this.z;
    const sz = this.sigma * Math.sqrt((this.lambda / (2 - this.lambda)) * (1 - (1 - this.lambda) ** (2 * this.t)));
    const score = (this.z - this.center) / sz;
    return {
      statistic: this.z,
      lower: this.center - this.width * sz,
      upper: this.center + this.width * sz,
      score,
      outOfControl: crosses(score, this.width, this.direction),
    };
  }

  toJSON() {
    return {
      v: 1 as const,
      kind: KIND,
      center: this.center,
      sigma: this.sigma,
      options: { lambda: this.lambda, width: this.width, direction: this.direction },
      z: this.z,
      t: this.t,
    };
  }

  static fromJSON(json: unknown): EwmaChart {
    const s = json as ReturnType<EwmaChart['toJSON']>;
    if (typeof s !== 'object' || s === null) throw new TypeError('ewma-chart state must be a JSON object');
    if (s.v !== 1) throw new Error(`ewma-chart state has version ${String(s.v)}, expected 1`);
    if (s.kind !== KIND) throw new Error(`state is of kind ${String(s.kind)}, expected ${KIND}`);
    const c = new EwmaChart(s.center, s.sigma, s.options);
    if (!Number.isFinite(s.z) || !(s.t >= 0)) throw new TypeError('ewma-chart state fields z and t must be numbers');
    c.z = s.z;
    c.t = s.t;
    return c;
  }
}

export interface DetectEwmaOptions extends EwmaChartOptions, ScaleFloor {
  /** Leading points from which center (median) and σ (MAD) are estimated; they are not scored.
   * The center's error must be small beside σ·sqrt(λ/(2−λ)), hence a long default. */
  warmup?: number;
}

/** Fits a chart on the first `warmup` points robustly, then reports every out-of-control point after. */
export function detectEwma(values: ArrayLike<number>, opts: DetectEwmaOptions = {}): ScoredAnomaly[] {
  const { warmup = 200 } = opts;
  if (values.length <= warmup) return [];
  const { median, mad } = medianAndMad(Array.prototype.slice.call(values, 0, warmup) as number[]);
  const chart = new EwmaChart(median, flooredScale(mad, median, opts), opts);
  const out: ScoredAnomaly[] = [];
  for (let i = warmup; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    const r = chart.update(values[i]);
    if (!r.outOfControl) continue;
    out.push({
      index: i,
      observed: values[i],
      expected: chart.center,
      score: r.score,
      lower: r.lower,
      upper: r.upper,
      direction: directionOf(r.score),
      method: 'ewma',
    });
  }
  return out;
}
