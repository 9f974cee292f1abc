// Reference against current as grouped bars in an inline SVG, shares on the y axis: the drift
// report's and the model card's distribution charts. Every label is escaped.
import type { Distribution } from '../../lib/drift/distribution.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

import { num as formatNum, pct } from './format.ts';

const num = (x: number | null | undefined) => formatNum(x, '–');

/** Colours and text styles the page around the SVG defines (rect.ref, rect.cur, .axis, .tick). */
export const barsCss = 'svg{width:100%;height:auto}rect.ref{fill:#6b8fc7}rect.cur{fill:#e0883a}.axis{stroke:#d8dce3}.tick{fill:#5b6475;font-size:10px}';

/** Grouped bars, reference then current, shares on the y axis. */
export function barsSvg(d: Pick<Distribution, 'kind' | 'labels' | 'edges' | 'reference' | 'current'>, title: string): string {
  const W = 560;
  const H = 200;
  const pad = { l: 44, r: 8, t: 8, b: d.kind === 'categorical' ? 70 : 28 };
  const n = d.labels.length;
  if (n === 0) return '<p class="empty">no values to plot</p>';
  const max = Math.max(...d.reference, ...d.current, 1e-12);
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const slot = iw / n;
  const bw = Math.max(1, (slot * 0.8) / 2);
  const y = (v: number) => pad.t + ih - (v / max) * ih;
  const bars: string[] = [];
  for (let i = 0; i < n; i++) {
    const x0 = pad.l + i * slot + slot * 0.1;
    const label = escapeHtml(d.labels[i]!);
    bars.push(`<rect class="ref" x="${x0.toFixed(1)}" y="${y(d.reference[i]!).toFixed(1)}" width="${bw.toFixed(1)}" height="${(pad.t + ih - y(d.reference[i]!)).toFixed(1)}"><title>${label}: reference ${pct(d.reference[i]!)}</title></rect>`);
    bars.push(`<rect class="cur" x="${(x0 + bw).toFixed(1)}" y="${y(d.current[i]!).toFixed(1)}" width="${bw.toFixed(1)}" height="${(pad.t + ih - y(d.current[i]!)).toFixed(1)}"><title>${label}: current ${pct(d.current[i]!)}</title></rect>`);
  }
  const ticks = [0, 0.5, 1].map((f) => `<text class="tick" x="${pad.l - 4}" y="${(y(max * f) + 3).toFixed(1)}" text-anchor="end">${pct(max * f)}</text>`).join('');
  const xlabels =
    d.kind === 'categorical'
      ? d.labels.map((l, i) => `<text class="tick" transform="translate(${(pad.l + (i + 0.5) * slot).toFixed(1)},${H - pad.b + 10}) rotate(40)">${escapeHtml(l.length > 14 ? `${l.slice(0, 13)}…` : l)}</text>`).join('')
      : `<text class="tick" x="${pad.l}" y="${H - 8}">${escapeHtml(num(d.edges![0]))}</text><text class="tick" x="${W - pad.r}" y="${H - 8}" text-anchor="end">${escapeHtml(num(d.edges![n]))}</text>`;
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(title)}"><line class="axis" x1="${pad.l}" y1="${pad.t + ih}" x2="${W - pad.r}" y2="${pad.t + ih}"/>${ticks}${bars.join('')}${xlabels}</svg>`;
}
