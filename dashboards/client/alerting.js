// Alert groups and silences, as Alertmanager's UI shows them: each group with a button that
// starts a silence for its labels, a form to create one (sent with the page's token, which must
// be the write token), and the silences with a button to expire the active ones. Text only.
import { sendJson } from './api.js';
import { formatTime } from './format.js';

const matcherText = (m) => `${m.name}${m.type ?? '='}${JSON.stringify(m.value)}`;
const labelsText = (labels) => Object.entries(labels ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
/** Splits `a="x", b=~"y,z"` at the commas outside quotes. */
export const splitMatchers = (text) => text.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((s) => s.trim()).filter(Boolean);

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function table(columns, rows) {
  const t = el('table');
  const head = t.createTHead().insertRow();
  for (const c of columns) head.append(el('th', {}, c));
  const body = t.createTBody();
  for (const cells of rows) {
    const tr = body.insertRow();
    for (const c of cells) {
      const td = tr.insertCell();
      if (c instanceof Node) td.append(c);
      else td.textContent = c ?? '';
    }
  }
  return t;
}

/** The create form, built once per panel so a refresh never wipes what is being typed. */
function silenceForm(section, refresh) {
  const existing = section.querySelector('form.silence');
  if (existing) return existing;
  const form = el('form', { class: 'silence', 'aria-label': 'new silence' });
  const field = (label, input) => {
    const l = el('label', {}, label);
    l.append(input);
    return l;
  };
  const matchers = el('input', { name: 'matchers', required: '', placeholder: 'alertname="drift.feature", model="churn"' });
  const duration = el('select', { name: 'duration' });
  for (const d of ['30m', '1h', '2h', '4h', '12h', '1d', '7d']) duration.append(el('option', { value: d }, d));
  duration.value = '2h';
  const createdBy = el('input', { name: 'createdBy', required: '', placeholder: 'you@example.com' });
  const comment = el('input', { name: 'comment', required: '', placeholder: 'why' });
  const submit = el('button', { type: 'submit' }, 'create silence');
  const status = el('p', { class: 'form-status', role: 'status' });
  form.append(field('matchers', matchers), field('for', duration), field('created by', createdBy), field('comment', comment), submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    const res = await sendJson('POST', '/v1/silences', { matchers: splitMatchers(matchers.value), duration: duration.value, createdBy: createdBy.value, comment: comment.value });
    submit.disabled = false;
    status.classList.toggle('form-error', !res.ok);
    status.textContent = res.ok ? `silence ${res.data.id} created, until ${formatTime(res.data.endsAt)}` : `not created: ${res.message}`;
    if (res.ok) {
      comment.value = '';
      void refresh();
    }
  });
  section.querySelector('.body').before(form, status);
  return form;
}

export function renderAlerting(el_, view, ctx) {
  const form = silenceForm(ctx.section, ctx.refresh);
  const prefill = (labels) => {
    form.elements.matchers.value = labelsText(labels);
    form.elements.comment.focus();
  };
  el_.append(el('h3', {}, `Alert groups (${view.groups.length})`));
  if (view.groups.length) {
    el_.append(
      table(
        ['group', 'receiver', 'firing', 'alerts', ''],
        view.groups.map((g) => {
          const b = el('button', { type: 'button', title: 'fill the form with this group\'s labels' }, 'silence…');
          // The group's labels, and its alert name when every alert in it shares one.
          const names = [...new Set(g.alerts.map((a) => a.alertname).filter(Boolean))];
          b.addEventListener('click', () => prefill(names.length === 1 && !g.labels?.alertname ? { alertname: names[0], ...g.labels } : g.labels));
          const firing = g.alerts.filter((a) => a.state === 'firing');
          return [labelsText(g.labels) || '(all)', g.receiver, String(firing.length), [...new Set(g.alerts.map((a) => a.alertname))].join(', '), b];
        }),
      ),
    );
  } else el_.append(el('p', { class: 'status' }, 'no alert group is open'));
  el_.append(el('h3', {}, `Silences (${view.silences.length})`));
  if (!view.silences.length) return el_.append(el('p', { class: 'status' }, 'no silences: create one above for the labels of the alerts to mute'));
  const order = { active: 0, pending: 1, expired: 2 };
  const rows = [...view.silences].sort((a, b) => order[a.state] - order[b.state] || b.endsAt - a.endsAt).slice(0, 50);
  el_.append(
    table(
      ['state', 'matchers', 'ends', 'created by', 'comment', ''],
      rows.map((s) => {
        let action = '';
        if (s.state !== 'expired') {
          action = el('button', { type: 'button', 'data-expire': s.id }, 'expire');
          action.addEventListener('click', async () => {
            action.disabled = true;
            const res = await sendJson('DELETE', `/v1/silences/${encodeURIComponent(s.id)}`);
            const status = ctx.section.querySelector('.form-status');
            status.classList.toggle('form-error', !res.ok);
            status.textContent = res.ok ? `silence ${s.id} expired` : `not expired: ${res.message}`;
            if (res.ok) void ctx.refresh();
            else action.disabled = false;
          });
        }
        return [s.state, s.matchers.map(matcherText).join(', '), formatTime(s.endsAt), s.createdBy, s.comment, action];
      }),
    ),
  );
}
