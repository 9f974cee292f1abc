// JSON lines from structured loggers (pino, bunyan, zap, logrus, Serilog, ECS, Docker's json-file).
import { normalizeLevel } from './level.ts';
import { parseTimestamp } from './timestamp.ts';
import type { ParsedLogLine } from './types.ts';

const TIME_KEYS = ['time', 'ts', 'timestamp', '@timestamp', 't', 'datetime', 'date'];
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'loglevel', 'log.level', 'levelname', 'severity_text'];
const MESSAGE_KEYS = ['msg', 'message', 'log', 'event', 'text', 'body'];
const SOURCE_KEYS = ['logger', 'source', 'service', 'service.name', 'component', 'name', 'app', 'module'];

/** The first of `keys` holding a scalar (ECS nests objects under names like `log` and `service`). */
function pick(obj: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) {
    const v = obj[k];
    if (v !== undefined && (v === null || typeof v !== 'object')) return v;
    if (k.includes('.')) {
      // ECS nests `log.level` and `service.name`.
      const [a, b] = k.split('.') as [string, string];
      const inner = obj[a];
      if (inner && typeof inner === 'object' && b in (inner as object)) return (inner as Record<string, unknown>)[b];
    }
  }
  return undefined;
}

/** Null when the line is not a JSON object. */
export function parseJsonLine(line: string): ParsedLogLine | null {
  const t = line.trim();
  if (t.length < 2 || t[0] !== '{' || t[t.length - 1] !== '}') return null;
  let obj: unknown;
  try {
    obj = JSON.parse(t);
  } catch {
    return null;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return null;
  const o = obj as Record<string, unknown>;
  const out: ParsedLogLine = { message: '' };
  const msg = pick(o, MESSAGE_KEYS);
  out.message = typeof msg === 'string' ? msg.replace(/\r?\n$/, '') : msg !== undefined && msg !== null ? String(msg) : t;
  const ts = parseTimestamp(pick(o, TIME_KEYS));
  if (ts) out.ts = ts;
  const level = normalizeLevel(pick(o, LEVEL_KEYS));
  if (level) out.level = level;
  const source = pick(o, SOURCE_KEYS);
  if (typeof source === 'string' && source.length > 0) out.source = source;
  return out;
}
