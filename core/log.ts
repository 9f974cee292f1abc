// Structured logs as JSON lines on stderr. Known secret values are replaced before anything is
// written, so a token that ends up in an error message never reaches the log.
import type { Logger } from './plugin-api/index.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  write(line: string): void;
}

export function createLogger(opts: { level?: Level; secrets?: string[]; sink?: LogSink; fields?: Record<string, unknown> } = {}): Logger {
  const min = order[opts.level ?? 'info'];
  const secrets = (opts.secrets ?? []).filter((s) => s && s.length >= 4);
  const sink = opts.sink ?? { write: (l: string) => process.stderr.write(l) };
  const base = opts.fields ?? {};
  const redact = (s: string) => secrets.reduce((acc, sec) => acc.split(sec).join('[redacted]'), s);
  const emit = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (order[level] < min) return;
    const rec = { ts: new Date().toISOString(), level, msg, ...base, ...fields };
    sink.write(`${redact(JSON.stringify(rec, errorReplacer))}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...opts, fields: { ...base, ...fields } }),
  };
}

function errorReplacer(_k: string, v: unknown): unknown {
  if (v instanceof Error) return { message: v.message, name: v.name };
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/** A logger that drops everything (CLI one-shots, tests that do not care). */
export const silentLogger: Logger = createLogger({ sink: { write: () => undefined } });
