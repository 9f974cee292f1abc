// Predictions are stored one table per model, one typed column per feature. New models and
// new features extend the layout inside the same transaction as the rows that bring them, so a
// rejected or failed batch leaves neither rows nor columns behind.
import { timestampValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { ident, type Storage } from './db.ts';
import type { PredictionRow, FeatureValue } from '../ingest/validate-predictions.ts';

export type FeatureType = 'number' | 'string' | 'boolean';

export interface FeatureColumn {
  name: string;
  type: FeatureType;
  position: number;
}

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

function typeOf(v: FeatureValue): FeatureType | null {
  if (v === null) return null;
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return 'string';
}

export class PredictionTables {
  readonly #storage: Storage;
  #models = new Map<string, ModelTable>();

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

  /** Appends a validated batch atomically. Returns the number of rows written. */
  async append(rows: PredictionRow[], receivedMs: number): Promise<number> {
    const byModel = new Map<string, PredictionRow[]>();
    for (const r of rows) {
      let list = byModel.get(r.model);
      if (!list) byModel.set(r.model, (list = []));
      list.push(r);
    }
    // Layout changes are staged on copies and published only after COMMIT succeeds.
    const staged = new Map<string, ModelTable>();
    await this.#storage.tx(async (conn) => {
      for (const [model, list] of byModel) {
        const table = await this.#ensureLayout(conn, model, list, receivedMs);
        staged.set(model, table);
        const appender = await conn.createAppender(table.table);
        try {
          const seqStart = table.nextSeq;
          appendRows(appender, table, list, receivedMs, seqStart);
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
        table.nextSeq += list.length;
      }
    });
    for (const [model, t] of staged) this.#models.set(model, t);
    return rows.length;
  }

  async #ensureLayout(conn: DuckDBConnection, model: string, rows: PredictionRow[], nowMs: number): Promise<ModelTable> {
    const existing = this.#models.get(model);
    let table: ModelTable;
    if (existing) {
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
    // Runs for every row of every batch: a plain for-in avoids an entries array per row.
    for (const r of rows) {
      const values = r.features;
      for (const fname in values) {
        if (table.byName.has(fname)) continue;
        const type = typeOf(values[fname]!);
        if (!type) continue; // a column's type is set by its first non-null value
        const col = { name: fname, type, position: table.features.length };
        await conn.run(`ALTER TABLE ${ident(table.table)} ADD COLUMN ${featureColumnName(col.position)} ${sqlType[type]}`);
        await conn.run('INSERT INTO model_features (model, name, type, position, first_seen) VALUES ($1, $2, $3, $4, $5::TIMESTAMP)', [
          model,
          fname,
          type,
          col.position,
          new Date(nowMs).toISOString(),
        ]);
        table.features.push(col);
        table.byName.set(fname, col);
      }
    }
    return table;
  }
}

function appendRows(ap: DuckDBAppender, table: ModelTable, rows: PredictionRow[], receivedMs: number, seqStart: number): void {
  const received = timestampValue(BigInt(receivedMs) * 1000n);
  const feats = table.features;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    ap.appendBigInt(BigInt(seqStart + i));
    ap.appendTimestamp(timestampValue(BigInt(Math.round(r.ts)) * 1000n));
    ap.appendTimestamp(received);
    appendStr(ap, r.version);
    appendStr(ap, r.id);
    appendStr(ap, r.segment);
    if (r.predictionNum === null) ap.appendNull();
    else ap.appendDouble(r.predictionNum);
    appendStr(ap, r.predictionStr);
    if (r.score === null) ap.appendNull();
    else ap.appendDouble(r.score);
    appendStr(ap, r.attributes ? JSON.stringify(r.attributes) : null);
    // Values that do not fit their column's type (or belong to no column yet) are kept
    // verbatim, so nothing a model sent is lost and validation can report the mismatch.
    let misfit = false;
    for (const name in r.features) {
      const col = table.byName.get(name);
      const v = r.features[name]!;
      if (!col ? v !== null : v !== null && typeOf(v) !== col.type) {
        misfit = true;
        break;
      }
    }
    appendStr(ap, misfit ? JSON.stringify(r.features) : null);
    for (let f = 0; f < feats.length; f++) {
      const col = feats[f]!;
      const v = r.features[col.name];
      if (v === undefined || v === null) ap.appendNull();
      else if (col.type === 'number') typeof v === 'number' ? ap.appendDouble(v) : ap.appendNull();
      else if (col.type === 'string') typeof v === 'string' ? ap.appendVarchar(v) : ap.appendNull();
      else typeof v === 'boolean' ? ap.appendBoolean(v) : ap.appendNull();
    }
    ap.endRow();
  }
}

function appendStr(ap: DuckDBAppender, v: string | null): void {
  if (v === null) ap.appendNull();
  else ap.appendVarchar(v);
}
