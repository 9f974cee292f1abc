// Keeps incident identities stable across runs. Each run regroups the members of the incidents
// still open together with the events that arrived since; a group that holds members of an open
// incident keeps that incident's id (an open incident grows), a group with none gets a new id,
// and an incident quiet for longer than `closeAfter` is closed and never regrouped again.
// Events about a model and events about the services around it are grouped apart.
import { groupIncidents } from '../../lib/rca/incidents.ts';
import type { CallGraph } from '../../lib/rca/call-graph.ts';
import type { StoredEvent } from '../../core/plugin-api/readers/event-reads.ts';

export interface TrackedIncident {
  id: number;
  status: 'open' | 'closed' | 'merged';
  /** Epoch milliseconds of the first and last member. */
  start: number;
  end: number;
  symptom: StoredEvent;
  members: StoredEvent[];
  nodes: string[];
  /** Set when two open incidents were joined by an event between them. */
  merged_into?: number;
  /** Bumped on every change, so readers can tell versions apart. */
  revision: number;
}

export interface TrackerState {
  v: 1;
  nextId: number;
  /** Highest finding id already placed in an incident. */
  lastFindingId: number;
  /** Left over from releases that also read alerts; kept so that their saved state still loads. */
  seenAlerts?: string[];
  open: TrackedIncident[];
}

export function emptyTrackerState(): TrackerState {
  return { v: 1, nextId: 1, lastFindingId: 0, open: [] };
}

export interface TrackOptions {
  now: number;
  maxGap: number;
  closeAfter: number;
  topology?: CallGraph;
  maxHops?: number;
  nodeLabels?: readonly string[];
}

export interface TrackOutcome {
  state: TrackerState;
  /** Incidents created, grown, merged or closed in this run. */
  changed: TrackedIncident[];
}

export function trackIncidents(previous: TrackerState, fresh: readonly StoredEvent[], o: TrackOptions): TrackOutcome {
  const known = new Set(previous.open.flatMap((inc) => inc.members.map((m) => m.key)));
  const added = fresh.filter((e) => !known.has(e.key));
  const pool = [...previous.open.flatMap((inc) => inc.members), ...added];
  // A model's quality findings (drift, performance, fairness) are re-reported while the
  // condition lasts; grouped by time alone with the services' findings they would fold every
  // outage into one endless incident about the model. Each model is its own scope, the rest another.
  const scopes = new Map<string, StoredEvent[]>();
  for (const e of pool) {
    const scope = e.labels.model !== undefined ? `model:${e.labels.model}` : 'ops';
    const events = scopes.get(scope);
    if (events) events.push(e);
    else scopes.set(scope, [e]);
  }
  const groups = [...scopes.values()]
    .flatMap((events) => groupIncidents(events, { maxGap: o.maxGap, topology: o.topology, maxHops: o.maxHops, nodeLabels: o.nodeLabels }))
    .sort((a, b) => a.start - b.start);

  const ownerOf = new Map<string, TrackedIncident>();
  for (const inc of previous.open) for (const m of inc.members) ownerOf.set(m.key, inc);
  const claimed = new Set<number>();
  let nextId = previous.nextId;
  const next: TrackedIncident[] = [];
  const changed: TrackedIncident[] = [];

  for (const g of groups) {
    const owners = [...new Set(g.members.map((m) => ownerOf.get(m.key)).filter((x): x is TrackedIncident => x !== undefined))].sort((a, b) => a.id - b.id);
    const heir = owners.find((inc) => !claimed.has(inc.id));
    const members = [...g.members].sort((a, b) => a.ts - b.ts || a.key.localeCompare(b.key));
    const inc: TrackedIncident = {
      id: heir ? heir.id : nextId++,
      status: 'open',
      start: g.start,
      end: g.end,
      symptom: g.symptom,
      members,
      nodes: [...g.nodes].sort(),
      revision: heir ? heir.revision : 0,
    };
    claimed.add(inc.id);
    // Open incidents swallowed by this group are kept as pointers to the one that absorbed them.
    for (const other of owners) {
      if (other === heir || claimed.has(other.id)) continue;
      claimed.add(other.id);
      changed.push({ ...other, status: 'merged', merged_into: inc.id, revision: other.revision + 1 });
    }
    if (o.now - inc.end > o.closeAfter) inc.status = 'closed';
    const grew = !heir || heir.members.length !== inc.members.length || heir.end !== inc.end || heir.symptom.key !== inc.symptom.key;
    if (grew || inc.status !== 'open') {
      inc.revision++;
      changed.push(inc);
    }
    if (inc.status === 'open') next.push(inc);
  }

  let lastFindingId = previous.lastFindingId;
  for (const e of added) lastFindingId = Math.max(lastFindingId, e.ref);
  return { state: { v: 1, nextId, lastFindingId, open: next }, changed: changed.sort((a, b) => a.id - b.id) };
}
