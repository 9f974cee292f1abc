// The per-feature drill-down under the drift heat map: the newest run's reference and current
// distributions overlaid, the statistic (or p-value) of every run against its threshold, and the
// missing share on both sides. Built with textContent only.
import { renderBars, renderXY } from './charts.js';
import { formatNumber, localTime } from './format.js';

const percent = (v) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : '–');

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function summary(d) {
  const verdict = d.drift ? 'drifted' : 'no drift';
  const test = d.p_value !== null ? `p-value ${formatNumber(d.p_value)} ${d.drift ? '<' : '≥'} ${formatNumber(d.threshold)}` : `statistic ${formatNumber(d.statistic)} ${d.drift ? '≥' : '<'} ${formatNumber(d.threshold)}`;
  const missing = d.missing ? ` · missing ${percent(d.missing.reference)} in the reference, ${percent(d.missing.current)} now` : '';
  return `${d.method ?? 'no method'}: ${test} (${verdict}) in the newest run, ${localTime(new Date(d.at))}${missing}`;
}

export function renderDetail(section, view, feature, onClose) {
  let box = section.nextElementSibling?.classList.contains('drilldown') ? section.nextElementSibling : null;
  if (!box) {
    box = el('section', 'drilldown');
    box.setAttribute('aria-live', 'polite');
    section.after(box);
  }
  box.dataset.feature = feature;
  const close = el('button', 'close', 'close');
  close.type = 'button';
  close.addEventListener('click', () => {
    box.remove();
    for (const b of section.querySelectorAll('.heat-labels button')) b.setAttribute('aria-pressed', 'false');
    onClose();
  });
  const d = view.detail(feature);
  box.replaceChildren(close, el('h2', '', `Feature ${feature}`));
  if (!d) {
    box.dataset.state = 'empty';
    box.append(el('p', 'status', `${feature} was not compared by any drift run in this range.`));
    return;
  }
  box.dataset.state = 'ok';
  box.append(el('p', 'status', summary(d)));
  const charts = el('div', 'charts');
  const dist = el('div', 'chart');
  dist.dataset.chart = 'distribution';
  const over = el('div', 'chart');
  over.dataset.chart = 'over-time';
  charts.append(dist, over);
  box.append(charts);
  if (d.distribution) {
    dist.append(el('h3', '', `Reference vs current: share of rows per ${d.distribution.labels.length && /^-?[\d.]/.test(d.distribution.labels[0]) ? 'bin (lower edge)' : 'category'}`));
    const body = el('div');
    dist.append(body);
    renderBars(body, { ...d.distribution, yLabel: 'share of rows' });
  } else dist.append(el('h3', '', 'Reference vs current'), el('p', 'status', 'the runs in this range kept no distributions (reports stored before the drift stage kept them)'));
  over.append(el('h3', '', `${d.over.label} over time against the threshold${d.over.log10 ? ' (log scale; below the threshold is drift)' : ''}`));
  const body = el('div');
  over.append(body);
  renderXY(body, { ...d.over, window: view.window, spanGaps: true, yLabel: d.over.label });
}
