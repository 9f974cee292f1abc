// Turns API answers into what a renderer draws. Pure functions: an answer in, a view out, or
// null when there is nothing to show.
import { formatValue, pick, toMs } from './format.js';

const rowsOf = (data, key) => {
  if (Array.isArray(data)) return data;
  if (data && key && Array.isArray(data[key])) return data[key];
  if (data && Array.isArray(data.items)) return data.items;
  if (data && Array.isArray(data.rows)) return data.rows;
  return null;
};

/**
 * Breaks the lines where buckets are missing: after any step longer than one and a half buckets a
 * point of nulls is inserted, so a quiet hour shows as a gap instead of a straight line across it.
 * The bucket is the answer's `bucket_seconds`, else the shortest step between points.
 */
export function withGaps(view, bucketSeconds) {
  const { x } = view;
  if (x.length < 2) return view;
  let bucket = Number(bucketSeconds);
  if (!(bucket > 0)) {
    bucket = Infinity;
    for (let i = 1; i < x.length; i++) if (x[i] - x[i - 1] > 0) bucket = Math.min(bucket, x[i] - x[i - 1]);
    if (!Number.isFinite(bucket)) return view;
  }
  const outX = [x[0]];
  const outValues = view.series.map((s) => [s.values[0]]);
  for (let i = 1; i < x.length; i++) {
    if (x[i] - x[i - 1] > 1.5 * bucket) {
      outX.push(x[i - 1] + bucket);
      for (const v of outValues) v.push(null);
    }
    outX.push(x[i]);
    view.series.forEach((s, k) => outValues[k].push(s.values[i]));
  }
  return { ...view, x: outX, series: view.series.map((s, k) => ({ ...s, values: outValues[k] })) };
}

