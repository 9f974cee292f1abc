// Predictions are stored one table per model, one typed column per feature. New models and
// new features extend the layout inside the same transaction as the rows that bring them, so a
// rejected or failed batch leaves neither rows nor columns behind.
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, type Storage } from './db.ts';
import { batchFromRows, type PredictionRow } from '../ingest/validate-predictions.ts';
import { PredictionBatch, type BatchFeature, type FeatureKind, type ModelColumns } from '../ingest/prediction-batch.ts';
import { appendModelColumns, type FeatureLayout } from '../ingest/prediction-chunks.ts';
import { GroupCommit } from '../ingest/group-commit.ts';

export type FeatureType = FeatureKind;
export type FeatureColumn = FeatureLayout;

interface PendingBatch {
  batch: PredictionBatch;
  receivedMs: number;
}

/** A group commit stops growing at this many rows, so one transaction stays a bounded size. */
const maxGroupRows = 100_000;

export interface ModelTable {
  id: number;
  model: string;
  table: string;
  features: FeatureColumn[];
  byName: Map<string, FeatureColumn>;
  nextSeq: number;
}

const sqlType: Record<FeatureType, string> = { number: 'DOUBLE', string: 'VARCHAR', boolean: 'BOOLEAN' };

/** The fixed columns of every pred_<id> table, in appender order; f_<position> follow. */
const fixedColumns = `
  seq BIGINT NOT NULL,
  ts TIMESTAMP NOT NULL,
  received_at TIMESTAMP NOT NULL,
  version VARCHAR,
  id VARCHAR,
  segment VARCHAR,
  prediction_num DOUBLE,
  prediction_str VARCHAR,
  score DOUBLE,
  attributes VARCHAR,
  raw_features VARCHAR`;

export function featureColumnName(position: number): string {
  return `f_${position}`;
}

export class PredictionTables {
  readonly #storage: Storage;
  #models = new Map<string, ModelTable>();
  readonly #commits = new GroupCommit<PendingBatch>({ write: (group) => this.#write(group), weigh: (p) => p.batch.rowCount, maxWeight: maxGroupRows });

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  /** Loads the layout of every model (call once after open). */
  async load(): Promise<void> {
    const models = await this.#storage.all<{ id: number; model: string; table_name: string }>('SELECT id, model, table_name FROM models');
    const feats = await this.#storage.all<{ model: string; name: string; type: FeatureType; position: number }>(
      'SELECT model, name, type, position FROM model_features ORDER BY model, position',
    );
    const map = new Map<string, ModelTable>();
    for (const m of models) {
      const seqRow = await this.#storage.one<{ s: number | null }>(`SELECT max(seq) AS s FROM ${ident(m.table_name)}`);
      map.set(m.model, { id: m.id, model: m.model, table: m.table_name, features: [], byName: new Map(), nextSeq: (seqRow?.s ?? 0) + 1 });
    }
    for (const f of feats) {
      const t = map.get(f.model);
      if (!t) continue;
      const col = { name: f.name, type: f.type, position: f.position };
      t.features.push(col);
      t.byName.set(f.name, col);
    }
    this.#models = map;
  }

  get(model: string): ModelTable | undefined {
    return this.#models.get(model);
  }

  list(): ModelTable[] {
    return [...this.#models.values()];
  }

  /** Prediction batches waiting for their commit: the ingest path counts them for back-pressure. */
  get pendingBatches(): number {
    return this.#commits.pending;
  }

  /**
   * Appends a validated batch atomically and resolves once it is committed; batches that wait
   * meanwhile share the next transaction. Returns the number of rows written.
   */
  async append(rows: PredictionBatch | readonly PredictionRow[], receivedMs: number): Promise<number> {
    const batch = rows instanceof PredictionBatch ? rows : batchFromRows(rows);
    const n = batch.rowCount;
    if (n > 0) await this.#commits.submit({ batch, receivedMs });
    return n;
  }

  async #write(group: PendingBatch[]): Promise<void> {
    // Layout changes are staged on copies and published only after COMMIT succeeds.
    const staged = new Map<string, ModelTable>();
    await this.#storage.tx(async (conn) => {
      // Every new model and column of the group first, so one appender per table takes all its rows.
      for (const { batch, receivedMs } of group) {
        for (const cols of batch.models.values()) staged.set(cols.model, await this.#ensureLayout(conn, cols, staged.get(cols.model), receivedMs));
      }
      for (const table of staged.values()) {
        const appender = await conn.createAppender(table.table);
        try {
          for (const { batch, receivedMs } of group) {
            const cols = batch.models.get(table.model);
            if (!cols) continue;
            appendModelColumns(appender, table.features, table.byName, cols, receivedMs, table.nextSeq);
            table.nextSeq += cols.length;
          }
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
      }
    });
    for (const [model, t] of staged) this.#models.set(model, t);
  }

  /** The model's table with a column for every feature the batch brings a typed value for. */
  async #ensureLayout(conn: DuckDBConnection, cols: ModelColumns, stagedTable: ModelTable | undefined, nowMs: number): Promise<ModelTable> {
    const model = cols.model;
    let table: ModelTable;
    const existing = this.#models.get(model);
    if (stagedTable) {
      table = stagedTable;
    } else if (existing) {
      table = { ...existing, features: [...existing.features], byName: new Map(existing.byName) };
    } else {
      const idRow = (await conn.runAndReadAll("SELECT nextval('model_id_seq')::INTEGER AS id")).getRowObjectsJS()[0]!;
      const id = Number(idRow.id);
      const name = `pred_${id}`;
      await conn.run(`CREATE TABLE ${ident(name)} (${fixedColumns})`);
      await conn.run('INSERT INTO models (id, model, table_name, first_seen) VALUES ($1, $2, $3, $4::TIMESTAMP)', [
        id,
        model,
        name,
        new Date(nowMs).toISOString(),
      ]);
      table = { id, model, table: name, features: [], byName: new Map(), nextSeq: 1 };
    }
    // A column's type is set by its first non-null value; columns are added in the order those
    // values came in.
    const fresh: BatchFeature[] = [];
    for (const f of cols.features.values()) if (f.firstKind !== null && !table.byName.has(f.name)) fresh.push(f);
    fresh.sort((a, b) => a.firstTyped - b.firstTyped);
    for (const f of fresh) {
      const col: FeatureColumn = { name: f.name, type: f.firstKind!, position: table.features.length };
      await conn.run(`ALTER TABLE ${ident(table.table)} ADD COLUMN ${featureColumnName(col.position)} ${sqlType[col.type]}`);
      await conn.run('INSERT INTO model_features (model, name, type, position, first_seen) VALUES ($1, $2, $3, $4, $5::TIMESTAMP)', [
        model,
        f.name,
        col.type,
        col.position,
        new Date(nowMs).toISOString(),
      ]);
      table.features.push(col);
      table.byName.set(f.name, col);
    }
    return table;
  }
}
