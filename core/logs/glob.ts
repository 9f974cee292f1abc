// File globs for inputs (`*`, `?` within a name, `**` across directories). Node 20 has no glob
// of its own; this walks only the directories the pattern can reach.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

const wildcard = /[*?[]/;

export function hasWildcard(pattern: string): boolean {
  return wildcard.test(pattern);
}

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (const ch of seg) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The directory a pattern's matches live under (its longest literal prefix). */
export function globBase(pattern: string): string {
  const abs = isAbsolute(pattern) ? pattern : resolve(pattern);
  const parts = abs.split(sep);
  const i = parts.findIndex((p) => hasWildcard(p));
  if (i < 0) return parts.slice(0, -1).join(sep) || sep;
  return parts.slice(0, i).join(sep) || sep;
}

/** Regular files matching the pattern now, sorted; a literal path is returned even when missing. */
export function expandGlob(pattern: string, maxDepth = 16): string[] {
  const abs = isAbsolute(pattern) ? pattern : resolve(pattern);
  if (!hasWildcard(abs)) return [abs];
  const parts = abs.split(sep);
  const first = parts.findIndex((p) => hasWildcard(p));
  const base = parts.slice(0, first).join(sep) || sep;
  const out = new Set<string>();
  const walk = (dir: string, rest: string[], depth: number): void => {
    if (depth > maxDepth) return;
    if (rest.length === 0) {
      if (statSync(dir, { throwIfNoEntry: false })?.isFile()) out.add(dir);
      return;
    }
    const [seg, ...tail] = rest as [string, ...string[]];
    if (seg === '**') {
      walk(dir, tail, depth);
      for (const e of entries(dir)) if (e.isDirectory()) walk(join(dir, e.name), rest, depth + 1);
      return;
    }
    if (!hasWildcard(seg)) return walk(join(dir, seg), tail, depth);
    const re = segmentRegex(seg);
    for (const e of entries(dir)) if (re.test(e.name)) walk(join(dir, e.name), tail, depth + 1);
  };
  walk(base, parts.slice(first), 0);
  return [...out].sort();
}

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
