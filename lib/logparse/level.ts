// Levels normalized to lower-case words so `WARN`, `warning` and pino's 40 compare equal.
const ALIASES: Record<string, string> = {
  warning: 'warn', err: 'error', crit: 'critical', emerg: 'emergency', eror: 'error', dbg: 'debug',
  inf: 'info', wrn: 'warn', information: 'info', informational: 'info', notice: 'notice', fatal: 'fatal',
  panic: 'fatal', trace: 'trace', debug: 'debug', info: 'info', warn: 'warn', error: 'error', critical: 'critical',
  alert: 'alert', emergency: 'emergency', severe: 'error', fine: 'debug', finer: 'trace', finest: 'trace',
};

// pino/bunyan numeric levels.
const NUMERIC: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export function normalizeLevel(value: unknown): string | undefined {
  if (typeof value === 'number') return NUMERIC[value] ?? String(value);
  if (typeof value !== 'string' || value.length === 0 || value.length > 32) return undefined;
  const lower = value.toLowerCase();
  return ALIASES[lower] ?? lower;
}

/** True for words that are levels when they open a message (`ERROR something failed`). */
export function isLevelWord(word: string): boolean {
  return ALIASES[word.toLowerCase()] !== undefined;
}

/** Syslog severity (PRI mod 8) as a level. */
export const SYSLOG_SEVERITY = ['emergency', 'alert', 'critical', 'error', 'warn', 'notice', 'info', 'debug'] as const;
