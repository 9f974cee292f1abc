// The mining algorithm: Drain's fixed-depth prefix tree (token count, then first token) with a
// token-similarity match, plus three rules Drain lacks:
//  - two different plain words at a position never merge on sight: a word position becomes a
//    parameter only once `minDistinctWords` templates differ there and nowhere else (so
//    `VM Started` / `VM Paused` and `cache hit` / `cache miss` stay apart, while a position that
//    shows many user names becomes `<*>`). Tokens with digits, masks or identifier punctuation
//    are parameters as soon as they differ, as in Drain.
//  - when a template generalizes, the more specific templates it now covers are merged into it
//    and their ids become aliases, so ids handed out earlier keep resolving.
//  - a token whose value varies keeps what surrounds the value: its field name (`rhost=<*>`,
//    so `rhost=<*>` and `rhost=<*> user=<*>` stay two templates) or its brackets (`(<*>)`).
//  - a variable-length parameter at the end of a message (a free-text reason, a command line) is
//    one elastic slot: templates that share a long prefix and differ only in a short tail of
//    different lengths merge into one template whose slot takes one or more tokens.
// Pure: no I/O, no clocks; memory is bounded by evicting the least recently used templates.
import type { TokenizedLine } from './tokenize.ts';
import { templateId } from './template-id.ts';

/** A parameter slot in a template. A literal `<*>` token in a message also matches any token. */
export const WILDCARD = '<*>';
/** A slot that takes one or more tokens. */
export const ELASTIC = '<*…>';

export interface MinerOptions {
  /** Share of a template's positions a line must agree with to join it (Drain's sim_th). */
  similarity: number;
  /** Distinct plain words a position must show before it becomes a parameter. */
  minDistinctWords: number;
  /** Templates kept; beyond this the least recently used are evicted. */
  maxClusters: number;
  /** Shortest common prefix+suffix (share of the longer template) for a variable-length merge. */
  elasticCoverage: number;
  /** Longest middle, in tokens, that a variable-length slot replaces when it is first formed. */
  elasticMaxMiddle: number;
}

export const DEFAULT_MINER_OPTIONS: MinerOptions = {
  similarity: 0.5,
  minDistinctWords: 5,
  maxClusters: 50_000,
  elasticCoverage: 0.6,
  elasticMaxMiddle: 4,
};

export interface Cluster {
  id: string;
  /** Template tokens; WILDCARD for one-token parameters, ELASTIC for the variable-length slot. */
  tokens: string[];
  /** 1 where the token is a constant plain word. */
  plain: Uint8Array;
  count: number;
  /** Tick of the last line that matched (for LRU eviction). */
  lastSeen: number;
  /** Tick when created (the oldest template survives a merge). */
  created: number;
  text: string;
  leaf: string;
}

export type MinerEvent =
  | { type: 'created'; cluster: Cluster }
  | { type: 'changed'; cluster: Cluster }
  | { type: 'merged'; cluster: Cluster; mergedIds: string[] }
  | { type: 'evicted'; ids: string[] };

export type Change = 'created' | 'changed' | 'none';

export interface MineResult {
  cluster: Cluster;
  change: Change;
}

export interface MinerState {
  tick: number;
  clusters: { id: string; tokens: string[]; plain: string; count: number; lastSeen: number; created: number }[];
  aliases: [string, string][];
}

const ELASTIC_LEAF = '~elastic';
const KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*=/;
// Not `<` and `>`: those are the marks' own (`<NUM>` against `<TS>` is no shared bracket).
const OPENERS = '([{"\'';
const CLOSERS = ')]}"\',;:.';

/** `key=` of a `key=value` token (value non-empty), or null. */
function keyPrefix(t: string): string | null {
  const m = KEY_RE.exec(t);
  return m && t.length > m[0].length ? m[0] : null;
}

/**
 * A shaped slot keeps what two tokens share around their differing value: the field name
 * (`rhost=<*>`) or the brackets (`(<*>)`, `[<*>],`). Returns [prefix, suffix], or null.
 */
function slotShape(t: string): [string, string] | null {
  const at = t.indexOf(WILDCARD);
  if (at < 0 || t === WILDCARD || t.indexOf(WILDCARD, at + 1) >= 0) return null;
  return [t.slice(0, at), t.slice(at + WILDCARD.length)];
}

