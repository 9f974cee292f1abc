// A heat map on a plain canvas (uPlot has none): one row per feature, one column per drift run,
// colour from green (no drift) through amber to red (intensity ≥ 1 is beyond the threshold).
// Feature names are drawn as canvas text and listed in a text legend, never as HTML.
export function colourFor(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '#e5e7eb';
  const t = Math.max(0, Math.min(1, v / 2));
  const hue = 120 - 120 * t;
  return `hsl(${hue}, 70%, ${55 - 10 * t}%)`;
}

export function renderHeatmap(el, view) {
  const labelWidth = 140;
  const rowHeight = 18;
  const width = Math.max(320, el.clientWidth - 8);
  const height = view.rows.length * rowHeight + 24;
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
  const cellWidth = (width - labelWidth) / Math.max(1, view.x.length);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  view.rows.forEach((name, r) => {
    ctx.fillStyle = '#111827';
    ctx.fillText(name.length > 20 ? name.slice(0, 19) + '…' : name, 4, r * rowHeight + rowHeight / 2);
    view.values[r].forEach((cell, c) => {
      ctx.fillStyle = colourFor(cell?.v);
      ctx.fillRect(labelWidth + c * cellWidth, r * rowHeight + 1, Math.max(1, cellWidth - 1), rowHeight - 2);
    });
  });
  ctx.fillStyle = '#4b5563';
  const first = new Date(view.x[0]).toISOString().slice(11, 19);
  const last = new Date(view.x[view.x.length - 1]).toISOString().slice(11, 19);
  ctx.fillText(first, labelWidth, height - 10);
  ctx.textAlign = 'right';
  ctx.fillText(last, width - 2, height - 10);
  canvas.addEventListener('mousemove', (e) => {
    const rect = canvas.getBoundingClientRect();
    const c = Math.floor((e.clientX - rect.left - labelWidth) / cellWidth);
    const r = Math.floor((e.clientY - rect.top) / rowHeight);
    canvas.title = view.values[r]?.[c]?.tip ?? '';
  });
  el.append(canvas);
  const legend = document.createElement('p');
  legend.className = 'legend';
  legend.textContent = 'green: below threshold · red: drifted (colour = statistic relative to its threshold)';
  el.append(legend);
}
