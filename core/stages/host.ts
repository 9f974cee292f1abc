// Runs stage plugins: on a schedule (node-cron or a fixed interval), on ingest events
// (debounced), or on demand. The host owns all the plumbing a plugin must never write itself:
// no overlapping runs, a timeout per run, error counters, a circuit breaker, and an audit
// record of every run. One failing or hanging plugin never stops the others.
import cron, { type ScheduledTask } from 'node-cron';
import { SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { DataReader, Finding, IngestEvent, Logger, ModelSettings, ProfileStore, StagePlugin, Compute } from '../plugin-api/index.ts';
import type { Storage } from '../storage/db.ts';
import type { StageSettings } from '../config/load.ts';
import { CircuitBreaker } from './breaker.ts';
import { nextRunId, PluginState, recordRun, StageResults } from '../storage/run-store.ts';
import type { StoredFinding } from './findings.ts';
import type { FinishedRun } from './finished-run.ts';
import { storeFindings } from '../storage/finding-store.ts';
import { MemoryProfileStore } from '../storage/profile-store.ts';
import { ColumnCompute } from '../compute/column-compute.ts';
import { PluginSignals } from './signal-reader.ts';

/** How long past its timeout a run in progress may take to be recorded before an asked-for run gives up waiting. */
const recordAllowanceMs = 2000;

export type RunOutcome = 'ok' | 'error' | 'timeout' | 'skipped' | 'open-circuit';

export interface StageStats {
  name: string;
  description: string;
  enabled: boolean;
  schedule: string | null;
  runs: number;
  ok: number;
  errors: number;
  timeouts: number;
  skipped: number;
  running: boolean;
  circuit: 'closed' | 'open' | 'half-open';
  lastRunAt: string | null;
  lastOutcome: RunOutcome | null;
  lastError: string | null;
  lastDurationMs: number | null;
  /** How long a run may take before it is cut off. */
  timeoutMs: number;
}

export interface RunReport {
  outcome: RunOutcome;
  runId: number | null;
  findings: StoredFinding[];
  error?: string;
}

interface StageSlot {
  plugin: StagePlugin<unknown>;
  settings: StageSettings;
  breaker: CircuitBreaker;
  stats: StageStats;
  running: Promise<RunReport> | null;
  timer: NodeJS.Timeout | null;
  cronTask: ScheduledTask | null;
  debounce: NodeJS.Timeout | null;
  /** An event that came due while a run was going: it is handled by a run after that one. */
  eventAfterRun: IngestEvent | null;
  /** When the latest run began (including one still going), for spacing event runs. */
  lastStartMs: number;
}

export interface StageHostOptions {
  storage: Storage;
  data: DataReader;
  /** Where stages keep per-reference profiles (files beside the database; default: memory). */
  profiles?: ProfileStore;
  /** Column computations for stages (default: on the calling thread; the daemon passes its worker pool). */
  compute?: Compute;
  plugins: Map<string, StagePlugin<unknown>>;
  /** Plugins whose results stages may read as health signals (default `plugins`). */
  signalPublishers?: ReadonlyMap<string, StagePlugin<unknown>>;
  stages: StageSettings[];
  models: Record<string, ModelSettings>;
  log: Logger;
  tracer?: Tracer;
  onFindings?: (findings: StoredFinding[]) => void | Promise<void>;
  onRun?: (stage: string, outcome: RunOutcome, durationMs: number) => void;
  /** A run and all it produced are stored (runs that did not start are not reported here). */
  onFinished?: (run: FinishedRun) => void;
  /** Debounce for event-triggered runs. */
  eventDebounceMs?: number;
  /** Upper bound of the spacing between event-triggered runs of one stage. */
  maxEventSpacingMs?: number;
  defaultTimeoutMs?: number;
  clock?: () => number;
}

export class StageHost {
  readonly #opts: StageHostOptions;
  readonly #profiles: ProfileStore;
  readonly #compute: Compute;
  readonly #slots = new Map<string, StageSlot>();
  readonly #stopping = new AbortController();
  readonly #signals: PluginSignals;
  #started = false;

  constructor(opts: StageHostOptions) {
    this.#opts = opts;
    this.#profiles = opts.profiles ?? new MemoryProfileStore();
    this.#compute = opts.compute ?? new ColumnCompute(0);
    this.#signals = new PluginSignals(opts.data, opts.signalPublishers ?? opts.plugins);
    for (const s of opts.stages) {
      const plugin = opts.plugins.get(s.name);
      if (!plugin) throw new Error(`no stage plugin named "${s.name}"`);
      const schedule = s.schedule ?? `every ${Math.round((s.everyMs ?? (plugin.defaultEverySeconds ?? 60) * 1000) / 1000)}s`;
      this.#slots.set(s.name, {
        plugin,
        settings: s,
        breaker: new CircuitBreaker(),
        running: null,
        timer: null,
        cronTask: null,
        debounce: null,
        eventAfterRun: null,
        lastStartMs: -Infinity,
        stats: {
          name: s.name,
          description: plugin.description,
          enabled: s.enabled,
          schedule,
          runs: 0,
          ok: 0,
          errors: 0,
          timeouts: 0,
          skipped: 0,
          running: false,
          circuit: 'closed',
          lastRunAt: null,
          lastOutcome: null,
          lastError: null,
          lastDurationMs: null,
          timeoutMs: 0,
        },
      });
    }
  }

  #now(): number {
    return this.#opts.clock?.() ?? Date.now();
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const [name, slot] of this.#slots) {
      if (!slot.settings.enabled) continue;
      if (slot.settings.schedule) {
        slot.cronTask = cron.schedule(slot.settings.schedule, () => void this.run(name, 'schedule'), {
          noOverlap: true,
          name: `stage:${name}`,
          logger: cronLogger(this.#opts.log),
        } as Parameters<typeof cron.schedule>[2]);
      } else {
        const every = this.#everyMs(slot);
        slot.timer = setInterval(() => void this.run(name, 'schedule'), Math.max(every, 100));
        slot.timer.unref();
      }
    }
  }

  /** Ingest tells the host what arrived; stages that listen run after a short debounce. */
  notify(event: IngestEvent): void {
    if (!this.#started) return;
    for (const [name, slot] of this.#slots) {
      if (!slot.settings.enabled || !slot.plugin.triggers?.includes(event) || slot.debounce) continue;
      this.#armEvent(name, slot, event);
    }
  }

  #armEvent(name: string, slot: StageSlot, event: IngestEvent): void {
    // A steady stream of events must not turn a stage into a busy loop: event runs are spaced
    // at least a quarter of the stage's own interval apart (at most a minute).
    const spacing = Math.min(this.#everyMs(slot) / 4, this.#opts.maxEventSpacingMs ?? 60_000);
    const delay = Math.max(this.#opts.eventDebounceMs ?? 2000, slot.lastStartMs + spacing - this.#now());
    slot.debounce = setTimeout(() => {
      slot.debounce = null;
      // The run in progress may have read its window before these rows arrived, so the event is
      // not dropped (nor counted as an overlap): one more run follows the current one.
      if (slot.running) slot.eventAfterRun = event;
      else void this.run(name, `event:${event}`);
    }, delay);
    slot.debounce.unref();
  }

  #everyMs(slot: StageSlot): number {
    return slot.settings.everyMs ?? (slot.plugin.defaultEverySeconds ?? 60) * 1000;
  }

  stats(): StageStats[] {
    const now = this.#now();
    return [...this.#slots.values()].map((s) => ({ ...s.stats, running: s.running !== null, circuit: s.breaker.state(now), timeoutMs: this.#timeoutMs(s) }));
  }

  names(): string[] {
    return [...this.#slots.keys()];
  }

  /** Runs a stage now unless it is still running (then the tick is skipped and counted). */
  async run(name: string, trigger = 'manual'): Promise<RunReport> {
    const slot = this.#slots.get(name);
    if (!slot) throw new Error(`no stage named "${name}"`);
    if (this.#stopping.signal.aborted) return { outcome: 'skipped', runId: null, findings: [] };
    if (slot.running) {
      slot.stats.skipped++;
      this.#opts.onRun?.(name, 'skipped', 0);
      this.#opts.log.warn('stage still running; tick skipped', { stage: name, trigger });
      return { outcome: 'skipped', runId: null, findings: [] };
    }
    const now = this.#now();
    if (!slot.breaker.allows(now)) {
      slot.stats.skipped++;
      this.#opts.onRun?.(name, 'open-circuit', 0);
      return { outcome: 'open-circuit', runId: null, findings: [] };
    }
    slot.lastStartMs = now;
    const p = this.#execute(slot, trigger, now).finally(() => {
      slot.running = null;
      const event = slot.eventAfterRun;
      slot.eventAfterRun = null;
      if (event && !slot.debounce && !this.#stopping.signal.aborted) this.#armEvent(name, slot, event);
    });
    slot.running = p;
    return p;
  }

  /**
   * Runs a stage for a caller that needs a fresh outcome (the admin API): a run in progress is
   * waited for, at most the stage's timeout, instead of skipping. Scheduled ticks keep using `run`.
   */
  async runAfterCurrent(name: string, trigger = 'manual'): Promise<RunReport> {
    const slot = this.#slots.get(name);
    if (!slot) throw new Error(`no stage named "${name}"`);
    // The run in progress is cut at its timeout; recording it and handing its findings on take a
    // little longer, and only a hung listener could hold it past that allowance.
    const deadline = performance.now() + this.#timeoutMs(slot) + recordAllowanceMs;
    // Another caller may start a run between one finishing and this one starting; wait again then.
    while (slot.running && !this.#stopping.signal.aborted) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      let t: NodeJS.Timeout | undefined;
      await Promise.race([slot.running.catch(() => undefined), new Promise((r) => (t = setTimeout(r, left)))]);
      clearTimeout(t);
    }
    return this.run(name, trigger);
  }

  /**
   * A stage's own setting, else its plugin's, else the host's default, else its interval (at
   * least a minute): a run may use the time until its next tick, and one that needs longer shows
   * as skipped ticks rather than being cut off while it still makes progress.
   */
  #timeoutMs(slot: StageSlot): number {
    const byInterval = slot.settings.schedule ? 60_000 : Math.max(60_000, this.#everyMs(slot));
    return slot.settings.timeoutMs ?? slot.plugin.timeoutMs ?? this.#opts.defaultTimeoutMs ?? byInterval;
  }

  async #execute(slot: StageSlot, trigger: string, now: number): Promise<RunReport> {
    const { storage, log } = this.#opts;
    const name = slot.settings.name;
    const started = performance.now();
    const span = this.#opts.tracer?.startSpan(`stage ${name}`, { attributes: { 'sidewatch.stage': name, 'sidewatch.trigger': trigger } });
    const runId = await nextRunId(storage);
    const controller = new AbortController();
    const onStop = () => controller.abort(new Error('daemon stopping'));
    this.#stopping.signal.addEventListener('abort', onStop, { once: true });
    const emitted: Finding[] = [];
    const results = new StageResults(storage, name, runId, slot.settings.configVersion, now);
    const inputs: { dataVersion?: string; modelVersion?: string } = {};
    const timeoutMs = this.#timeoutMs(slot);
    let outcome: RunOutcome = 'ok';
    let error: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const ctx = {
        config: slot.settings.settings,
        configVersion: slot.settings.configVersion,
        now: new Date(now),
        signal: controller.signal,
        log: log.child({ stage: name, run: runId }),
        data: this.#opts.data,
        signals: this.#signals,
        results,
        state: new PluginState(storage, name),
        profiles: this.#profiles,
        compute: this.#compute,
        models: this.#opts.models,
        emit: (f: Finding) => {
          if (!controller.signal.aborted) emitted.push(f);
        },
        recordInputs: (i: { dataVersion?: string; modelVersion?: string }) => Object.assign(inputs, i),
      };
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const e = new Error(`timed out after ${timeoutMs} ms`);
          controller.abort(e);
          reject(e);
        }, timeoutMs);
      });
      // A plugin that throws synchronously is caught the same way as one that rejects.
      await Promise.race([Promise.resolve().then(() => slot.plugin.run(ctx)), timeout]);
    } catch (e) {
      const timedOut = controller.signal.aborted && (controller.signal.reason as Error | undefined)?.message?.startsWith('timed out');
      outcome = timedOut ? 'timeout' : 'error';
      error = e instanceof Error ? e.message : String(e);
    } finally {
      clearTimeout(timer);
      this.#stopping.signal.removeEventListener('abort', onStop);
    }
    // A run the stop cut short lost what it emitted afterwards; recorded as ok it would read as
    // "nothing found" and resolve alerts after the restart.
    if (outcome === 'ok' && controller.signal.aborted) {
      outcome = 'error';
      error = `cut short: ${(controller.signal.reason as Error | undefined)?.message ?? 'aborted'}`;
    }
    const durationMs = performance.now() - started;
    const s = slot.stats;
    s.runs++;
    s.lastRunAt = new Date(now).toISOString();
    s.lastOutcome = outcome;
    s.lastDurationMs = durationMs;
    s.lastError = error ?? null;
    if (outcome === 'ok') {
      s.ok++;
      slot.breaker.success();
    } else {
      if (outcome === 'timeout') s.timeouts++;
      else s.errors++;
      slot.breaker.failure(this.#now());
      log.warn('stage run failed', { stage: name, run: runId, outcome, error });
    }
    let stored: StoredFinding[] = [];
    try {
      if (outcome === 'ok') stored = await storeFindings(storage, name, runId, now, emitted);
      await recordRun(storage, {
        id: runId,
        stage: name,
        trigger,
        startedMs: now,
        durationMs,
        outcome,
        error: error ?? null,
        configVersion: slot.settings.configVersion,
        dataVersion: inputs.dataVersion ?? null,
        modelVersion: inputs.modelVersion ?? null,
        findings: stored.length,
      });
    } catch (e) {
      log.error('could not record stage run', { stage: name, error: (e as Error).message });
    }
    this.#opts.onRun?.(name, outcome, durationMs);
    if (span) {
      span.setAttributes({ 'sidewatch.run_id': runId, 'sidewatch.outcome': outcome, 'sidewatch.findings': stored.length });
      if (inputs.dataVersion) span.setAttribute('sidewatch.data_version', inputs.dataVersion);
      if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: error });
      span.end();
    }
    if (stored.length && this.#opts.onFindings) {
      try {
        await this.#opts.onFindings(stored);
      } catch (e) {
        log.error('finding listener failed', { stage: name, error: (e as Error).message });
      }
    }
    if (this.#opts.onFinished) {
      const scope = { all: results.scope.all, models: new Set(results.scope.models) };
      for (const f of stored) if (f.labels.model !== undefined) scope.models.add(f.labels.model);
      try {
        this.#opts.onFinished({ id: runId, stage: name, ok: outcome === 'ok', findings: stored, scope: outcome === 'ok' ? scope : { all: false, models: new Set() } });
      } catch (e) {
        log.error('run listener failed', { stage: name, error: (e as Error).message });
      }
    }
    return { outcome, runId, findings: stored, error };
  }

  /** Stops schedules and waits (bounded) for runs in flight; their plugins see `signal` abort. */
  async stop(waitMs = 5000): Promise<void> {
    this.#stopping.abort();
    for (const slot of this.#slots.values()) {
      if (slot.timer) clearInterval(slot.timer);
      if (slot.debounce) clearTimeout(slot.debounce);
      if (slot.cronTask) await slot.cronTask.destroy();
    }
    const running = [...this.#slots.values()].map((s) => s.running).filter((p): p is Promise<RunReport> => p !== null);
    let t: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(running), new Promise((r) => (t = setTimeout(r, waitMs)))]);
    clearTimeout(t);
  }
}

function cronLogger(log: Logger) {
  return {
    info: (m: string) => log.debug(m),
    warn: (m: string) => log.warn(m),
    error: (m: string | Error) => log.error(typeof m === 'string' ? m : m.message),
    debug: (m: string) => log.debug(m),
  };
}
