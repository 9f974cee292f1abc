// The notification log: for each integration and group, which alerts were last notified as
// firing and as resolved, and when. Dedup decides from it whether a flush sends anything.
export interface NflogEntry {
  firing: string[];
  resolved: string[];
  sentAt: number;
}

export function nflogKey(integration: string, groupKey: string): string {
  return `${integration}\u0000${groupKey}`;
}

const subset = (items: Set<string>, of: string[]) => {
  const set = new Set(of);
  for (const i of items) if (!set.has(i)) return false;
  return true;
};

/** Alertmanager's rule for whether a group needs a notification now. */
export function needsUpdate(entry: NflogEntry | undefined, firing: Set<string>, resolved: Set<string>, sendResolved: boolean, repeatIntervalMs: number, now: number): boolean {
  if (!entry) return firing.size > 0;
  if (!subset(firing, entry.firing)) return true;
  // All resolved: notify (even without send_resolved) so the log forgets the firing ones; the
  // enqueue stage then sends nothing if resolved messages are off.
  if (firing.size === 0) return entry.firing.length > 0;
  if (sendResolved && !subset(resolved, entry.resolved)) return true;
  return entry.sentAt <= now - repeatIntervalMs;
}
