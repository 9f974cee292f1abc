// Predictions are stored one table per model, one typed column per feature. New models and
// new features extend the layout inside the same transaction as the rows that bring them, so a
// rejected or failed batch leaves neither rows nor columns behind. The version registry
// (model_versions, with a `model.version.seen` audit entry per new version) and each model's
// counts are kept in the same transaction, so the read endpoints never scan or write.
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, type Storage } from './db.ts';
import { batchFromRows, PredictionBatch, type BatchFeature, type FeatureKind, type ModelColumns, type PredictionRow } from './prediction-batch.ts';
import { appendModelColumns, fixedColumns, type FeatureLayout } from './prediction-chunks.ts';
import { GroupCommit } from './group-commit.ts';
import { labelledIdCounts } from './label-metric-store.ts';
import { RecentTraffic, recentTrafficLoadMs } from './recent-traffic.ts';


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
  features: FeatureLayout[];
  byName: Map<string, FeatureLayout>;
  nextSeq: number;
  /** Rows stored and their time span (epoch ms), kept at ingest so that reads need no scan. */
  rows: number;
  firstTs: number | null;
  lastTs: number | null;
  /** Versions in the order they were first seen, with their own counts and span. */
  versions: Map<string, VersionStats>;
}

export interface VersionStats {
  first: number;
  last: number;
  rows: number;
}

const sqlType: Record<FeatureKind, string> = { number: 'DOUBLE', string: 'VARCHAR', boolean: 'BOOLEAN' };

const fixedColumnsSql = fixedColumns.map(([name, type]) => `${name} ${type}`).join(', ');

export function featureColumnName(position: number): string {
  return `f_${position}`;
}

const registryWriteIntervalMs = 1000;

