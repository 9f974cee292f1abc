// The service call graph traces show: one row per caller → callee, counts summed as spans arrive.
import type { Storage } from './db.ts';
import type { ServiceCall } from '../plugin-api/index.ts';

export interface ServiceCallInput {
  parent: string;
  child: string;
  calls: number;
  errors: number;
  ts: number;
}

/** Adds the calls (a handful of edges per batch: no Appender needed). */
export async function recordServiceCalls(storage: Storage, calls: readonly ServiceCallInput[]): Promise<void> {
  if (calls.length === 0) return;
  const values = calls.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}::BIGINT, $${i * 5 + 4}::BIGINT, make_timestamp($${i * 5 + 5}::BIGINT * 1000), make_timestamp($${i * 5 + 5}::BIGINT * 1000))`).join(', ');
  const params = calls.flatMap((c) => [c.parent, c.child, c.calls, c.errors, Math.round(c.ts)]);
  // One statement: it commits whole or not at all.
  await storage.run(
      `INSERT INTO service_calls AS s VALUES ${values}
       ON CONFLICT (parent, child) DO UPDATE SET calls = s.calls + excluded.calls, errors = s.errors + excluded.errors,
         first_seen = least(s.first_seen, excluded.first_seen), last_seen = greatest(s.last_seen, excluded.last_seen)`,
      params,
  );
}

/** Calls seen since `sinceMs` (every call ever without it). */
export async function serviceCalls(storage: Storage, sinceMs?: number): Promise<ServiceCall[]> {
  const rows = await storage.all<{ parent: string; child: string; calls: bigint | number; errors: bigint | number; first_seen: Date; last_seen: Date }>(
    `SELECT parent, child, calls, errors, first_seen, last_seen FROM service_calls ${sinceMs === undefined ? '' : 'WHERE last_seen >= make_timestamp($1::BIGINT * 1000)'} ORDER BY parent, child`,
    sinceMs === undefined ? [] : [Math.round(sinceMs)],
  );
  return rows.map((r) => ({ parent: r.parent, child: r.child, calls: Number(r.calls), errors: Number(r.errors), firstSeen: new Date(r.first_seen), lastSeen: new Date(r.last_seen) }));
}
