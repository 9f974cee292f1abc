// Metric anomalies drawn over their own series: for the series with the most anomalies in the
// range (at most three), the series' bucket means from /v1/metrics/series, the expected value
// where the detector gave one, and a point at each anomaly. Text only.
import { getJson } from './api.js';
import { renderXY } from './charts.js';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Series values, expected values and anomaly points on one x axis (seconds), nulls where one has none. */
export function mergeSeries(rows, anomalies) {
  const at = new Map();
  const slot = (x) => {
    if (!at.has(x)) at.set(x, { value: null, expected: null, anomaly: null });
    return at.get(x);
  };
  for (const r of rows) slot(Number(r.ts) / 1000).value = Number(r.value);
  for (const a of anomalies) {
    const s = slot(a.x);
    s.anomaly = a.observed;
    s.expected = a.expected;
  }
  const x = [...at.keys()].sort((a, b) => a - b);
  const pick = (k) => x.map((t) => at.get(t)[k]);
  return { x, value: pick('value'), expected: pick('expected'), anomaly: pick('anomaly') };
}

export async function renderAnomalySeries(body, view) {
  const [since, until] = view.window.map((s) => Math.round(s * 1000));
  const grid = el('div', 'charts');
  body.append(grid);
  await Promise.all(
    view.series.map(async (s) => {
      const box = el('div', 'chart');
      box.dataset.series = s.key;
      box.append(el('h3', '', `${s.key}: ${s.anomalies.length} ${s.anomalies.length === 1 ? 'anomaly' : 'anomalies'} (${[...new Set(s.anomalies.map((a) => a.kind))].join(', ')})`));
      grid.append(box);
      const res = await getJson(`/v1/metrics/series?name=${encodeURIComponent(s.name)}&labels=${encodeURIComponent(JSON.stringify(s.labels))}&since=${since}&until=${until}&buckets=60`);
      if (res.status !== 'ok') return box.append(el('p', 'status', `cannot load the series: ${res.message}`));
      const m = mergeSeries(res.data.rows ?? [], s.anomalies);
      const chart = el('div');
      box.append(chart);
      renderXY(chart, {
        window: view.window,
        spanGaps: true,
        x: m.x,
        series: [
          { label: 'value (bucket mean)', values: m.value, colour: '#2563eb' },
          { label: 'expected', values: m.expected, colour: '#6b7280', dash: true },
          { label: 'anomaly', values: m.anomaly, colour: '#dc2626', pointsOnly: true },
        ],
      });
    }),
  );
}
