// Renders the dashboard named by <body data-dashboard>: loads its definition, builds the
// pickers, then fetches every panel's /v1 query and draws it, again on every refresh tick.
import { getJson } from './api.js';
import { transform } from './transforms.js';
import { renderBars, renderPoints, renderXY } from './charts.js';
import { renderHeatmap } from './heatmap.js';
import { renderTable } from './table.js';
import { renderStats } from './stats.js';
import { renderDetail } from './drilldown.js';
import { renderAlerting } from './alerting.js';
import { renderIncidents } from './incidents.js';
import { renderAnomalySeries } from './anomaly-series.js';

const ranges = { '15m': 900, '1h': 3600, '6h': 21600, '24h': 86400, '7d': 604800 };
const refreshes = { off: 0, '5s': 5, '10s': 10, '30s': 30, '1m': 60 };

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function select(id, label, options, value) {
  const wrap = el('label', { for: id }, label + ' ');
  const s = el('select', { id });
  for (const o of options) s.append(el('option', { value: o }, o));
  if (value !== undefined) s.value = value;
  wrap.append(s);
  return { wrap, select: s };
}

function state() {
  const p = new URLSearchParams(location.search);
  return { model: p.get('model') ?? '', range: ranges[p.get('range')] ? p.get('range') : '1h', refresh: p.get('refresh') in refreshes ? p.get('refresh') : '10s', feature: p.get('feature') ?? '' };
}

function saveState(s) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) if (v) p.set(k, v);
  history.replaceState(null, '', `${location.pathname}?${p}${location.hash}`);
}

function fill(template, vars) {
  return template.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(vars[k] ?? ''));
}

function setStatus(panel, status, message) {
  panel.dataset.state = status;
  const p = panel.querySelector('.status');
  p.textContent = message ?? '';
  p.hidden = !message;
}

/**
 * Why a panel is empty, when it can be known: its stage is not enabled, has not run yet, or its
 * last run failed; otherwise the panel's own hint. `stages()` reads /v1/stages once per refresh.
 */
async function emptyReason(def, stages, vars) {
  const fallback = def.empty ?? 'no data in this time range';
  if (def.stage) {
    const res = await stages();
    if (res.status === 'ok') {
      const st = res.data.find((x) => x.name === def.stage);
      if (!st || !st.enabled) return `no data: the ${def.stage} stage is not enabled (add stages.${def.stage} to the config)`;
      if (!st.lastRunAt) return `no data yet: the ${def.stage} stage has not run (schedule: ${st.schedule})`;
      if (st.lastOutcome === 'error' || st.lastOutcome === 'timeout') return `no data: the ${def.stage} stage's last run failed (${st.lastError ?? st.lastOutcome})`;
    }
  }
  return (await missingInput(def, vars)) ?? fallback;
}

/**
 * What the model lacks for this panel, when the panel says what it needs. Only labels can be
 * missing: drift without a reference snapshot compares with an earlier window of traffic.
 */
async function missingInput(def, vars) {
  const m = vars.model;
  if (!def.needs?.includes('labels') || !m) return null;
  const model = await getJson(`/v1/models/${encodeURIComponent(m)}`);
  if (model.status !== 'ok' || model.data.labels) return null;
  return `no data: model ${m} has no labels yet. Send the true outcomes with POST /v1/labels ({"id": <prediction id>, "label": …}); realized metrics follow on the next run`;
}

const renderers = { timeseries: renderXY, bars: renderBars, timeline: renderPoints, heatmap: renderHeatmap, table: renderTable, stats: renderStats, alerting: renderAlerting, incidents: renderIncidents, 'anomaly-series': renderAnomalySeries };

/** The panel's extra queries (`more`), answered by name; a failed one is null. */
async function moreAnswers(def, vars) {
  const names = Object.keys(def.more ?? {});
  const answers = await Promise.all(names.map((n) => getJson(fill(def.more[n], vars))));
  return Object.fromEntries(names.map((n, i) => [n, answers[i].status === 'ok' ? answers[i].data : null]));
}

