// Governance: a sensitive attribute must never be a model feature. A feature matches when its
// name, or one word of it (split at _, -, . and case changes), is the attribute.
export function sensitiveFeatures(features: string[], attributes: string[]): { feature: string; attribute: string }[] {
  const wanted = new Set(attributes.map((a) => a.toLowerCase()));
  const out: { feature: string; attribute: string }[] = [];
  for (const f of features) {
    const words = [f.toLowerCase(), ...f.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/)];
    const hit = words.find((w) => wanted.has(w));
    if (hit) out.push({ feature: f, attribute: hit });
  }
  return out;
}
