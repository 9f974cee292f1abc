// Label sets, their fingerprint (the identity of an alert) and Alertmanager-style matchers:
// `name="value"`, `name!="value"`, `name=~"regex"`, `name!~"regex"` (regexes fully anchored).
import { createHash } from 'node:crypto';

export type Labels = Record<string, string>;

export function labelsFingerprint(labels: Labels): string {
  const sorted = Object.keys(labels).sort().map((k) => [k, labels[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
}

const matcherPattern = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

export function parseMatcher(text: string): Matcher {
  const m = matcherPattern.exec(text);
  if (!m) throw new Error(`not a matcher: "${text}" (use name="value", name!="value", name=~"regex" or name!~"regex")`);
  let value = m[3]!;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      value = JSON.parse(value) as string;
    } catch {
      throw new Error(`matcher "${text}": bad quoted value`);
    }
  }
  const matcher = { name: m[1]!, type: m[2] as MatchType, value };
  if (matcher.type === '=~' || matcher.type === '!~') compileRegex(matcher.value);
  return matcher;
}

/** The API form `{name, value, isRegex, isEqual}` (Alertmanager's) to a matcher. */
export function matcherFromObject(o: { name: string; value: string; isRegex?: boolean; isEqual?: boolean }): Matcher {
  const eq = o.isEqual ?? true;
  const type: MatchType = o.isRegex ? (eq ? '=~' : '!~') : eq ? '=' : '!=';
  if (o.isRegex) compileRegex(o.value);
  return { name: o.name, type, value: o.value };
}

function compileRegex(source: string): RegExp {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch (e) {
    throw new Error(`bad regular expression "${source}": ${(e as Error).message}`);
  }
}

/** A missing label matches as the empty string, as in Alertmanager. */
export function matches(m: Matcher, labels: Labels): boolean {
  const v = labels[m.name] ?? '';
  switch (m.type) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return compileRegex(m.value).test(v);
    case '!~':
      return !compileRegex(m.value).test(v);
  }
}

export function matchesAll(ms: Matcher[], labels: Labels): boolean {
  return ms.every((m) => matches(m, labels));
}
