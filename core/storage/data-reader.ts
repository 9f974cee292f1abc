// The read side stages see (plugin-api DataReader): columnar predictions joined to their latest
// label, snapshots as columns, logs and metrics. Every query is parameterised.
import type {
  AuditEntry,
  BucketQuery,
  DataReader,
  FindingRecord,
  LogCount,
  LogCountQuery,
  MetricBucket,
  ResultQuery,
  StoredResult,
  TemplateInfo,
  TemplateQuery,
  LogRow,
  MetricRow,
  ModelInfo,
  PredictionColumns,
  PredictionQuery,
  SnapshotColumns,
  SnapshotInfo,
  TimeRange,
  ServiceCall,
} from '../plugin-api/index.ts';
import { emptyColumns, sliceColumns } from '../../lib/predictions/columns.ts';
import { ident, type SqlParam, type Storage } from './db.ts';
import { audit, findings, firstEventAt, metricBuckets } from './event-reads.ts';
import { serviceCalls } from './service-call-store.ts';
import { logCounts, logExtent, templates, templatesFirstSeen } from './log-reads.ts';
import { queryResults } from './run-store.ts';
import { featureColumnName, type PredictionTables } from './prediction-tables.ts';

export class StoreReader implements DataReader {
  constructor(
    private readonly storage: Storage,
    private readonly tables: PredictionTables,
  ) {}

  async models(): Promise<ModelInfo[]> {
    const out: ModelInfo[] = [];
    // Counts, spans, versions and labelled ids are kept at ingest: listing models scans no table.
    for (const t of this.tables.list().sort((a, b) => a.model.localeCompare(b.model))) {
      out.push({
        model: t.model,
        predictions: t.rows,
        labels: this.tables.labelled(t.model),
        versions: [...t.versions.keys()],
        features: t.features.map((f) => ({ name: f.name, type: f.type })),
        firstSeen: t.firstTs === null ? null : new Date(t.firstTs),
        lastSeen: t.lastTs === null ? null : new Date(t.lastTs),
      });
    }
    return out;
  }

