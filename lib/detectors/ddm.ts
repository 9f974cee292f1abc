import { STATE_VERSION, nullableNumberField, numberField, openState } from './versioned-state.ts';

export interface DdmOptions {
  /** Predictions to see before a warning or drift may be signalled (Gama et al. use 30). */
  minInstances?: number;
  /** Warning when p + s ≥ p_min + warningLevel · s_min. */
  warningLevel?: number;
  /** Drift when p + s ≥ p_min + driftLevel · s_min. */
  driftLevel?: number;
}

export interface DdmUpdate {
  change: boolean;
  warning: boolean;
  /** Error rate p and its standard deviation s before this update's reset, if any. */
  errorRate: number;
  std: number;
}

const KIND = 'ddm';

/**
 * Drift Detection Method (Gama, Medas, Castillo, Rodrigues 2004) on a stream of prediction
 * outcomes: 1 (or true) for an error, 0 for a correct prediction. The error rate is a binomial
 * proportion; drift is a rise of p + s well above the lowest p + s seen.
 */
export class Ddm {
  readonly minInstances: number;
  readonly warningLevel: number;
  readonly driftLevel: number;
  private n = 0;
  private p = 0;
  // Null until a point with s > 0 is seen: with no errors (or only errors) yet, s = 0 and a
  // minimum recorded there would turn the very first change of outcome into a drift.
  private pMin: number | null = null;
  private sMin: number | null = null;

  constructor({ minInstances = 30, warningLevel = 2, driftLevel = 3 }: DdmOptions = {}) {
    if (!(minInstances >= 1)) throw new RangeError(`DDM minInstances must be ≥ 1, got ${minInstances}`);
    if (!(warningLevel > 0 && driftLevel > warningLevel)) {
      throw new RangeError(`DDM needs 0 < warningLevel < driftLevel, got ${warningLevel} and ${driftLevel}`);
    }
    this.minInstances = minInstances;
    this.warningLevel = warningLevel;
    this.driftLevel = driftLevel;
  }

  get count(): number {
    return this.n;
  }

  update(error: number | boolean): DdmUpdate {
    const x = typeof error === 'boolean' ? (error ? 1 : 0) : error;
    if (x !== 0 && x !== 1) throw new TypeError(`DDM update needs 0/1 or a boolean (1 = error), got ${error}`);
    this.n++;
    this.p += (x - this.p) / this.n;
    const s = Math.sqrt((this.p * (1 - this.p)) / this.n);
    const result: DdmUpdate = { change: false, warning: false, errorRate: this.p, std: s };
    if (this.n < this.minInstances) return result;
    if (s > 0 && (this.pMin === null || this.p + s < this.pMin + this.sMin!)) {
      this.pMin = this.p;
      this.sMin = s;
    }
    if (this.pMin === null) return result;
    const level = this.p + s;
    if (level >= this.pMin + this.driftLevel * this.sMin!) {
      result.change = true;
      this.reset();
    } else if (level >= this.pMin + this.warningLevel * this.sMin!) {
      result.warning = true;
    }
    return result;
  }

  reset(): void {
    this.n = 0;
    this.p = 0;
    this.pMin = this.sMin = null;
  }

  toJSON() {
    return {
      v: STATE_VERSION,
      kind: KIND,
      options: { minInstances: this.minInstances, warningLevel: this.warningLevel, driftLevel: this.driftLevel },
      n: this.n,
      p: this.p,
      pMin: this.pMin,
      sMin: this.sMin,
    };
  }

  static fromJSON(json: unknown): Ddm {
    const s = openState(json, KIND);
    const d = new Ddm(s.options as DdmOptions);
    d.n = numberField(s, 'n', KIND);
    d.p = numberField(s, 'p', KIND);
    d.pMin = nullableNumberField(s, 'pMin', KIND);
    d.sMin = nullableNumberField(s, 'sMin', KIND);
    return d;
  }
}
