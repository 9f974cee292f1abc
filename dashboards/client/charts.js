// uPlot renderers: time series, bars and a point timeline. uPlot is loaded as a classic script
// (window.uPlot) from the daemon's own copy of node_modules/uplot. Axis colours follow the page's
// theme; while the cursor is off a chart its legend shows each series' newest value, not `--`.
import { theme } from './theme.js';
import { formatNumber, localTime } from './format.js';

const palette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

// The selected range (now − range … now) when the dashboard gives one; otherwise the data's own,
// widened around a single point, which would otherwise stretch the axis over years.
const timeRange = (view) => (u, min, max) => (view.window ? view.window : min === max ? [min - 1800, max + 1800] : [min, max]);

/** Marks the drawn x range on the panel body whenever it is set, so a browser test can check the axis. */
function markRange(el) {
  return {
    setScale: [
      (u, key) => {
        if (key !== 'x') return;
        el.dataset.xMin = String(u.scales.x.min);
        el.dataset.xMax = String(u.scales.x.max);
      },
    ],
  };
}

function size(el) {
  return { width: Math.max(280, el.clientWidth - 8), height: 220 };
}

function axes(x = {}, y = {}) {
  const c = theme();
  const common = { stroke: c.muted, grid: { stroke: c.grid, width: 1 }, ticks: { stroke: c.grid, width: 1 } };
  return [{ ...common, ...x }, { ...common, size: 50, ...y }];
}

/** Index of each series' newest non-null value (the x series: the newest point). */
function newestIndexes(data) {
  return data.map((values, s) => {
    for (let i = values.length - 1; i >= 0; i--) if (s === 0 || (values[i] !== null && values[i] !== undefined)) return i;
    return null;
  });
}

function newestInLegend(data) {
  const idxs = newestIndexes(data);
  const show = (u) => u.setLegend({ idxs }, false);
  return { ready: [show], setCursor: [(u) => (u.cursor.idx === null || u.cursor.idx === undefined) && show(u)] };
}

/** Dashed vertical lines with a triangle on top at `view.markers` (new templates, say); their list is a text note under the chart. */
function drawMarkers(view) {
  if (!view.markers?.length) return {};
  return {
    draw: [
      (u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.strokeStyle = ctx.fillStyle = '#7c3aed';
        ctx.setLineDash([4, 3]);
        for (const m of view.markers) {
          if (m.x < u.scales.x.min || m.x > u.scales.x.max) continue;
          const x = Math.round(u.valToPos(m.x, 'x', true)) + 0.5;
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.beginPath();
          ctx.moveTo(x - 5, top);
          ctx.lineTo(x + 5, top);
          ctx.lineTo(x, top + 7);
          ctx.fill();
        }
        ctx.restore();
      },
    ],
  };
}

/** Band edges are drawn as a fill, not as lines of their own: they get no legend entry. */
function hideBandsInLegend(view) {
  const hide = (u) => {
    const rows = u.root.querySelectorAll('.u-legend .u-series');
    view.series.forEach((s, i) => s.band && rows[i + 1] && (rows[i + 1].style.display = 'none'));
  };
  return { ready: [hide] };
}

function mergeHooks(...all) {
  const out = {};
  for (const h of all) for (const [k, fns] of Object.entries(h)) (out[k] ??= []).push(...fns);
  return out;
}

/**
 * A p-value axis: the view carries log10(p) (uPlot rounds tiny split values on its own log
 * scale to 0), the axis steps in whole decades labelled 1, 0.1, 0.01, 1e-3 …, and the legend
 * shows the p-value itself.
 */
const decadeLabel = (e) => (e >= -2 ? String(10 ** e) : `1e${e}`);
const decades = {
  incrs: [1, 2, 5, 10, 20, 50, 100],
  values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? decadeLabel(v) : '')),
};

