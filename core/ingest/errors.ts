// Ingest problems carry what a client needs to fix its batch: which row, which field, why.
export interface RowError {
  /** 0-based index of the row in the batch (for NDJSON, line number − 1). */
  row: number;
  field: string;
  reason: string;
}

export class BatchRejected extends Error {
  readonly status: number;
  readonly errors: RowError[];
  constructor(message: string, errors: RowError[] = [], status = 400) {
    super(message);
    this.errors = errors;
    this.status = status;
  }
}

/** Keeps at most `limit` errors so a huge bad batch does not produce a huge answer. */
export class ErrorList {
  readonly items: RowError[] = [];
  total = 0;
  constructor(private readonly limit = 1000) {}
  add(row: number, field: string, reason: string): void {
    this.total++;
    if (this.items.length < this.limit) this.items.push({ row, field, reason });
  }
  throwIfAny(what: string): void {
    if (this.total === 0) return;
    const more = this.total > this.items.length ? ` (first ${this.items.length} shown)` : '';
    throw new BatchRejected(`${what}: ${this.total} problem(s) in the batch; nothing was stored${more}`, this.items);
  }
}
