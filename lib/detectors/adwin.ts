import { STATE_VERSION, numberField, openState } from './versioned-state.ts';

export interface AdwinOptions {
  /** Confidence δ of the cut test: smaller means fewer false alarms and slower detection. */
  delta?: number;
  /** Buckets kept per row of the exponential histogram before the oldest two merge (M). */
  maxBuckets?: number;
  /** The cut test runs every `clock` updates; checking every one is costly and rarely needed. */
  clock?: number;
  /** Neither sub-window of a cut may be shorter than this. */
  minWindowLength?: number;
}

export interface AdwinUpdate {
  change: boolean;
  /** Length of the window after this update (and after any cut). */
  width: number;
  /** Mean of the window after this update. */
  mean: number;
}

/** One bucket: the sum of its 2^row elements and their variance times count (M2). */
interface Bucket {
  total: number;
  variance: number;
}

const KIND = 'adwin';

/**
 * ADWIN2 (Bifet & Gavaldà 2007): an adaptive window over a stream, kept as an exponential histogram
 * of buckets, that drops its oldest part whenever two sub-windows have means further apart than
 * the Hoeffding-style bound allows. Memory and time per update are O(M · log(width)).
 */
export class Adwin {
  readonly delta: number;
  readonly maxBuckets: number;
  readonly clock: number;
  readonly minWindowLength: number;
  /** rows[i] holds buckets of 2^i elements each, oldest first. */
  private rows: Bucket[][] = [[]];
  private widthValue = 0;
  private total = 0;
  /** Sum of squared deviations from the window mean (M2). */
  private variance = 0;
  private time = 0;
  private changes = 0;

  constructor({ delta = 0.002, maxBuckets = 5, clock = 32, minWindowLength = 5 }: AdwinOptions = {}) {
    if (!(delta > 0 && delta < 1)) throw new RangeError(`ADWIN delta must be in (0, 1), got ${delta}`);
    if (!(Number.isInteger(maxBuckets) && maxBuckets >= 2)) throw new RangeError(`ADWIN maxBuckets must be an integer ≥ 2, got ${maxBuckets}`);
    if (!(Number.isInteger(clock) && clock >= 1)) throw new RangeError(`ADWIN clock must be an integer ≥ 1, got ${clock}`);
    if (!(minWindowLength >= 1)) throw new RangeError(`ADWIN minWindowLength must be ≥ 1, got ${minWindowLength}`);
    this.delta = delta;
    this.maxBuckets = maxBuckets;
    this.clock = clock;
    this.minWindowLength = minWindowLength;
  }

  get width(): number {
    return this.widthValue;
  }

  get mean(): number {
    return this.widthValue > 0 ? this.total / this.widthValue : 0;
  }

  /** Population variance of the window. */
  get windowVariance(): number {
    return this.widthValue > 0 ? this.variance / this.widthValue : 0;
  }

  /** Changes detected since construction. */
  get detections(): number {
    return this.changes;
  }

  update(x: number): AdwinUpdate {
    if (!Number.isFinite(x)) throw new TypeError(`ADWIN update needs a finite number, got ${x}`);
    this.time++;
    this.insert(x);
    const change = this.time % this.clock === 0 && this.widthValue > this.minWindowLength && this.shrinkOnChange();
    if (change) this.changes++;
    return { change, width: this.widthValue, mean: this.mean };
  }

  private insert(x: number): void {
    if (this.widthValue > 0) {
      const d = x - this.total / this.widthValue;
      this.variance += (this.widthValue * d * d) / (this.widthValue + 1);
    }
    this.widthValue++;
    this.total += x;
    this.rows[0].push({ total: x, variance: 0 });
    this.compress();
  }

