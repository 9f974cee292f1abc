// Which finished stage runs the alert state has taken in: a per-stage watermark that commits
// with the alert state it produced. Runs arrive from the stage host in memory; only after a
// restart are the runs past the watermarks read back from the store (`recover`), so a run
// stored just before a crash still resolves or raises its alerts.
import type { Storage } from '../storage/db.ts';
import type { StoredFinding } from '../stages/findings.ts';
import { findingsOfRuns, lastRunId, resultModelsOfRuns, runsAfter } from '../storage/run-store.ts';
import type { RunScope } from '../stages/run-scope.ts';
import type { FinishedRun } from '../stages/finished-run.ts';

export type { FinishedRun };

const baselineKey = '*';

export class RunWatcher {
  readonly #storage: Storage;
  #marks = new Map<string, number>();

  readonly #stages: () => string[];

  /** `stages` lists the configured stages: the slowest of them bounds how far back to look. */
  constructor(storage: Storage, stages: () => string[] = () => []) {
    this.#storage = storage;
    this.#stages = stages;
  }

  /** On the very first start, history before now is not replayed into alerts. */
  async load(marks: Map<string, number>): Promise<void> {
    this.#marks = new Map(marks);
    if (!this.#marks.has(baselineKey)) {
      this.#marks.set(baselineKey, await lastRunId(this.#storage));
    }
  }

  /** Watermarks to persist once the runs returned by `poll` are applied. */
  watermarks(runs: FinishedRun[]): Map<string, number> {
    const out = new Map<string, number>();
    if (!runs.length) return out;
    for (const r of runs) out.set(r.stage, Math.max(out.get(r.stage) ?? 0, r.id));
    out.set(baselineKey, this.#marks.get(baselineKey)!);
    return out;
  }

  commit(marks: Map<string, number>): void {
    for (const [k, v] of marks) this.#marks.set(k, Math.max(this.#marks.get(k) ?? 0, v));
  }

  /** The runs not taken in yet, in id order, each once (a recovery read and a hand-over may both carry one). */
  fresh(runs: FinishedRun[]): FinishedRun[] {
    const baseline = this.#marks.get(baselineKey) ?? 0;
    const seen = new Set<number>();
    return runs
      .filter((r) => r.id > (this.#marks.get(r.stage) ?? baseline) && !seen.has(r.id) && seen.add(r.id))
      .sort((a, b) => a.id - b.id);
  }

  /** Runs stored past the watermarks: read once after a restart. */
  async recover(): Promise<FinishedRun[]> {
    const baseline = this.#marks.get(baselineKey) ?? 0;
    // Stages not seen yet start at the baseline; the lowest mark bounds the scan.
    const stages = this.#stages();
    const low = stages.length ? Math.min(...stages.map((s) => this.#marks.get(s) ?? baseline)) : baseline;
    const rows = await runsAfter(this.#storage, low);
    const fresh = rows.filter((r) => r.id > (this.#marks.get(r.stage) ?? baseline));
    if (!fresh.length) return [];
    const ids = fresh.filter((r) => r.outcome === 'ok').map((r) => r.id);
    const findings = new Map<number, StoredFinding[]>();
    const scopes = new Map<number, RunScope>();
    const scopeOf = (id: number) => scopes.get(id) ?? scopes.set(id, { all: false, models: new Set() }).get(id)!;
    if (ids.length) {
      for (const f of await findingsOfRuns(this.#storage, ids)) {
        findings.set(f.runId!, [...(findings.get(f.runId!) ?? []), f]);
        if (f.labels.model !== undefined) scopeOf(f.runId!).models.add(f.labels.model);
      }
      for (const r of await resultModelsOfRuns(this.#storage, ids)) {
        if (r.model === null) scopeOf(r.run_id).all = true;
        else scopeOf(r.run_id).models.add(r.model);
      }
    }
    return fresh.map((r) => ({ id: r.id, stage: r.stage, ok: r.outcome === 'ok', findings: findings.get(r.id) ?? [], scope: scopes.get(r.id) ?? { all: false, models: new Set() } }));
  }
}
