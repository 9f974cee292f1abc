// Turns API answers into what a renderer draws. Pure functions: an answer in, a view out, or
// null when there is nothing to show.
import { causeName, formatValue, localTime, pick, toMs } from './format.js';

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
  return withGaps({ kind: 'xy', x: xs.map((x) => x / 1000), series: [...series].map(([label, values]) => ({ label, values })), yLabel: unitLabel(t.yLabel, data?.bucket_seconds) }, data?.bucket_seconds);
}

/** A y-axis label with `{bucket}` replaced by the answer's bucket width (`per 15 s`, `per 2 min`). */
export function unitLabel(label, bucketSeconds) {
  if (!label) return undefined;
  const b = Number(bucketSeconds);
  const width = !(b > 0) ? 'bucket' : b < 120 ? `${+b.toFixed(1)} s` : b < 7200 ? `${+(b / 60).toFixed(1)} min` : `${+(b / 3600).toFixed(1)} h`;
  return label.replace('{bucket}', width);
}

function columns(data, t) {
  const rows = rowsOf(data, t.rows);
  if (!rows?.length) return null;
  const sorted = [...rows].sort((a, b) => toMs(a[t.x]) - toMs(b[t.x]));
  return withGaps(
    {
      kind: 'xy',
      yLabel: unitLabel(t.yLabel, data?.bucket_seconds),
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

const ago = (ms) => {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return s < 90 ? `${s} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
};
const newestPayload = (answer) => (rowsOf(answer) ?? []).map((r) => ({ ts: toMs(r.createdAt ?? r.created_at), p: r.payload ?? {} })).sort((a, b) => b.ts - a.ts)[0] ?? null;

/**
 * The model's status at a glance: traffic in the range, drift share of the newest run, realized
 * and estimated performance, open alerts and the stages' last runs. `data` is /v1/models/{model};
 * the rest comes from the panel's `more` queries.
 */
function modelStatus(data, t, also, more) {
  if (!data || typeof data !== 'object') return null;
  const tiles = [];
  const volume = rowsOf(more.volume) ?? [];
  const inRange = volume.reduce((sum, r) => sum + Number(r.count ?? 0), 0);
  tiles.push({ id: 'traffic', label: 'predictions in range', value: inRange.toLocaleString('en-US'), note: data.lastSeen ? `newest ${ago(toMs(data.lastSeen))} · ${Number(data.predictions).toLocaleString('en-US')} in all` : 'none yet', level: inRange ? undefined : 'bad' });
  const drift = newestPayload(more.drift);
  const report = drift?.p.report;
  if (report?.columns) {
    const compared = report.columns.filter((c) => !c.error);
    const drifted = compared.filter((c) => c.drift).length;
    tiles.push({ id: 'drift', label: 'features drifted (newest run)', value: `${drifted} of ${compared.length}`, note: `${report.dataset_drift ? 'dataset drift' : 'no dataset drift'} · ${ago(drift.ts)}`, level: report.dataset_drift ? 'bad' : 'good' });
  } else tiles.push({ id: 'drift', label: 'features drifted', value: '–', note: 'no drift run in range' });
  const metrics = t.metrics ?? ['accuracy', 'rocAuc', 'mae', 'rmse'];
  const realized = newestPayload(more.realized);
  const estimated = newestPayload(more.estimated);
  const metric = metrics.find((m) => typeof realized?.p.overall?.[m] === 'number' || typeof estimated?.p.estimate?.[m] === 'number');
  if (metric) {
    const r = realized?.p.overall?.[metric];
    const e = estimated?.p.estimate?.[metric];
    const breached = (realized?.p.breaches ?? []).some((b) => b.metric === metric);
    tiles.push({ id: 'performance', label: `${metric}: realized`, value: typeof r === 'number' ? formatValue(r) : '–', note: typeof e === 'number' ? `estimated ${formatValue(e)} (no labels needed)` : 'no estimate yet', level: breached ? 'bad' : undefined });
  } else tiles.push({ id: 'performance', label: 'performance', value: '–', note: data.labels ? 'no performance run in range' : 'no labels yet (POST /v1/labels)' });
  const alerts = rowsOf(more.alerts, 'alerts');
  if (alerts) tiles.push({ id: 'alerts', label: 'open alerts', value: String(alerts.length), note: alerts.length ? [...new Set(alerts.map((a) => a.labels?.alertname ?? a.name ?? ''))].slice(0, 3).join(', ') : 'none firing', level: alerts.length ? 'bad' : 'good' });
  const stages = Array.isArray(more.stages) ? more.stages.filter((x) => x.enabled) : null;
  if (stages) {
    const failing = stages.filter((x) => x.lastOutcome === 'error' || x.lastOutcome === 'timeout');
    const newest = stages.filter((x) => x.lastRunAt).sort((a, b) => toMs(b.lastRunAt) - toMs(a.lastRunAt))[0];
    tiles.push({ id: 'stages', label: 'stages', value: failing.length ? `${failing.length} failing` : `${stages.length} ok`, note: failing.length ? failing.map((x) => x.name).join(', ') : newest ? `last run: ${newest.name}, ${ago(toMs(newest.lastRunAt))}` : 'none has run yet', level: failing.length ? 'bad' : undefined });
  }
  return { kind: 'tiles', tiles };
}

/** Alert groups (the answer) with the silences (`more.silences`); shown even when both are empty, for the form. */
function alerting(data, t, also, more) {
  return { kind: 'alerting', groups: rowsOf(data) ?? [], silences: Array.isArray(more.silences) ? more.silences : [] };
}

const clipText = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

/**
 * Log lines per bucket by template (the answer of /v1/logs/volume?by=template): one series per
 * template named by its text, and a marker where a template was first seen in the window.
 */
function templateVolume(data, t) {
  const view = pivot(data, { rows: 'rows', x: 'ts', series: 'template_id', value: 'count', fill: 0, yLabel: 'lines per {bucket}' });
  if (!view) return null;
  const templates = new Map((data.templates ?? []).map((x) => [String(x.id), x]));
  const label = (id) => (templates.has(id) ? clipText(String(templates.get(id).template), t.labelLength ?? 40) : id === 'other' ? 'other templates' : id === 'none' ? 'no template' : id);
  const series = view.series.map((s) => ({ ...s, label: label(s.label) }));
  const markers = [...templates.values()].map((x) => ({ x: toMs(x.first_seen) / 1000, label: `new: ${clipText(String(x.template), 60)}` }));
  return { ...view, series, markers };
}

/** Incidents (newest revision each) → rows for the timeline: id, span, status, symptom and top cause. */
function incidentTimeline(data) {
  const rows = rowsOf(data, 'incidents');
  if (!rows?.length) return null;
  const cause = (c) => (c ? causeName(c) : '');
  return {
    kind: 'incidents',
    incidents: [...rows]
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      .map((r) => ({ id: r.id, start: r.start, end: r.end, status: r.status, symptom: String(r.symptom?.summary ?? r.symptom?.kind ?? r.symptom?.key ?? ''), cause: cause(r.top_cause) })),
  };
}

const pct = (v) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : '');

/**
 * The newest A/B comparison of a model's versions side by side: per arm its traffic, labelled
 * rows, correctness (or mean score), the bandit's probability of being best and suggested share,
 * with the significance test as the caption.
 */
function abComparison(data) {
  const newest = newestPayload(data);
  const c = newest?.p;
  if (!c?.a || !c?.b) return null;
  const correct = (c.outcomes ?? []).find((o) => o.name === 'correct') ?? null;
  const score = (c.outcomes ?? []).find((o) => o.type === 'continuous') ?? null;
  const arms = new Map((c.bandit?.arms ?? []).map((a) => [a.arm, a]));
  const row = (arm, side, role) => [
    arm.version,
    role,
    formatValue(arm.predictions),
    formatValue(arm.labelled),
    correct ? pct(correct[side].rate) : '',
    score ? formatValue(score[side].mean) : '',
    pct(arms.get(arm.version)?.probabilityBest),
    pct(arms.get(arm.version)?.suggestedShare),
  ];
  const t = correct?.comparison?.test;
  const caption = t
    ? `${c.b.version} vs ${c.a.version}: correct ${(100 * t.difference).toFixed(1)} points (${Math.round(100 * (t.confidence ?? 0.95))}% CI ${(100 * t.ci[0]).toFixed(1)} … ${(100 * t.ci[1]).toFixed(1)}), p = ${formatValue(t.pValue)}: ${correct.significant ? 'significant' : 'not significant'} at α = ${c.alpha}`
    : correct?.note ?? (c.notes ?? []).join('; ') ?? '';
  return {
    kind: 'table',
    columns: ['version', 'role', 'predictions', 'labelled', 'correct', score ? `mean ${score.name}` : 'score', 'P(best)', 'bandit share'],
    rows: [row(c.a, 'a', 'control'), row(c.b, 'b', 'treatment')],
    caption: `${caption} (newest comparison, ${localTime(new Date(newest.ts))})`,
  };
}

/** Metric anomaly findings → the (at most `top`) series with the most of them, each with its anomalies. */
function metricAnomalies(data, t) {
  const rows = rowsOf(data);
  if (!rows?.length) return null;
  const by = new Map();
  for (const r of rows) {
    const key = r.labels?.series;
    const name = r.labels?.metric;
    if (!key || !name) continue;
    if (!by.has(key)) by.set(key, { key, name, labels: r.details?.labels ?? {}, anomalies: [], newest: 0 });
    const s = by.get(key);
    const x = toMs(r.details?.bucket_start ?? r.ts) / 1000;
    s.anomalies.push({ x, kind: r.kind, observed: typeof r.details?.observed === 'number' ? r.details.observed : null, expected: typeof r.details?.expected === 'number' ? r.details.expected : null });
    s.newest = Math.max(s.newest, x);
  }
  const series = [...by.values()].sort((a, b) => b.anomalies.length - a.anomalies.length || b.newest - a.newest).slice(0, t.top ?? 3);
  return series.length ? { kind: 'anomaly-series', series } : null;
}

/** Validation findings grouped per check and feature: how many in the range, when last, the newest summary. */
function validationCounts(data) {
  const rows = rowsOf(data);
  if (!rows?.length) return null;
  const groups = new Map();
  for (const r of rows) {
    const key = `${r.kind}\u0000${r.labels?.feature ?? ''}`;
    const g = groups.get(key) ?? { check: r.kind, feature: r.labels?.feature ?? '', count: 0, last: -Infinity, summary: '' };
    g.count++;
    const ts = toMs(r.ts);
    if (ts > g.last) (g.last = ts), (g.summary = r.summary ?? '');
    groups.set(key, g);
  }
  const list = [...groups.values()].sort((a, b) => b.count - a.count || b.last - a.last);
  return { kind: 'table', columns: ['check', 'feature', 'failures', 'last seen', 'newest summary'], rows: list.map((g) => [g.check, g.feature, String(g.count), formatValue(g.last, 'time'), g.summary]) };
}

const proportions = new Set(['accuracy', 'precision', 'recall']);

/**
 * Realized and estimated performance of one metric over time, each with a band of ±3 standard
 * errors of a proportion on its window's rows (√(p(1−p)/n), NannyML's sampling-error band) for
 * accuracy-like metrics. The metric is the first of `metrics` either kind of result carries.
 */
function performanceBands(data, t) {
  const rows = (rowsOf(data) ?? []).map((r) => ({ ts: toMs(r.createdAt ?? r.created_at), kind: r.kind, p: r.payload ?? {} }));
  const realized = rows.filter((r) => r.kind === 'performance.realized').map((r) => ({ ts: r.ts, values: r.p.overall ?? {}, n: r.p.window?.rows }));
  const estimated = rows.filter((r) => r.kind === 'performance.estimated').map((r) => ({ ts: r.ts, values: r.p.estimate ?? {}, n: r.p.window?.rows }));
  const has = (list, m) => list.some((r) => typeof r.values[m] === 'number');
  const metric = (t.metrics ?? ['accuracy']).find((m) => has(realized, m) || has(estimated, m));
  if (!metric) return null;
  const xs = [...new Set([...realized, ...estimated].filter((r) => typeof r.values[metric] === 'number').map((r) => r.ts))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const series = [];
  const bands = [];
  const add = (list, label, colour) => {
    if (!has(list, metric)) return;
    const line = new Array(xs.length).fill(null);
    const upper = new Array(xs.length).fill(null);
    const lower = new Array(xs.length).fill(null);
    for (const r of list) {
      const v = r.values[metric];
      if (typeof v !== 'number') continue;
      const i = at.get(r.ts);
      line[i] = v;
      if (proportions.has(metric) && r.n > 0) {
        const se = Math.sqrt((v * (1 - v)) / r.n);
        upper[i] = Math.min(1, v + 3 * se);
        lower[i] = Math.max(0, v - 3 * se);
      }
    }
    series.push({ label: `${label} ${metric}`, values: line, colour });
    if (upper.some((v) => v !== null)) {
      const u = series.push({ label: `${label} +3σ`, values: upper, colour, band: true }) - 1;
      const l = series.push({ label: `${label} −3σ`, values: lower, colour, band: true }) - 1;
      bands.push({ upper: u, lower: l, fill: colour + '26' });
    }
  };
  add(realized, 'realized', '#2563eb');
  add(estimated, 'estimated', '#d97706');
  return { kind: 'xy', spanGaps: true, x: xs.map((x) => x / 1000), series, bands, yLabel: metric };
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

/** The stored drift reports of an answer, oldest first, each with its time and distributions. */
function driftReports(data) {
  return (rowsOf(data) ?? [])
    .map((r) => ({ ts: toMs(r.createdAt ?? r.created_at), report: r.payload?.report ?? r.payload, distributions: r.payload?.distributions ?? {} }))
    .filter((r) => Array.isArray(r.report?.columns))
    .sort((a, b) => a.ts - b.ts);
}

/** Drift reports (SPEC §5 `columns`) over time → a features × time matrix, drifted features first. */
function driftHeatmap(data) {
  const reports = driftReports(data);
  if (!reports.length) return null;
  const newest = reports[reports.length - 1].report.columns;
  const drifted = new Set(newest.filter((c) => c.drift).map((c) => c.name));
  const features = [...new Set(reports.flatMap((r) => r.report.columns.map((c) => c.name)))].sort((a, b) => Number(drifted.has(b)) - Number(drifted.has(a)));
  const values = features.map((f) =>
    reports.map((r) => {
      const col = r.report.columns.find((c) => c.name === f);
      return col ? { v: driftIntensity(col), tip: `${f} at ${localTime(new Date(r.ts))}: ${col.method ?? ''} statistic ${formatValue(col.statistic)}${col.p_value === null || col.p_value === undefined ? '' : ` p ${formatValue(col.p_value)}`}${col.drift ? ' (drift)' : ''}` } : null;
    }),
  );
  return { kind: 'matrix', x: reports.map((r) => r.ts), rows: features, drifted: features.map((f) => drifted.has(f)), values, detail: (f) => featureDetail(reports, f) };
}

const usesPValue = (col) => typeof col.p_value === 'number';
const scaled = (v, log10) => (typeof v !== 'number' ? null : log10 ? Math.log10(Math.max(v, 1e-30)) : v);

/**
 * One feature across the drift runs, for the drill-down: the newest run's reference and current
 * distributions, its statistic (p-value methods: the p-value) against the threshold over time,
 * and the missing share on both sides. Null when no run compared the feature.
 */
export function featureDetail(reports, feature) {
  const runs = reports.map((r) => ({ ts: r.ts, col: r.report.columns.find((c) => c.name === feature), dist: r.distributions?.[feature] })).filter((r) => r.col);
  if (!runs.length) return null;
  const latest = runs[runs.length - 1];
  const pValue = usesPValue(latest.col);
  const withDist = [...runs].reverse().find((r) => r.dist && r.dist.labels?.length);
  return {
    feature,
    method: latest.col.method,
    threshold: latest.col.threshold,
    drift: latest.col.drift,
    statistic: latest.col.statistic,
    p_value: latest.col.p_value ?? null,
    missing: latest.col.missing_share ?? null,
    at: latest.ts,
    over: {
      kind: 'xy',
      label: pValue ? 'p-value' : 'statistic',
      // p-values are drawn as log10(p): a decade per step. One of 1e-300 would stretch the axis
      // over hundreds of decades, so below 1e-30 it is drawn at 1e-30.
      log10: pValue,
      x: runs.map((r) => r.ts / 1000),
      series: [
        { label: pValue ? 'p-value' : `${latest.col.method ?? ''} statistic`, values: runs.map((r) => scaled(pValue ? r.col.p_value : r.col.statistic, pValue)) },
        { label: 'threshold', values: runs.map((r) => scaled(r.col.threshold, pValue)), dash: true },
      ],
    },
    distribution: withDist ? { kind: 'bars', labels: withDist.dist.labels, at: withDist.ts, series: [{ label: 'reference', values: withDist.dist.reference }, { label: 'current', values: withDist.dist.current }] } : null,
  };
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
  const all = [...new Set(list.flatMap((s) => Object.keys(s)))].filter((k) => list.some((s) => typeof s[k] !== 'object' || s[k] === null));
  // What the reader looks for first: which segment, how big, what it falls short on.
  const first = ['segment', 'count', 'underperforming'].filter((k) => all.includes(k));
  const keys = [...first, ...all.filter((k) => !first.includes(k))].slice(0, 12);
  // Worst first: segments that fall short, then by the first quality metric, lowest first.
  const metric = ['accuracy', 'rocAuc', 'f1', 'r2'].find((m) => list.some((x) => typeof x[m] === 'number'));
  const short = (x) => (x.underperforming ? 0 : 1);
  const sorted = [...list].sort((a, b) => short(a) - short(b) || (metric ? (a[metric] ?? Infinity) - (b[metric] ?? Infinity) : 0));
  return { kind: 'table', columns: keys, rows: sorted.map((x) => keys.map((k) => formatValue(x[k]))) };
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
  'performance-bands': performanceBands,
  'model-status': modelStatus,
  alerting,
  'template-volume': templateVolume,
  'incident-timeline': incidentTimeline,
  'ab-comparison': abComparison,
  'metric-anomalies': metricAnomalies,
  'validation-counts': validationCounts,
  'findings-timeline': findingsTimeline,
  table,
  'latest-segments': latestSegments,
  versions,
};

export function transform(panel, data, also, more = {}) {
  const fn = transforms[panel.transform.kind];
  if (!fn) throw new Error(`panel ${panel.id}: unknown transform "${panel.transform.kind}"`);
  return fn(data, panel.transform, also, more);
}