async function loadPanel(section, def, vars, stages, ctx) {
  const body = section.querySelector('.body');
  if (def.query.includes('{model}') && !vars.model) {
    body.replaceChildren();
    return setStatus(section, 'empty', 'no data: no model has sent predictions yet');
  }
  const [res, also, more] = await Promise.all([getJson(fill(def.query, vars)), def.also ? getJson(fill(def.also, vars)) : null, moreAnswers(def, vars)]);
  body.replaceChildren();
  if (res.status !== 'ok') return setStatus(section, res.status, res.message);
  let view;
  try {
    view = transform(def, res.data, also?.status === 'ok' ? also.data : null, more);
  } catch (e) {
    return setStatus(section, 'error', `cannot read the answer: ${e.message}`);
  }
  if (!view) return setStatus(section, 'empty', await emptyReason(def, stages, vars));
  // Time charts span exactly the selected range, whatever the data covers (seconds, as uPlot's x).
  view.window = [Number(vars.since) / 1000, Number(vars.until) / 1000];
  view.rangeLabel = vars.range;
  if (view.detail) {
    // The heat map's features open a drill-down below the panel; the choice is kept in the URL.
    view.selected = ctx.state.feature;
    view.onSelect = (feature) => {
      ctx.state.feature = feature;
      ctx.save();
      for (const b of section.querySelectorAll('.heat-labels button')) b.setAttribute('aria-pressed', String(b.dataset.feature === feature));
      renderDetail(section, view, feature, () => {
        ctx.state.feature = '';
        ctx.save();
      });
    };
  }
  try {
    // A renderer may fetch what it draws (the anomaly series): the panel settles once it has.
    await renderers[def.type](body, view, { section, refresh: ctx.refresh });
    if (view.detail && ctx.state.feature) view.onSelect(ctx.state.feature);
  } catch (e) {
    return setStatus(section, 'error', `cannot draw: ${e.message}`);
  }
  setStatus(section, 'ok');
}

async function main() {
  const name = document.body.dataset.dashboard;
  const defRes = await getJson(`/dashboards/${encodeURIComponent(name)}.json`, null);
  const root = document.getElementById('dashboard');
  if (defRes.status !== 'ok') {
    root.textContent = `cannot load the dashboard definition: ${defRes.message}`;
    return;
  }
  const def = defRes.data;
  document.title = `${def.title} · Sidewatch`;
  document.getElementById('title').textContent = def.title;
  const s = state();
  const controls = document.getElementById('controls');
  let modelSelect = null;
  if (def.pickers.includes('model')) {
    const models = await getJson('/v1/models');
    const names = models.status === 'ok' ? models.data.map((m) => m.model) : [];
    if (!names.includes(s.model)) s.model = names[0] ?? '';
    const m = select('model', 'model', names, s.model);
    modelSelect = m.select;
    controls.append(m.wrap);
  }
  const r = select('range', 'range', Object.keys(ranges), s.range);
  const f = select('refresh', 'refresh', Object.keys(refreshes), s.refresh);
  const updated = el('span', { id: 'updated' });
  controls.append(r.wrap, f.wrap, updated);

  const sections = def.panels.map((p) => {
    const section = el('section', { class: p.wide ? 'panel wide' : 'panel', 'data-panel': p.id, 'data-state': 'loading' });
    section.append(el('h2', {}, p.title), el('p', { class: 'status' }, 'loading…'), el('div', { class: 'body' }));
    root.append(section);
    return section;
  });

  let timer = null;
  const refresh = async () => {
    const until = Date.now();
    const vars = { model: s.model, since: String(until - ranges[s.range] * 1000), until: String(until), range: s.range };
    let stagesAnswer = null;
    const stages = () => (stagesAnswer ??= getJson('/v1/stages'));
    const ctx = { state: s, save: () => saveState(s), refresh };
    await Promise.all(def.panels.map((p, i) => loadPanel(sections[i], p, vars, stages, ctx)));
    updated.textContent = `updated ${new Date().toLocaleTimeString()}`;
    document.body.dataset.loaded = String(Number(document.body.dataset.loaded ?? 0) + 1);
  };
  const schedule = () => {
    clearInterval(timer);
    const every = refreshes[s.refresh];
    if (every) timer = setInterval(refresh, every * 1000);
  };
  const onChange = () => {
    s.range = r.select.value;
    s.refresh = f.select.value;
    if (modelSelect && s.model !== modelSelect.value) {
      s.model = modelSelect.value;
      s.feature = '';
      for (const d of document.querySelectorAll('.drilldown')) d.remove();
    }
    saveState(s);
    schedule();
    void refresh();
  };
  for (const x of [r.select, f.select, modelSelect]) x?.addEventListener('change', onChange);
  saveState(s);
  schedule();
  await refresh();
}

main().catch((e) => {
  document.getElementById('dashboard').textContent = `dashboard failed: ${e.message}`;
});
