// The drift stage's section of the model card: the verdicts of the newest drift reports.
import { cardFormat, type CardBlock, type CardSection } from '../../core/plugin-api/index.ts';
import type { DriftResult } from './index.ts';

const { iso, pct } = cardFormat;

export const driftCard: CardSection = {
  order: 60,
  async render(model, results) {
    const blocks: CardBlock[] = [{ type: 'h2', text: 'Drift history' }];
    const rows = (await results.history<Partial<DriftResult>>('drift.report', { model, limit: 20 })).filter((r) => typeof r.payload.dataset_drift === 'boolean');
    if (!rows.length) return [...blocks, { type: 'p', text: 'No drift results yet.' }];
    blocks.push({
      type: 'table',
      head: ['at', 'version', 'dataset drift', 'share drifted', 'drifted columns', 'data version'],
      rows: rows.map((r) => {
        const p = r.payload;
        return [iso(r.createdAt), r.modelVersion, p.dataset_drift ? 'yes' : 'no', pct(p.share_drifted), (p.columns ?? []).filter((c) => c.drift).map((c) => c.name).join(', ') || null, r.dataVersion];
      }),
    });
    return blocks;
  },
};
