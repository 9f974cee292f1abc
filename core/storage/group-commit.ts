// Group commit: batches that arrive while a write is in progress wait, then go together in the
// next one, so one COMMIT (one WAL fsync) serves many requests. Each submitter is still answered
// only once its own items have committed.

interface Waiting<T> {
  item: T;
  weight: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface GroupCommitOptions<T> {
  /** Writes the items in one transaction; resolves once they are committed. */
  write: (items: T[]) => Promise<void>;
  /** Size of an item (rows); a group stops growing at `maxWeight` (it always takes one item). */
  weigh: (item: T) => number;
  maxWeight: number;
}

export class GroupCommit<T> {
  readonly #opts: GroupCommitOptions<T>;
  #waiting: Waiting<T>[] = [];
  #inFlight = 0;
  #writing = false;

  constructor(opts: GroupCommitOptions<T>) {
    this.#opts = opts;
  }

  /** Items submitted and not yet committed (or failed). */
  get pending(): number {
    return this.#waiting.length + this.#inFlight;
  }

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ item, weight: this.#opts.weigh(item), resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#waiting.length > 0) {
        const group = this.#takeGroup();
        this.#inFlight = group.length;
        await this.#writeGroup(group);
        this.#inFlight = 0;
      }
    } finally {
      this.#writing = false;
    }
  }

  #takeGroup(): Waiting<T>[] {
    let weight = this.#waiting[0]!.weight;
    let n = 1;
    while (n < this.#waiting.length && weight + this.#waiting[n]!.weight <= this.#opts.maxWeight) weight += this.#waiting[n++]!.weight;
    return this.#waiting.splice(0, n);
  }

  async #writeGroup(group: Waiting<T>[]): Promise<void> {
    try {
      await this.#opts.write(group.map((w) => w.item));
      for (const w of group) w.resolve();
      return;
    } catch (e) {
      if (group.length === 1) {
        group[0]!.reject(e);
        return;
      }
    }
    // One failing item must not fail the others it was grouped with: each is retried alone.
    for (const w of group) {
      try {
        await this.#opts.write([w.item]);
        w.resolve();
      } catch (e) {
        w.reject(e);
      }
    }
  }
}
