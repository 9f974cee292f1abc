// Reference against current, per column, in a form a chart draws: shares per common bin for
// numbers (edges over both sides' finite range), shares per category for the rest (the most
// frequent categories of both sides, the others summed). Pure.
import { isProfile, type ColumnProfile } from './profile.ts';

export type Values = Float64Array | (string | number | boolean | null)[];

export interface Distribution {
  kind: 'numeric' | 'categorical';
  /** Bin labels: `lo` edges for numbers, category names otherwise. */
  labels: string[];
  edges?: number[];
  reference: number[];
  current: number[];
}

export function distributionOf(reference: Values | ColumnProfile, current: Values, bins = 30, maxCategories = 20): Distribution {
  if (isProfile(reference)) {
    // The sorted values count as the column itself (order does not matter to a histogram).
    if (reference.profile === 'numbers') return distributionOf(reference.sorted, current, bins, maxCategories);
    return categorical(reference.counts, current, maxCategories);
  }
  if (reference instanceof Float64Array && current instanceof Float64Array) return numeric(reference, current, bins);
  return categorical(reference, current, maxCategories);
}

function numeric(ref: Float64Array, cur: Float64Array, bins: number): Distribution {
  let lo = Infinity;
  let hi = -Infinity;
  for (const col of [ref, cur]) for (const x of col) if (Number.isFinite(x)) (x < lo && (lo = x), x > hi && (hi = x));
  if (!Number.isFinite(lo)) return { kind: 'numeric', labels: [], edges: [], reference: [], current: [] };
  const n = hi > lo ? bins : 1;
  const width = hi > lo ? (hi - lo) / n : 1;
  const count = (col: Float64Array) => {
    const c = new Array<number>(n).fill(0);
    let total = 0;
    for (const x of col) {
      if (!Number.isFinite(x)) continue;
      c[Math.min(n - 1, Math.floor((x - lo) / width))]!++;
      total++;
    }
    return c.map((v) => (total ? v / total : 0));
  };
  const edges = Array.from({ length: n + 1 }, (_, i) => lo + i * width);
  return { kind: 'numeric', labels: edges.slice(0, n).map((e) => String(+e.toPrecision(4))), edges, reference: count(ref), current: count(cur) };
}

function categorical(ref: Values | [string, number][], cur: Values, max: number): Distribution {
  const counts = (col: Values | [string, number][]) => {
    if (Array.isArray(col) && col.length && Array.isArray(col[0])) {
      const pairs = col as [string, number][];
      return { m: new Map(pairs), total: pairs.reduce((n, [, c]) => n + c, 0) };
    }
    col = col as Values;
    const m = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
      const k = String(v);
      m.set(k, (m.get(k) ?? 0) + 1);
      total++;
    }
    return { m, total };
  };
  const r = counts(ref);
  const c = counts(cur);
  const all = new Map<string, number>();
  for (const [k, v] of r.m) all.set(k, (all.get(k) ?? 0) + v / (r.total || 1));
  for (const [k, v] of c.m) all.set(k, (all.get(k) ?? 0) + v / (c.total || 1));
  const ranked = [...all.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
  const shown = ranked.slice(0, max);
  const share = (x: { m: Map<string, number>; total: number }) => {
    const out = shown.map((k) => (x.total ? (x.m.get(k) ?? 0) / x.total : 0));
    if (ranked.length > max) out.push(x.total ? ranked.slice(max).reduce((s, k) => s + (x.m.get(k) ?? 0), 0) / x.total : 0);
    return out;
  };
  return { kind: 'categorical', labels: ranked.length > max ? [...shown, `(${ranked.length - max} others)`] : shown, reference: share(r), current: share(c) };
}
