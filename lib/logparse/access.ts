// nginx / Apache access logs in the common and combined formats:
// `1.2.3.4 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "ref" "agent"`.
// The client becomes the source; the message keeps the request, status and size (what a template
// should group on), and the level follows the status class.
import { MONTHS } from './timestamp.ts';
import type { ParsedLogLine } from './types.ts';

const ACCESS_RE =
  /^(\S+) (\S+) (\S+) \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\] "((?:[^"\\]|\\.)*)" (\d{3}|-) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(.*)$/s;

export function parseAccess(line: string): ParsedLogLine | null {
  const m = ACCESS_RE.exec(line);
  if (!m) return null;
  const month = MONTHS[m[5]!];
  if (month === undefined) return null;
  const offset = (m[10] === '-' ? -1 : 1) * (Number(m[11]) * 60 + Number(m[12]));
  const t = Date.UTC(Number(m[6]), month, Number(m[4]), Number(m[7]), Number(m[8]), Number(m[9])) - offset * 60_000;
  const status = m[14]!;
  let message = `"${m[13]}" ${status} ${m[15]}`;
  if (m[16] !== undefined) message += ` "${m[16]}" "${m[17]}"`;
  const out: ParsedLogLine = { message, source: m[1]! };
  if (!Number.isNaN(t)) out.ts = new Date(t);
  out.level = status.startsWith('5') ? 'error' : status.startsWith('4') ? 'warn' : 'info';
  return out;
}
