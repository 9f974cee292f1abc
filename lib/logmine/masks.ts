// Named masks: recognise the variable parts of a log token (IPs, numbers, ids, paths, …) before
// mining, so that the miner compares `<IP>` with `<IP>` instead of two different addresses.
// Recognition works on one whitespace token at a time with cheap guards in front of each regex,
// because this runs on every token of every line.

export type MaskName = 'IP' | 'UUID' | 'URL' | 'EMAIL' | 'PATH' | 'TS' | 'DURATION' | 'HEX' | 'ID' | 'NUM';

export const ALL_MASKS: readonly MaskName[] = ['IP', 'UUID', 'URL', 'EMAIL', 'PATH', 'TS', 'DURATION', 'HEX', 'ID', 'NUM'];

const NUM_RE = /^[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const IPV4_RE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?::\d{1,5})?$/;
const IPV6_RE = /^\[?(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?:%\w+)?(?:\]:\d{1,5}|\])?$/;
const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const URL_RE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/\S+$/;
const EMAIL_RE = /^[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const DATE_RE = /^\d{4}[-/]\d{2}[-/]\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const TIME_RE = /^\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const HEX_RE = /^(?:0[xX][0-9a-fA-F]+|[0-9a-fA-F]{6,})$/;
// Go-style and unit-suffixed durations written as one token: 12ms, 1.5s, 3m20s, 250us.
const DURATION_RE = /^[<>~]?(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d|sec|secs|min|mins|hr|hrs))+$/;
const WIN_PATH_RE = /^[A-Za-z]:\\/;
// Identifiers written as a word and numbers joined by underscores: `blk_-1608999687919862906`,
// `job_1445144423722_0020`, `attempt_1445144423722_0020_m_000000_0`. The whole token is the value.
const ID_RE = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*_-?\d+(?:_[A-Za-z0-9]+)*$/;
// A host with its port or its address (`msra-sa-41:8030`, `node-7/10.190.173.170:8030`): one
// address value. The host must carry a digit or hyphen, so `line:42` stays a key and number and
// `chrome.exe:3457` (a process and its pid) is not taken for an address.
const HOST_ADDR_RE = /^[A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*(?::\d{1,5}|\/\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?::\d{1,5})?)$/;
const HOST_MARK_RE = /^[^:/]*[0-9-]/;
/** Unit words that turn a preceding number token into a duration (`in 12 ms`, `lifetime <1 sec`). */
export const DURATION_UNITS = new Set([
  'ns', 'us', 'µs', 'ms', 'msec', 'msecs', 's', 'sec', 'secs', 'second', 'seconds', 'min', 'mins',
  'minute', 'minutes', 'h', 'hr', 'hrs', 'hour', 'hours', 'day', 'days',
]);

/** Mask of a whole token core (punctuation already stripped), or null. */
export function maskOfCore(core: string, hasDigit: boolean, enabled: ReadonlySet<MaskName>): MaskName | null {
  const c0 = core.charCodeAt(0);
  if (core.length > 3 && core.includes('://')) return enabled.has('URL') && URL_RE.test(core) ? 'URL' : null;
  if (core.includes('@')) return enabled.has('EMAIL') && EMAIL_RE.test(core) ? 'EMAIL' : null;
  if (hasDigit) {
    if (enabled.has('NUM') && NUM_RE.test(core)) return 'NUM';
    const len = core.length;
    if (enabled.has('IP') && len >= 7 && len <= 21 && IPV4_RE.test(core)) return 'IP';
    if (enabled.has('IP') && (core.includes(':') || core.includes('/')) && HOST_ADDR_RE.test(core) && HOST_MARK_RE.test(core)) return 'IP';
    if (enabled.has('UUID') && len === 36 && UUID_RE.test(core)) return 'UUID';
    if (enabled.has('TS') && len >= 4 && (DATE_RE.test(core) || TIME_RE.test(core))) return 'TS';
    if (enabled.has('DURATION') && DURATION_RE.test(core)) return 'DURATION';
    if (enabled.has('IP') && (core.includes('::') || countColons(core) >= 7) && IPV6_RE.test(core)) return 'IP';
    // Digits-only tokens were numbers above, so a hex match here has letters and digits.
    if (enabled.has('HEX') && HEX_RE.test(core)) return 'HEX';
    if (enabled.has('ID') && core.includes('_') && ID_RE.test(core)) return 'ID';
  }
  if (enabled.has('PATH') && core.length > 1) {
    // `/`, `./x`, `~/x`, `C:\x`: but not `/` alone nor a slash-separated phrase like `I/O`.
    if (c0 === 47 /* / */ || (c0 === 126 /* ~ */ && core.charCodeAt(1) === 47)) return 'PATH';
    if (c0 === 46 /* . */ && (core.startsWith('./') || core.startsWith('../'))) return 'PATH';
    if (WIN_PATH_RE.test(core)) return 'PATH';
  }
  return null;
}

// Numbers and IPs inside a token that did not mask as a whole (`uid=0`, `blk_-1234`,
// `10.0.0.1:50010:Got`): only runs bounded by non-alphanumerics, so `eth0` and `1000Mbps` stay.
const INNER_RE = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?::\d{1,5})?)|(?<![A-Za-z0-9./])([-+]?\d+(?:\.\d+)?)(?![A-Za-z0-9])/g;

/** Masks numbers and IPv4 addresses inside a token; returns null when nothing was masked. */
export function maskInner(token: string, enabled: ReadonlySet<MaskName>, values: string[]): string | null {
  const num = enabled.has('NUM');
  const ip = enabled.has('IP');
  if (!num && !ip) return null;
  const before = values.length;
  const out = token.replace(INNER_RE, (m: string, ipMatch: string | undefined) => {
    const name = ipMatch !== undefined ? 'IP' : 'NUM';
    if ((name === 'IP' && !ip) || (name === 'NUM' && !num)) return m;
    values.push(m);
    return name === 'IP' ? '<IP>' : '<NUM>';
  });
  return values.length === before ? null : out;
}

function countColons(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 58) n++;
  return n;
}
