// Tables built with textContent only: log lines and anything else from the API stay text.
export function renderTable(el, view) {
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const c of view.columns) {
    const th = document.createElement('th');
    th.textContent = c;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of view.rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = cell;
  }
  el.append(table);
}