  private compress(): void {
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i];
      if (row.length <= this.maxBuckets) break;
      const size = 2 ** i;
      const [a, b] = row.splice(0, 2);
      const d = a.total / size - b.total / size;
      const merged = { total: a.total + b.total, variance: a.variance + b.variance + (size * size * d * d) / (2 * size) };
      if (i + 1 === this.rows.length) this.rows.push([]);
      this.rows[i + 1].push(merged);
    }
  }

  private dropOldestBucket(): number {
    let i = this.rows.length - 1;
    while (i > 0 && this.rows[i].length === 0) i--;
    const size = 2 ** i;
    const b = this.rows[i].shift()!;
    this.widthValue -= size;
    this.total -= b.total;
    if (this.widthValue > 0) {
      const d = b.total / size - this.total / this.widthValue;
      this.variance -= b.variance + (size * this.widthValue * d * d) / (size + this.widthValue);
    } else {
      this.variance = 0;
    }
    while (this.rows.length > 1 && this.rows[this.rows.length - 1].length === 0) this.rows.pop();
    return size;
  }

  /** Drops the oldest buckets while some split of the window shows a significant change. */
  private shrinkOnChange(): boolean {
    let changed = false;
    let again = true;
    while (again) {
      again = false;
      let n0 = 0;
      let n1 = this.widthValue;
      let u0 = 0;
      let u1 = this.total;
      const v = this.variance / this.widthValue;
      const dd = Math.log((2 * Math.log(this.widthValue)) / this.delta);
      // Walk the splits from the oldest bucket towards the newest; the last bucket is never a split.
      scan: for (let i = this.rows.length - 1; i >= 0; i--) {
        const row = this.rows[i];
        const size = 2 ** i;
        for (let k = 0; k < row.length; k++) {
          n0 += size;
          n1 -= size;
          u0 += row[k].total;
          u1 -= row[k].total;
          if (i === 0 && k === row.length - 1) break scan;
          if (n0 > this.minWindowLength + 1 && n1 > this.minWindowLength + 1 && this.cut(n0, n1, u0, u1, v, dd)) {
            changed = true;
            again = this.widthValue > 0;
            if (again) this.dropOldestBucket();
            break scan;
          }
        }
      }
    }
    return changed;
  }

  private cut(n0: number, n1: number, u0: number, u1: number, v: number, dd: number): boolean {
    const diff = Math.abs(u0 / n0 - u1 / n1);
    const m = 1 / (n0 - this.minWindowLength + 1) + 1 / (n1 - this.minWindowLength + 1);
    const epsilon = Math.sqrt(2 * m * v * dd) + (2 / 3) * dd * m;
    return diff > epsilon;
  }

  toJSON() {
    return {
      v: STATE_VERSION,
      kind: KIND,
      options: { delta: this.delta, maxBuckets: this.maxBuckets, clock: this.clock, minWindowLength: this.minWindowLength },
      width: this.widthValue,
      total: this.total,
      variance: this.variance,
      time: this.time,
      changes: this.changes,
      rows: this.rows.map((row) => row.map((b) => [b.total, b.variance])),
    };
  }

  static fromJSON(json: unknown): Adwin {
    const s = openState(json, KIND);
    const d = new Adwin(s.options as AdwinOptions);
    d.widthValue = numberField(s, 'width', KIND);
    d.total = numberField(s, 'total', KIND);
    d.variance = numberField(s, 'variance', KIND);
    d.time = numberField(s, 'time', KIND);
    d.changes = numberField(s, 'changes', KIND);
    if (!Array.isArray(s.rows) || s.rows.length === 0) throw new TypeError('adwin state field rows must be a non-empty array');
    d.rows = (s.rows as unknown[]).map((row, i) => {
      if (!Array.isArray(row)) throw new TypeError(`adwin state rows[${i}] must be an array`);
      return row.map((b, k) => {
        if (!Array.isArray(b) || b.length !== 2 || !b.every((x) => typeof x === 'number' && Number.isFinite(x))) {
          throw new TypeError(`adwin state rows[${i}][${k}] must be [total, variance]`);
        }
        return { total: b[0] as number, variance: b[1] as number };
      });
    });
    let width = 0;
    d.rows.forEach((row, i) => (width += row.length * 2 ** i));
    if (width !== d.widthValue) throw new Error(`adwin state is inconsistent: buckets hold ${width} elements, width says ${d.widthValue}`);
    return d;
  }
}
