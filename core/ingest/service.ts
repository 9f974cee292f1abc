// The one ingest path: validate → enrich → store → notify. The HTTP routes, the demo feed, file
// tailing and every protocol receiver hand their rows here, so each gets the same guarantees: a
// batch with any bad row is refused whole with the rows and fields named, nothing is stored
// until the batch commits (the WAL is fsynced on COMMIT), and stages hear of it only after.
import type { IngestEvent } from '../plugin-api/index.ts';
import type { Storage } from '../storage/db.ts';
import type { PredictionTables } from '../storage/prediction-tables.ts';
import { appendLabels, appendMetrics } from '../storage/label-metric-store.ts';
import type { LogAppendHook, LogInput, LogStore } from '../storage/log-store.ts';
import type { Telemetry } from '../telemetry/metrics.ts';
import { validatePredictions } from './validate-predictions.ts';
import { validateLabels } from './labels.ts';
import { validateMetrics } from './metrics.ts';
import type { LogEnricher } from './logs.ts';
import { storeSnapshot, type SnapshotUpload } from './snapshots.ts';
import { recordServiceCalls, type ServiceCallInput } from '../storage/service-call-store.ts';

export interface IngestDeps {
  storage: Storage;
  tables: PredictionTables;
  logStore: LogStore;
  dataDir: string;
  telemetry: Telemetry;
  /** Attach template ids (and more) to log rows before they are stored. */
  logEnrichers: readonly LogEnricher[];
  /** Tells the stage host that data of this kind arrived (event-triggered stages). */
  notify: (event: IngestEvent) => void;
}

export class Ingest {
  constructor(private readonly d: IngestDeps) {}

  /** Prediction rows in the wire shape of SPEC §3; returns how many were stored. */
  async predictions(rows: unknown[], nowMs: number): Promise<number> {
    const n = await this.d.tables.append(validatePredictions(rows, nowMs), nowMs);
    return this.#stored('predictions', n);
  }

  async labels(rows: unknown[], nowMs: number): Promise<number> {
    const valid = validateLabels(rows, nowMs);
    this.d.tables.addLabelled(await appendLabels(this.d.storage, valid, nowMs), new Set(valid.map((l) => l.model)));
    return this.#stored('labels', valid.length);
  }

  async metrics(rows: unknown[], nowMs: number): Promise<number> {
    const valid = validateMetrics(rows, nowMs);
    await appendMetrics(this.d.storage, valid);
    return this.#stored('metrics', valid.length);
  }

  /**
   * Log lines already parsed by their protocol (each input knows its own framing); `inTransaction`
   * adds work that must commit with the lines (a file's read position).
   */
  async logs(rows: LogInput[], nowMs: number, inTransaction?: LogAppendHook): Promise<number> {
    for (const e of this.d.logEnrichers) await e.enrich(rows);
    await this.d.logStore.append(rows, nowMs, inTransaction);
    return this.#stored('logs', rows.length);
  }

  /** A snapshot's bytes; the same bytes uploaded again store nothing and notify no one. */
  async snapshot(up: SnapshotUpload): Promise<{ version: string; rows: number; created: boolean }> {
    const r = await storeSnapshot(this.d.storage, this.d.dataDir, up);
    if (r.created) this.#stored('snapshots', r.rows);
    return r;
  }

  /** Caller → callee counts seen in traces; the call graph incidents use without a topology. */
  async serviceCalls(calls: readonly ServiceCallInput[]): Promise<number> {
    await recordServiceCalls(this.d.storage, calls);
    return calls.length;
  }

  /** Back-pressure: batches queued for the writer, prediction batches waiting for a group commit included. */
  get pendingWrites(): number {
    return this.d.storage.writeQueueDepth + this.d.tables.pendingBatches;
  }

  #stored(event: IngestEvent, rows: number): number {
    if (rows > 0) {
      this.d.telemetry.ingestRows.add(rows, { kind: event });
      this.d.notify(event);
    }
    return rows;
  }
}