/** Whether template token `x` takes line token `y`. */
function fits(x: string, y: string): boolean {
  if (x === WILDCARD || x === y) return true;
  const shape = slotShape(x);
  if (!shape) return false;
  const [p, q] = shape;
  // A field needs a value (`rhost=` alone is another message); brackets may be empty (`()`).
  const min = p.length + q.length + (p.endsWith('=') ? 1 : 0);
  return y.length >= min && y.startsWith(p) && y.endsWith(q) && y !== WILDCARD;
}

/** The most specific template token that takes both: itself, a shaped slot, or WILDCARD. */
function generalize(x: string, y: string): string {
  if (x === y) return x;
  if (x === WILDCARD || y === WILDCARD) return WILDCARD;
  if (slotShape(x)) return fits(x, y) ? x : WILDCARD;
  if (slotShape(y)) return fits(y, x) ? y : WILDCARD;
  const k = keyPrefix(x);
  if (k !== null && y.length > k.length && y.startsWith(k)) return k + WILDCARD;
  let p = 0;
  while (p < x.length && p < y.length && x[p] === y[p] && OPENERS.includes(x[p]!)) p++;
  let q = 0;
  while (q < x.length - p && q < y.length - p && x[x.length - 1 - q] === y[y.length - 1 - q] && CLOSERS.includes(x[x.length - 1 - q]!)) q++;
  return p + q > 0 ? x.slice(0, p) + WILDCARD + x.slice(x.length - q) : WILDCARD;
}

function render(tokens: string[]): string {
  return tokens.join(' ');
}

export class PrefixTreeMiner {
  readonly options: MinerOptions;
  private readonly leaves = new Map<string, Cluster[]>();
  /** Leaf keys per token count, to find every template of one length. */
  private readonly leafKeysByLength = new Map<number, Set<string>>();
  /** Elastic templates by first token (or WILDCARD). */
  private readonly elastic = new Map<string, Cluster[]>();
  private readonly byId = new Map<string, Cluster>();
  private readonly aliases = new Map<string, string>();
  private tick = 0;
  private readonly onEvent: ((e: MinerEvent) => void) | undefined;

  constructor(options: Partial<MinerOptions> = {}, onEvent?: (e: MinerEvent) => void) {
    this.options = { ...DEFAULT_MINER_OPTIONS, ...options };
    const o = this.options;
    if (!(o.similarity >= 0 && o.similarity <= 1)) throw new Error(`similarity must be in [0, 1], got ${o.similarity}`);
    if (!(o.minDistinctWords >= 2)) throw new Error(`minDistinctWords must be at least 2, got ${o.minDistinctWords}`);
    if (!(o.maxClusters >= 1)) throw new Error(`maxClusters must be at least 1, got ${o.maxClusters}`);
    this.onEvent = onEvent;
  }

  get size(): number {
    return this.byId.size;
  }

  clusters(): IterableIterator<Cluster> {
    return this.byId.values();
  }

  /** The live template for an id, following merges. */
  resolve(id: string): Cluster | undefined {
    let cur = id;
    for (let hops = 0; hops < 64; hops++) {
      const c = this.byId.get(cur);
      if (c) return c;
      const next = this.aliases.get(cur);
      if (next === undefined) return undefined;
      cur = next;
    }
    return undefined;
  }

  /** Learns from one line: joins (and maybe generalizes) a template or creates one. */
  add(line: TokenizedLine): MineResult {
    const tick = ++this.tick;
    const n = line.masked.length;
    const own = this.leafKey(n, line);
    const found = this.search(line, own);
    if (found && found.diffs === 0) {
      found.cluster.count++;
      found.cluster.lastSeen = tick;
      return { cluster: found.cluster, change: 'none' };
    }
    if (found) {
      const c = found.cluster;
      for (let i = 0; i < n; i++) {
        const t = c.tokens[i]!;
        if (!fits(t, line.masked[i]!)) { c.tokens[i] = generalize(t, line.masked[i]!); c.plain[i] = 0; }
      }
      c.count++;
      c.lastSeen = tick;
      this.retext(c);
      this.emit({ type: 'changed', cluster: c });
      return { cluster: this.absorbCompatible(c), change: 'changed' };
    }
    const el = this.searchElastic(line);
    if (el) {
      el.count++;
      el.lastSeen = tick;
      return { cluster: el, change: 'none' };
    }
    const created = this.create(line.masked.slice(), line.plain.slice(), own, 1);
    this.emit({ type: 'created', cluster: created });
    const merged = this.mergeOnEvidence(created) ?? this.mergeElastic(created);
    this.evictIfFull();
    if (merged) return { cluster: merged, change: merged === created ? 'created' : 'changed' };
    return { cluster: created, change: 'created' };
  }

