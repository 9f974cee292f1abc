// uPlot renderers: time series, bars and a point timeline. uPlot is loaded as a classic script
// (window.uPlot) from the daemon's own copy of node_modules/uplot.
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

export function renderXY(el, view) {
  const opts = {
    ...size(el),
    scales: { x: { time: true, range: timeRange(view) } },
    hooks: markRange(el),
    series: [{}, ...view.series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length], width: 1.5, spanGaps: view.spanGaps ?? false }))],
    axes: [{}, { size: 50 }],
  };
  return new window.uPlot(opts, [view.x, ...view.series.map((s) => s.values)], el);
}

export function renderBars(el, view) {
  const x = view.labels.map((_, i) => i);
  const n = view.series.length;
  const bars = window.uPlot.paths.bars;
  const opts = {
    ...size(el),
    scales: { x: { time: false, range: [-0.5, x.length - 0.5] } },
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
    axes: [{ splits: () => x, values: (u, splits) => splits.map((v) => shorten(view.labels[v] ?? '')), rotate: x.length > 8 ? -45 : 0 }, { size: 50 }],
  };
  return new window.uPlot(opts, [x, ...view.series.map((s) => s.values)], el);
}

export function renderPoints(el, view) {
  const opts = {
    ...size(el),
    scales: { x: { time: true, range: timeRange(view) }, y: { range: [0.5, 3.5] } },
    hooks: markRange(el),
    series: [{}, ...view.series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length], paths: () => null, points: { show: true, size: 8, fill: palette[i % palette.length] } }))],
    axes: [{}, { size: 70, splits: () => [1, 2, 3], values: (u, splits) => splits.map((v) => view.yLabels[v] ?? '') }],
  };
  return new window.uPlot(opts, [view.x, ...view.series.map((s) => s.values)], el);
}

function shorten(s) {
  return s.length > 14 ? s.slice(0, 13) + '…' : s;
}