export class PredictionTables {
  /** When each model version's registry row was last written (wall clock, ms). */
  readonly #versionWrittenAt = new Map<string, number>();
  readonly #storage: Storage;
  #models = new Map<string, ModelTable>();
  /** Ids with a label, per model: kept at label ingest so listing models counts nothing. */
  #labelled = new Map<string, number>();
  /** Label batches written per model (first labels and relabels): cached label metrics key on it. */
  #labelWrites = new Map<string, number>();
  /** Predictions per version and minute over the last day, for the registry's 24-hour shares. */
  readonly traffic = new RecentTraffic();
  readonly #commits = new GroupCommit<PendingBatch>({ write: (group) => this.#write(group), weigh: (p) => p.batch.rowCount, maxWeight: maxGroupRows });

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  /**
   * Loads the layout and counts of every model (call once after open), and brings the version
   * registry up to date with the stored rows: files written by releases that registered versions
   * lazily, or rows deleted by retention, are reconciled here rather than on a read.
   */
  async load(): Promise<void> {
    this.#labelled = await labelledIdCounts(this.#storage);
    const models = await this.#storage.all<{ id: number; model: string; table_name: string }>('SELECT id, model, table_name FROM models');
    const feats = await this.#storage.all<{ model: string; name: string; type: FeatureKind; position: number }>(
      'SELECT model, name, type, position FROM model_features ORDER BY model, position',
    );
    const map = new Map<string, ModelTable>();
    for (const m of models) {
      const t: ModelTable = { id: m.id, model: m.model, table: m.table_name, features: [], byName: new Map(), nextSeq: 1, rows: 0, firstTs: null, lastTs: null, versions: new Map() };
      await this.#count(t);
      map.set(m.model, t);
    }
    for (const f of feats) {
      const t = map.get(f.model);
      if (!t) continue;
      const col = { name: f.name, type: f.type, position: f.position };
      t.features.push(col);
      t.byName.set(f.name, col);
    }
    this.#models = map;
    await this.#reconcileRegistry();
  }

  /** Recounts every model's rows and versions from its table (after retention deleted rows). */
  async recount(): Promise<void> {
    for (const t of this.#models.values()) await this.#count(t);
    await this.#reconcileRegistry();
  }

  async #count(t: ModelTable): Promise<void> {
    const s = await this.#storage.one<{ n: number; s: number | null; first: number | null; last: number | null }>(
      `SELECT count(*)::BIGINT AS n, max(seq) AS s, epoch_ms(min(ts))::DOUBLE AS first, epoch_ms(max(ts))::DOUBLE AS last FROM ${ident(t.table)}`,
    );
    const versions = await this.#storage.all<{ version: string; first: number; last: number; n: number }>(
      `SELECT version, epoch_ms(min(ts))::DOUBLE AS first, epoch_ms(max(ts))::DOUBLE AS last, count(*)::BIGINT AS n FROM ${ident(t.table)}
       WHERE version IS NOT NULL GROUP BY version ORDER BY min(seq)`,
    );
    // seq only grows: retention may delete the newest rows' predecessors, never reuse their numbers.
    t.nextSeq = Math.max(t.nextSeq, Number(s?.s ?? 0) + 1);
    t.rows = Number(s?.n ?? 0);
    t.firstTs = s?.first ?? null;
    t.lastTs = s?.last ?? null;
    t.versions = new Map(versions.map((v) => [v.version, { first: Number(v.first), last: Number(v.last), rows: Number(v.n) }]));
    // The last day before the newest row, so that neither a wall clock nor a test clock decides it.
    const completeFromMs = t.lastTs === null ? -Infinity : t.lastTs - recentTrafficLoadMs;
    const recent = Number.isFinite(completeFromMs)
      ? await this.#storage.all<{ version: string | null; minute: number; n: number }>(
          `SELECT version, (epoch_ms(ts) // 60000)::DOUBLE AS minute, count(*)::BIGINT AS n FROM ${ident(t.table)} WHERE ts >= $1::TIMESTAMP GROUP BY ALL`,
          [new Date(completeFromMs).toISOString()],
        )
      : [];
    this.traffic.reset(t.model, completeFromMs, recent.map((r) => ({ version: r.version, minute: Number(r.minute), n: Number(r.n) })));
  }

  async #reconcileRegistry(): Promise<void> {
    const stored = await this.#storage.all<{ model: string; version: string; last: number; n: number }>(
      'SELECT model, version, epoch_ms(last_seen)::DOUBLE AS last, predictions AS n FROM model_versions',
    );
    const known = new Map(stored.map((r) => [`${r.model}\u0000${r.version}`, r]));
    const stale: { t: ModelTable; version: string; v: VersionStats; known: boolean }[] = [];
    for (const t of this.#models.values()) {
      for (const [version, v] of t.versions) {
        const k = known.get(`${t.model}\u0000${version}`);
        if (!k || Number(k.n) !== v.rows || Number(k.last) !== v.last) stale.push({ t, version, v, known: !!k });
      }
    }
    if (!stale.length) return;
    await this.#storage.tx(async (conn) => {
      for (const s of stale) await writeVersion(conn, s.t.model, s.version, s.v, s.known);
    });
  }

  /** Predictions ids of a model that have a label (any number of labels each). */
  labelled(model: string): number {
    return this.#labelled.get(model) ?? 0;
  }

  /** After a committed label batch: the models it labelled and the ids that got their first label. */
  addLabelled(added: ReadonlyMap<string, number>, models: Iterable<string> = added.keys()): void {
    for (const [model, n] of added) this.#labelled.set(model, this.labelled(model) + n);
    for (const model of models) this.#labelWrites.set(model, this.labelWrites(model) + 1);
  }

  /** How many label batches for the model were written since start (a change counter, not a count of labels). */
  labelWrites(model: string): number {
    return this.#labelWrites.get(model) ?? 0;
  }

  /** After retention deleted labels. */
  async recountLabelled(): Promise<void> {
    this.#labelled = await labelledIdCounts(this.#storage);
    for (const model of this.#models.keys()) this.#labelWrites.set(model, this.labelWrites(model) + 1);
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
    const staged = new Map<string, StagedTable>();
    const nowMs = Date.now();
    const written: string[] = [];
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
            countRows(table, cols);
          }
          appender.flushSync();
        } finally {
          appender.closeSync();
        }
        // A version seen for the first time is registered (with its audit entry) by the transaction
        // that brings it. Known versions' counts live in memory, exact after each commit, and are
        // written through at most once a second: an UPDATE per commit costs the writer about 3 ms,
        // and after a crash load() recounts them from the rows anyway.
        for (const [version, known] of table.touched) {
          const key = `${table.model}\u0000${version}`;
          if (known && nowMs - (this.#versionWrittenAt.get(key) ?? 0) < registryWriteIntervalMs) continue;
          await writeVersion(conn, table.model, version, table.versions.get(version)!, known);
          written.push(key);
        }
      }
    });
    for (const [model, { touched: _, ...t }] of staged) this.#models.set(model, t);
    for (const { batch } of group) for (const cols of batch.models.values()) this.traffic.add(cols);
    for (const key of written) this.#versionWrittenAt.set(key, nowMs);
  }

  /** Writes the registry rows whose counts are newer than the stored ones (at shutdown). */
  flushRegistry(): Promise<void> {
    return this.#reconcileRegistry();
  }

  /** The model's table with a column for every feature the batch brings a typed value for. */
  async #ensureLayout(conn: DuckDBConnection, cols: ModelColumns, stagedTable: StagedTable | undefined, nowMs: number): Promise<StagedTable> {
    const model = cols.model;
    let table: StagedTable;
    const existing = this.#models.get(model);
    if (stagedTable) {
      table = stagedTable;
    } else if (existing) {
      table = { ...existing, features: [...existing.features], byName: new Map(existing.byName), versions: new Map([...existing.versions].map(([k, v]) => [k, { ...v }])), touched: new Map() };
    } else {
      const idRow = (await conn.runAndReadAll("SELECT nextval('model_id_seq')::INTEGER AS id")).getRowObjectsJS()[0]!;
      const id = Number(idRow.id);
      const name = `pred_${id}`;
      await conn.run(`CREATE TABLE ${ident(name)} (${fixedColumnsSql})`);
      await conn.run('INSERT INTO models (id, model, table_name, first_seen) VALUES ($1, $2, $3, $4::TIMESTAMP)', [
        id,
        model,
        name,
        new Date(nowMs).toISOString(),
      ]);
      table = { id, model, table: name, features: [], byName: new Map(), nextSeq: 1, rows: 0, firstTs: null, lastTs: null, versions: new Map(), touched: new Map() };
    }
    // A column's type is set by its first non-null value; columns are added in the order those
    // values came in.
    const fresh: BatchFeature[] = [];
    for (const f of cols.features.values()) if (f.firstKind !== null && !table.byName.has(f.name)) fresh.push(f);
    fresh.sort((a, b) => a.firstTyped - b.firstTyped);
    for (const f of fresh) {
      const col: FeatureLayout = { name: f.name, type: f.firstKind!, position: table.features.length };
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

/** A model's table while a group is written: `touched` lists the versions the group brought (true: already registered). */
interface StagedTable extends ModelTable {
  touched: Map<string, boolean>;
}

function countRows(t: StagedTable, cols: ModelColumns): void {
  t.rows += cols.length;
  for (let i = 0; i < cols.length; i++) {
    const ts = cols.ts[i]!;
    if (t.firstTs === null || ts < t.firstTs) t.firstTs = ts;
    if (t.lastTs === null || ts > t.lastTs) t.lastTs = ts;
    const version = cols.version[i];
    if (version === null || version === undefined) continue;
    const v = t.versions.get(version);
    if (!t.touched.has(version)) t.touched.set(version, v !== undefined);
    if (!v) t.versions.set(version, { first: ts, last: ts, rows: 1 });
    else {
      if (ts < v.first) v.first = ts;
      if (ts > v.last) v.last = ts;
      v.rows++;
    }
  }
}

/** Writes a version's registry row; a version registered for the first time gets its audit entry. */
async function writeVersion(conn: DuckDBConnection, model: string, version: string, v: VersionStats, known: boolean): Promise<void> {
  const first = new Date(v.first).toISOString();
  const last = new Date(v.last).toISOString();
  if (known) {
    await conn.run('UPDATE model_versions SET first_seen = least(first_seen, $3::TIMESTAMP), last_seen = $4::TIMESTAMP, predictions = $5 WHERE model = $1 AND version = $2', [model, version, first, last, v.rows]);
    return;
  }
  await conn.run('INSERT INTO model_versions VALUES ($1, $2, $3::TIMESTAMP, $4::TIMESTAMP, $5, now())', [model, version, first, last, v.rows]);
  await conn.run("INSERT INTO audit (id, ts, kind, subject, details) VALUES (nextval('audit_seq'), now(), 'model.version.seen', $1, $2)", [model, JSON.stringify({ version, first_seen: first })]);
}
