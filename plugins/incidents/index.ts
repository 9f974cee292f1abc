// Groups findings (and alerts, when the alert manager stores them) that are close in time, and
// close in the call graph when a topology is configured, into incidents with stable ids, and
// ranks the likely causes of every incident that opened, grew or closed.
import { definePlugin, duration, z } from '../../core/plugin-api/index.ts';
import { readFindings, type StoredEvent } from '../../core/plugin-api/readers/event-reads.ts';
import { rankIncident } from './rank-incident.ts';
import { ChangeReader } from './changes.ts';
import { loadTopology, traceGraph } from './topology.ts';
import { emptyTrackerState, trackIncidents, type TrackedIncident, type TrackerState } from './tracker.ts';
import { incidentRoutes } from './routes.ts';

const severity = z.enum(['info', 'warning', 'critical']);

const rcaSchema = z
  .object({
    bucket: duration.default(60_000),
    baseline: duration.default(3_600_000),
    lead: duration.default(1_800_000),
    max_series: z.number().int().positive().default(200),
    max_candidates: z.number().int().positive().default(20),
    onset_z: z.number().positive().default(3),
    earliness_weight: z.number().nonnegative().default(0.5),
    restart: z.number().gt(0).lt(1).default(0.15),
    log_levels: z.array(z.string()).default(['error', 'fatal', 'critical']),
    change_kinds: z.array(z.string()).default(['deploy', 'release', 'rollout', 'model.version', 'model.promoted', 'retrain']),
    change_lookback: duration.default(7_200_000),
    change_weight: z.number().nonnegative().default(3),
    quality_kinds: z.array(z.string()).default(['drift.', 'performance.', 'validation.']),
    quality_weight: z.number().nonnegative().default(3),
  })
  .strict();

const configSchema = z
  .object({
    max_gap: duration.default(900_000),
    close_after: duration.default(1_800_000),
    lookback: duration.default(86_400_000),
    min_severity: severity.default('warning'),
    exclude_stages: z.array(z.string()).default(['incidents', 'correlation', 'failure-prediction']),
    /** Accepted for configs written for earlier releases: alerts are made from findings, which are read already. */
    alerts: z.boolean().optional(),
    topology: z.union([z.string().min(1), z.record(z.string(), z.array(z.string()))]).optional(),
    /** Without a topology, use the service call graph seen in OTLP traces. */
    trace_graph: z.boolean().default(true),
    max_hops: z.number().int().nonnegative().default(1),
    node_labels: z.array(z.string()).min(1).default(['service', 'node', 'microservice']),
    max_members: z.number().int().positive().default(1000),
    rca: rcaSchema.prefault({}),
  })
  .strict();

/** What each stored `incident` result holds; the API serves the newest revision of each id. */
export interface IncidentPayload {
  id: number;
  status: TrackedIncident['status'];
  start: string;
  end: string;
  symptom: MemberView;
  members: MemberView[];
  member_count: number;
  kinds: Record<string, number>;
  nodes: string[];
  merged_into?: number;
  revision: number;
}

export interface MemberView {
  key: string;
  source: StoredEvent['source'];
  ts: string;
  kind: string;
  severity: StoredEvent['severity'];
  summary: string;
  stage: string | null;
  labels: Record<string, string>;
  details: Record<string, unknown> | null;
}

export default definePlugin({
  name: 'incidents',
  routes: incidentRoutes,
  description: 'Groups findings close in time (and in the call graph) into incidents and ranks their likely causes',
  configSchema,
  defaultEverySeconds: 60,
  timeoutMs: 120_000,
  async run(ctx) {
    const c = ctx.config;
    const now = ctx.now.getTime();
    // A configured topology wins; else the call graph traces showed over the lookback, if any.
    const configured = loadTopology(c.topology);
    const traced = !configured && c.trace_graph ? await traceGraph(ctx.data, now - c.lookback) : undefined;
    const graph = configured ?? traced;
    const graphSource = configured ? 'topology' : traced ? 'traces' : 'none';
    const saved = await ctx.state.get<TrackerState>('tracker');
    const state = saved?.v === 1 ? saved : emptyTrackerState();

    const q = { since: now - c.lookback, until: now + 1, afterFindingId: state.lastFindingId, excludeStages: c.exclude_stages, minSeverity: c.min_severity };
    const fresh = await readFindings(ctx.data, q);
    const { state: next, changed } = trackIncidents(state, fresh, { now, maxGap: c.max_gap, closeAfter: c.close_after, topology: graph, maxHops: c.max_hops, nodeLabels: c.node_labels });

    const changes = new ChangeReader(ctx.data, c.rca.change_kinds);
    for (const inc of changed) {
      if (ctx.signal.aborted) break;
      await ctx.results.save({ kind: 'incident', model: inc.symptom.labels.model ?? null, dataVersion: `incident:${inc.id}`, payload: toPayload(inc, c.max_members) });
      if (inc.status === 'merged') continue;
      const ranking = await rankIncident(ctx.data, changes, inc, c.rca, graph, now);
      await ctx.results.save({ kind: 'rca', model: inc.symptom.labels.model ?? null, dataVersion: `incident:${inc.id}`, payload: { ...ranking, graph: { source: graphSource, nodes: graph?.nodes ?? [] } } });
    }
    await ctx.state.set('tracker', next);
    ctx.log.debug('incidents updated', { fresh: fresh.length, changed: changed.length, open: next.open.length });
  },
});

function toPayload(inc: TrackedIncident, maxMembers: number): IncidentPayload {
  const kinds: Record<string, number> = {};
  for (const m of inc.members) kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
  // A storm of findings keeps its count and kinds, but only the first members are listed.
  return {
    id: inc.id,
    status: inc.status,
    start: new Date(inc.start).toISOString(),
    end: new Date(inc.end).toISOString(),
    symptom: view(inc.symptom),
    members: inc.members.slice(0, maxMembers).map(view),
    member_count: inc.members.length,
    kinds,
    nodes: inc.nodes,
    ...(inc.merged_into !== undefined ? { merged_into: inc.merged_into } : {}),
    revision: inc.revision,
  };
}

function view(e: StoredEvent): MemberView {
  return { key: e.key, source: e.source, ts: new Date(e.ts).toISOString(), kind: e.kind, severity: e.severity, summary: e.summary, stage: e.stage, labels: e.labels, details: e.details };
}
