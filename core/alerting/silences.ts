// Silences: matchers with a time window. An alert whose labels match every matcher of an active
// silence is muted. Expiring a silence ends its window now; it stays listed as expired.
import { randomUUID } from 'node:crypto';
import { matchesAll, type Labels, type Matcher } from './labels.ts';

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
  updatedAt: number;
}

export type SilenceState = 'pending' | 'active' | 'expired';

export function silenceState(s: Silence, now: number): SilenceState {
  if (now >= s.endsAt) return 'expired';
  if (now < s.startsAt) return 'pending';
  return 'active';
}

export class Silences {
  readonly #byId = new Map<string, Silence>();

  constructor(silences: Silence[] = []) {
    for (const s of silences) this.#byId.set(s.id, s);
  }

  create(input: { matchers: Matcher[]; startsAt?: number; endsAt: number; createdBy: string; comment: string }, now: number): Silence {
    if (input.matchers.length === 0) throw new Error('a silence needs at least one matcher');
    const startsAt = input.startsAt ?? now;
    if (input.endsAt <= startsAt) throw new Error('a silence must end after it starts');
    if (input.endsAt <= now) throw new Error('a silence must end in the future');
    const s: Silence = { id: randomUUID(), matchers: input.matchers, startsAt, endsAt: input.endsAt, createdBy: input.createdBy, comment: input.comment, createdAt: now, updatedAt: now };
    this.#byId.set(s.id, s);
    return s;
  }

  /** Ends a silence now; returns it, or undefined when there is no such silence. */
  expire(id: string, now: number): Silence | undefined {
    const s = this.#byId.get(id);
    if (!s) return undefined;
    if (silenceState(s, now) === 'expired') return s;
    const ended = { ...s, endsAt: now, startsAt: Math.min(s.startsAt, now), updatedAt: now };
    this.#byId.set(id, ended);
    return ended;
  }

  get(id: string): Silence | undefined {
    return this.#byId.get(id);
  }

  list(): Silence[] {
    return [...this.#byId.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Ids of the active silences that mute these labels. */
  mutedBy(labels: Labels, now: number): string[] {
    const out: string[] = [];
    for (const s of this.#byId.values()) if (silenceState(s, now) === 'active' && matchesAll(s.matchers, labels)) out.push(s.id);
    return out;
  }
}