  /** Finds the template a line fits without learning: every constant of the template must match. */
  match(line: TokenizedLine): Cluster | null {
    const found = this.search(line, this.leafKey(line.masked.length, line));
    if (found && found.diffs === 0) return found.cluster;
    return this.searchElastic(line);
  }

  /** Values of the template's slots in a line, in order; null when the line does not fit it. */
  params(cluster: Cluster, line: TokenizedLine): string[] | null {
    const t = cluster.tokens;
    const e = t.indexOf(ELASTIC);
    const n = line.masked.length;
    const out: string[] = [];
    if (e < 0) {
      if (t.length !== n) return null;
      for (let i = 0; i < n; i++) this.pushParam(out, t[i]!, line, i, i + 1);
      return out;
    }
    const suffix = t.length - e - 1;
    if (n < t.length) return null;
    for (let i = 0; i < e; i++) this.pushParam(out, t[i]!, line, i, i + 1);
    out.push(line.raw.slice(e, n - suffix).join(' '));
    for (let k = 1; k <= suffix; k++) {
      const ti = t.length - suffix - 1 + k;
      const li = n - suffix - 1 + k;
      this.pushParam(out, t[ti]!, line, li, li + 1);
    }
    return out;
  }

  toState(): MinerState {
    const clusters = [...this.byId.values()].map((c) => ({
      id: c.id, tokens: c.tokens.slice(), plain: Array.from(c.plain).join(''), count: c.count,
      lastSeen: c.lastSeen, created: c.created,
    }));
    return { tick: this.tick, clusters, aliases: [...this.aliases.entries()] };
  }

  loadState(state: MinerState): void {
    this.leaves.clear(); this.leafKeysByLength.clear(); this.elastic.clear(); this.byId.clear(); this.aliases.clear();
    this.tick = state.tick;
    for (const s of state.clusters) {
      if (s.plain.length !== s.tokens.length) throw new Error(`template ${s.id}: plain flags do not match its tokens`);
      const plain = Uint8Array.from(s.plain, (ch) => (ch === '1' ? 1 : 0));
      const c: Cluster = {
        id: s.id, tokens: s.tokens.slice(), plain, count: s.count, lastSeen: s.lastSeen, created: s.created, text: '', leaf: '',
      };
      this.retext(c);
      this.place(c, c.tokens.includes(ELASTIC) ? ELASTIC_LEAF : this.leafKeyOf(c.tokens, c.plain));
      this.byId.set(c.id, c);
    }
    for (const [from, to] of state.aliases) this.aliases.set(from, to);
  }

  // ---- internals ----

  private pushParam(out: string[], t: string, line: TokenizedLine, i: number, _end: number): void {
    if (t === WILDCARD) {
      out.push(line.raw[i]!);
      return;
    }
    const shape = slotShape(t);
    if (shape) {
      const r = line.raw[i]!;
      out.push(r.slice(shape[0].length, r.length - shape[1].length));
      return;
    }
    const v = line.values[i];
    if (v) for (const x of v) out.push(x);
  }

  private emit(e: MinerEvent): void {
    if (this.onEvent) this.onEvent(e);
  }

  private leafKey(n: number, line: TokenizedLine): string {
    return line.plain[0] === 1 ? `${n} ${line.masked[0]}` : `${n} ${WILDCARD}`;
  }

  private leafKeyOf(tokens: string[], plain: Uint8Array): string {
    return plain[0] === 1 ? `${tokens.length} ${tokens[0]}` : `${tokens.length} ${WILDCARD}`;
  }

  private retext(c: Cluster): void {
    c.text = render(c.tokens);
  }

