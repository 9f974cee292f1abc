// Tables built with textContent only: log lines and anything else from the API stay text.
const TIME_RE = /^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?$/;
const NUMBER_RE = /^[-+]?(?:\d[\d,]*)(?:\.\d+)?(?:e[-+]?\d+)?\s*(?:%|ms|s|MB|KB)?$/i;
export function renderTable(el, view) {
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const c of view.columns) {
    const th = document.createElement('th');
    th.textContent = c;
    head.append(th);
  }
  const body = table.createTBody();
  // Free text (log lines, summaries) wraps at word boundaries; other long values are clipped.
  const freeText = view.columns.map((c) => /message|summary|line|template|reason/i.test(c));
  const textColumns = new Set();
  for (const row of view.rows) {
    const tr = body.insertRow();
    row.forEach((cell, i) => {
      const td = tr.insertCell();
      const text = cell === null || cell === undefined ? '' : String(cell);
      if (NUMBER_RE.test(text)) td.className = 'num';
      else if (TIME_RE.test(text)) td.className = 'time';
      // One word (a stage, an id, `metric-anomaly`) never breaks at its hyphens or inside.
      else if (text.length <= 40 && !/\s/.test(text)) td.className = 'word';
      const isText = text !== '' && td.className !== 'num' && td.className !== 'time';
      if (isText) textColumns.add(i);
      // Past a few words a label (a series, a pair's member) is clipped; its full text is its title.
      if (isText && text.length > 24 && !freeText[i]) {
        const clip = document.createElement('span');
        clip.className = 'clip';
        clip.textContent = text;
        clip.title = text;
        td.append(clip);
      } else td.textContent = text;
    });
  }
  // Clipped values share about two thirds of the panel among the text columns (style.css).
  table.style.setProperty('--text-cols', String(Math.max(1, textColumns.size)));
  el.append(table);
  if (view.caption) {
    const p = document.createElement('p');
    p.className = 'legend';
    p.textContent = view.caption;
    el.append(p);
  }
}
