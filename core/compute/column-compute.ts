// Drift reports and reference profiles with their columns computed on worker threads. The
// columns are the same pure functions buildDriftReport and profileColumn run, so the results are
// the same bit for bit; only where they run differs. Small columns stay on the calling thread:
// handing them over would cost more than computing them.
import { defaultThreads } from './threads.ts';
import { fileVersion } from '../files/file-version.ts';
import { assembleDriftReport, columnReport, planDriftReport, type ColumnReport, type DatasetInput, type DriftOptions, type DriftReport, type ProgressEvent, type ReferenceInput } from '../../lib/drift/report.ts';
import { profileColumn, type ColumnProfile } from '../../lib/drift/profile.ts';
import type { ColumnValues } from '../../lib/drift/column.ts';
import type { Compute } from '../plugin-api/index.ts';
import { ComputePool } from './pool.ts';
import type { DriftColumnArgs } from './worker-tasks.ts';

/** A column with fewer values (both sides together) is computed on the calling thread. */
export const INLINE_BELOW = 100_000;

export interface ComputeRunOptions {
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
}

export class ColumnCompute implements Compute {
  readonly threads: number;
  readonly #pool: ComputePool | null;

  /** `threads` worker threads (0: everything on the calling thread); default one per core. */
  constructor(threads: number = defaultThreads()) {
    if (!Number.isInteger(threads) || threads < 0) throw new Error(`compute threads must be a whole number ≥ 0, got ${threads}`);
    this.threads = threads;
    this.#pool = threads > 0 ? new ComputePool(threads) : null;
  }

  /** Starts the worker threads ahead of the first large call. */
  warm(): void {
    this.#pool?.warm();
  }

  async close(): Promise<void> {
    await this.#pool?.close();
  }

  async driftReport(reference: ReferenceInput, current: DatasetInput, options: DriftOptions = {}, run: ComputeRunOptions = {}): Promise<DriftReport> {
    const { names, large } = planDriftReport(Object.keys(reference.columns), Object.keys(current.columns), options);
    let done = 0;
    const columns = await Promise.all(
      names.map(async (name) => {
        const column = await this.driftColumn({ name, reference: reference.columns[name]!, current: current.columns[name]!, options, large }, run);
        run.onProgress?.({ column: name, done: ++done, total: names.length });
        return column;
      }),
    );
    return assembleDriftReport(reference, current, columns, options);
  }

  /** One column of a drift report (`planDriftReport` gives `large`), on a worker when it is large. */
  async driftColumn(args: DriftColumnArgs, run: ComputeRunOptions = {}): Promise<ColumnReport> {
    if (!this.#pool || args.reference.length + args.current.length < INLINE_BELOW) {
      run.signal?.throwIfAborted();
      return columnReport(args.name, args.reference, args.current, args.options, args.large);
    }
    return this.#pool.run<ColumnReport>('drift-column', args, run.signal);
  }

  /** A file's sha256, hashed on a worker thread when there is one. */
  async fileVersion(path: string): Promise<string> {
    return this.#pool ? this.#pool.run<string>('file-sha256', { path }) : fileVersion(path);
  }

  async profileColumns(columns: Record<string, ColumnValues>, run: ComputeRunOptions = {}): Promise<Record<string, ColumnProfile>> {
    const entries = Object.entries(columns);
    const profiled = await Promise.all(entries.map(([, values]) => this.#profileColumn(values, run)));
    return Object.fromEntries(entries.map(([name], i) => [name, profiled[i]!]));
  }

  async #profileColumn(values: ColumnValues, run: ComputeRunOptions): Promise<ColumnProfile> {
    if (!this.#pool || values.length < INLINE_BELOW) {
      run.signal?.throwIfAborted();
      return profileColumn(values);
    }
    return this.#pool.run<ColumnProfile>('profile-column', { values }, run.signal);
  }
}
