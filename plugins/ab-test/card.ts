// The A/B stage's section of the model card: the newest comparison of two versions and the
// bandit's suggested traffic split.
import { cardFormat, type CardBlock, type CardSection } from '../../core/plugin-api/index.ts';

const { iso, num, pct } = cardFormat;

interface StoredComparison {
  a: { version: string };
  b: { version: string };
  bandit: { arms: { arm: string; probabilityBest: number; suggestedShare: number }[] } | null;
  outcomes: { name: string; significant: boolean | null; comparison: { test?: { difference: number; pValue: number }; welch?: { difference: number; pValue: number } } | null }[];
}

export const abTestCard: CardSection = {
  order: 90,
  async render(model, results) {
    const blocks: CardBlock[] = [{ type: 'h2', text: 'Production testing' }];
    const latest = await results.latest<StoredComparison>('ab_test.comparison', model);
    if (!latest) return [...blocks, { type: 'p', text: 'No A/B comparison stored (the ab-test stage needs two versions served side by side).' }];
    const p = latest.payload;
    blocks.push({ type: 'p', text: `Latest comparison (${iso(latest.createdAt)}): ${p.b.version} against ${p.a.version}.` });
    blocks.push({
      type: 'table',
      head: ['outcome', 'difference (b − a)', 'p-value', 'significant'],
      rows: p.outcomes.map((o) => {
        const t = o.comparison?.test ?? o.comparison?.welch;
        return [o.name, num(t?.difference), num(t?.pValue, 6), o.significant === null ? 'not tested' : o.significant ? 'yes' : 'no'];
      }),
    });
    if (p.bandit) blocks.push({ type: 'list', items: p.bandit.arms.map((a) => `${a.arm}: probability best ${pct(a.probabilityBest)}, suggested traffic ${pct(a.suggestedShare)}`) });
    return blocks;
  },
};
