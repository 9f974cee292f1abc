// Joins the two halves of an inference (the request's features, the response's outputs) that
// loggers send as separate events sharing one id, whichever arrives first. Halves wait in memory,
// bounded in count and age; what leaves unjoined is handed back so the caller can report it.
// Planning is separate from committing so a batch whose rows are refused changes nothing.

export interface Half<R, S> {
  id: string;
  receivedMs: number;
  request?: R;
  response?: S;
}

export interface JoinPlan<R, S> {
  /** Complete pairs, in arrival order of their second half. */
  pairs: { id: string; request: R; response: S; firstMs: number }[];
  /** Halves still waiting once the batch is applied. */
  waiting: Half<R, S>[];
}

export class PendingJoins<R, S> {
  readonly #pending = new Map<string, Half<R, S>>();
  constructor(
    private readonly maxPending: number,
    private readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.#pending.size;
  }

  /** What applying these halves would do; the pending set is not touched. */
  plan(halves: readonly { id: string; request?: R; response?: S }[], nowMs: number): JoinPlan<R, S> {
    const staged = new Map<string, Half<R, S>>();
    const pairs: JoinPlan<R, S>['pairs'] = [];
    for (const h of halves) {
      const prior = staged.get(h.id) ?? this.#pending.get(h.id);
      const merged: Half<R, S> = { id: h.id, receivedMs: prior?.receivedMs ?? nowMs, request: h.request ?? prior?.request, response: h.response ?? prior?.response };
      if (merged.request !== undefined && merged.response !== undefined) {
        pairs.push({ id: h.id, request: merged.request, response: merged.response, firstMs: merged.receivedMs });
        staged.set(h.id, { id: h.id, receivedMs: -1 }); // consumed: neither half remains
      } else staged.set(h.id, merged);
    }
    return { pairs, waiting: [...staged.values()] };
  }

  /** Applies a plan; returns the halves pushed out because the pending set was full. */
  commit(plan: JoinPlan<R, S>): Half<R, S>[] {
    for (const h of plan.waiting) {
      this.#pending.delete(h.id);
      if (h.receivedMs >= 0) this.#pending.set(h.id, h);
    }
    const evicted: Half<R, S>[] = [];
    // Map order is insertion order: the first entries are the oldest.
    for (const [id, h] of this.#pending) {
      if (this.#pending.size <= this.maxPending) break;
      this.#pending.delete(id);
      evicted.push(h);
    }
    return evicted;
  }

  /** Removes and returns the halves that waited longer than the time limit. */
  expire(nowMs: number): Half<R, S>[] {
    const out: Half<R, S>[] = [];
    for (const [id, h] of this.#pending) {
      if (nowMs - h.receivedMs <= this.ttlMs) continue;
      this.#pending.delete(id);
      out.push(h);
    }
    return out;
  }
}
