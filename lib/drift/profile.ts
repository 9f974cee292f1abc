// A reference column's profile: the exact compact form every drift statistic needs, computed
// once per reference version and reused by every run, so a run reads only its current window.
// Numbers keep all their non-null values sorted (KS, Wasserstein, quantile bins and the
// explanation read nothing else) and, when there are at most MAX_CATEGORICAL_NUMBERS distinct
// values, those in first-seen order (the categorical tests' category order). Other values keep
// their category counts in first-seen order. Results from a profile are bit-identical to
// results from the raw column. Pure; encode/decode give the bytes the store keeps.
import { countBelow } from '../stats/binning.ts';
import { sortedCopy } from '../stats/sort.ts';
import type { ColumnValues } from './column.ts';

/** A column is numerical only with more than this many distinct values. */
export const MAX_CATEGORICAL_NUMBERS = 5;

export type ValueType = 'number' | 'string' | 'boolean';

export type ColumnProfile =
  | { profile: 'numbers'; length: number; nulls: number; sorted: Float64Array; firstSeen: number[] | null }
  | { profile: 'values'; length: number; nulls: number; types: ValueType[]; counts: [string, number][] };

export function isProfile(v: unknown): v is ColumnProfile {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && 'profile' in v;
}

/** The bytes are little-endian float64: on little-endian machines (all that Node runs on in practice) they are copied as they are. */
const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

const isNull = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** The profile of one column, as the drift report reads it. */
export function profileColumn(values: ColumnValues): ColumnProfile {
  let numbers: Float64Array | null = null;
  if (values instanceof Float64Array) numbers = values;
  else if (values.every((v) => isNull(v) || typeof v === 'number')) numbers = Float64Array.from(values, (v) => (isNull(v) ? NaN : (v as number)));
  if (numbers) {
    let nonNull = 0;
    for (let i = 0; i < numbers.length; i++) if (numbers[i] === numbers[i]) nonNull++;
    const kept = new Float64Array(nonNull);
    const seen = new Set<number>();
    let k = 0;
    for (let i = 0; i < numbers.length; i++) {
      const x = numbers[i]!;
      if (x !== x) continue;
      kept[k++] = x;
      if (seen.size <= MAX_CATEGORICAL_NUMBERS) seen.add(x);
    }
    return { profile: 'numbers', length: numbers.length, nulls: numbers.length - nonNull, sorted: sortedCopy(kept), firstSeen: seen.size <= MAX_CATEGORICAL_NUMBERS ? [...seen] : null };
  }
  const types = new Set<ValueType>();
  const counts = new Map<string, number>();
  let nulls = 0;
  for (const v of values as readonly unknown[]) {
    if (isNull(v)) {
      nulls++;
      continue;
    }
    types.add(typeof v as ValueType);
    const key = String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { profile: 'values', length: values.length, nulls, types: [...types].sort(), counts: [...counts] };
}

/** Counts of each distinct value of a sorted array, for the given values (each present). */
export function sortedCounts(sorted: Float64Array, values: number[]): number[] {
  return values.map((v) => countAtMost(sorted, v) - countBelow(sorted, v));
}

/** Number of values at most v in an ascending array (countBelow's companion). */
function countAtMost(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Bytes of a profile: a 4-byte header length, a JSON header, padding to 8 bytes, then the
 * sorted values as little-endian float64 (numbers only).
 */
export function encodeProfile(p: ColumnProfile): Uint8Array {
  const header = p.profile === 'numbers' ? { ...p, sorted: p.sorted.length } : p;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((4 + json.length) / 8) * 8;
  const values = p.profile === 'numbers' ? p.sorted.length : 0;
  const out = new Uint8Array(start + values * 8);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  if (p.profile === 'numbers') {
    if (littleEndian) out.set(new Uint8Array(p.sorted.buffer, p.sorted.byteOffset, values * 8), start);
    else {
      const view = new DataView(out.buffer, start);
      for (let i = 0; i < values; i++) view.setFloat64(i * 8, p.sorted[i]!, true);
    }
  }
  return out;
}

export function decodeProfile(bytes: Uint8Array): ColumnProfile {
  if (bytes.length < 4) throw new Error('reference profile: too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = dv.getUint32(0, true);
  if (4 + n > bytes.length) throw new Error('reference profile: header runs past the end');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + n))) as ColumnProfile & { sorted: number };
  if (header.profile === 'values') return header;
  if (header.profile !== 'numbers') throw new Error(`reference profile: unknown kind ${String((header as { profile: unknown }).profile)}`);
  const start = Math.ceil((4 + n) / 8) * 8;
  if (start + header.sorted * 8 !== bytes.length) throw new Error(`reference profile: ${header.sorted} values announced, ${(bytes.length - start) / 8} stored`);
  let sorted: Float64Array;
  if (littleEndian) {
    // One copy into an aligned buffer (a file's bytes may start anywhere in a pooled buffer).
    sorted = new Float64Array(header.sorted);
    new Uint8Array(sorted.buffer).set(bytes.subarray(start, start + header.sorted * 8));
  } else {
    sorted = new Float64Array(header.sorted);
    for (let i = 0; i < sorted.length; i++) sorted[i] = dv.getFloat64(start + i * 8, true);
  }
  return { ...header, sorted };
}

/** A whole reference as profiles: what `sidewatch profile` writes and `drift --reference-profile` reads. */
export interface ProfileSet {
  rows: number;
  /** The reference's data version (sha256 of the file it was made from). */
  version: string;
  source: string;
  columns: Record<string, ColumnProfile>;
}

const MAGIC = 'sidewatch-reference-profile';

/** One file: a 4-byte header length, a JSON header naming each column's byte range, then the column profiles. */
export function encodeProfileSet(set: ProfileSet): Uint8Array {
  const parts = Object.entries(set.columns).map(([name, p]) => ({ name, bytes: encodeProfile(p) }));
  let offset = 0;
  const columns = parts.map((p) => {
    const entry = { name: p.name, offset, length: p.bytes.length };
    offset += Math.ceil(p.bytes.length / 8) * 8;
    return entry;
  });
  const json = new TextEncoder().encode(JSON.stringify({ format: MAGIC, v: 1, rows: set.rows, version: set.version, source: set.source, columns }));
  const start = Math.ceil((4 + json.length) / 8) * 8;
  const out = new Uint8Array(start + offset);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  parts.forEach((p, i) => out.set(p.bytes, start + columns[i]!.offset));
  return out;
}

export function decodeProfileSet(bytes: Uint8Array): ProfileSet {
  const fail = (why: string) => new Error(`not a reference profile (write one with sidewatch profile): ${why}`);
  if (bytes.length < 4) throw fail('file too short');
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + n > bytes.length) throw fail('header runs past the end of the file');
  let header: { format?: string; v?: number; rows: number; version: string; source: string; columns: { name: string; offset: number; length: number }[] };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + n)));
  } catch {
    throw fail('header is not JSON');
  }
  if (header.format !== MAGIC) throw fail('wrong format marker');
  if (header.v !== 1) throw fail(`format version ${String(header.v)}, this build reads 1`);
  const start = Math.ceil((4 + n) / 8) * 8;
  const columns: Record<string, ColumnProfile> = {};
  for (const c of header.columns) {
    if (start + c.offset + c.length > bytes.length) throw fail(`column "${c.name}" runs past the end of the file`);
    columns[c.name] = decodeProfile(bytes.subarray(start + c.offset, start + c.offset + c.length));
  }
  return { rows: header.rows, version: header.version, source: header.source, columns };
}
