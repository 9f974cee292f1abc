// A small pool of worker threads for column computations (drift statistics, reference profiles):
// sorting and testing a million-row column takes tens of milliseconds, and a run holds tens of
// columns. On workers they run side by side on every core, and the daemon's event loop keeps
// answering HTTP meanwhile. A worker that dies or is aborted fails its own task only; the next
// task gets a fresh worker.
import { Worker } from 'node:worker_threads';
import type { TaskReply, TaskRequest } from './protocol.ts';

const BOOT = new URL('./worker-boot.mjs', import.meta.url);

interface Job {
  id: number;
  task: string;
  args: unknown;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  signal?: AbortSignal;
}

/** The jobs waiting on one signal, behind one listener (a run hands its signal to tens of tasks). */
interface Watch {
  jobs: Set<Job>;
  listener: () => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  /** Set when this pool terminates the worker, so that its exit is not reported as a crash. */
  failWith: Error | null;
}

export class ComputePool {
  readonly size: number;
  #slots: Slot[] = [];
  #queue: Job[] = [];
  #nextId = 1;
  #closed = false;
  #watches = new Map<AbortSignal, Watch>();

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`a compute pool needs at least one thread, got ${size}`);
    this.size = size;
  }

  /** Starts the workers now (they take a few hundred milliseconds to load), e.g. while data is read. */
  warm(): void {
    while (!this.#closed && this.#slots.length < this.size) this.#spawn();
  }

  /** Runs a task on the first free worker. Aborting fails the task (and stops its worker if it runs). */
  run<T>(task: string, args: unknown, signal?: AbortSignal): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the compute pool is closed'));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<T>((resolve, reject) => {
      const job: Job = { id: this.#nextId++, task, args, resolve: resolve as (v: unknown) => void, reject, signal };
      if (signal) this.#watch(signal, job);
      this.#queue.push(job);
      this.#dispatch();
    });
  }

  /** Fails queued and running tasks and stops every worker. */
  async close(): Promise<void> {
    this.#closed = true;
    const closing = new Error('the compute pool is closed');
    for (const job of this.#queue.splice(0)) this.#settle(job, closing);
    await Promise.all(
      this.#slots.map((s) => {
        s.failWith = closing;
        return s.worker.terminate();
      }),
    );
  }

  #spawn(): Slot {
    // No inherited flags: the boot file loads TypeScript itself, and a test runner's or profiler's
    // options are not for the workers.
    const worker = new Worker(BOOT, { execArgv: [] });
    const slot: Slot = { worker, job: null, failWith: null };
    worker.unref();
    worker.on('message', (reply: TaskReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = null;
      worker.unref();
      if (reply.ok) this.#settle(job, null, reply.result);
      else this.#settle(job, new Error(reply.error));
      this.#dispatch();
    });
    worker.on('error', (e) => {
      slot.failWith ??= new Error(`compute worker failed: ${e.message}`);
    });
    worker.on('exit', (code) => {
      this.#slots = this.#slots.filter((s) => s !== slot);
      if (slot.job) this.#settle(slot.job, slot.failWith ?? new Error(`compute worker exited with code ${code}`));
      slot.job = null;
      this.#dispatch();
    });
    this.#slots.push(slot);
    return slot;
  }

  #dispatch(): void {
    if (this.#closed) return;
    while (this.#queue.length) {
      let slot = this.#slots.find((s) => s.job === null && s.failWith === null);
      if (!slot) {
        if (this.#slots.length >= this.size) return;
        slot = this.#spawn();
      }
      const job = this.#queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      try {
        slot.worker.postMessage({ id: job.id, task: job.task, args: job.args } satisfies TaskRequest);
      } catch (e) {
        // Arguments that cannot be cloned fail this task; the worker never saw it.
        slot.job = null;
        slot.worker.unref();
        this.#settle(job, new Error(`compute task "${job.task}" has arguments a worker cannot receive: ${(e as Error).message}`));
      }
    }
  }

  #abort(job: Job): void {
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      this.#settle(job, abortError(job.signal!));
      return;
    }
    const slot = this.#slots.find((s) => s.job === job);
    if (!slot) return;
    // A computation cannot be interrupted inside its thread: the thread is stopped instead.
    slot.failWith = abortError(job.signal!);
    void slot.worker.terminate();
  }

  #watch(signal: AbortSignal, job: Job): void {
    let w = this.#watches.get(signal);
    if (!w) {
      const jobs = new Set<Job>();
      const listener = () => {
        this.#watches.delete(signal);
        for (const j of jobs) this.#abort(j);
      };
      w = { jobs, listener };
      this.#watches.set(signal, w);
      signal.addEventListener('abort', listener, { once: true });
    }
    w.jobs.add(job);
  }

  #unwatch(job: Job): void {
    const w = job.signal && this.#watches.get(job.signal);
    if (!w) return;
    w.jobs.delete(job);
    if (w.jobs.size === 0) {
      job.signal!.removeEventListener('abort', w.listener);
      this.#watches.delete(job.signal!);
    }
  }

  #settle(job: Job, error: Error | null, result?: unknown): void {
    this.#unwatch(job);
    if (error) job.reject(error);
    else job.resolve(result);
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(`compute task aborted${reason === undefined ? '' : `: ${String(reason)}`}`);
}
