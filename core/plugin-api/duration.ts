// Durations as the config and query parameters write them (`30s`, `5m`, `1h`, `2d`).
const durationPattern = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `250ms`, `30s`, `5m`, `1h`, `2d`, or a bare number of seconds, into milliseconds. */
export function parseDuration(v: string | number): number {
  if (typeof v === 'number') return v * 1000;
  const m = durationPattern.exec(v.trim());
  if (!m) throw new Error(`not a duration: "${v}" (use e.g. 30s, 5m, 1h, 2d)`);
  return Number(m[1]) * unitMs[m[2]!]!;
}
