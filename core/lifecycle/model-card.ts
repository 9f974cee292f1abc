// The live model card: everything the daemon knows about one model, gathered at request time
// into blocks (see card-render.ts). A section with nothing to show says so.
import type { Runtime } from '../runtime.ts';
import { accuracyBySegment, countFindingsOfKind, latestFairnessResults, latestPerformanceResults, latestResultsOfKind, openAlertsOf, recentDriftReports, recentSevereFindings } from '../storage/card-reads.ts';
import type { Block } from './card-render.ts';
import { listVersions, referenceOf } from './version-registry.ts';
import { retrainingHistory } from './retraining-log.ts';

const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : `${(100 * x).toFixed(1)}%`);
const num = (x: unknown, digits = 4) => (typeof x === 'number' && Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().replace('.000Z', 'Z') : null);

function flatFigures(payload: unknown, prefix = '', out: [string, number][] = [], depth = 2): [string, number][] {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload) || out.length >= 12) return out;
  for (const [k, v] of Object.entries(payload)) {
    if (out.length >= 12) break;
    if (typeof v === 'number' && Number.isFinite(v)) out.push([prefix + k, v]);
    else if (depth > 0 && v && typeof v === 'object' && !Array.isArray(v) && k !== 'window') flatFigures(v, `${prefix}${k}.`, out, depth - 1);
  }
  return out;
}

async function ownersSection(rt: Runtime, model: string): Promise<Block[]> {
  const s = rt.config.models[model] ?? {};
  const items: string[] = [];
  items.push(`Intended use: ${s.intended_use ?? 'not stated in the config (models.' + model + '.intended_use)'}`);
  items.push(`Owners: ${s.owners?.length ? s.owners.join(', ') : 'not stated in the config (models.' + model + '.owners)'}`);
  if (s.task) items.push(`Task: ${s.task}${s.positive_label !== undefined ? ` (positive label ${s.positive_label})` : ''}`);
  const sensitive = s.sensitive_attributes ?? rt.config.sensitive_attributes;
  items.push(`Sensitive attributes watched: ${sensitive.join(', ') || 'none'}`);
  return [{ type: 'h2', text: 'Intended use and owners' }, { type: 'list', items }];
}

async function versionsSection(rt: Runtime, model: string): Promise<Block[]> {
  const versions = (await listVersions(rt, model)) ?? [];
  if (!versions.length) return [{ type: 'h2', text: 'Versions' }, { type: 'p', text: 'No prediction has named a model version yet.' }];
  return [
    { type: 'h2', text: 'Versions' },
    {
      type: 'table',
      head: ['version', 'first seen', 'last seen', 'predictions', 'traffic share', 'last 24 h', 'labelled', 'accuracy', 'MAE', 'reference data'],
      rows: versions.map((v) => [v.version, iso(v.first_seen), iso(v.last_seen), v.predictions, pct(v.traffic_share), pct(v.traffic_share_24h), v.live.labelled, pct(v.live.accuracy), num(v.live.mae), v.reference ? v.reference.version.slice(0, 12) : null]),
    },
  ];
}

async function referenceSection(rt: Runtime, model: string): Promise<Block[]> {
  const blocks: Block[] = [{ type: 'h2', text: 'Reference data and schema' }];
  const ref = await referenceOf(rt, model);
  if (ref) blocks.push({ type: 'p', text: `Reference snapshot ${ref.version}${ref.name ? ` (${ref.name})` : ''}: ${ref.rows} rows, uploaded ${iso(ref.created_at)}; chosen by ${ref.source}.` });
  else blocks.push({ type: 'p', text: 'No reference snapshot has been uploaded for this model.' });
  const t = rt.tables.get(model);
  if (t?.features.length) blocks.push({ type: 'table', head: ['feature', 'type'], rows: t.features.map((f) => [f.name, f.type]) });
  else blocks.push({ type: 'p', text: 'No features have been received yet.' });
  return blocks;
}

