// Stage results and plugin state: the stores handed to each stage run (scoped to the stage and
// its run) and the reads of results by stage, kind and model.
import type { ResultInput, ResultStore, StateStore, StoredResult } from '../plugin-api/index.ts';
import type { Storage } from './db.ts';

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

  async save<T>(r: ResultInput<T>): Promise<void> {
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

  async history<T = unknown>(kind: string, opts: { model?: string; limit?: number; since?: Date } = {}): Promise<StoredResult<T>[]> {
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