/** rows [{x, series, value}] → {kind: 'xy', x: seconds[], series: [{label, values}]} */
function pivot(data, t) {
  const rows = rowsOf(data, t.rows);
  if (!rows?.length) return null;
  const xs = [...new Set(rows.map((r) => toMs(r[t.x])))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const series = new Map();
  for (const r of rows) {
    const name = r[t.series] ?? '(none)';
    const label = t.seriesLabel ? t.seriesLabel.replace('{}', name) : String(name);
    if (!series.has(label)) series.set(label, new Array(xs.length).fill(t.fill ?? null));
    series.get(label)[index.get(toMs(r[t.x]))] = Number(r[t.value]);
  }
  return withGaps({ kind: 'xy', x: xs.map((x) => x / 1000), series: [...series].map(([label, values]) => ({ label, values })) }, data?.bucket_seconds);
}

function columns(data, t) {
  const rows = rowsOf(data, t.rows);
  if (!rows?.length) return null;
  const sorted = [...rows].sort((a, b) => toMs(a[t.x]) - toMs(b[t.x]));
  return withGaps(
    {
      kind: 'xy',
      x: sorted.map((r) => toMs(r[t.x]) / 1000),
      series: t.fields.map((f) => ({ label: f, values: sorted.map((r) => (r[f] === null || r[f] === undefined ? null : Number(r[f]))) })),
    },
    data?.bucket_seconds,
  );
}

function histogram(data, t) {
  const rows = rowsOf(data, t.rows);
  if (!rows?.length || rows.every((r) => !r.count)) return null;
  const labels = rows.map((r) => r.label ?? formatValue(r.lo, 'number'));
  return { kind: 'bars', labels, series: [{ label: 'count', values: rows.map((r) => Number(r.count)) }] };
}

function groupedBars(data, t) {
  const rows = rowsOf(data, t.rows);
  if (!rows?.length) return null;
  return { kind: 'bars', labels: rows.map((r) => String(r[t.label])), series: t.fields.map((f) => ({ label: f, values: rows.map((r) => Number(r[f] ?? 0)) })) };
}

/** Flattens numeric leaves of an object into `a.b.c` → number. */
function numericLeaves(obj, prefix = '', out = {}, depth = 0) {
  if (depth > 3 || obj === null || typeof obj !== 'object' || Array.isArray(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) numericLeaves(v, key, out, depth + 1);
  }
  return out;
}

/** Stage results over time → one series per numeric payload field matching `match`. */
function resultMetrics(data, t) {
  const rows = rowsOf(data, t.rows);
  if (!rows?.length) return null;
  const match = new RegExp(t.match);
  const exclude = t.exclude ? new RegExp(t.exclude) : null;
  const sorted = [...rows].sort((a, b) => toMs(a.createdAt ?? a.created_at) - toMs(b.createdAt ?? b.created_at));
  const leaves = sorted.map((r) => numericLeaves(r.payload ?? r));
  const keys = [...new Set(leaves.flatMap((l) => Object.keys(l)))].filter((k) => match.test(k) && !(exclude && exclude.test(k))).slice(0, 8);
  if (!keys.length) return null;
  return {
    kind: 'xy',
    // Realized and estimated figures come from different results: join their points.
    spanGaps: true,
    x: sorted.map((r) => toMs(r.createdAt ?? r.created_at) / 1000),
    series: keys.map((k) => ({ label: k, values: leaves.map((l) => l[k] ?? null) })),
  };
}

/**
 * How strongly a column drifted, as a multiple of its threshold (≥ 1 means drifted): p-value
 * methods by −log10(p)/−log10(threshold), distance methods by statistic/threshold.
 */
export function driftIntensity(col) {
  const p = col.p_value;
  const th = col.threshold;
  if (typeof p === 'number' && typeof th === 'number' && th > 0 && th < 1 && /ks|chi|p_value|test/i.test(col.method ?? 'ks')) {
    return Math.min(3, -Math.log10(Math.max(p, 1e-300)) / -Math.log10(th));
  }
  if (typeof col.statistic === 'number' && typeof th === 'number' && th > 0) return Math.min(3, col.statistic / th);
  return col.drift === true ? 1.5 : col.drift === false ? 0 : null;
}

/** Drift reports (SPEC §5 `columns`) over time → a features × time matrix. */
function driftHeatmap(data) {
  const rows = rowsOf(data);
  const reports = (rows ?? [])
    .map((r) => ({ ts: toMs(r.createdAt ?? r.created_at), report: r.payload?.report ?? r.payload }))
    .filter((r) => Array.isArray(r.report?.columns))
    .sort((a, b) => a.ts - b.ts);
  if (!reports.length) return null;
  const features = [...new Set(reports.flatMap((r) => r.report.columns.map((c) => c.name)))];
  const values = features.map((f) =>
    reports.map((r) => {
      const col = r.report.columns.find((c) => c.name === f);
      return col ? { v: driftIntensity(col), tip: `${f} @ ${new Date(r.ts).toISOString()}: ${col.method ?? ''} statistic ${formatValue(col.statistic)} p ${formatValue(col.p_value)}${col.drift ? ' (drift)' : ''}` } : null;
    }),
  );
  return { kind: 'matrix', x: reports.map((r) => r.ts), rows: features, values };
}

const severityRank = { info: 1, warning: 2, critical: 3 };

function findingsTimeline(data) {
  const rows = rowsOf(data);
  if (!rows?.length) return null;
  const sorted = [...rows].sort((a, b) => toMs(a.ts) - toMs(b.ts));
  const kinds = [...new Set(sorted.map((r) => r.kind))].slice(0, 8);
  return {
    kind: 'points',
    x: sorted.map((r) => toMs(r.ts) / 1000),
    series: kinds.map((k) => ({ label: k, values: sorted.map((r) => (r.kind === k ? severityRank[r.severity] ?? 1 : null)) })),
    yLabels: { 1: 'info', 2: 'warning', 3: 'critical' },
  };
}

function table(data, t) {
  const rows = rowsOf(data, t.rows);
  if (!rows?.length) return null;
  const get = (r, c) => {
    for (const k of [c.key, ...(c.alt ?? [])]) {
      const v = pick(r, k);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  return { kind: 'table', columns: t.columns.map((c) => c.label), rows: rows.map((r) => t.columns.map((c) => formatValue(get(r, c), c.format))) };
}

/** The newest performance result's per-segment breakdown, whatever its exact shape. */
function latestSegments(data) {
  const rows = rowsOf(data);
  const payload = rows?.[0]?.payload;
  const seg = payload?.segments ?? payload?.per_segment ?? payload?.realized?.segments;
  if (!seg) return null;
  const raw = Array.isArray(seg) ? seg : Object.entries(seg).map(([segment, v]) => ({ segment, ...(typeof v === 'object' ? v : { value: v }) }));
  if (!raw.length) return null;
  // The performance stage nests the figures under `metrics` and lists shortfalls as objects.
  const list = raw.map(({ metrics, underperforming, ...rest }) => ({
    ...rest,
    ...(metrics && typeof metrics === 'object' ? metrics : {}),
    ...(Array.isArray(underperforming) ? { underperforming: underperforming.map((u) => (u && typeof u === 'object' ? u.metric : u)).join(', ') } : {}),
  }));
  const keys = [...new Set(list.flatMap((s) => Object.keys(s)))].filter((k) => list.some((s) => typeof s[k] !== 'object' || s[k] === null)).slice(0, 12);
  return { kind: 'table', columns: keys, rows: list.map((s) => keys.map((k) => formatValue(s[k]))) };
}

function versions(data, t, also) {
  const snaps = rowsOf(data) ?? [];
  const model = also && typeof also === 'object' ? also : null;
  const rows = [
    ...(model?.versions ?? []).map((v) => ['model version', String(v), '', '']),
    ...snaps.map((s) => ['data ' + (s.role ?? ''), String(s.version ?? '').slice(0, 16), String(s.name ?? ''), formatValue(s.rows)]),
  ];
  if (!rows.length) return null;
  return { kind: 'table', columns: ['kind', 'version', 'name', 'rows'], rows };
}

const transforms = {
  pivot,
  columns,
  histogram,
  'grouped-bars': groupedBars,
  'result-metrics': resultMetrics,
  'drift-heatmap': driftHeatmap,
  'findings-timeline': findingsTimeline,
  table,
  'latest-segments': latestSegments,
  versions,
};

export function transform(panel, data, also) {
  const fn = transforms[panel.transform.kind];
  if (!fn) throw new Error(`panel ${panel.id}: unknown transform "${panel.transform.kind}"`);
  return fn(data, panel.transform, also);
}
