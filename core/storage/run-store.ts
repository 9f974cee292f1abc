// Stage results and plugin state: the stores handed to each stage run (scoped to the stage and
// its run) and the reads of results by stage, kind and model.
import type { ResultInput, ResultReader, ResultStore, StateStore, StoredResult } from '../plugin-api/index.ts';
import type { Storage } from './db.ts';
import type { StoredFinding } from '../stages/findings.ts';

interface ResultRow {
  id: number;
  run_id: number;
  stage: string;
  kind: string;
  model: string | null;
  created_at: Date;
  payload: string;
  data_version: string | null;
  model_version: string | null;
  config_version: string;
}

export function toStoredResult<T>(r: ResultRow): StoredResult<T> {
  return {
    id: r.id,
    stage: r.stage,
    kind: r.kind,
    model: r.model,
    createdAt: r.created_at,
    payload: JSON.parse(r.payload) as T,
    dataVersion: r.data_version,
    modelVersion: r.model_version,
    configVersion: r.config_version,
    runId: r.run_id,
  };
}

export class StageResults implements ResultStore {
  constructor(
    private readonly storage: Storage,
    private readonly stage: string,
    private readonly runId: number,
    private readonly configVersion: string,
    private readonly nowMs: number,
  ) {}

  /** Which models this run stored results for (`all`: a result tied to no one model). */
  readonly scope = { all: false, models: new Set<string>() };

  async save<T>(r: ResultInput<T>): Promise<void> {
    if (r.model === undefined || r.model === null) this.scope.all = true;
    else this.scope.models.add(r.model);
    await this.storage.run(
      `INSERT INTO stage_results (id, run_id, stage, kind, model, created_at, payload, data_version, model_version, config_version)
       VALUES (nextval('stage_result_seq'), $1, $2, $3, $4, $5::TIMESTAMP, $6, $7, $8, $9)`,
      [this.runId, this.stage, r.kind, r.model ?? null, new Date(this.nowMs).toISOString(), JSON.stringify(r.payload), r.dataVersion ?? null, r.modelVersion ?? null, this.configVersion],
    );
  }

  async latest<T = unknown>(kind: string, model?: string): Promise<StoredResult<T> | null> {
    const rows = await this.history<T>(kind, { model, limit: 1 });
    return rows[0] ?? null;
  }

  async history<T = unknown>(kind: string, opts: { model?: string; limit?: number; since?: Date; until?: Date } = {}): Promise<StoredResult<T>[]> {
    return queryResults<T>(this.storage, { stage: this.stage, kind, ...opts });
  }
}

export async function queryResults<T = unknown>(
  storage: Storage,
  q: { stage?: string; kind?: string; model?: string; limit?: number; since?: Date; until?: Date; beforeId?: number },
): Promise<StoredResult<T>[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (cond: string, v: string | number) => {
    params.push(v);
    where.push(cond.replace('?', `$${params.length}`));
  };
  if (q.stage) add('stage = ?', q.stage);
  if (q.kind) add('kind = ?', q.kind);
  if (q.model) add('model = ?', q.model);
  if (q.since) add('created_at >= ?::TIMESTAMP', q.since.toISOString());
  if (q.until) add('created_at < ?::TIMESTAMP', q.until.toISOString());
  if (q.beforeId !== undefined) add('id < ?', q.beforeId);
  const limit = Math.min(Math.max(1, q.limit ?? 100), 10_000);
  const rows = await storage.all<ResultRow>(
    `SELECT * FROM stage_results ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`,
    params,
  );
  return rows.map((r) => toStoredResult<T>(r));
}

export class PluginState implements StateStore {
  constructor(
    private readonly storage: Storage,
    private readonly plugin: string,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const r = await this.storage.one<{ value: string }>('SELECT value FROM plugin_state WHERE plugin = $1 AND key = $2', [this.plugin, key]);
    return r ? (JSON.parse(r.value) as T) : undefined;
  }