  /** Best template in the line's leaf (and the wildcard leaf of its length), or null. */
  private search(line: TokenizedLine, own: string): { cluster: Cluster; diffs: number } | null {
    let best: Cluster | null = null;
    let bestScore = -1;
    let bestDiffs = 0;
    const n = line.masked.length;
    const wildKey = `${n} ${WILDCARD}`;
    for (let pass = 0; pass < 2; pass++) {
      const leaf = this.leaves.get(pass === 0 ? own : wildKey);
      if (pass === 1 && own === wildKey) break;
      if (!leaf) continue;
      for (let k = 0; k < leaf.length; k++) {
        const c = leaf[k]!;
        const t = c.tokens;
        let eq = 0;
        let diffs = 0;
        let blocked = false;
        for (let i = 0; i < n; i++) {
          const x = t[i]!;
          if (x === WILDCARD) continue;
          if (x === line.masked[i]) { eq++; continue; }
          if (fits(x, line.masked[i]!)) continue;
          if (c.plain[i] === 1 && line.plain[i] === 1) { blocked = true; break; }
          diffs++;
        }
        if (blocked) continue;
        if (diffs === 0) return { cluster: c, diffs: 0 };
        // Like Drain, only exact agreement counts: a template of mostly `<*>` must not attract everything.
        const score = eq / n;
        if (score >= this.options.similarity && (score > bestScore || (score === bestScore && c.count > best!.count))) {
          best = c; bestScore = score; bestDiffs = diffs;
        }
      }
    }
    return best ? { cluster: best, diffs: bestDiffs } : null;
  }

  private searchElastic(line: TokenizedLine): Cluster | null {
    if (this.elastic.size === 0) return null;
    const firstKey = line.plain[0] === 1 ? line.masked[0]! : WILDCARD;
    for (let pass = 0; pass < 2; pass++) {
      const list = this.elastic.get(pass === 0 ? firstKey : WILDCARD);
      if (pass === 1 && firstKey === WILDCARD) break;
      if (!list) continue;
      for (const c of list) if (this.fitsElastic(c, line)) return c;
    }
    return null;
  }

  private fitsElastic(c: Cluster, line: TokenizedLine): boolean {
    const t = c.tokens;
    const n = line.masked.length;
    if (n < t.length) return false;
    const e = t.indexOf(ELASTIC);
    for (let i = 0; i < e; i++) if (!fits(t[i]!, line.masked[i]!)) return false;
    const suffix = t.length - e - 1;
    for (let k = 1; k <= suffix; k++) {
      const x = t[t.length - k]!;
      if (!fits(x, line.masked[n - k]!)) return false;
    }
    return true;
  }

  private create(tokens: string[], plain: Uint8Array, leaf: string, count: number): Cluster {
    const text = render(tokens);
    const id = templateId(text, (x) => this.byId.has(x) || this.aliases.has(x));
    const c: Cluster = { id, tokens, plain, count, lastSeen: this.tick, created: this.tick, text, leaf: '' };
    this.place(c, leaf);
    this.byId.set(id, c);
    return c;
  }

  private place(c: Cluster, leaf: string): void {
    c.leaf = leaf;
    if (leaf === ELASTIC_LEAF) {
      const first = c.plain[0] === 1 ? c.tokens[0]! : WILDCARD;
      const list = this.elastic.get(first);
      if (list) list.push(c); else this.elastic.set(first, [c]);
      return;
    }
    const list = this.leaves.get(leaf);
    if (list) list.push(c); else this.leaves.set(leaf, [c]);
    const n = c.tokens.length;
    const keys = this.leafKeysByLength.get(n);
    if (keys) keys.add(leaf); else this.leafKeysByLength.set(n, new Set([leaf]));
  }

