// A row of tiles: a figure each, with a line saying what it is measured against. Text only.
export function renderStats(el, view) {
  const grid = document.createElement('div');
  grid.className = 'tiles';
  for (const t of view.tiles) {
    const tile = document.createElement('div');
    tile.className = 'tile';
    tile.dataset.tile = t.id;
    if (t.level) tile.dataset.level = t.level;
    for (const [cls, text] of [['label', t.label], ['value', t.value], ['note', t.note ?? '']]) {
      const e = document.createElement('div');
      e.className = cls;
      e.textContent = text;
      if (cls !== 'label') e.title = text;
      tile.append(e);
    }
    grid.append(tile);
  }
  el.append(grid);
}
