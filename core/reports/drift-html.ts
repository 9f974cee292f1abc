// A drift report as one self-contained HTML file: summary, the per-column table and, per
// column, reference against current as an inline SVG chart. No script and no external asset;
// every text from the data (column names, categories, paths) is escaped.
import type { DriftReport } from '../../lib/drift/report.ts';
import { distributionOf, type Values } from '../../lib/drift/distribution.ts';
import type { ColumnProfile } from '../../lib/drift/profile.ts';
import { barsSvg, escapeHtml } from './svg-bars.ts';

export { escapeHtml };

import { num as formatNum, pct } from './format.ts';

const num = (x: number | null | undefined) => formatNum(x, '–');

/** What was tested and where the line is: tests with a p-value drift below it, distances at or above it. */
function testLine(c: DriftReport['columns'][number]): string {
  if (c.error) return c.error;
  const t = c.threshold === null ? '' : c.p_value !== null ? ` (drift when the p-value is below ${num(c.threshold)})` : ` (drift at ${num(c.threshold)} or more)`;
  return c.p_value !== null ? `${c.method} statistic ${num(c.statistic)}, p-value ${num(c.p_value)}${t}` : `${c.method} ${num(c.statistic)}${t}`;
}

export interface HtmlInputs {
  referencePath: string;
  currentPath: string;
  reference: Record<string, Values | ColumnProfile>;
  current: Record<string, Values>;
  generatedAt: Date;
}

export function renderDriftHtml(report: DriftReport, io: HtmlInputs): string {
  const drifted = report.columns.filter((c) => c.drift).length;
  const evaluated = report.columns.filter((c) => !c.error).length;
  const rows = report.columns
    .map(
      (c) =>
        `<tr class="${c.error ? 'err' : c.drift ? 'drift' : ''}"><td><a href="#col-${encodeURIComponent(c.name)}">${escapeHtml(c.name)}</a></td><td>${escapeHtml(c.kind ?? '–')}</td><td>${escapeHtml(c.method ?? '–')}</td><td class="num">${num(c.statistic)}</td><td class="num">${num(c.p_value)}</td><td class="num">${num(c.threshold)}</td><td>${c.error ? 'error' : c.drift ? '<strong>drift</strong>' : 'no'}</td><td class="num">${pct(c.missing_share.reference)} / ${pct(c.missing_share.current)}</td><td>${escapeHtml(c.error ?? c.explanation?.summary ?? '')}</td></tr>`,
    )
    .join('\n');
  const sections = report.columns
    .map((c) => {
      const ref = io.reference[c.name];
      const cur = io.current[c.name];
      const d = ref && cur ? distributionOf(ref, cur) : null;
      return `<section class="col" id="col-${encodeURIComponent(c.name)}"><h3>${escapeHtml(c.name)} <span class="badge ${c.drift ? 'drift' : ''}">${c.error ? 'error' : c.drift ? 'drift' : 'no drift'}</span></h3><p class="meta">${escapeHtml(testLine(c))} · missing ${pct(c.missing_share.reference)} → ${pct(c.missing_share.current)}</p>${d ? barsSvg(d, `${c.name}: reference and current distributions`) : '<p class="empty">column missing on one side</p>'}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Drift report: ${escapeHtml(io.currentPath)} against ${escapeHtml(io.referencePath)}</title>
<style>
:root { color-scheme: light dark; --bg: #fff; --fg: #1d2330; --muted: #5b6475; --line: #d8dce3; --ref: #6b8fc7; --cur: #e0883a; --drift: #c0392b; }
@media (prefers-color-scheme: dark) { :root { --bg: #14171c; --fg: #e4e7ec; --muted: #9aa3b2; --line: #323844; --ref: #7fa3dc; --cur: #f0a058; --drift: #ff6b5b; } }
body { margin: 0 auto; max-width: 1200px; padding: 24px; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, sans-serif; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; } h3 { font-size: 15px; margin: 0 0 2px; }
.meta, .files { color: var(--muted); } .files code { overflow-wrap: anywhere; }
.summary { display: flex; gap: 24px; margin: 16px 0; } .summary div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; }
.summary b { display: block; font-size: 20px; }
.table { overflow-x: auto; } table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { white-space: nowrap; } td { overflow-wrap: break-word; } td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.drift td:first-child a, .badge.drift { color: var(--drift); } a { color: inherit; }
.badge { font-size: 12px; font-weight: normal; color: var(--muted); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 20px; }
.col { border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
svg { width: 100%; height: auto; } rect.ref { fill: var(--ref); } rect.cur { fill: var(--cur); }
.axis { stroke: var(--line); } .tick { fill: var(--muted); font-size: 10px; }
.legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; vertical-align: middle; }
</style></head>
<body>
<h1>Drift report</h1>
<p class="files">reference <code>${escapeHtml(io.referencePath)}</code> (${report.reference.rows} rows, sha256 ${escapeHtml(report.reference.version.slice(0, 12))}) · current <code>${escapeHtml(io.currentPath)}</code> (${report.current.rows} rows, sha256 ${escapeHtml(report.current.version.slice(0, 12))}) · generated ${escapeHtml(io.generatedAt.toISOString())}</p>
<div class="summary"><div><b>${report.dataset_drift ? 'Yes' : 'No'}</b>dataset drift</div><div><b>${drifted} of ${evaluated}</b>columns drifted (${pct(report.share_drifted)})</div></div>
<h2>Columns</h2>
<div class="table"><table><thead><tr><th>column</th><th>kind</th><th>method</th><th>statistic</th><th>p-value</th><th>threshold</th><th>drift</th><th>missing ref / cur</th><th>how it moved</th></tr></thead><tbody>
${rows}
</tbody></table></div>
<h2>Distributions <span class="legend"><span style="background: var(--ref)"></span>reference<span style="background: var(--cur)"></span>current</span></h2>
<div class="grid">
${sections}
</div>
</body></html>
`;
}