  async predictions(model: string, q: PredictionQuery = {}): Promise<PredictionColumns> {
    const t = this.tables.get(model);
    const feats = t ? t.features.filter((f) => !q.features || q.features.includes(f.name)) : [];
    if (!t) return emptyColumns(feats.map((f) => f.name));
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (q.since) {
      params.push(q.since.toISOString());
      where.push(`p.ts >= $${params.length}::TIMESTAMP`);
    }
    if (q.until) {
      params.push(q.until.toISOString());
      where.push(`p.ts < $${params.length}::TIMESTAMP`);
    }
    if (q.version) {
      params.push(q.version);
      where.push(`p.version = $${params.length}`);
    }
    // The label join (and the sort it needs) is paid only by models that have labels.
    const skip = new Set(q.without ?? []);
    const hasLabels = !(skip.has('labels') && !q.labelled) && !!(await this.storage.one('SELECT 1 AS x FROM labels WHERE model = $1 LIMIT 1', [model]));
    if (q.labelled) {
      if (!hasLabels) return emptyColumns(feats.map((f) => f.name));
      where.push('l.id IS NOT NULL');
    }
    const featSql = feats.map((f) => `, p.${featureColumnName(f.position)}`).join('');
    const idSql = skip.has('id') ? 'NULL::VARCHAR AS id' : 'p.id';
    const attrSql = skip.has('attributes') ? 'NULL::VARCHAR AS attributes' : 'p.attributes';
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    let sql: string;
    if (hasLabels) {
      params.push(model);
      sql = `SELECT p.seq::DOUBLE AS seq, epoch_ms(p.ts)::DOUBLE AS ts_ms, ${idSql}, p.version, p.segment, p.prediction_num, p.prediction_str, p.score, ${attrSql},
          l.label_num, l.label_str${featSql}
        FROM ${ident(t.table)} p
        LEFT JOIN (SELECT id, arg_max(label_num, received_at) AS label_num, arg_max(label_str, received_at) AS label_str
                   FROM labels WHERE model = $${params.length} GROUP BY id) l ON l.id = p.id
        ${whereSql}
        ORDER BY p.seq`;
    } else {
      // Rows are appended in seq order and DuckDB preserves insertion order for a scan without
      // ORDER BY (preserve_insertion_order, on by default), so no sort is needed here.
      sql = `SELECT p.seq::DOUBLE AS seq, epoch_ms(p.ts)::DOUBLE AS ts_ms, ${idSql}, p.version, p.segment, p.prediction_num, p.prediction_str, p.score, ${attrSql},
          NULL::DOUBLE AS label_num, NULL::VARCHAR AS label_str${featSql}
        FROM ${ident(t.table)} p ${whereSql}`;
    }
    if (q.lastRows) sql = `SELECT * FROM (${sql.replace(/ORDER BY p.seq$/, '')} ORDER BY seq DESC LIMIT ${Math.max(0, Math.floor(q.lastRows))}) ORDER BY seq`;
    const c = await this.storage.typedColumns(sql, params);
    const n = c.seq!.length;
    const out: PredictionColumns = {
      rows: n,
      seq: toF64(c.seq ?? []),
      ts: toF64(c.ts_ms ?? []),
      id: (c.id ?? []) as (string | null)[],
      version: (c.version ?? []) as (string | null)[],
      segment: (c.segment ?? []) as (string | null)[],
      predictionNum: toF64(c.prediction_num ?? []),
      predictionStr: (c.prediction_str ?? []) as (string | null)[],
      score: toF64(c.score ?? []),
      labelNum: toF64(c.label_num ?? []),
      labelStr: (c.label_str ?? []) as (string | null)[],
      features: {},
      attributes: {},
    };
    for (const f of feats) {
      const col = c[featureColumnName(f.position)] ?? [];
      out.features[f.name] = f.type === 'number' ? toF64(col) : (col as (string | boolean | null)[]);
    }
    const attrs = (c.attributes ?? []) as (string | null)[];
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i];
      if (!a) continue;
      for (const [k, v] of Object.entries(JSON.parse(a) as Record<string, string | null>)) {
        (out.attributes[k] ??= new Array<string | null>(n).fill(null))[i] = v;
      }
    }
    return out;
  }

  async predictionExtent(model: string, q: TimeRange & { firstRows?: number }): Promise<{ rows: number; firstMs: number | null; lastMs: number | null }> {
    const t = this.tables.get(model);
    if (!t) return { rows: 0, firstMs: null, lastMs: null };
    // The first n rows by arrival (seq) are what firstPredictions returns; else the time range.
    const { where, params } = range(q, 'ts');
    const from = q.firstRows
      ? `(SELECT ts FROM ${ident(t.table)} ORDER BY seq LIMIT ${Math.max(1, Math.floor(q.firstRows))})`
      : `${ident(t.table)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const r = await this.storage.one<{ n: number; lo: number | null; hi: number | null }>(
      `SELECT count(*)::BIGINT AS n, epoch_ms(min(ts))::DOUBLE AS lo, epoch_ms(max(ts))::DOUBLE AS hi FROM ${from}`,
      q.firstRows ? [] : params,
    );
    return { rows: r?.n ?? 0, firstMs: r?.lo ?? null, lastMs: r?.hi ?? null };
  }

  async predictionCount(model: string, q: TimeRange = {}): Promise<number> {
    const t = this.tables.get(model);
    if (!t) return 0;
    const { where, params } = range(q, 'ts');
    const r = await this.storage.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${ident(t.table)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params);
    return r?.n ?? 0;
  }

  async snapshots(model?: string): Promise<SnapshotInfo[]> {
    const rows = await this.storage.all<{ version: string; model: string; role: 'reference' | 'current'; name: string | null; rows: number; created_at: Date }>(
      `SELECT version, model, role, name, rows, created_at FROM snapshots ${model ? 'WHERE model = $1' : ''} ORDER BY created_at`,
      model ? [model] : [],
    );
    return rows.map((r) => ({ version: r.version, model: r.model, role: r.role, name: r.name, rows: r.rows, createdAt: r.created_at }));
  }

  async snapshot(version: string): Promise<SnapshotColumns | null> {
    const r = await this.storage.one<{ version: string; model: string; role: 'reference' | 'current'; name: string | null; rows: number; created_at: Date; table_name: string }>(
      'SELECT * FROM snapshots WHERE version = $1 OR name = $1 ORDER BY created_at DESC LIMIT 1',
      [version],
    );
    if (!r) return null;
    const types = await this.storage.all<{ column_name: string; data_type: string }>(
      'SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $1 ORDER BY column_index',
      [r.table_name],
    );
    const c = await this.storage.columns(`SELECT * FROM ${ident(r.table_name)}`);
    const columns: SnapshotColumns['columns'] = {};
    for (const t of types) {
      const col = c[t.column_name] ?? [];
      columns[t.column_name] = /^(DOUBLE|FLOAT|REAL|DECIMAL|INTEGER|BIGINT|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)/.test(t.data_type)
        ? toF64(col)
        : col.map((v) => (v === null || typeof v === 'string' || typeof v === 'boolean' ? v : String(v)));
    }
    return {
      info: { version: r.version, model: r.model, role: r.role, name: r.name, rows: r.rows, createdAt: r.created_at },
      columns,
    };
  }

  async logs(q: TimeRange & { afterSeq?: number; limit?: number }): Promise<LogRow[]> {
    const { where, params } = range(q, 'ts');
    if (q.afterSeq !== undefined) {
      params.push(q.afterSeq);
      where.push(`seq > $${params.length}`);
    }
    const limit = Math.min(Math.max(1, q.limit ?? 100_000), 1_000_000);
    const rows = await this.storage.all<{ seq: number; ts: Date; level: string | null; source: string | null; message: string; template_id: string | null }>(
      `SELECT seq, ts, level, source, message, template_id FROM logs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ${limit}`,
      params,
    );
    return rows.map((r) => ({ seq: r.seq, ts: r.ts, level: r.level, source: r.source, message: r.message, templateId: r.template_id }));
  }

  async metrics(q: TimeRange & { name?: string }): Promise<MetricRow[]> {
    const { where, params } = range(q, 'ts');
    if (q.name) {
      params.push(q.name);
      where.push(`name = $${params.length}`);
    }
    const rows = await this.storage.all<{ ts: Date; name: string; value: number; labels: string | null }>(
      `SELECT ts, name, value, labels FROM metrics ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts`,
      params,
    );
    return rows.map((r) => ({ ts: r.ts, name: r.name, value: r.value, labels: r.labels ? (JSON.parse(r.labels) as Record<string, string>) : {} }));
  }

  async firstPredictions(model: string, n: number, features?: string[]): Promise<PredictionColumns | null> {
    const t = this.tables.get(model);
    if (!t) return null;
    const cut = await this.storage.one<{ s: number | null; t: number | null }>(
      `SELECT max(seq)::DOUBLE AS s, max(epoch_ms(ts))::DOUBLE AS t FROM (SELECT seq, ts FROM ${ident(t.table)} ORDER BY seq LIMIT ${Math.max(1, Math.floor(n))})`,
    );
    const lastSeq = cut?.s;
    const lastTs = cut?.t;
    if (lastSeq == null || lastTs == null) return null;
    const c = await this.predictions(model, { until: new Date(lastTs + 1), features });
    // Rows come oldest first by seq; a row stamped earlier but sent later is not among the first n.
    let keep = c.rows;
    while (keep > 0 && c.seq[keep - 1]! > lastSeq) keep--;
    return keep === c.rows ? c : sliceColumns(c, 0, keep);
  }

  async misfitFeatures(model: string, q: TimeRange): Promise<Record<string, unknown>[]> {
    const t = this.tables.get(model);
    if (!t) return [];
    const { where, params } = range(q, 'ts');
    where.push('raw_features IS NOT NULL');
    const rows = await this.storage.all<{ raw: string }>(`SELECT raw_features AS raw FROM ${ident(t.table)} WHERE ${where.join(' AND ')}`, params);
    return rows.map((r) => JSON.parse(r.raw) as Record<string, unknown>);
  }

  /** Each version's earliest prediction, oldest first: kept at ingest (exact after each commit), so no scan. */
  async versionsFirstSeen(model: string): Promise<{ version: string; first: number }[]> {
    const t = this.tables.get(model);
    if (!t) return [];
    return [...t.versions]
      .map(([version, v]) => ({ version, first: v.first }))
      .sort((a, b) => a.first - b.first || (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  }

  logExtent(): Promise<{ maxSeq: number; firstTs: number | null }> {
    return logExtent(this.storage);
  }

  logCounts(q: LogCountQuery): Promise<LogCount[]> {
    return logCounts(this.storage, q);
  }

  templates(q: TemplateQuery): Promise<TemplateInfo[]> {
    return templates(this.storage, q);
  }

  templatesFirstSeen(ids: readonly string[]): Promise<Map<string, number>> {
    return templatesFirstSeen(this.storage, ids);
  }

  metricBuckets(q: BucketQuery): Promise<MetricBucket[]> {
    return metricBuckets(this.storage, q);
  }

  findings(q: { since: number; until: number; afterId?: number }): Promise<FindingRecord[]> {
    return findings(this.storage, q);
  }

  audit(q: { since: number; until: number }): Promise<AuditEntry[]> {
    return audit(this.storage, q);
  }

  firstEventAt(): Promise<number | null> {
    return firstEventAt(this.storage);
  }

  serviceCalls(sinceMs?: number): Promise<ServiceCall[]> {
    return serviceCalls(this.storage, sinceMs);
  }

  async results<T = unknown>(q: ResultQuery): Promise<StoredResult<T>[]> {
    const want = Math.max(0, Math.floor(q.limit));
    if (!q.accept) return want ? queryResults<T>(this.storage, { stage: q.stage, kind: q.kind, model: q.model, since: q.since, limit: want }) : [];
    // Newest first, a page at a time, until `limit` results were accepted or history runs out.
    const out: StoredResult<T>[] = [];
    let beforeId: number | undefined;
    const page = Math.min(1000, Math.max(50, want * 2));
    while (out.length < want) {
      const rows = await queryResults<T>(this.storage, { stage: q.stage, kind: q.kind, model: q.model, since: q.since, limit: page, beforeId });
      for (const r of rows) if (out.length < want && q.accept(r as StoredResult)) out.push(r);
      if (rows.length < page) break;
      beforeId = rows[rows.length - 1]!.id;
    }
    return out;
  }
}

function range(q: TimeRange, col: string): { where: string[]; params: SqlParam[] } {
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (q.since) {
    params.push(q.since.toISOString());
    where.push(`${col} >= $${params.length}::TIMESTAMP`);
  }
  if (q.until) {
    params.push(q.until.toISOString());
    where.push(`${col} < $${params.length}::TIMESTAMP`);
  }
  return { where, params };
}

function toF64(values: unknown[] | Float64Array): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null || v === undefined ? NaN : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : (v as number);
  }
  return out;
}
