// Detector state is persisted between runs as plain JSON tagged with a version and the detector's
// kind, so that a stage never silently restores one detector's state into another.

export const STATE_VERSION = 1;

/** Checks the envelope of a persisted state and returns it as a record to read fields from. */
export function openState(json: unknown, kind: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TypeError(`${kind} state must be a JSON object, got ${Array.isArray(json) ? 'array' : typeof json}`);
  }
  const s = json as Record<string, unknown>;
  if (s.v !== STATE_VERSION) throw new Error(`${kind} state has version ${String(s.v)}, expected ${STATE_VERSION}`);
  if (s.kind !== kind) throw new Error(`state is of kind ${String(s.kind)}, expected ${kind}`);
  return s;
}

/** Reads a finite number field. */
export function numberField(s: Record<string, unknown>, key: string, kind: string): number {
  const v = s[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new TypeError(`${kind} state field ${key} must be a finite number, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Reads a number field that may be null (JSON cannot hold ±Infinity, so "not yet set" is null). */
export function nullableNumberField(s: Record<string, unknown>, key: string, kind: string): number | null {
  return s[key] === null ? null : numberField(s, key, kind);
}
