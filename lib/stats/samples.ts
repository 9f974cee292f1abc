// One column's two samples, nulls removed, with the derived forms the tests share (sorted
// copies, bins) computed once on first use.
import { categoricalBins, numericalBins, type BinCounts } from './binning.ts';
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

  /** Categorical samples as category keys. */
  static categorical(reference: string[], current: string[]): ColumnSamples {
    return new ColumnSamples('categorical', null, null, reference, current);
  }

  get referenceSize(): number {
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
        : categoricalBins(this.categoricalReference!, this.categoricalCurrent!);
    return this.binCache;
  }
}
