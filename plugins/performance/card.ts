// The performance stage's part of the model card's performance section: the newest realized and
// estimated figures per result kind and model version.
import { cardFormat, type CardBlock, type CardSection, type StoredResult } from '../../core/plugin-api/index.ts';

const { iso, num } = cardFormat;
const kinds = ['performance.realized', 'performance.estimated', 'performance.threshold', 'performance.segment', 'performance.estimated_drop'];

/** Up to twelve numeric figures of a payload, two levels deep, named by their path. */
function flatFigures(payload: unknown, prefix = '', out: [string, number][] = [], depth = 2): [string, number][] {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload) || out.length >= 12) return out;
  for (const [k, v] of Object.entries(payload)) {
    if (out.length >= 12) break;
    if (typeof v === 'number' && Number.isFinite(v)) out.push([prefix + k, v]);
    else if (depth > 0 && v && typeof v === 'object' && !Array.isArray(v) && k !== 'window') flatFigures(v, `${prefix}${k}.`, out, depth - 1);
  }
  return out;
}

export const performanceCard: CardSection = {
  order: 41,
  async render(model, results) {
    const newest: StoredResult[] = [];
    for (const kind of kinds) {
      const seen = new Set<string | null>();
      for (const r of await results.history(kind, { model, limit: 200 })) if (!seen.has(r.modelVersion)) seen.add(r.modelVersion), newest.push(r);
    }
    newest.sort((a, b) => b.id - a.id);
    if (!newest.length) return [{ type: 'p', text: 'The performance stage has stored no results for this model (estimated performance is not available).' }];
    const blocks: CardBlock[] = [{ type: 'p', text: 'Latest realized and estimated performance stored by the performance stage:' }];
    blocks.push({
      type: 'table',
      head: ['kind', 'version', 'at', 'figures'],
      rows: newest.slice(0, 20).map((r) => [r.kind, r.modelVersion, iso(r.createdAt), flatFigures(r.payload).map(([k, v]) => `${k}=${num(v)}`).join(', ') || null]),
    });
    return blocks;
  },
};
