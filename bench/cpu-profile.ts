// Where a process's main thread spent its time, from a V8 `.cpuprofile` (node --cpu-prof): every
// sample goes to the first of the given categories that one of its frames matches, walking from
// the innermost frame outwards, so time spent in a library called from our code counts for the
// library's category when it has one and for the calling code's otherwise. DuckDB's own threads
// do not appear: while the main thread waits on them it shows as idle.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Category {
  name: string;
  match: (frame: { functionName: string; url: string }) => boolean;
}

/**
 * Milliseconds per category (and `other`), over the samples of one span of the profile: `window`
 * says where it ends (this long before the profile ends) and how long it is; without it, all.
 */
export function profileBreakdown(path: string, categories: readonly Category[], window?: { endsBeforeEndMs: number; lengthMs: number }): Map<string, number> {
  const p = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  // The category of each node is decided once: its own frame's, else its caller's.
  const memo = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const own = categories.find((c) => c.match(node.callFrame))?.name;
    const up = parent.get(id);
    const cat = own ?? (up === undefined ? 'other' : categoryOf(up));
    memo.set(id, cat);
    return cat;
  };
  const out = new Map<string, number>();
  const to = window ? p.endTime - window.endsBeforeEndMs * 1000 : Infinity;
  const from = window ? to - window.lengthMs * 1000 : -Infinity;
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    if (t < from || t > to) continue;
    const cat = categoryOf(p.samples[i]!);
    out.set(cat, (out.get(cat) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  }
  return out;
}
