// Inhibition: a firing alert matching `source_matchers` mutes alerts matching `target_matchers`
// when the labels listed in `equal` have the same values on both (absent counts as equal).
import type { Alert } from './alert.ts';
import type { InhibitRule } from './config.ts';
import { matchesAll, type Labels } from './labels.ts';

export class Inhibitor {
  readonly #rules: InhibitRule[];

  constructor(rules: InhibitRule[]) {
    this.#rules = rules;
  }

  /** Fingerprints of the firing alerts that inhibit an alert with these labels. */
  inhibitedBy(target: Labels, targetFp: string, firing: Alert[]): string[] {
    const out: string[] = [];
    for (const rule of this.#rules) {
      if (!matchesAll(rule.target_matchers, target)) continue;
      for (const src of firing) {
        if (src.fingerprint === targetFp || src.state !== 'firing') continue;
        if (!matchesAll(rule.source_matchers, src.labels)) continue;
        if (rule.equal.every((k) => (src.labels[k] ?? '') === (target[k] ?? ''))) out.push(src.fingerprint);
      }
    }
    return out;
  }
}
