// Field checks shared by the ingest validators. Each returns a reason string, or null when fine.
export const namePattern = /^[A-Za-z0-9_.:/@-]{1,128}$/;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const minTs = Date.UTC(1970, 0, 1);
const maxTs = Date.UTC(2200, 0, 1);

/** ISO-8601 string or epoch milliseconds → epoch ms; a string reason when invalid. */
export function parseTimestamp(v: unknown, nowMs: number): number | string {
  if (v === undefined || v === null) return nowMs;
  let ms: number;
  if (typeof v === 'number') ms = v;
  else if (typeof v === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return `not an ISO-8601 timestamp: ${preview(v)}`;
    ms = Date.parse(v);
  } else return `must be an ISO-8601 string or epoch milliseconds, got ${typeName(v)}`;
  if (!Number.isFinite(ms)) return `not a valid timestamp: ${preview(v)}`;
  if (ms < minTs || ms > maxTs) return `timestamp out of range (1970–2200): ${preview(v)}`;
  return ms;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function preview(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export function checkName(v: unknown, what: string): string | null {
  if (typeof v !== 'string') return `${what} must be a string, got ${typeName(v)}`;
  if (!namePattern.test(v)) return `${what} must be 1–128 characters of letters, digits and _ . : / @ -`;
  return null;
}

export function checkText(v: unknown, what: string, max: number): string | null {
  if (typeof v !== 'string') return `${what} must be a string, got ${typeName(v)}`;
  if (v.length === 0) return `${what} is empty`;
  if (v.length > max) return `${what} is longer than ${max} characters`;
  return null;
}