async function performanceSection(rt: Runtime, model: string): Promise<Block[]> {
  const blocks: Block[] = [{ type: 'h2', text: 'Performance' }];
  const t = rt.tables.get(model);
  if (t) {
    const segs = await accuracyBySegment(rt.storage, t.table, model);
    const regression = rt.config.models[model]?.task === 'regression';
    if (segs.length && segs[0]!.labelled > 0 && !regression) {
      blocks.push({ type: 'p', text: 'Realized accuracy from the labels received (all time; the first row is overall):' });
      blocks.push({ type: 'table', head: ['segment', 'labelled', 'accuracy'], rows: segs.map((s, i) => [i === 0 ? '(overall)' : (s.segment ?? '(none)'), s.labelled, pct(s.accuracy)]) });
    } else if (!regression) blocks.push({ type: 'p', text: 'No labels have arrived yet: realized performance is unknown.' });
  }
  const stored = await latestPerformanceResults(rt.storage, model);
  if (stored.length) {
    blocks.push({ type: 'p', text: 'Latest realized and estimated performance stored by the performance stage:' });
    blocks.push({
      type: 'table',
      head: ['kind', 'version', 'at', 'figures'],
      rows: stored.map((r) => [r.kind, r.model_version, iso(r.created_at), flatFigures(JSON.parse(r.payload)).map(([k, v]) => `${k}=${num(v)}`).join(', ') || null]),
    });
  } else blocks.push({ type: 'p', text: 'The performance stage has stored no results for this model (estimated performance is not available).' });
  return blocks;
}

interface Gap {
  difference: number | null;
  maxGroup: string | null;
  minGroup: string | null;
  groups: { group: string; count: number; rate: number | null }[];
}

async function fairnessSection(rt: Runtime, model: string): Promise<Block[]> {
  const blocks: Block[] = [{ type: 'h2', text: 'Fairness across sensitive groups' }];
  const rows = (await latestFairnessResults(rt.storage, model)).reverse();
  if (!rows.length) return [...blocks, { type: 'p', text: 'No fairness results: no sensitive attribute was supplied beside the features, or the fairness stage is not enabled.' }];
  const table: (string | number | null)[][] = [];
  for (const r of rows) {
    const p = JSON.parse(r.payload) as { attribute: string; version: string | null; demographic_parity: Gap; equal_opportunity: Gap | null };
    const rates = (g: Gap | null) => (g ? g.groups.map((x) => `${x.group}: ${pct(x.rate) ?? '—'} (n=${x.count})`).join('; ') : null);
    table.push([p.attribute, p.version ?? '(all)', num(p.demographic_parity.difference), rates(p.demographic_parity), num(p.equal_opportunity?.difference ?? null), rates(p.equal_opportunity)]);
  }
  blocks.push({ type: 'table', head: ['attribute', 'version', 'demographic parity difference', 'positive rate by group', 'equal opportunity difference', 'true-positive rate by group'], rows: table });
  return blocks;
}

async function driftSection(rt: Runtime, model: string): Promise<Block[]> {
  const blocks: Block[] = [{ type: 'h2', text: 'Drift history' }];
  const rows = await recentDriftReports(rt.storage, model);
  if (!rows.length) return [...blocks, { type: 'p', text: 'No drift results yet.' }];
  blocks.push({
    type: 'table',
    head: ['at', 'version', 'dataset drift', 'share drifted', 'drifted columns', 'data version'],
    rows: rows.map((r) => {
      const p = JSON.parse(r.payload) as { dataset_drift: boolean; share_drifted?: number; columns?: { name: string; drift?: boolean }[] };
      return [iso(r.created_at), r.model_version, p.dataset_drift ? 'yes' : 'no', pct(p.share_drifted), (p.columns ?? []).filter((c) => c.drift).map((c) => c.name).join(', ') || null, r.data_version];
    }),
  });
  return blocks;
}