  async set<T>(key: string, value: T): Promise<void> {
    await this.storage.run(
      `INSERT INTO plugin_state (plugin, key, value, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (plugin, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [this.plugin, key, JSON.stringify(value)],
    );
  }
}

/** A number for a stage run about to start. */
export async function nextRunId(storage: Storage): Promise<number> {
  return Number((await storage.one<{ id: number }>("SELECT nextval('stage_run_seq')::BIGINT AS id"))!.id);
}

export interface RunRecord {
  id: number;
  stage: string;
  trigger: string;
  startedMs: number;
  durationMs: number;
  outcome: string;
  error: string | null;
  configVersion: string;
  dataVersion: string | null;
  modelVersion: string | null;
  findings: number;
}

/** The audit record of a finished stage run. */
export async function recordRun(storage: Storage, r: RunRecord): Promise<void> {
  await storage.run(
    `INSERT INTO stage_runs (id, stage, trigger, started_at, finished_at, duration_ms, outcome, error, config_version, data_version, model_version, findings)
     VALUES ($1, $2, $3, $4::TIMESTAMP, now(), $5, $6, $7, $8, $9, $10, $11)`,
    [r.id, r.stage, r.trigger, new Date(r.startedMs).toISOString(), r.durationMs, r.outcome, r.error, r.configVersion, r.dataVersion, r.modelVersion, r.findings],
  );
}

export async function lastRunId(storage: Storage): Promise<number> {
  return Number((await storage.one<{ id: number | null }>('SELECT max(id)::BIGINT AS id FROM stage_runs'))?.id ?? 0);
}

/** Finished runs numbered above `afterId`, in order. */
export function runsAfter(storage: Storage, afterId: number): Promise<{ id: number; stage: string; outcome: string }[]> {
  return storage.all('SELECT id, stage, outcome FROM stage_runs WHERE id > $1 ORDER BY id', [afterId]);
}

interface FindingRow {
  id: number;
  run_id: number | null;
  stage: string;
  kind: string;
  severity: StoredFinding['severity'];
  summary: string;
  labels: string;
  details: string | null;
  fingerprint: string;
  ts: Date | string;
}

export function findingFromRow(r: FindingRow): StoredFinding {
  return {
    id: r.id,
    runId: r.run_id,
    stage: r.stage,
    kind: r.kind,
    severity: r.severity,
    summary: r.summary,
    labels: JSON.parse(r.labels) as Record<string, string>,
    details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : undefined,
    fingerprint: r.fingerprint,
    ts: new Date(r.ts),
  };
}

/** The stored findings of the given runs, in order. */
export async function findingsOfRuns(storage: Storage, runIds: number[]): Promise<StoredFinding[]> {
  if (!runIds.length) return [];
  const list = runIds.map((_, i) => `$${i + 1}`).join(',');
  return (await storage.all<FindingRow>(`SELECT * FROM findings WHERE run_id IN (${list}) ORDER BY id`, runIds)).map(findingFromRow);
}

/** Which models the given runs stored results for (null: a result for no one model). */
export async function resultModelsOfRuns(storage: Storage, runIds: number[]): Promise<{ run_id: number; model: string | null }[]> {
  if (!runIds.length) return [];
  const list = runIds.map((_, i) => `$${i + 1}`).join(',');
  return storage.all(`SELECT DISTINCT run_id, model FROM stage_results WHERE run_id IN (${list})`, runIds);
}

/** The newest result of each data version (one per incident id, say) of a stage and kind, newest first. */
export async function latestPerDataVersion<T = unknown>(storage: Storage, q: { stage: string; kind: string; dataVersions?: readonly string[] }): Promise<StoredResult<T>[]> {
  const params: string[] = [q.stage, q.kind];
  let only = '';
  if (q.dataVersions) {
    if (q.dataVersions.length === 0) return [];
    only = `AND data_version IN (${q.dataVersions.map((v) => {
      params.push(v);
      return `$${params.length}`;
    })})`;
  }
  const rows = await storage.all<ResultRow>(
    `SELECT * FROM stage_results WHERE stage = $1 AND kind = $2 ${only}
     QUALIFY row_number() OVER (PARTITION BY data_version ORDER BY id DESC) = 1 ORDER BY id DESC`,
    params,
  );
  return rows.map((r) => toStoredResult<T>(r));
}

/** The newest result of a stage and kind for each model. */
export async function latestPerModel<T = unknown>(storage: Storage, stage: string, kind: string): Promise<StoredResult<T>[]> {
  const rows = await storage.all<ResultRow>(
    `SELECT * FROM stage_results WHERE stage = $1 AND kind = $2 AND model IS NOT NULL
     QUALIFY row_number() OVER (PARTITION BY model ORDER BY id DESC) = 1 ORDER BY model`,
    [stage, kind],
  );
  return rows.map((r) => toStoredResult<T>(r));
}

/** One stage's results, read-only: what its gauges and routes are served from. */
export function stageResultReader(storage: Storage, stage: string): ResultReader {
  return {
    latest: async <T>(kind: string, model?: string) => (await queryResults<T>(storage, { stage, kind, model, limit: 1 }))[0] ?? null,
    latestPerModel: <T>(kind: string) => latestPerModel<T>(storage, stage, kind),
    latestPerDataVersion: <T>(kind: string, dataVersions?: readonly string[]) => latestPerDataVersion<T>(storage, { stage, kind, dataVersions }),
    history: <T>(kind: string, opts: { model?: string; limit?: number; since?: Date; until?: Date } = {}) => queryResults<T>(storage, { stage, kind, ...opts }),
  };
}
