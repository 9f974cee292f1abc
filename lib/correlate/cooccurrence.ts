// Which kinds of events tend to happen together: events fall into fixed windows, and each pair of
// kinds gets support, confidence, lift and Jaccard over those windows, kept only when it is
// frequent enough and unlikely under independence (one-sided Fisher exact test).
import { fisherExactGreater } from './fisher-exact.ts';

export interface TimedEvent {
  /** Any time unit, the same as the window. */
  ts: number;
  kind: string;
}

export interface CooccurrenceOptions {
  /** Window length, in the unit of `ts`. */
  window: number;
  /** Start of the first window (default: the earliest event). */
  from?: number;
  /** End of the last window, exclusive (default: just after the latest event). */
  to?: number;
  /** Minimum number of windows holding both kinds. */
  minCount?: number;
  /** Largest p-value kept. */
  alpha?: number;
}

export interface CooccurrencePair {
  a: string;
  b: string;
  /** Windows holding both, holding a, holding b, and all windows. */
  both: number;
  countA: number;
  countB: number;
  windows: number;
  support: number;
  /** P(b in window | a in window) and P(a | b). */
  confidenceAB: number;
  confidenceBA: number;
  lift: number;
  jaccard: number;
  pValue: number;
}

export function cooccurrence(events: readonly TimedEvent[], options: CooccurrenceOptions): CooccurrencePair[] {
  const { window, minCount = 3, alpha = 0.01 } = options;
  if (!(window > 0)) throw new Error(`cooccurrence: window must be positive, got ${window}`);
  if (events.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const e of events) {
    min = Math.min(min, e.ts);
    max = Math.max(max, e.ts);
  }
  const from = options.from ?? min;
  const to = options.to ?? max + window;
  const windows = Math.max(1, Math.ceil((to - from) / window));

  const windowsOf = new Map<string, Set<number>>();
  for (const e of events) {
    if (e.ts < from || e.ts >= to) continue;
    const w = Math.floor((e.ts - from) / window);
    let set = windowsOf.get(e.kind);
    if (!set) windowsOf.set(e.kind, (set = new Set()));
    set.add(w);
  }
  const kinds = [...windowsOf.keys()].sort();
  const pairs: CooccurrencePair[] = [];
  for (let i = 0; i < kinds.length; i++) {
    for (let j = i + 1; j < kinds.length; j++) {
      const A = windowsOf.get(kinds[i]!)!;
      const B = windowsOf.get(kinds[j]!)!;
      let both = 0;
      for (const w of A) if (B.has(w)) both++;
      if (both < minCount) continue;
      const nA = A.size;
      const nB = B.size;
      const pValue = fisherExactGreater(both, nA - both, nB - both, windows - nA - nB + both);
      if (pValue > alpha) continue;
      pairs.push({
        a: kinds[i]!,
        b: kinds[j]!,
        both,
        countA: nA,
        countB: nB,
        windows,
        support: both / windows,
        confidenceAB: both / nA,
        confidenceBA: both / nB,
        lift: (both * windows) / (nA * nB),
        jaccard: both / (nA + nB - both),
        pValue,
      });
    }
  }
  return pairs.sort((x, y) => x.pValue - y.pValue || y.lift - x.lift);
}
