// The live model card: everything the daemon knows about one model, gathered at request time
// into blocks (see card-render.ts). A section with nothing to show says so.
import type { Runtime } from '../runtime.ts';
import { accuracyBySegment, countFindingsOfKind, openAlertsOf, recentSevereFindings } from '../storage/card-reads.ts';
import { stageResultReader } from '../storage/run-store.ts';
import { cardFormat } from '../plugin-api/index.ts';
import type { CardBlock as Block } from '../plugin-api/index.ts';
import { listVersions, referenceOf } from './version-registry.ts';
import { retrainingHistory } from './retraining-log.ts';

const { iso, num, pct } = cardFormat;

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

/** Core's sections, in the order the plugin contract documents (CardSection.order). */
const coreSections: [number, (rt: Runtime, model: string) => Promise<Block[]>][] = [
  [10, ownersSection],
  [20, versionsSection],
  [30, referenceSection],
  [40, performanceSection],
  [70, alertsSection],
  [80, retrainingSection],
  [100, limitationsSection],
];

export async function modelCard(rt: Runtime, model: string, now = new Date(rt.clock())): Promise<Block[]> {
  const sections: [number, () => Promise<Block[]>][] = coreSections.map(([order, f]) => [order, () => f(rt, model)]);
  // Each stage writes its own section from its own results: core never reads their payloads.
  for (const [name, plugin] of rt.registry.stages) {
    const card = plugin.card;
    if (card) sections.push([card.order, () => card.render(model, stageResultReader(rt.storage, name))]);
  }
  sections.sort((a, b) => a[0] - b[0]);
  const blocks: Block[] = [{ type: 'h1', text: `Model card: ${model}` }, { type: 'p', text: `Generated live by Sidewatch at ${iso(now)} from the data it holds.` }];
  for (const [, render] of sections) blocks.push(...(await render()));
  return blocks;
}
