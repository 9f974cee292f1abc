// A model card is a list of simple blocks, rendered to Markdown or to a standalone HTML page.
// Everything that comes from data is escaped for the target format.
import type { CardBlock as Block } from '../plugin-api/index.ts';
import { barsCss, barsSvg } from '../reports/svg-bars.ts';
import { pct } from '../reports/format.ts';


export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Markdown from data must not open links, images, HTML or emphasis, nor break a table row.
function escapeMd(s: string): string {
  return s.replace(/[\\`*_[\]<>|#!]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

const cell = (v: string | number | null) => (v === null ? '—' : String(v));

export function renderMarkdown(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.type === 'list') out.push(...b.items.map((i) => `- ${escapeMd(i)}`), '');
    else if (b.type === 'bars') out.push(`*${escapeMd(b.title)}*: ${barsSummary(b)} (chart in the HTML card)`, '');
    else if (b.type !== 'table') out.push(`${b.type === 'h1' ? '# ' : b.type === 'h2' ? '## ' : ''}${escapeMd(b.text)}`, '');
    else {
      out.push(`| ${b.head.map(escapeMd).join(' | ')} |`, `|${b.head.map(() => '---').join('|')}|`);
      for (const r of b.rows) out.push(`| ${r.map((v) => escapeMd(cell(v))).join(' | ')} |`);
      out.push('');
    }
  }
  return out.join('\n');
}

/** The bins where the two sides differ most, in words, for a card read as text. */
function barsSummary(b: Extract<Block, { type: 'bars' }>): string {
  const gaps = b.labels.map((l, i) => ({ l, r: b.reference[i] ?? 0, c: b.current[i] ?? 0 })).sort((x, y) => Math.abs(y.c - y.r) - Math.abs(x.c - x.r)).slice(0, 3);
  return gaps.map((g) => `${b.kind === 'numeric' ? `from ${g.l}` : g.l} ${pct(g.r)} → ${pct(g.c)}`).join('; ');
}

export function renderHtml(blocks: Block[], title: string): string {
  const body = blocks
    .map((b) => {
      if (b.type === 'list') return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
      if (b.type === 'bars') return `<figure><figcaption>${escapeHtml(b.title)}</figcaption><div class="lg"><i class="ref"></i>reference <i class="cur"></i>current</div>${barsSvg(b, b.title)}</figure>`;
      if (b.type !== 'table') return `<${b.type}>${escapeHtml(b.text)}</${b.type}>`;
      const head = `<tr>${b.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
      // One-word values (times, ids, kinds) stay on one line; text with spaces wraps between words.
      const td = (v: string | number | null) => {
        const text = cell(v);
        return /\s/.test(text) || text.length > 48 ? `<td>${escapeHtml(text)}</td>` : `<td class="nw">${escapeHtml(text)}</td>`;
      };
      const rows = b.rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('');
      // A table wider than the page scrolls in its own box; headers never break inside a word.
      return `<div class="tw"><table><thead>${head}</thead><tbody>${rows}</tbody></table></div>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}.tw{overflow-x:auto;margin:0 0 1rem}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f4f4f4;white-space:nowrap}td.nw{white-space:nowrap}h2{margin-top:2rem;border-bottom:1px solid #eee}figure{margin:0 0 1rem;max-width:36rem}figcaption{font-weight:600}.lg{font-size:12px;color:#555}.lg i{display:inline-block;width:10px;height:10px;margin:0 4px 0 8px}.lg i.ref{background:#6b8fc7}.lg i.cur{background:#e0883a}${barsCss}</style>
</head><body>
${body}
</body></html>
`;
}
