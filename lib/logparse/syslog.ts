// Syslog headers: RFC 5424 (`<34>1 2024-05-01T12:00:00Z host app 123 ID47 [sd] msg`) and the
// older BSD form of RFC 3164 (`<34>May  1 12:00:00 host sshd[123]: msg`, PRI often absent in
// files), including rsyslog's variant with an ISO timestamp in place of `May  1 12:00:00`.
import { SYSLOG_SEVERITY } from './level.ts';
import { MONTHS, parseTimestamp } from './timestamp.ts';
import type { ParsedLogLine } from './types.ts';

const RFC5424_RE = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) /;
const RFC3164_RE = /^(?:<(\d{1,3})>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\S+) (.*)$/s;
const RFC3164_ISO_RE = /^(?:<(\d{1,3})>)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) (\S+) (.*)$/s;
const TAG_RE = /^([^\s:[\]]{1,64})(?:\[([^\]\s]{1,32})\])?: ?/;

function severity(pri: string | undefined): string | undefined {
  if (pri === undefined) return undefined;
  const p = Number(pri);
  return p <= 191 ? SYSLOG_SEVERITY[p % 8] : undefined;
}

/** Skips RFC 5424 structured data (`-` or `[id k="v"]…`); returns the index after it, or -1. */
function skipStructuredData(s: string, i: number): number {
  if (s[i] === '-') return i + 1;
  if (s[i] !== '[') return -1;
  while (s[i] === '[') {
    i++;
    let quoted = false;
    for (; i < s.length; i++) {
      const c = s[i];
      if (quoted) {
        if (c === '\\') i++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === ']') break;
    }
    if (i >= s.length) return -1;
    i++;
  }
  return i;
}

export function parseRfc5424(line: string): ParsedLogLine | null {
  const m = RFC5424_RE.exec(line);
  if (!m) return null;
  const end = skipStructuredData(line, m[0].length);
  if (end < 0) return null;
  let message = line.slice(end).replace(/^ /, '');
  if (message.startsWith('\uFEFF')) message = message.slice(1);
  const out: ParsedLogLine = { message };
  const ts = m[2] === '-' ? undefined : parseTimestamp(m[2]);
  if (ts) out.ts = ts;
  const level = severity(m[1]);
  if (level) out.level = level;
  const app = m[4] !== '-' ? m[4] : m[3] !== '-' ? m[3] : undefined;
  if (app) out.source = app;
  return out;
}

export function parseRfc3164(line: string, year: number): ParsedLogLine | null {
  let pri: string | undefined;
  let ts: Date | undefined;
  let rest: string;
  const m = RFC3164_RE.exec(line);
  if (m && MONTHS[m[2]!] !== undefined) {
    pri = m[1];
    ts = new Date(Date.UTC(year, MONTHS[m[2]!]!, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
    rest = m[8]!;
  } else {
    const iso = RFC3164_ISO_RE.exec(line);
    if (!iso) return null;
    pri = iso[1];
    ts = parseTimestamp(iso[2]);
    rest = iso[4]!;
  }
  const out: ParsedLogLine = { message: rest };
  if (ts && !Number.isNaN(ts.getTime())) out.ts = ts;
  const level = severity(pri);
  if (level) out.level = level;
  const tag = TAG_RE.exec(rest);
  if (tag) {
    out.source = tag[1];
    out.message = rest.slice(tag[0].length);
  }
  return out;
}

export function parseSyslog(line: string, year: number): ParsedLogLine | null {
  return parseRfc5424(line) ?? parseRfc3164(line, year);
}
