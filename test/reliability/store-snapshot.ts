// What a crash left in the DuckDB file, read while no daemon runs. The file is opened read-only:
// DuckDB then replays the write-ahead log in memory without checkpointing it, so the next daemon
// start still recovers from the same WAL the kill left behind.
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface StoreSnapshot {
  logs: { seq: number; message: string; templateId: string | null }[];
  templates: { id: string; count: number; mergedInto: string | null }[];
  /** Stored prediction ids of one model (empty when the model is not registered yet). */
  predictionIds: string[];
  outbox: { id: number; groupKey: string; status: string; payloadStatus: string; group: string | null }[];
  pluginState: { plugin: string; key: string; value: string }[];
  okRuns: Record<string, number>;
}

export async function readStore(dataDir: string, model: string): Promise<StoreSnapshot> {
  const db = await DuckDBInstance.create(join(dataDir, 'sidewatch.duckdb'), { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  const rows = async <T>(sql: string, params: string[] = []) => (await conn.runAndReadAll(sql, params)).getRowObjectsJS() as T[];
  try {
    const logs = await rows<{ seq: bigint; message: string; template_id: string | null }>('SELECT seq, message, template_id FROM logs ORDER BY seq');
    const templates = await rows<{ id: string; count: bigint; merged_into: string | null }>('SELECT id, count, merged_into FROM log_templates');
    const table = (await rows<{ table_name: string }>('SELECT table_name FROM models WHERE model = $1', [model]))[0]?.table_name;
    const predictionIds = table ? (await rows<{ id: string }>(`SELECT id FROM "${table.replaceAll('"', '""')}"`)).map((r) => r.id) : [];
    const outbox = await rows<{ id: bigint; group_key: string; status: string; payload: string }>('SELECT id, group_key, status, payload FROM alert_outbox ORDER BY id');
    const pluginState = await rows<{ plugin: string; key: string; value: string }>('SELECT plugin, key, value FROM plugin_state ORDER BY plugin, key');
    const runs = await rows<{ stage: string; n: bigint }>("SELECT stage, count(*) AS n FROM stage_runs WHERE outcome = 'ok' GROUP BY stage");
    return {
      logs: logs.map((r) => ({ seq: Number(r.seq), message: r.message, templateId: r.template_id })),
      templates: templates.map((r) => ({ id: r.id, count: Number(r.count), mergedInto: r.merged_into })),
      predictionIds,
      outbox: outbox.map((r) => {
        const payload = JSON.parse(r.payload) as { status: string; groupLabels?: Record<string, string> };
        return { id: Number(r.id), groupKey: r.group_key, status: r.status, payloadStatus: payload.status, group: payload.groupLabels?.model ?? null };
      }),
      pluginState,
      okRuns: Object.fromEntries(runs.map((r) => [r.stage, Number(r.n)])),
    };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
