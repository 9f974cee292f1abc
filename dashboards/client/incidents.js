// Incidents on the selected range: one row per incident, a bar from its start to its end (open
// ones run to now), and under it, on a click or Enter, the ranked candidate causes with their
// evidence from /v1/incidents/{id}. Text only.
import { getJson } from './api.js';
import { formatNumber, formatTime, localTime } from './format.js';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The evidence a person reads first: when it moved, how far, how much earlier than the symptom. */
export function evidenceText(c) {
  const e = c.evidence ?? {};
  const parts = [];
  if (typeof e.peak_z === 'number') parts.push(`peak ${formatNumber(e.peak_z)}σ`);
  if (typeof e.mean_z === 'number') parts.push(`mean ${formatNumber(e.mean_z)}σ`);
  if (typeof e.onset === 'number') parts.push(`moved at ${localTime(new Date(e.onset), false)}`);
  if (typeof e.minutes_before_start === 'number') parts.push(`${e.minutes_before_start} min before the start`);
  if (typeof e.strength === 'number') parts.push(`co-occurrence strength ${formatNumber(e.strength)}`);
  if (typeof e.walk === 'number') parts.push(`call-graph share ${formatNumber(e.walk)}`);
  return parts.join(' · ');
}

async function showRanking(box, id) {
  box.replaceChildren(el('p', 'status', 'loading the ranking…'));
  const res = await getJson(`/v1/incidents/${encodeURIComponent(id)}`);
  if (res.status !== 'ok') return box.replaceChildren(el('p', 'status', `cannot load incident ${id}: ${res.message}`));
  const ranking = res.data.rca?.ranking ?? [];
  if (!ranking.length) return box.replaceChildren(el('p', 'status', res.data.rca?.notes?.join('; ') || 'not ranked yet: the incidents stage ranks an incident on its next run'));
  const list = el('ol', 'causes');
  for (const c of ranking.slice(0, 5)) {
    const li = el('li');
    li.append(el('strong', '', c.label !== undefined ? `"${c.label}"` : (c.name ?? c.series ?? '?')), el('span', 'cause-meta', ` ${c.type ?? ''}${c.node ? ` on ${c.node}` : ''} · score ${formatNumber(c.score)}`));
    const ev = evidenceText(c);
    if (ev) li.append(el('div', 'cause-evidence', ev));
    list.append(li);
  }
  box.replaceChildren(el('h3', '', `Incident ${id}: ranked causes (of ${res.data.rca.series_scored ?? ranking.length} series scored)`), list);
}

export function renderIncidents(body, view) {
  const [from, to] = view.window.map((s) => s * 1000);
  const pct = (t) => `${(100 * (Math.max(from, Math.min(to, t)) - from)) / (to - from)}%`;
  const list = el('div', 'timeline');
  const detail = el('div', 'incident-detail');
  for (const inc of view.incidents) {
    const start = Date.parse(inc.start);
    const end = inc.status === 'open' ? to : Date.parse(inc.end);
    const row = el('button', 'timeline-row');
    row.type = 'button';
    row.dataset.incident = String(inc.id);
    row.title = `${formatTime(inc.start)} – ${inc.status === 'open' ? 'now (open)' : formatTime(inc.end)}: ${inc.symptom}`;
    const track = el('span', 'track');
    const bar = el('span', `bar ${inc.status}`);
    bar.style.left = pct(start);
    bar.style.width = `max(4px, calc(${pct(end)} - ${pct(start)}))`;
    track.append(bar);
    row.append(el('span', 'timeline-label', `#${inc.id} ${inc.symptom}`), track, el('span', 'timeline-cause', inc.cause ? `→ ${inc.cause}` : ''));
    row.addEventListener('click', () => {
      for (const r of list.querySelectorAll('.timeline-row')) r.setAttribute('aria-expanded', String(r === row));
      void showRanking(detail, inc.id);
    });
    list.append(row);
  }
  const axis = el('div', 'timeline-axis');
  const ticks = el('span', 'ticks');
  ticks.append(el('span', '', localTime(new Date(from), false).slice(0, 5)), el('span', '', `${localTime(new Date(to), false).slice(0, 5)} (now)`));
  axis.append(el('span'), ticks, el('span'));
  body.dataset.xMin = String(from / 1000);
  body.dataset.xMax = String(to / 1000);
  body.append(list, axis, el('p', 'legend', 'bars: red open, grey closed · click an incident for its ranked causes and evidence'), detail);
}
