// Splits a log message into whitespace tokens and applies the named masks to each, so the miner
// sees `Accepted password for root from <IP> port <NUM> ssh2`. It also marks which tokens are
// plain words (letters only, inside optional brackets or punctuation): those are the constants
// that tell templates apart (`hit`/`miss`, `Started`/`Paused`), so the miner treats them with care.
import { DURATION_UNITS, maskInner, maskOfCore, type MaskName } from './masks.ts';

export interface TokenizedLine {
  /** Each token as the miner compares it: masked parts replaced by `<NAME>`. */
  masked: string[];
  /** The original text of each token. */
  raw: string[];
  /** The masked values inside each token, in order; null where nothing was masked. */
  values: (string[] | null)[];
  /** 1 where the token is a plain word. */
  plain: Uint8Array;
}

export interface TokenizeOptions {
  masks: ReadonlySet<MaskName>;
  /** Tokens beyond this many are joined into the last one, so one absurd line cannot blow up a template. */
  maxTokens: number;
}

const WHITESPACE_RE = /\s+/;

function isLead(c: number): boolean {
  // ( [ { < " ' = ~
  return c === 40 || c === 91 || c === 123 || c === 60 || c === 34 || c === 39 || c === 61 || c === 126;
}

function isTrail(c: number): boolean {
  // ) ] } > " ' , ; : . ! ? %
  return c === 41 || c === 93 || c === 125 || c === 62 || c === 34 || c === 39 || c === 44 || c === 59 ||
    c === 58 || c === 46 || c === 33 || c === 63 || c === 37;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c > 127;
}

function splitTokens(line: string, maxTokens: number): string[] {
  let parts: string[];
  if (line.includes('\t') || line.includes('\r') || line.includes('\n') || line.includes('\f') || line.includes('\v')) {
    parts = line.split(WHITESPACE_RE);
  } else {
    parts = line.split(' ');
  }
  let k = 0;
  for (let i = 0; i < parts.length; i++) if (parts[i] !== '') parts[k++] = parts[i]!;
  parts.length = k;
  if (k > maxTokens) {
    const tail = parts.slice(maxTokens - 1).join(' ');
    parts.length = maxTokens - 1;
    parts.push(tail);
  }
  return parts;
}

const KEY_WORD_RE = /^[A-Za-z_][A-Za-z0-9_.-]*=[A-Za-z]+$/;
const VALUE_BEFORE = new Set(['user', 'User', 'USER', 'username', 'login']);
const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
const MONTHS = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec', 'January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);
const DAY_RE = /^\d{1,2},?$/;
const CLOCK_RE = /^\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?$/;
const YEAR_RE = /^\d{4}$/;

/**
 * Tokens a ctime or syslog date spans from `i`: [weekday] month day hh:mm:ss [year], or 0.
 * A month or weekday word alone stays a word; only the full date with its clock is a value.
 */
function dateSpan(parts: string[], i: number): number {
  // Cheap guard first: this runs on every plain word, and dates start with a capital letter.
  const first = parts[i]!;
  const c0 = first.charCodeAt(0);
  if (c0 < 65 || c0 > 90 || first.length < 3 || i + 2 >= parts.length) return 0;
  let k = i;
  if (WEEKDAYS.has(first) || (first.endsWith(',') && WEEKDAYS.has(first.slice(0, -1)))) k++;
  if (!MONTHS.has(parts[k] ?? '')) return 0;
  const clock = parts[k + 2];
  if (clock === undefined || !DAY_RE.test(parts[k + 1]!)) return 0;
  const clockCore = clock.slice(0, coreBounds(clock)[1]);
  if (!CLOCK_RE.test(clockCore)) return 0;
  k += 3;
  const year = parts[k];
  if (clockCore === clock && year !== undefined && YEAR_RE.test(year.slice(0, coreBounds(year)[1]))) k++;
  return k - i;
}

/** Strips surrounding punctuation: returns [start, end) of the token's core. */
function coreBounds(tok: string): [number, number] {
  let s = 0;
  let e = tok.length;
  while (s < e && isLead(tok.charCodeAt(s))) s++;
  while (e > s && isTrail(tok.charCodeAt(e - 1))) e--;
  return [s, e];
}