async function alertsSection(rt: Runtime, model: string): Promise<Block[]> {
  const blocks: Block[] = [{ type: 'h2', text: 'Open alerts' }];
  const open = await openAlertsOf(rt.storage, model);
  if (open) {
    if (!open.length) return [...blocks, { type: 'p', text: 'No open alerts.' }];
    blocks.push({
      type: 'table',
      head: ['state', 'alert', 'severity', 'summary', 'since'],
      rows: open.map((o) => {
        const a = JSON.parse(o.body) as { rule?: string; labels?: Record<string, string>; annotations?: Record<string, string>; activeAt?: number };
        return [o.state, a.rule ?? a.labels?.alertname ?? null, a.labels?.severity ?? null, a.annotations?.summary ?? null, a.activeAt ? iso(new Date(a.activeAt)) : null];
      }),
    });
    return blocks;
  }
  const recent = await recentSevereFindings(rt.storage, model);
  blocks.push({ type: 'p', text: 'The alert manager is not running; warning and critical findings of the last 24 hours instead:' });
  if (!recent.length) blocks.push({ type: 'p', text: 'None.' });
  else blocks.push({ type: 'table', head: ['at', 'kind', 'severity', 'summary'], rows: recent.map((f) => [iso(f.ts), f.kind, f.severity, f.summary]) });
  return blocks;
}

async function retrainingSection(rt: Runtime, model: string): Promise<Block[]> {
  const blocks: Block[] = [{ type: 'h2', text: 'Retraining history' }];
  const rows = await retrainingHistory(rt, model, 20);
  if (!rows.length) return [...blocks, { type: 'p', text: 'No retraining has been triggered.' }];
  blocks.push({
    type: 'table',
    head: ['at', 'policy', 'version', 'status', 'outcome', 'reason'],
    rows: rows.map((r) => [iso(r.ts), r.policy, r.model_version, r.status, r.http_status !== null ? `HTTP ${r.http_status}` : r.exit_code !== null ? `exit ${r.exit_code}` : (r.error ?? null), r.reason]),
  });
  return blocks;
}

async function comparisonSection(rt: Runtime, model: string): Promise<Block[]> {
  const blocks: Block[] = [{ type: 'h2', text: 'Production testing' }];
  const rows = await latestResultsOfKind(rt.storage, model, 'ab_test.comparison');
  if (!rows.length) return [...blocks, { type: 'p', text: 'No A/B comparison stored (the ab-test stage needs two versions served side by side).' }];
  const p = JSON.parse(rows[0]!.payload) as { a: { version: string }; b: { version: string }; bandit: { arms: { arm: string; probabilityBest: number; suggestedShare: number }[] } | null; outcomes: { name: string; significant: boolean | null; comparison: { test?: { difference: number; pValue: number }; welch?: { difference: number; pValue: number } } | null }[] };
  blocks.push({ type: 'p', text: `Latest comparison (${iso(rows[0]!.created_at)}): ${p.b.version} against ${p.a.version}.` });
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
}

async function limitationsSection(rt: Runtime, model: string): Promise<Block[]> {
  const items = [...(rt.config.models[model]?.limitations ?? [])];
  const info = (await rt.reader.models()).find((m) => m.model === model);
  if (info && info.predictions > 0) {
    const coverage = info.labels / info.predictions;
    if (coverage < 0.5) items.push(`Only ${pct(coverage)} of predictions have a label; realized performance rests on that share.`);
  }
  if (await countFindingsOfKind(rt.storage, model, 'validation.sensitive_feature')) items.push('A sensitive attribute has been seen among the model features (see validation findings).');
  return [{ type: 'h2', text: 'Known limitations' }, items.length ? { type: 'list', items } : { type: 'p', text: 'None stated in the config (models.' + model + '.limitations) and none observed.' }];
}

export async function modelCard(rt: Runtime, model: string, now = new Date()): Promise<Block[]> {
  const sections = [ownersSection, versionsSection, referenceSection, performanceSection, fairnessSection, driftSection, alertsSection, retrainingSection, comparisonSection, limitationsSection];
  const blocks: Block[] = [{ type: 'h1', text: `Model card: ${model}` }, { type: 'p', text: `Generated live by Sidewatch at ${iso(now)} from the data it holds.` }];
  for (const s of sections) blocks.push(...(await s(rt, model)));
  return blocks;
}
