// Template ids at ingest: every log line goes through one TemplateMiner before it is stored, and
// the template table, its events and the miner's state are written in the same transaction as
// the lines. The state is saved whenever its structure changed since the last committed save
// (a revision counter compared against the stored one), so after kill -9 every template id in a
// stored line resolves in the restored miner.
import { TemplateMiner, type TemplateEvent } from '../../lib/logmine/index.ts';
import type { LogEnricher, LogInput } from '../ingest/logs.ts';
import type { LogStore, LogTx, TemplateBatch } from '../storage/log-store.ts';

const MAX_EXAMPLES = 5;
const MAX_EXAMPLE_LENGTH = 2000;

export class TemplateEnricher implements LogEnricher {
  readonly miner: TemplateMiner;
  /** Bumped on every structural change of the miner (created, changed, merged, evicted). */
  #revision: number;
  #pendingEvents: { ts: number; event: TemplateEvent }[] = [];

  private constructor(state: unknown, revision: number) {
    const onEvent = (event: TemplateEvent) => {
      this.#revision++;
      if (event.type !== 'created') this.#pendingEvents.push({ ts: Date.now(), event });
    };
    this.miner = state === null ? new TemplateMiner({ onEvent }) : TemplateMiner.fromJSON(state, { onEvent });
    this.#revision = revision;
  }

  /** Restores the miner saved with the last committed batch, or starts empty. */
  static async load(logs: LogStore): Promise<TemplateEnricher> {
    const row = await logs.minerState();
    if (!row) return new TemplateEnricher(null, 0);
    let state: unknown;
    try {
      state = JSON.parse(row.state);
    } catch (e) {
      throw new Error(`the stored template miner state is not valid JSON: ${(e as Error).message}`);
    }
    return new TemplateEnricher(state, row.revision);
  }

  enrich(rows: LogInput[]): void {
    for (const r of rows) {
      const id = this.miner.addLine(r.message).templateId;
      r.templateId = id === '' ? null : id;
    }
  }

  /** Runs inside the batch's transaction (a LogStore append hook). */
  readonly inTransaction = async (tx: LogTx, rows: LogInput[], firstSeq: number): Promise<void> => {
    const batch = new Map<string, TemplateBatch>();
    rows.forEach((r, i) => {
      if (r.templateId === null) return;
      let b = batch.get(r.templateId);
      if (!b) {
        const text = this.miner.template(r.templateId)?.template ?? r.message;
        batch.set(r.templateId, (b = { id: r.templateId, template: text, count: 0, firstTs: r.ts, lastTs: r.ts, firstSeq: firstSeq + i, lastSeq: firstSeq + i, examples: [] }));
      }
      b.count++;
      if (r.ts < b.firstTs) b.firstTs = r.ts;
      if (r.ts > b.lastTs) b.lastTs = r.ts;
      b.lastSeq = firstSeq + i;
      if (b.examples.length < MAX_EXAMPLES && !b.examples.includes(r.message)) b.examples.push(r.message.slice(0, MAX_EXAMPLE_LENGTH));
    });
    const events = this.#pendingEvents.splice(0);
    try {
      await tx.upsertTemplates([...batch.values()], events, MAX_EXAMPLES, (id) => this.miner.template(id));
      await tx.saveMinerState(this.#revision, () => this.miner.toJSON());
    } catch (e) {
      // The batch rolls back; its events are still true of the miner.
      this.#pendingEvents.unshift(...events);
      throw e;
    }
  };
}
