// Formatting helpers shared by tables and charts. Everything ends up as text (textContent).
export function formatTime(v) {
  if (v === null || v === undefined || v === '') return '';
  const d = typeof v === 'number' ? new Date(v) : new Date(String(v).replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? '' : 'Z'));
  return Number.isNaN(d.getTime()) ? String(v) : localTime(d);
}

const two = (n) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in the browser's time zone: the dashboards speak the reader's local time. */
export function localTime(d, withDate = true) {
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return withDate ? `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}` : time;
}

export function formatNumber(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v === null || v === undefined ? '' : String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3);
}

export function formatValue(v, format) {
  if (format === 'time') return formatTime(v);
  if (format === 'number') return formatNumber(typeof v === 'string' ? Number(v) : v);
  if (format === 'count') return Array.isArray(v) ? String(v.length) : formatNumber(v);
  if (format === 'ranking') {
    const name = (c) => (typeof c === 'object' && c ? causeName(c) : String(c));
    if (v === null || v === undefined) return '';
    if (!Array.isArray(v)) return name(v);
    return v.slice(0, 3).map((c, i) => `${i + 1}. ${name(c)}`).join('  ');
  }
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A ranked cause as an operator reads it: a log template by its text, with the service it came from. */
export function causeName(c) {
  const base = c.label !== undefined ? `log "${c.label}"` : String(c.series ?? c.name ?? c.key ?? c.cause ?? c.id ?? JSON.stringify(c));
  return c.node && !base.includes(c.node) ? `${base} on ${c.node}` : base;
}

/** Reads `a.b.c` from an object. */
export function pick(obj, path) {
  let cur = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Milliseconds from an ISO string, a DuckDB timestamp text or a number. */
export function toMs(v) {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) return NaN;
  const s = String(v);
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : s.replace(' ', 'T') + 'Z');
}
