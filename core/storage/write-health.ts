// Whether writes to the data directory are getting through. A write that fails because the
// disk is full or the file system went read-only becomes a StorageUnavailable (the HTTP layer
// answers 507 or 503 with Retry-After, never a 2xx), and readiness reports it until a write
// succeeds again: DuckDB rolls the failed transaction back and takes the next one once there is
// space, so ingest recovers without a restart.

export type WriteProblem = 'disk_full' | 'read_only';

export class StorageUnavailable extends Error {
  constructor(
    readonly problem: WriteProblem,
    readonly status: 503 | 507,
    message: string,
  ) {
    super(message);
  }
}

const patterns: [WriteProblem, RegExp][] = [
  ['disk_full', /No space left on device|ENOSPC|disk is full|Disk quota exceeded|EDQUOT/i],
  ['read_only', /Read-only file system|EROFS/i],
];

export function classifyWriteError(e: unknown, dataPath: string): StorageUnavailable | null {
  const msg = (e as Error)?.message ?? String(e);
  for (const [problem, re] of patterns) {
    if (!re.test(msg)) continue;
    return problem === 'disk_full'
      ? new StorageUnavailable(problem, 507, `the data directory is full (${dataPath}); nothing of this request was stored. Free space or grow the volume, then retry`)
      : new StorageUnavailable(problem, 503, `the data directory became read-only (${dataPath}); nothing of this request was stored. Remount it read-write, then retry`);
  }
  return null;
}

export class WriteHealth {
  #failing: { problem: WriteProblem; since: number; message: string; failures: number } | null = null;

  failed(err: StorageUnavailable, nowMs: number): void {
    if (this.#failing && this.#failing.problem === err.problem) this.#failing.failures++;
    else this.#failing = { problem: err.problem, since: nowMs, message: err.message, failures: 1 };
  }

  succeeded(): void {
    this.#failing = null;
  }

  /** For /readyz: not ok while writes fail, with why and since when. */
  check(): { ok: boolean; detail?: string } {
    const f = this.#failing;
    if (!f) return { ok: true };
    return { ok: false, detail: `${f.problem === 'disk_full' ? 'disk full' : 'read-only'} since ${new Date(f.since).toISOString()} (${f.failures} write(s) refused): ${f.message}` };
  }
}
