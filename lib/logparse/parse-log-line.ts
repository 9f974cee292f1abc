// One entry point for every header shape. `auto` tells shapes apart per line, so a file that
// mixes JSON lines and plain text still parses. Nothing here throws on input: a line that fits
// no shape is returned whole as the message.
import { parseAccess } from './access.ts';
import { parseJsonLine } from './json.ts';
import { parseLogfmt } from './logfmt.ts';
import { compilePattern, parseWithPattern } from './pattern.ts';
import { parseRfc3164, parseRfc5424, parseSyslog } from './syslog.ts';
import { parseTextHeader } from './text-header.ts';
import type { LogFormat, ParseOptions, ParsedLogLine } from './types.ts';

export const DEFAULT_MAX_LINE_LENGTH = 65_536;

/** Cuts an absurdly long line and says so, instead of refusing it. */
export function capLine(line: string, max: number): string {
  if (line.length <= max) return line;
  return `${line.slice(0, max)} …[truncated ${line.length - max} chars]`;
}

function stripEol(line: string): string {
  const n = line.length;
  if (n > 0 && line.charCodeAt(n - 1) === 10) return line.slice(0, n > 1 && line.charCodeAt(n - 2) === 13 ? -2 : -1);
  if (n > 0 && line.charCodeAt(n - 1) === 13) return line.slice(0, -1);
  return line;
}

function detect(line: string, year: number): ParsedLogLine | null {
  const c = line.charCodeAt(0);
  if (c === 123 /* { */) return parseJsonLine(line);
  if (c === 60 /* < */) return parseSyslog(line, year);
  if (c >= 65 && c <= 90) {
    const r = parseRfc3164(line, year);
    if (r) return r;
  }
  if (c >= 48 && c <= 57) {
    const r = parseTextHeader(line) ?? parseRfc3164(line, year) ?? parseAccess(line);
    if (r) return r;
  } else if (c === 91 /* [ */) {
    const r = parseTextHeader(line);
    if (r) return r;
  } else if (line.includes(' - ') && line.includes('] "')) {
    const r = parseAccess(line);
    if (r) return r;
  }
  if (line.includes('=')) return parseLogfmt(line);
  return null;
}

/** A parser for one format, with a pattern compiled once (throws if the pattern is bad). */
export function logLineParser(format: LogFormat, options: ParseOptions = {}): (line: string) => ParsedLogLine {
  const year = options.year ?? new Date().getUTCFullYear();
  const max = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  let parse: (line: string) => ParsedLogLine | null;
  if (typeof format === 'object') {
    const re = compilePattern(format.pattern);
    parse = (l) => parseWithPattern(l, re);
  } else {
    switch (format) {
      case 'auto': parse = (l) => detect(l, year); break;
      case 'json': parse = parseJsonLine; break;
      case 'logfmt': parse = parseLogfmt; break;
      case 'syslog': parse = (l) => parseSyslog(l, year); break;
      case 'rfc3164': parse = (l) => parseRfc3164(l, year); break;
      case 'rfc5424': parse = parseRfc5424; break;
      case 'access': parse = parseAccess; break;
      case 'raw': parse = () => null; break;
      default: throw new Error(`unknown log format "${String(format)}" (known: auto, json, logfmt, syslog, rfc3164, rfc5424, access, raw, or {pattern})`);
    }
  }
  return (input: string) => {
    const line = capLine(stripEol(typeof input === 'string' ? input : String(input)), max);
    let r: ParsedLogLine | null = null;
    try {
      r = line.length === 0 ? null : parse(line);
    } catch {
      r = null;
    }
    return r ?? { message: line };
  };
}

/** Parses one line in the given format (default `auto`). Never throws on the line itself. */
export function parseLogLine(line: string, format: LogFormat = 'auto', options: ParseOptions = {}): ParsedLogLine {
  return logLineParser(format, options)(line);
}
