// logfmt (`time=… level=info msg="started" addr=:8080`), as Go's logfmt and Heroku write it.
import { normalizeLevel } from './level.ts';
import { parseTimestamp } from './timestamp.ts';
import type { ParsedLogLine } from './types.ts';

/** Splits `k=v k2="quoted \" value"` pairs; null when the line is not logfmt. */
export function logfmtPairs(line: string): Map<string, string> | null {
  const pairs = new Map<string, string>();
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === 61 /* = */ || c === 32 || c === 34) break;
      i++;
    }
    if (i === keyStart) return null;
    const key = line.slice(keyStart, i);
    if (i >= n || line.charCodeAt(i) !== 61) {
      if (line.charCodeAt(i) === 34) return null;
      pairs.set(key, 'true');
      continue;
    }
    i++;
    if (line.charCodeAt(i) === 34) {
      let value = '';
      i++;
      while (i < n && line.charCodeAt(i) !== 34) {
        if (line.charCodeAt(i) === 92 && i + 1 < n) {
          const e = line[i + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
        } else {
          value += line[i];
          i++;
        }
      }
      if (i >= n) return null;
      i++;
      pairs.set(key, value);
    } else {
      const vs = i;
      while (i < n && line.charCodeAt(i) !== 32) i++;
      pairs.set(key, line.slice(vs, i));
    }
  }
  return pairs;
}

export function parseLogfmt(line: string): ParsedLogLine | null {
  const pairs = logfmtPairs(line.trim());
  if (!pairs || pairs.size < 2) return null;
  let explicitPairs = 0;
  for (const v of pairs.values()) if (v !== 'true') explicitPairs++;
  if (explicitPairs < 2) return null;
  const get = (...keys: string[]) => {
    for (const k of keys) if (pairs.has(k)) return pairs.get(k);
    return undefined;
  };
  const out: ParsedLogLine = { message: get('msg', 'message', 'event') ?? line.trim() };
  const ts = parseTimestamp(get('time', 'ts', 'timestamp', 't'));
  if (ts) out.ts = ts;
  const level = normalizeLevel(get('level', 'lvl', 'severity'));
  if (level) out.level = level;
  const source = get('logger', 'source', 'service', 'component', 'caller', 'module');
  if (source) out.source = source;
  return out;
}
