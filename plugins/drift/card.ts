// The drift stage's section of the model card: the verdicts of the newest drift reports, and the
// newest window's reference-against-current distributions as charts.
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
    // The newest window's distributions, drifted columns first (at most twelve charts).
    const newest = rows[0]!.payload;
    const dist = newest.distributions ?? {};
    const cols = (newest.columns ?? []).filter((c) => dist[c.name]).sort((a, b) => Number(b.drift) - Number(a.drift)).slice(0, 12);
    if (cols.length) {
      blocks.push({ type: 'h2', text: `Reference and current distributions (newest window, ${iso(rows[0]!.createdAt)})` });
      for (const c of cols) {
        const d = dist[c.name]!;
        blocks.push({ type: 'bars', title: `${c.name}${c.drift ? ' (drifted)' : ''}`, kind: d.kind, labels: d.labels, edges: d.edges, reference: d.reference, current: d.current });
      }
    }
    return blocks;
  },
};
