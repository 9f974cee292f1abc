import { STATE_VERSION, numberField, openState } from './versioned-state.ts';

export type ShiftDirection = 'up' | 'down' | 'both';

export interface PageHinkleyOptions {
  /** Magnitude of change tolerated without counting against the mean. */
  delta?: number;
  /** λ: the cumulative deviation that signals a change. */
  lambda?: number;
  /** Fading factor for the cumulative sums; 1 keeps the classic, unfaded test. */
  alpha?: number;
  /** Observations to see before a change may be signalled. */
  minInstances?: number;
  /** Which shift of the mean to watch for; 'up' suits error and loss streams. */
  direction?: ShiftDirection;
}

export interface PageHinkleyUpdate {
  change: boolean;
  /** Set when `change`: the way the mean moved. */
  direction?: 'up' | 'down';
  /** The larger of the two test statistics (m_T − M_T), to compare against λ. */
  statistic: number;
}

const KIND = 'page-hinkley';

/**
 * Page–Hinkley test for a shift in the mean of a stream (Page 1954, as used for concept drift
 * by Gama et al.). After a change the detector restarts, so it measures against the new regime.
 */
export class PageHinkley {
  readonly delta: number;
  readonly lambda: number;
  readonly alpha: number;
  readonly minInstances: number;
  readonly direction: ShiftDirection;
  private n = 0;
  private mean = 0;
  private sumUp = 0;
  private minUp = 0;
  private sumDown = 0;
  private minDown = 0;

  constructor({ delta = 0.005, lambda = 50, alpha = 1 - 1e-4, minInstances = 30, direction = 'up' }: PageHinkleyOptions = {}) {
    if (!(delta >= 0)) throw new RangeError(`Page-Hinkley delta must be ≥ 0, got ${delta}`);
    if (!(lambda > 0)) throw new RangeError(`Page-Hinkley lambda must be > 0, got ${lambda}`);
    if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`Page-Hinkley alpha must be in (0, 1], got ${alpha}`);
    if (!(minInstances >= 1)) throw new RangeError(`Page-Hinkley minInstances must be ≥ 1, got ${minInstances}`);
    if (!['up', 'down', 'both'].includes(direction)) throw new RangeError(`Page-Hinkley direction must be up, down or both, got ${direction}`);
    this.delta = delta;
    this.lambda = lambda;
    this.alpha = alpha;
    this.minInstances = minInstances;
    this.direction = direction;
  }

  /** Observations since the start or the last change. */
  get count(): number {
    return this.n;
  }

  /** Mean of the observations since the start or the last change. */
  get estimation(): number {
    return this.mean;
  }

  update(x: number): PageHinkleyUpdate {
    if (!Number.isFinite(x)) throw new TypeError(`Page-Hinkley update needs a finite number, got ${x}`);
    this.n++;
    this.mean += (x - this.mean) / this.n;
    this.sumUp = this.alpha * this.sumUp + (x - this.mean - this.delta);
    this.sumDown = this.alpha * this.sumDown + (this.mean - x - this.delta);
    this.minUp = Math.min(this.minUp, this.sumUp);
    this.minDown = Math.min(this.minDown, this.sumDown);
    const up = this.direction === 'down' ? 0 : this.sumUp - this.minUp;
    const down = this.direction === 'up' ? 0 : this.sumDown - this.minDown;
    const statistic = Math.max(up, down);
    if (this.n < this.minInstances || statistic <= this.lambda) return { change: false, statistic };
    this.reset();
    return { change: true, direction: up >= down ? 'up' : 'down', statistic };
  }

  reset(): void {
    this.n = 0;
    this.mean = 0;
    this.sumUp = this.minUp = this.sumDown = this.minDown = 0;
  }

  toJSON() {
    return {
      v: STATE_VERSION,
      kind: KIND,
      options: { delta: this.delta, lambda: this.lambda, alpha: this.alpha, minInstances: this.minInstances, direction: this.direction },
      n: this.n,
      mean: this.mean,
      sumUp: this.sumUp,
      minUp: this.minUp,
      sumDown: this.sumDown,
      minDown: this.minDown,
    };
  }

  static fromJSON(json: unknown): PageHinkley {
    const s = openState(json, KIND);
    const d = new PageHinkley(s.options as PageHinkleyOptions);
    d.n = numberField(s, 'n', KIND);
    d.mean = numberField(s, 'mean', KIND);
    d.sumUp = numberField(s, 'sumUp', KIND);
    d.minUp = numberField(s, 'minUp', KIND);
    d.sumDown = numberField(s, 'sumDown', KIND);
    d.minDown = numberField(s, 'minDown', KIND);
    return d;
  }
}
