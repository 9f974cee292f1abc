// DOUBLE columns copied straight out of DuckDB's vectors into a Float64Array (NaN for NULL): one
// typed-array copy per chunk instead of one JS call per value, which is what reading millions of
// feature values costs otherwise.
import { DuckDBDoubleVector, type DuckDBVector } from '@duckdb/node-api';

/**
 * A zeroed Float64Array on shared memory: compute worker threads read it where it lies instead
 * of receiving a copy of every million-value column.
 */
export function sharedDoubles(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
}

export function copyDoubles(v: DuckDBVector, out: Float64Array, offset: number, n: number): void {
  if (v instanceof DuckDBDoubleVector) {
    const raw = v as unknown as { items: Float64Array; validity: { data: BigUint64Array | null } };
    out.set(raw.items.subarray(0, n), offset);
    markNulls(out, offset, n, raw.validity.data);
    return;
  }
  for (let i = 0; i < n; i++) {
    const x = v.getItem(i) as number | null;
    out[offset + i] = x === null ? NaN : x;
  }
}

/** DuckDB's validity mask: bit i of the (little-endian) words is 0 where row i is NULL. */
function markNulls(col: Float64Array, offset: number, n: number, mask: BigUint64Array | null): void {
  if (!mask) return;
  const words = new Uint32Array(mask.buffer, mask.byteOffset, Math.ceil(n / 32));
  for (let w = 0; w < words.length; w++) {
    const bits = words[w]!;
    if (bits === 0xffffffff) continue;
    const end = Math.min(32, n - w * 32);
    for (let b = 0; b < end; b++) if ((bits & (1 << b)) === 0) col[offset + w * 32 + b] = NaN;
  }
}