export function renderXY(el, view) {
  const data = [view.x, ...view.series.map((s) => s.values)];
  const series = [
    {},
    ...view.series.map((s, i) => ({
      label: s.label,
      stroke: s.colour ?? palette[i % palette.length],
      width: s.band ? 0 : 1.5,
      dash: s.dash ? [5, 4] : undefined,
      spanGaps: view.spanGaps ?? false,
      points: s.band ? { show: false } : s.pointsOnly ? { show: true, size: 9, fill: s.colour } : undefined,
      paths: s.pointsOnly ? () => null : undefined,
      value: s.band ? () => '' : (u, v) => (v === null || v === undefined ? '–' : formatNumber(view.log10 ? 10 ** v : v)),
    })),
  ];
  const opts = {
    ...size(el),
    scales: { x: { time: true, range: timeRange(view) } },
    hooks: mergeHooks(markRange(el), newestInLegend(data), hideBandsInLegend(view), drawMarkers(view)),
    series,
    // Confidence bands: fill between an upper and a lower series (uPlot indexes, 1-based).
    bands: (view.bands ?? []).map((b) => ({ series: [b.upper + 1, b.lower + 1], fill: b.fill })),
    axes: axes({}, { ...(view.yLabel ? { label: view.yLabel, size: 60 } : {}), ...(view.log10 ? decades : {}) }),
  };
  const chart = new window.uPlot(opts, data, el);
  const shown = (view.markers ?? []).filter((m) => !view.window || (m.x >= view.window[0] && m.x <= view.window[1]));
  if (shown.length) {
    const note = document.createElement('p');
    note.className = 'legend markers';
    note.textContent = `▼ ${shown.length} template${shown.length > 1 ? 's' : ''} first seen in this range: ${shown.map((m) => `${localTime(new Date(m.x * 1000), false)} ${m.label.replace(/^new: /, '')}`).join(' · ')}`;
    el.append(note);
  }
  return chart;
}

export function renderBars(el, view) {
  const x = view.labels.map((_, i) => i);
  const n = view.series.length;
  const bars = window.uPlot.paths.bars;
  const opts = {
    ...size(el),
    scales: { x: { time: false, range: [-0.5, x.length - 0.5] } },
    // The legend names the series only: a bar chart has no "newest" value to show at rest.
    legend: { live: false },
    series: [
      { label: 'bin', value: (u, v) => (v === null ? '' : view.labels[v] ?? '') },
      ...view.series.map((s, i) => ({
        label: s.label,
        fill: palette[i % palette.length] + 'cc',
        stroke: palette[i % palette.length],
        // Series are drawn in order and narrower each time, so totals sit behind their parts.
        paths: bars({ size: [0.8 - (0.5 * i) / n, 80], align: 0 }),
        points: { show: false },
      })),
    ],
    // At most about twelve bin labels: every k-th one, so they never overlap.
    axes: axes({ splits: () => x, values: (u, splits) => splits.map((v) => (v % labelEvery(x.length) ? '' : shorten(view.labels[v] ?? ''))), rotate: x.length > 8 ? -45 : 0 }, view.yLabel ? { label: view.yLabel, size: 60 } : {}),
  };
  return new window.uPlot(opts, [x, ...view.series.map((s) => s.values)], el);
}

export function renderPoints(el, view) {
  const opts = {
    ...size(el),
    scales: { x: { time: true, range: timeRange(view) }, y: { range: [0.5, 3.5] } },
    hooks: mergeHooks(markRange(el), newestInLegend([view.x, ...view.series.map((s) => s.values)])),
    series: [{}, ...view.series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length], paths: () => null, points: { show: true, size: 8, fill: palette[i % palette.length] }, value: (u, v) => (v === null || v === undefined ? '–' : view.yLabels[v] ?? String(v)) }))],
    axes: axes({}, { size: 70, splits: () => [1, 2, 3], values: (u, splits) => splits.map((v) => view.yLabels[v] ?? '') }),
  };
  return new window.uPlot(opts, [view.x, ...view.series.map((s) => s.values)], el);
}

const labelEvery = (n) => Math.max(1, Math.ceil(n / 12));

function shorten(s) {
  return s.length > 14 ? s.slice(0, 13) + '…' : s;
}
