// The page's colours for what CSS cannot reach (canvas and uPlot axes), read from the custom
// properties style.css sets for the light and the dark scheme.
export function theme() {
  const css = getComputedStyle(document.documentElement);
  const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  return { fg: v('--fg', '#111827'), muted: v('--muted', '#4b5563'), grid: v('--grid', '#e5e7eb'), empty: v('--empty-cell', '#e5e7eb') };
}