  private unplace(c: Cluster): void {
    if (c.leaf === ELASTIC_LEAF) {
      const first = c.plain[0] === 1 ? c.tokens[0]! : WILDCARD;
      const list = this.elastic.get(first);
      if (list) {
        const i = list.indexOf(c);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) this.elastic.delete(first);
      }
      return;
    }
    const list = this.leaves.get(c.leaf);
    if (!list) return;
    const i = list.indexOf(c);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) {
      this.leaves.delete(c.leaf);
      this.leafKeysByLength.get(c.tokens.length)?.delete(c.leaf);
    }
  }

  /** Folds `from` into `into`: counts add up, `from`'s id becomes an alias. */
  private fold(into: Cluster, from: Cluster): void {
    into.count += from.count;
    into.lastSeen = Math.max(into.lastSeen, from.lastSeen);
    this.unplace(from);
    this.byId.delete(from.id);
    this.aliases.set(from.id, into.id);
  }

  /** After `target` generalized, merges the same-length templates it now covers into it. */
  private absorbCompatible(target: Cluster): Cluster {
    const n = target.tokens.length;
    const keys = target.plain[0] === 1 ? [target.leaf] : [...(this.leafKeysByLength.get(n) ?? [])];
    const merged: string[] = [];
    for (const key of keys) {
      const leaf = this.leaves.get(key);
      if (!leaf) continue;
      for (const c of leaf.slice()) {
        if (c === target) continue;
        let covered = true;
        for (let i = 0; i < n; i++) {
          const x = target.tokens[i]!;
          if (!fits(x, c.tokens[i]!)) { covered = false; break; }
        }
        if (covered) { this.fold(target, c); merged.push(c.id); }
      }
    }
    if (merged.length > 0) this.emit({ type: 'merged', cluster: target, mergedIds: merged });
    return target;
  }

  /**
   * A new template that differs from its neighbours in exactly one plain-word position is
   * evidence that the position is a parameter; once `minDistinctWords` templates differ only
   * there, they merge into one.
   */
  private mergeOnEvidence(created: Cluster): Cluster | null {
    const leaf = this.leaves.get(created.leaf);
    if (!leaf || leaf.length < this.options.minDistinctWords) return null;
    const n = created.tokens.length;
    const tried = new Set<number>();
    for (const d of leaf) {
      if (d === created) continue;
      let pos = -1;
      let several = false;
      for (let i = 0; i < n; i++) {
        const x = d.tokens[i]!;
        if (x === WILDCARD || x === created.tokens[i]) continue;
        if (d.plain[i] === 1 && created.plain[i] === 1) {
          if (pos >= 0) { several = true; break; }
          pos = i;
        }
      }
      if (several || pos < 0 || tried.has(pos)) continue;
      tried.add(pos);
      const group = leaf.filter((x) => x.plain[pos] === 1 && this.agreesExcept(x, created, pos));
      const words = new Set(group.map((x) => x.tokens[pos]));
      if (words.size < this.options.minDistinctWords) continue;
      group.sort((a, b) => a.created - b.created);
      const survivor = group[0]!;
      for (const x of group) {
        for (let i = 0; i < n; i++) {
          if (!fits(survivor.tokens[i]!, x.tokens[i]!)) {
            survivor.tokens[i] = generalize(survivor.tokens[i]!, x.tokens[i]!); survivor.plain[i] = 0;
          }
        }
      }
      const ids: string[] = [];
      for (const x of group) if (x !== survivor) { this.fold(survivor, x); ids.push(x.id); }
      this.retext(survivor);
      this.emit({ type: 'merged', cluster: survivor, mergedIds: ids });
      return this.absorbCompatible(survivor);
    }
    return null;
  }

  /** True when `a` and `b` could belong to one template, ignoring position `skip`. */
  private agreesExcept(a: Cluster, b: Cluster, skip: number): boolean {
    const n = a.tokens.length;
    for (let i = 0; i < n; i++) {
      if (i === skip) continue;
      const x = a.tokens[i]!;
      const y = b.tokens[i]!;
      if (fits(x, y) || fits(y, x)) continue;
      // Strict elsewhere: evidence about one word position must not fold templates that also
      // differ in other tokens (`CCFile::captureLogRun()` against `Session <*> created`).
      return false;
    }
    return true;
  }

  /**
   * A new template whose tokens agree with a template of another length on a long prefix and
   * suffix, differing only in a short middle, is the same message with a variable-length
   * parameter: both become one template with an elastic slot for the middle.
   */
  private mergeElastic(created: Cluster): Cluster | null {
    const n = created.tokens.length;
    const o = this.options;
    for (let m = Math.max(1, n - o.elasticMaxMiddle); m <= n + o.elasticMaxMiddle; m++) {
      if (m === n) continue;
      const keys = this.leafKeysByLength.get(m);
      if (!keys) continue;
      for (const key of keys) {
        const leaf = this.leaves.get(key);
        if (!leaf) continue;
        for (const d of leaf) {
          const slot = this.elasticSlot(created, d);
          if (!slot) continue;
          const [p, s] = slot;
          const base = n >= m ? created : d;
          const tokens = [...base.tokens.slice(0, p), ELASTIC, ...base.tokens.slice(base.tokens.length - s)];
          const plain = Uint8Array.from([...base.plain.slice(0, p), 0, ...base.plain.slice(base.plain.length - s)]);
          for (let i = 0; i < p; i++) if (created.tokens[i] !== d.tokens[i]) { tokens[i] = generalize(created.tokens[i]!, d.tokens[i]!); plain[i] = 0; }
          for (let k = 1; k <= s; k++) {
            if (created.tokens[n - k] !== d.tokens[m - k]) { tokens[tokens.length - k] = generalize(created.tokens[n - k]!, d.tokens[m - k]!); plain[plain.length - k] = 0; }
          }
          const survivor = d.created <= created.created ? d : created;
          const other = survivor === d ? created : d;
          this.unplace(survivor);
          survivor.tokens = tokens;
          survivor.plain = plain;
          this.retext(survivor);
          this.place(survivor, ELASTIC_LEAF);
          this.fold(survivor, other);
          this.emit({ type: 'merged', cluster: survivor, mergedIds: [other.id] });
          this.absorbIntoElastic(survivor);
          return survivor;
        }
      }
    }
    return null;
  }

  /** [prefix, suffix] lengths when a and b differ only in a short middle; null otherwise. */
  private elasticSlot(a: Cluster, b: Cluster): [number, number] | null {
    const na = a.tokens.length;
    const nb = b.tokens.length;
    const short = Math.min(na, nb);
    const long = Math.max(na, nb);
    let p = 0;
    while (p < short && this.compatible(a, p, b, p)) p++;
    let s = 0;
    while (s < short - p && this.compatible(a, na - 1 - s, b, nb - 1 - s)) s++;
    // Both sides must have a non-empty middle: a template that is a prefix of another is a different message.
    if (p + s >= short) return null;
    // Variable-length text (a reason, a command, a payload) ends a message; a difference in the
    // middle (`for root from` / `for invalid user root from`) is a different message.
    if (s > 0) return null;
    let constants = 0;
    for (let i = 0; i < p; i++) if (a.tokens[i] !== WILDCARD && a.tokens[i] === b.tokens[i]) constants++;
    for (let k = 1; k <= s; k++) if (a.tokens[na - k] !== WILDCARD && a.tokens[na - k] === b.tokens[nb - k]) constants++;
    if (constants < 2) return null;
    if (p + s < Math.ceil(this.options.elasticCoverage * long)) return null;
    if (long - p - s > this.options.elasticMaxMiddle) return null;
    return [p, s];
  }

  /** Elastic merges are judged strictly: equal tokens, or a parameter against a non-word. */
  private compatible(a: Cluster, i: number, b: Cluster, j: number): boolean {
    const x = a.tokens[i]!;
    const y = b.tokens[j]!;
    if (x === y) return true;
    if (x === WILDCARD) return b.plain[j] !== 1;
    if (y === WILDCARD) return a.plain[i] !== 1;
    return generalize(x, y) !== WILDCARD;
  }

  /** Templates of any length that the elastic template now covers are folded into it. */
  private absorbIntoElastic(target: Cluster): void {
    const merged: string[] = [];
    for (const [n, keys] of this.leafKeysByLength) {
      if (n < target.tokens.length) continue;
      for (const key of [...keys]) {
        const leaf = this.leaves.get(key);
        if (!leaf) continue;
        for (const c of leaf.slice()) {
          const asLine: TokenizedLine = { masked: c.tokens, raw: c.tokens, values: [], plain: c.plain };
          if (this.fitsElastic(target, asLine)) { this.fold(target, c); merged.push(c.id); }
        }
      }
    }
    if (merged.length > 0) this.emit({ type: 'merged', cluster: target, mergedIds: merged });
  }

  private evictIfFull(): void {
    const max = this.options.maxClusters;
    if (this.byId.size <= max) return;
    // Evict a tenth at once so the sort is paid rarely.
    const all = [...this.byId.values()].sort((a, b) => a.lastSeen - b.lastSeen);
    const drop = Math.max(this.byId.size - max, Math.ceil(max / 10));
    const ids: string[] = [];
    for (let i = 0; i < drop && i < all.length; i++) {
      const c = all[i]!;
      this.unplace(c);
      this.byId.delete(c.id);
      ids.push(c.id);
    }
    if (this.aliases.size > max) {
      let extra = this.aliases.size - Math.floor(max * 0.9);
      for (const k of this.aliases.keys()) {
        if (extra-- <= 0) break;
        this.aliases.delete(k);
      }
    }
    this.emit({ type: 'evicted', ids });
  }
}
