// The plain-text header most application loggers write (log4j, logback, Python logging, Go's
// log, Rails): a timestamp, maybe a level, maybe a source in brackets or before ` - `/`: `.
// `2024-05-01 12:00:00,123 ERROR [worker-3] com.acme.Job - failed: disk full`.
import { isLevelWord, normalizeLevel } from './level.ts';
import { parseTimestamp } from './timestamp.ts';
import type { ParsedLogLine } from './types.ts';

const HEAD_RE =
  /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)\]?\s+(?:\[?([A-Za-z]{3,9})\]?\s+)?(.*)$/s;
const SOURCE_RE = /^(?:\[([^\]\s]{1,80})\]\s+|([\w.$-]{1,80}(?:\[\d+\])?):\s+|([\w.$]{1,80})\s+-\s+)/;

export function parseTextHeader(line: string): ParsedLogLine | null {
  const m = HEAD_RE.exec(line);
  if (!m) return null;
  const ts = parseTimestamp(m[1]!.replace(',', '.'));
  if (!ts) return null;
  let rest = m[3]!;
  let levelWord: string | undefined = m[2];
  if (levelWord !== undefined && !isLevelWord(levelWord)) {
    rest = line.slice(line.indexOf(levelWord, m[1]!.length));
    levelWord = undefined;
  }
  const out: ParsedLogLine = { ts, message: rest };
  if (levelWord) out.level = normalizeLevel(levelWord);
  // `[thread] logger - msg`: take the bracket then the logger name.
  for (let k = 0; k < 2; k++) {
    const s = SOURCE_RE.exec(out.message);
    if (!s) break;
    const source = s[1] ?? s[2] ?? s[3];
    if (source) out.source = source;
    out.message = out.message.slice(s[0].length);
  }
  return out;
}
