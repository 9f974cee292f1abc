// Changes that may have caused an incident: new model versions first seen in predictions, and
// audit entries of deploy-like kinds (deploys, releases, model promotions, retraining).
import type { DataReader } from '../../core/plugin-api/index.ts';

/** Versions first seen this close to the model's first prediction were served from the start. */
const servedFromStartMs = 60_000;

export interface ChangeEvent {
  type: 'model_version' | 'deploy';
  name: string;
  /** Epoch milliseconds. */
  ts: number;
  details: Record<string, unknown>;
}

/**
 * The changes of one stage run: every model's versions are read once (one query per model) and
 * reused for each incident the run ranks, so a fleet's run costs N queries, not N per incident.
 */
export class ChangeReader {
  #versions?: Promise<{ model: string; versions: { version: string; first: number }[] }[]>;
  constructor(
    private readonly data: DataReader,
    private readonly auditKinds: readonly string[],
  ) {}

  async between(from: number, to: number): Promise<ChangeEvent[]> {
    const out: ChangeEvent[] = [];
    this.#versions ??= this.#readVersions();
    for (const m of await this.#versions) {
      const modelFirst = m.versions[0]?.first;
      // A model's very first version is not a change: nothing ran before it. Neither are versions
      // served side by side from the start (an A/B test that began with the model).
      m.versions.forEach((v, k) => {
        if (v.first < from || v.first >= to) return;
        if (k > 0 && v.first - modelFirst! > servedFromStartMs) out.push({ type: 'model_version', name: `${m.model}@${v.version}`, ts: v.first, details: { model: m.model, version: v.version } });
      });
    }
    if (this.auditKinds.length) {
      for (const r of await this.data.audit({ since: from, until: to })) {
        // New versions are read from the predictions above; their audit entries would count them twice.
        if (r.kind === 'model.version.seen') continue;
        if (!this.auditKinds.some((k) => r.kind === k || r.kind.startsWith(k.endsWith('.') ? k : `${k}.`))) continue;
        out.push({ type: 'deploy', name: r.subject ? `${r.kind}: ${r.subject}` : r.kind, ts: r.ts, details: { audit_id: r.id, kind: r.kind, subject: r.subject, ...(r.details ?? {}) } });
      }
    }
    return out.sort((a, b) => a.ts - b.ts);
  }

  async #readVersions() {
    const out = [];
    for (const m of await this.data.models()) out.push({ model: m.model, versions: await this.data.versionsFirstSeen(m.model) });
    return out;
  }
}
