// DuckDB persistence of everything alerting must not forget across a restart: alert state,
// which stage runs were already evaluated, silences, the notification log and the outbox.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Storage } from './db.ts';
import type { Alert } from '../alerting/alert.ts';
import type { Silence } from '../alerting/silences.ts';
import { nflogKey, type NflogEntry } from '../alerting/nflog.ts';
import type { Notification } from '../plugin-api/channel.ts';

export type OutboxStatus = 'pending' | 'delivered' | 'failed' | 'superseded';

export interface OutboxEntry {
  id: number;
  integration: string;
  groupKey: string;
  notification: Notification;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  finishedAt: number | null;
  lastError: string | null;
}

interface OutboxRow {
  id: number;
  integration: string;
  group_key: string;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  finished_at: number | null;
  last_error: string | null;
}

const toEntry = (r: OutboxRow): OutboxEntry => ({
  id: r.id,
  integration: r.integration,
  groupKey: r.group_key,
  notification: JSON.parse(r.payload) as Notification,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  lastError: r.last_error,
});

export class AlertingStore {
  readonly #storage: Storage;

  constructor(storage: Storage) {
    this.#storage = storage;
  }

  async loadAlerts(): Promise<Alert[]> {
    const rows = await this.#storage.all<{ body: string }>('SELECT body FROM alert_state');
    return rows.map((r) => JSON.parse(r.body) as Alert);
  }

  async loadWatermarks(): Promise<Map<string, number>> {
    const rows = await this.#storage.all<{ stage: string; run_id: number }>('SELECT stage, run_id FROM alert_run_watermarks');
    return new Map(rows.map((r) => [r.stage, r.run_id]));
  }

  /** Alert changes and the runs they came from commit together, so no run is evaluated twice. */
  async saveEvaluation(changed: Alert[], removed: string[], watermarks: Map<string, number>): Promise<void> {
    if (!changed.length && !removed.length && !watermarks.size) return;
    await this.#storage.tx(async (conn) => {
      for (const fp of removed) await conn.run('DELETE FROM alert_state WHERE fingerprint = $1', [fp]);
      for (const a of changed) await conn.run('INSERT OR REPLACE INTO alert_state VALUES ($1, $2, $3)', [a.fingerprint, JSON.stringify(a), a.state]);
      for (const [stage, id] of watermarks) await conn.run('INSERT OR REPLACE INTO alert_run_watermarks VALUES ($1, $2)', [stage, id]);
    });
  }

  async loadSilences(): Promise<Silence[]> {
    const rows = await this.#storage.all<{ body: string }>('SELECT body FROM alert_silences');
    return rows.map((r) => JSON.parse(r.body) as Silence);
  }

  async saveSilence(s: Silence): Promise<void> {
    await this.#storage.run('INSERT OR REPLACE INTO alert_silences VALUES ($1, $2)', [s.id, JSON.stringify(s)]);
  }

  async loadNflog(): Promise<Map<string, NflogEntry>> {
    const rows = await this.#storage.all<{ integration: string; group_key: string; firing: string; resolved: string; sent_at: number }>('SELECT * FROM alert_nflog');
    return new Map(rows.map((r) => [nflogKey(r.integration, r.group_key), { firing: JSON.parse(r.firing), resolved: JSON.parse(r.resolved), sentAt: r.sent_at }]));
  }

  /**
   * Records what an integration is now told about a group and queues the message, in one
   * transaction: the log never claims a notification the outbox does not hold. A message still
   * waiting for the same integration and group is superseded: the new one carries the group's
   * current state, so a long outage ends with one up-to-date message, not a backlog.
   */
  async recordAndEnqueue(integration: string, groupKey: string, entry: NflogEntry, notification: Notification | null, now: number): Promise<number | null> {
    return this.#storage.tx(async (conn) => {
      await conn.run('INSERT OR REPLACE INTO alert_nflog VALUES ($1, $2, $3, $4, $5)', [integration, groupKey, JSON.stringify(entry.firing), JSON.stringify(entry.resolved), entry.sentAt]);
      if (!notification) return null;
      await conn.run("UPDATE alert_outbox SET status = 'superseded', finished_at = $3 WHERE integration = $1 AND group_key = $2 AND status = 'pending'", [integration, groupKey, now]);
      const id = await nextId(conn);
      await conn.run("INSERT INTO alert_outbox VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5, NULL, NULL)", [id, integration, groupKey, JSON.stringify(notification), now]);
      return id;
    });
  }

  async dueOutbox(now: number, limit = 100): Promise<OutboxEntry[]> {
    const rows = await this.#storage.all<OutboxRow>(`SELECT * FROM alert_outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT ${limit}`, [now]);
    return rows.map(toEntry);
  }

  async outbox(opts: { status?: OutboxStatus; limit?: number } = {}): Promise<OutboxEntry[]> {
    const rows = await this.#storage.all<OutboxRow>(`SELECT * FROM alert_outbox ${opts.status ? 'WHERE status = $1' : ''} ORDER BY id DESC LIMIT ${opts.limit ?? 100}`, opts.status ? [opts.status] : []);
    return rows.map(toEntry);
  }

  async outboxCounts(): Promise<Record<string, number>> {
    const rows = await this.#storage.all<{ status: string; n: number }>('SELECT status, count(*)::INTEGER AS n FROM alert_outbox GROUP BY status');
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  async markDelivered(id: number, attempts: number, now: number): Promise<void> {
    await this.#storage.run("UPDATE alert_outbox SET status = 'delivered', attempts = $2, finished_at = $3, last_error = NULL WHERE id = $1 AND status = 'pending'", [id, attempts, now]);
  }

  async markRetry(id: number, attempts: number, nextAttemptAt: number, error: string): Promise<void> {
    await this.#storage.run("UPDATE alert_outbox SET attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1 AND status = 'pending'", [id, attempts, nextAttemptAt, error]);
  }

  async markFailed(id: number, attempts: number, now: number, error: string): Promise<void> {
    await this.#storage.run("UPDATE alert_outbox SET status = 'failed', attempts = $2, finished_at = $3, last_error = $4 WHERE id = $1 AND status = 'pending'", [id, attempts, now, error]);
  }
}

async function nextId(conn: DuckDBConnection): Promise<number> {
  const row = (await conn.runAndReadAll("SELECT nextval('alert_outbox_seq')::BIGINT AS id")).getRowObjectsJS()[0]!;
  return Number(row.id);
}

/** Alerts per state (the alert_state table exists from the alerting migration on). */
export async function alertCountsByState(storage: Storage): Promise<Map<string, number>> {
  const rows = await storage.all<{ state: string; n: number }>('SELECT state, count(*)::INTEGER AS n FROM alert_state GROUP BY state');
  return new Map(rows.map((r) => [r.state, Number(r.n)]));
}
