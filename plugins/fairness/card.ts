// The fairness stage's section of the model card: the newest gaps per sensitive attribute and
// model version.
import { cardFormat, type CardBlock, type CardSection } from '../../core/plugin-api/index.ts';

const { num, pct } = cardFormat;

interface Gap {
  difference: number | null;
  groups: { group: string; count: number; rate: number | null }[];
}
interface StoredFairness {
  attribute: string;
  version: string | null;
  demographic_parity: Gap;
  equal_opportunity: Gap | null;
}

export const fairnessCard: CardSection = {
  order: 50,
  async render(model, results) {
    const blocks: CardBlock[] = [{ type: 'h2', text: 'Fairness across sensitive groups' }];
    const newest = new Map<string, StoredFairness>();
    for (const r of await results.history<StoredFairness>('fairness.attribute', { model, limit: 1000 })) {
      const key = JSON.stringify([r.payload.attribute, r.modelVersion]);
      if (!newest.has(key)) newest.set(key, r.payload);
    }
    if (!newest.size) return [...blocks, { type: 'p', text: 'No fairness results: no sensitive attribute was supplied beside the features, or the fairness stage is not enabled.' }];
    const rates = (g: Gap | null) => (g ? g.groups.map((x) => `${x.group}: ${pct(x.rate) ?? '—'} (n=${x.count})`).join('; ') : null);
    blocks.push({
      type: 'table',
      head: ['attribute', 'version', 'demographic parity difference', 'positive rate by group', 'equal opportunity difference', 'true-positive rate by group'],
      rows: [...newest.values()].slice(0, 50).map((p) => [p.attribute, p.version ?? '(all)', num(p.demographic_parity.difference), rates(p.demographic_parity), num(p.equal_opportunity?.difference ?? null), rates(p.equal_opportunity)]),
    });
    return blocks;
  },
};
