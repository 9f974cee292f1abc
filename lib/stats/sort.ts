// LSD radix sort of Float64Array on the IEEE-754 bit pattern. Sorting is the floor of every
// rank-based drift statistic on large columns; four 16-bit passes beat the comparison sort ~2×.

const SMALL = 512;

/** Returns a new ascending copy of `values` (which must hold no NaN). -0 sorts before +0. */
export function sortedCopy(values: Float64Array): Float64Array {
  const out = new Float64Array(values);
  sortInPlace(out);
  return out;
}

/** Sorts `values` ascending in place (which must hold no NaN). */
export function sortInPlace(values: Float64Array): void {
  const n = values.length;
  if (n < SMALL) {
    values.sort();
    return;
  }
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  // Map each double to an unsigned key whose order is the numeric order: negative numbers
  // flip every bit, positive ones flip the sign bit.
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]!;
    if (hi & 0x80000000) {
      words[2 * i + 1] = ~hi >>> 0;
      words[2 * i] = ~words[2 * i]! >>> 0;
    } else {
      words[2 * i + 1] = (hi | 0x80000000) >>> 0;
    }
  }
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i]!;
    const hi = words[2 * i + 1]!;
    counts[lo & 0xffff]!++;
    counts[65536 + (lo >>> 16)]!++;
    counts[131072 + (hi & 0xffff)]!++;
    counts[196608 + (hi >>> 16)]!++;
  }
  let src: Uint32Array = words;
  let dst: Uint32Array = new Uint32Array(n * 2);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    // A digit shared by every key needs no pass.
    const firstKeyDigit = digitOf(src, 0, pass);
    if (counts[base + firstKeyDigit] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    const word = pass < 2 ? 0 : 1;
    const shift = pass % 2 === 0 ? 0 : 16;
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i]!;
      const hi = src[2 * i + 1]!;
      const d = ((word === 0 ? lo : hi) >>> shift) & 0xffff;
      const at = counts[base + d]!++;
      dst[2 * at] = lo;
      dst[2 * at + 1] = hi;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== words) words.set(src);
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]!;
    if (hi & 0x80000000) {
      words[2 * i + 1] = (hi & 0x7fffffff) >>> 0;
    } else {
      words[2 * i + 1] = ~hi >>> 0;
      words[2 * i] = ~words[2 * i]! >>> 0;
    }
  }
}

function digitOf(words: Uint32Array, i: number, pass: number): number {
  const w = pass < 2 ? words[2 * i]! : words[2 * i + 1]!;
  return (pass % 2 === 0 ? w : w >>> 16) & 0xffff;
}
