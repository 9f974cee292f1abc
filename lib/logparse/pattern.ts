// A user-supplied header pattern: a regular expression with named groups `ts`, `level`,
// `source` and `message`; a line it does not match stays whole as the message.
import { normalizeLevel } from './level.ts';
import { parseTimestamp } from './timestamp.ts';
import type { ParsedLogLine } from './types.ts';

const KNOWN_GROUPS = new Set(['ts', 'level', 'source', 'message']);

/** Compiles and checks a pattern once; throws naming what is wrong with it. */
export function compilePattern(pattern: RegExp | string): RegExp {
  let re: RegExp;
  try {
    re = typeof pattern === 'string' ? new RegExp(pattern, 's') : pattern;
  } catch (e) {
    throw new Error(`log pattern ${JSON.stringify(String(pattern))} is not a valid regular expression: ${(e as Error).message}`);
  }
  const names = [...re.source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]!);
  if (names.length === 0) throw new Error(`log pattern ${re} has no named groups (expected some of ts, level, source, message)`);
  const unknown = names.filter((n) => !KNOWN_GROUPS.has(n));
  if (unknown.length > 0) throw new Error(`log pattern ${re} has unknown group(s) ${unknown.join(', ')} (known: ts, level, source, message)`);
  return re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re;
}

export function parseWithPattern(line: string, re: RegExp): ParsedLogLine | null {
  const m = re.exec(line);
  if (!m || !m.groups) return null;
  const g = m.groups;
  const out: ParsedLogLine = { message: g.message ?? line };
  const ts = parseTimestamp(g.ts);
  if (ts) out.ts = ts;
  const level = normalizeLevel(g.level);
  if (level) out.level = level;
  if (g.source) out.source = g.source;
  return out;
}
