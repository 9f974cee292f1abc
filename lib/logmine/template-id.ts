// Template ids are a short hash of the template's text when it was first seen: the same log
// source mined twice gives the same ids, and an id never changes when the template later
// generalizes (the text changes, the id stays).

/** cyrb53: a fast 53-bit string hash, good enough for ids that are also checked for collisions. */
function cyrb53(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A 12-character id for a template text; `taken` says whether an id is already in use. */
export function templateId(text: string, taken: (id: string) => boolean): string {
  const base = cyrb53(text).toString(16).padStart(14, '0').slice(-12);
  if (!taken(base)) return base;
  for (let k = 2; ; k++) {
    const id = `${base}-${k}`;
    if (!taken(id)) return id;
  }
}