export function tokenize(line: string, opts: TokenizeOptions): TokenizedLine {
  const parts = splitTokens(line, opts.maxTokens);
  const n = parts.length;
  const masked: string[] = [];
  const raw: string[] = [];
  const values: (string[] | null)[] = [];
  const plainFlags: number[] = [];
  const enabled = opts.masks;

  for (let i = 0; i < n; i++) {
    const tok = parts[i]!;
    const [s, e] = coreBounds(tok);
    if (s === e) {
      // Punctuation alone (`-`, `|`): often a placeholder for a missing value, so not a constant word.
      masked.push(tok); raw.push(tok); values.push(null); plainFlags.push(0);
      continue;
    }
    let letters = true;
    let hasDigit = false;
    for (let j = s; j < e; j++) {
      const c = tok.charCodeAt(j);
      if (c >= 48 && c <= 57) { hasDigit = true; letters = false; }
      else if (!isLetter(c)) letters = false;
    }
    if (letters) {
      const span = enabled.has('TS') && s === 0 ? dateSpan(parts, i) : 0;
      if (span > 0) {
        // `Fri Jun 17 07:07:00 2005`, `Jun 14 15:16:01`: a ctime/syslog date written as several tokens is one value.
        const last = parts[i + span - 1]!;
        const [, le] = coreBounds(last);
        const text = parts.slice(i, i + span).join(' ');
        const value = text.slice(0, text.length - (last.length - le));
        masked.push('<TS>' + last.slice(le)); raw.push(text); values.push([value]); plainFlags.push(0);
        i += span - 1;
        continue;
      }
      // The word after `user` names someone (`session opened for user cyrus`, `Invalid user admin`):
      // a value, not one of the constants that tell templates apart.
      const named = i > 0 && VALUE_BEFORE.has(parts[i - 1]!);
      masked.push(tok); raw.push(tok); values.push(null); plainFlags.push(named ? 0 : 1);
      continue;
    }
    let core = tok.slice(s, e);
    if (!hasDigit && KEY_WORD_RE.test(core)) {
      // `status=ok` / `status=failed`: a field whose value is a word is a constant like a plain
      // word, until enough different words show up there (then it becomes `status=<*>`).
      masked.push(tok); raw.push(tok); values.push(null); plainFlags.push(1);
      continue;
    }
    let start = s;
    let mask = maskOfCore(core, hasDigit, enabled);
    // `/10.0.0.1:50010` is an address (Java's InetSocketAddress writes it so), not a path; the
    // slash is part of the value, as log-parsing ground truth has it.
    if (mask === 'PATH' && hasDigit && enabled.has('IP') && maskOfCore(core.slice(1), true, enabled) === 'IP') mask = 'IP';
    if (mask !== null) {
      let value = core;
      let before = tok.slice(0, start);
      let after = tok.slice(e);
      let rawTok = tok;
      // `[2001:db8::1]:443`: the bracket belongs to the address.
      if (mask === 'IP' && before.endsWith('[') && core.includes(']')) { value = '[' + value; before = before.slice(0, -1); }
      const next = i + 1 < n ? parts[i + 1]! : undefined;
      if (next !== undefined && (mask === 'NUM' || mask === 'TS')) {
        const [ns, ne] = coreBounds(next);
        const nextCore = next.slice(ns, ne);
        const joinsTime = mask === 'TS' && ns === 0 && core.length === 10 && nextCore.length >= 5 &&
          maskOfCore(nextCore, true, enabled) === 'TS';
        if (mask === 'NUM' && enabled.has('DURATION') && ns === 0 && DURATION_UNITS.has(nextCore)) {
          // `12 ms`, `<1 sec`: the number is the value and the unit stays a word of the template
          // (`took <NUM> ms`), as people and log-parsing ground truth write it; a comparison sign
          // in front belongs to the value. Number and unit are one token to the miner, so
          // `lifetime <1 sec` and `lifetime 00:01` still line up position by position.
          const c = before.charCodeAt(before.length - 1);
          if (c === 60 || c === 62 || c === 126) { value = before[before.length - 1] + value; before = before.slice(0, -1); }
          masked.push(before + '<NUM>' + after + ' ' + next); raw.push(tok + ' ' + next); values.push([value]); plainFlags.push(0);
          i++;
          continue;
        } else if (joinsTime) {
          // `2024-05-01 12:00:00`: one value written as two tokens.
          value = value + after + ' ' + nextCore;
          after = next.slice(ne);
          rawTok = tok + ' ' + next;
          i++;
        }
      }
      masked.push(before + '<' + mask + '>' + after); raw.push(rawTok); values.push([value]); plainFlags.push(0);
      continue;
    }
    if (hasDigit) {
      const vals: string[] = [];
      const inner = maskInner(tok, enabled, vals);
      if (inner !== null) {
        masked.push(inner); raw.push(tok); values.push(vals); plainFlags.push(0);
        continue;
      }
    }
    masked.push(tok); raw.push(tok); values.push(null); plainFlags.push(0);
  }
  return { masked, raw, values, plain: Uint8Array.from(plainFlags) };
}
