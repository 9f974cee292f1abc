// One column's two samples, nulls removed, with the derived forms the tests share (sorted
// copies, bins) computed once on first use.
import { categoricalBins, categoricalBinsFromCounts, numericalBins, type BinCounts } from './binning.ts';
import type { ColumnKind } from './descriptor.ts';
import { sortedCopy } from './sort.ts';

export class ColumnSamples {
  private sortedRef?: Float64Array;
  private sortedCur?: Float64Array;
  private binCache?: BinCounts;

  private constructor(
    readonly kind: ColumnKind,
    readonly numericReference: Float64Array | null,
    readonly numericCurrent: Float64Array | null,
    readonly categoricalReference: string[] | null,
    readonly categoricalCurrent: string[] | null,
  ) {}

  /** Numerical samples (no NaN). */
  static numerical(reference: Float64Array, current: Float64Array): ColumnSamples {
    return new ColumnSamples('numerical', reference, current, null, null);
  }

  /** Numerical samples whose reference is already sorted (a reference profile): it is not sorted again. */
  static numericalSorted(sortedReference: Float64Array, current: Float64Array): ColumnSamples {
    const s = new ColumnSamples('numerical', sortedReference, current, null, null);
    s.sortedRef = sortedReference;
    return s;
  }

  /** Categorical samples as category keys. */
  static categorical(reference: string[], current: string[]): ColumnSamples {
    return new ColumnSamples('categorical', null, null, reference, current);
  }

  /**
   * Categorical samples whose reference is given as category counts in first-seen order (a
   * reference profile): the bins are those `categorical` builds from the keys themselves.
   */
  static categoricalCounts(reference: readonly (readonly [string, number])[], current: string[]): ColumnSamples {
    const s = new ColumnSamples('categorical', null, null, null, current);
    s.referenceCounts = reference;
    return s;
  }

  private referenceCounts?: readonly (readonly [string, number])[];

  get referenceSize(): number {
    if (this.referenceCounts) return this.referenceCounts.reduce((n, [, c]) => n + c, 0);
    return this.numericReference?.length ?? this.categoricalReference!.length;
  }

  get currentSize(): number {
    return this.numericCurrent?.length ?? this.categoricalCurrent!.length;
  }

  sortedReference(): Float64Array {
    if (!this.numericReference) throw new Error('a numerical test was run on a categorical column');
    return (this.sortedRef ??= sortedCopy(this.numericReference));
  }

  sortedCurrent(): Float64Array {
    if (!this.numericCurrent) throw new Error('a numerical test was run on a categorical column');
    return (this.sortedCur ??= sortedCopy(this.numericCurrent));
  }

  bins(): BinCounts {
    if (this.binCache) return this.binCache;
    this.binCache =
      this.kind === 'numerical'
        ? numericalBins(this.sortedReference(), this.sortedCurrent())
        : this.referenceCounts
          ? categoricalBinsFromCounts(this.referenceCounts, this.categoricalCurrent!)
          : categoricalBins(this.categoricalReference!, this.categoricalCurrent!);
    return this.binCache;
  }
}
