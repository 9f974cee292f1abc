// A heat map on a plain canvas (uPlot has none): one row per feature, one cell per drift run,
// placed at its time on the selected range, colour from green (no drift) through amber to red
// (intensity ≥ 1 is beyond the threshold). Feature names are buttons (text, keyboard-focusable)
// that open the feature's drill-down; nothing from the API becomes HTML.
import { localTime } from './format.js';
import { theme } from './theme.js';

export function colourFor(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return theme().empty;
  const t = Math.max(0, Math.min(1, v / 2));
  const hue = 120 - 120 * t;
  return `hsl(${hue}, 70%, ${55 - 10 * t}%)`;
}

const minute = 60_000;
const tickSteps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * minute);

/** Local-time tick positions (ms) on [from, to]: the smallest step giving at most `max` ticks. */
export function timeTicks(from, to, max = 7) {
  const step = tickSteps.find((s) => (to - from) / s <= max) ?? tickSteps[tickSteps.length - 1];
  // Align to the step in local time, so ticks read 12:15, 12:30 … rather than 12:13, 12:28.
  const offset = new Date(from).getTimezoneOffset() * minute;
  const first = Math.ceil((from - offset) / step) * step + offset;
  const out = [];
  for (let t = first; t <= to; t += step) out.push(t);
  return { ticks: out, step };
}

/** Each run's cell: from the previous run (at most twice the usual spacing back) up to its own time. */
function cellSpans(x) {
  const steps = x.slice(1).map((t, i) => t - x[i]).filter((d) => d > 0).sort((a, b) => a - b);
  const usual = steps.length ? steps[Math.floor(steps.length / 2)] : minute;
  return x.map((t, i) => {
    const back = i > 0 && t - x[i - 1] > 0 && t - x[i - 1] <= 2 * usual ? t - x[i - 1] : usual;
    return [t - back, t];
  });
}

export function renderHeatmap(el, view) {
  const colours = theme();
  const rowHeight = 20;
  const axisHeight = 22;
  const wrap = document.createElement('div');
  wrap.className = 'heatmap';
  const labels = document.createElement('div');
  labels.className = 'heat-labels';
  view.rows.forEach((name, r) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = name;
    b.title = `${name}: open its distributions and statistic over time`;
    b.dataset.feature = name;
    if (view.drifted?.[r]) b.classList.add('drifted');
    if (view.selected === name) b.setAttribute('aria-pressed', 'true');
    b.style.height = `${rowHeight}px`;
    b.addEventListener('click', () => view.onSelect?.(name));
    labels.append(b);
  });
  wrap.append(labels);
  el.append(wrap);

  const width = Math.max(200, el.clientWidth - labels.offsetWidth - 12);
  const height = view.rows.length * rowHeight + axisHeight;
  const canvas = document.createElement('canvas');
  const ratio = window.devicePixelRatio || 1;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `drift heat map: ${view.rows.length} features × ${view.x.length} runs`);
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  // The x axis is the selected range when the dashboard gives one, else the runs' own span.
  const spans = cellSpans(view.x);
  const [from, to] = view.window ? view.window.map((s) => s * 1000) : [spans[0][0], spans[spans.length - 1][1]];
  const px = (t) => ((Math.max(from, Math.min(to, t)) - from) / (to - from || 1)) * width;
  el.dataset.xMin = String(from / 1000);
  el.dataset.xMax = String(to / 1000);
  ctx.fillStyle = colours.empty;
  ctx.fillRect(0, 0, width, view.rows.length * rowHeight);
  view.rows.forEach((_, r) => {
    view.values[r].forEach((cell, c) => {
      if (!cell) return;
      const x0 = px(spans[c][0]);
      const x1 = px(spans[c][1]);
      if (x1 <= x0) return;
      ctx.fillStyle = colourFor(cell.v);
      ctx.fillRect(x0, r * rowHeight + 1, Math.max(1, x1 - x0 - 1), rowHeight - 2);
    });
  });
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.fillStyle = colours.muted;
  ctx.strokeStyle = colours.grid;
  const { ticks, step } = timeTicks(from, to);
  const withDate = to - from >= 1440 * minute || step >= 1440 * minute;
  for (const t of ticks) {
    const x = px(t);
    ctx.beginPath();
    ctx.moveTo(x + 0.5, view.rows.length * rowHeight);
    ctx.lineTo(x + 0.5, view.rows.length * rowHeight + 4);
    ctx.stroke();
    const text = withDate ? localTime(new Date(t)).slice(5, 16) : localTime(new Date(t), false).slice(0, 5);
    ctx.textAlign = x < 20 ? 'left' : x > width - 20 ? 'right' : 'center';
    ctx.fillText(text, x, view.rows.length * rowHeight + 6);
  }
  canvas.addEventListener('mousemove', (e) => {
    const rect = canvas.getBoundingClientRect();
    const t = from + ((e.clientX - rect.left) / width) * (to - from);
    const r = Math.floor((e.clientY - rect.top) / rowHeight);
    const c = spans.findIndex(([a, b]) => t >= a && t <= b);
    canvas.title = c >= 0 ? view.values[r]?.[c]?.tip ?? '' : '';
  });
  canvas.addEventListener('click', (e) => {
    const r = Math.floor((e.clientY - canvas.getBoundingClientRect().top) / rowHeight);
    if (view.rows[r] !== undefined) view.onSelect?.(view.rows[r]);
  });
  wrap.append(canvas);
  el.append(scaleLegend());
}

/** The colour scale with the threshold marked where the colour turns from amber to red. */
function scaleLegend() {
  const p = document.createElement('div');
  p.className = 'legend heat-scale';
  const bar = document.createElement('span');
  bar.className = 'scale-bar';
  bar.style.background = `linear-gradient(to right, ${[0, 0.5, 1, 1.5, 2].map((v) => colourFor(v)).join(', ')})`;
  const mark = document.createElement('span');
  mark.className = 'scale-threshold';
  bar.append(mark);
  const text = document.createElement('span');
  text.textContent = 'statistic relative to its threshold: 0 · threshold (the mark; red beyond it) · 2× · grey: not compared. Click a feature for its drill-down.';
  p.append(bar, text);
  return p;
}
