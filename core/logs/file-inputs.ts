// The file-tail input: expands each configured glob, follows every matching file, parses line
// headers and stores the lines through the same path as POST /v1/logs (enrichers, then one
// atomic append). Each batch's file position is written in the batch's own transaction, so a
// restart (even after kill -9) neither loses nor re-reads a line. A model server's NDJSON
// prediction or label log is tailed the same way, its records stored as POST /v1/predictions or
// /v1/labels would store them. Polling is the clock; fs.watch
// only makes a poll come sooner.
import { watch, type FSWatcher } from 'node:fs';
import { basename } from 'node:path';
import { logLineParser, type LogFormat, type ParsedLogLine } from '../../lib/logparse/index.ts';
import type { Runtime } from '../runtime.ts';
import type { LogInput } from '../ingest/logs.ts';
import type { FileInputSettings, InputsSettings } from './config.ts';
import { FileFollower, type TailPosition } from './file-follower.ts';
import { expandGlob, globBase } from './glob.ts';
import { mapRecord, type RowKind } from '../ingest/field-mapping.ts';
import { BatchRejected } from '../ingest/errors.ts';

interface Followed {
  follower: FileFollower;
  input: FileInputSettings;
  parse: (line: string) => ParsedLogLine;
  /** The position committed with the last stored batch. */
  committed: TailPosition | null;
}

export class FileInputs {
  readonly #followed = new Map<string, Followed>();
  readonly #watchers: FSWatcher[] = [];
  #saved = new Map<string, TailPosition>();
  #timer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #firstScan = true;
  #lastError: string | null = null;
  linesStored = 0;
  recordsStored = 0;
  recordsSkipped = 0;

  constructor(
    private readonly rt: Runtime,
    private readonly settings: InputsSettings,
  ) {}

  get files(): string[] {
    return [...this.#followed.keys()];
  }

  get lastError(): string | null {
    return this.#lastError;
  }

  async start(): Promise<void> {
    if (this.settings.files.length === 0) return;
    this.#saved = new Map((await this.rt.logStore.tailPositions()).map((p) => [p.path, p]));
    for (const input of this.settings.files) {
      try {
        const w = watch(globBase(input.path), { persistent: false }, () => this.poke());
        w.on('error', () => undefined);
        this.#watchers.push(w);
      } catch {
        // A directory that does not exist yet is found by polling once it does.
      }
    }
    const tick = () => {
      if (this.#stopped) return;
      this.#timer = setTimeout(() => void this.pollNow().finally(tick), this.settings.poll_interval);
      this.#timer.unref();
    };
    // The backlog is read in the background: a large file must not delay readiness.
    void this.pollNow().finally(tick);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const w of this.#watchers) w.close();
    await this.#polling;
    for (const f of this.#followed.values()) await f.follower.close();
  }

  /** A change notification: poll soon, once. */
  poke(): void {
    if (this.#stopped) return;
    setTimeout(() => void this.pollNow(), 20).unref();
  }

  /** One pass over every input; concurrent calls share the pass in flight and queue one more. */
  pollNow(): Promise<void> {
    if (this.#polling) {
      this.#again = true;
      return this.#polling;
    }
    this.#polling = (async () => {
      do {
        this.#again = false;
        await this.#pass().catch((e: unknown) => {
          this.#lastError = (e as Error).message;
          this.rt.log.warn('file input pass failed', { error: (e as Error).message });
        });
      } while (this.#again && !this.#stopped);
    })().finally(() => (this.#polling = null));
    return this.#polling;
  }

  async #pass(): Promise<void> {
    for (const input of this.settings.files) {
      for (const path of expandGlob(input.path)) {
        if (this.#followed.has(path)) continue;
        const saved = this.#saved.get(path) ?? null;
        const startAtEnd = input.start_at === 'end' && this.#firstScan;
        this.#followed.set(path, { follower: new FileFollower(path, saved, startAtEnd), input, parse: logLineParser(toFormat(input.format)), committed: saved });
      }
    }
    this.#firstScan = false;
    for (const f of this.#followed.values()) {
      if (this.#stopped) return;
      await this.#drain(f);
    }
  }

  async #drain(f: Followed): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
      const now = Date.now();
      const lines = await f.follower.read({ maxLines: this.settings.batch_lines, partialTimeoutMs: this.settings.partial_line_timeout, nowMs: now });
      const position = f.follower.position();
      if (lines.length === 0) {
        if (position && !samePosition(position, f.committed)) await this.#commitPosition(f, position);
        return;
      }
      if (f.input.kind !== 'logs') {
        await this.#storeRecords(f, lines, now, position);
        continue;
      }
      const rows = this.#toRows(f, lines, now);
      try {
        if (rows.length) {
          await this.rt.ingest.logs(rows, now, async (tx) => {
            if (position) await tx.saveTailPosition(position);
          });
          this.linesStored += rows.length;
        } else if (position) {
          await this.rt.logStore.savePosition(position);
        }
        f.committed = position;
        this.#lastError = null;
      } catch (e) {
        // Not stored: read these lines again next time.
        await f.follower.rewind(f.committed);
        throw e;
      }
    }
  }

  /**
   * Prediction or label records: stored, then the position. They go through the prediction
   * tables' group commit, not the log transaction, so a crash between the two reads the batch
   * again (at least once, never lost). A line that is not JSON or not a valid row is skipped and
   * counted, so one bad line cannot stall the file.
   */
  async #storeRecords(f: Followed, lines: string[], now: number, position: TailPosition | null): Promise<void> {
    const kind = f.input.kind as RowKind;
    const records: unknown[] = [];
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        records.push(mapRecord(kind, JSON.parse(line), f.input.fields, f.input.model));
      } catch (e) {
        this.#skip(f, `a line is not JSON: ${(e as Error).message}`);
      }
    }
    try {
      let rows = records;
      for (let attempt = 0; rows.length && attempt < 2; attempt++) {
        try {
          const n = kind === 'predictions' ? await this.rt.ingest.predictions(rows, now) : await this.rt.ingest.labels(rows, now);
          this.recordsStored += n;
          break;
        } catch (e) {
          if (!(e instanceof BatchRejected) || e.errors.length === 0 || attempt === 1) throw e;
          const bad = new Set(e.errors.map((x) => x.row));
          this.#skip(f, `${bad.size} record(s) refused: ${e.errors[0].field} ${e.errors[0].reason}`, bad.size);
          rows = rows.filter((_, i) => !bad.has(i));
        }
      }
      if (position) await this.rt.logStore.savePosition(position);
      f.committed = position;
    } catch (e) {
      await f.follower.rewind(f.committed);
      throw e;
    }
  }

  #skip(f: Followed, reason: string, n = 1): void {
    this.recordsSkipped += n;
    this.#lastError = `${f.follower.path}: ${reason}`;
    this.rt.log.warn('file input skipped records', { path: f.follower.path, kind: f.input.kind, reason });
  }

  async #commitPosition(f: Followed, position: TailPosition): Promise<void> {
    await this.rt.logStore.savePosition(position);
    f.committed = position;
  }

  #toRows(f: Followed, lines: string[], now: number): LogInput[] {
    const rows: LogInput[] = [];
    for (const line of lines) {
      const p = f.parse(line);
      if (p.message.trim() === '') continue;
      const ts = p.ts && Number.isFinite(p.ts.getTime()) ? p.ts.getTime() : now;
      rows.push({ ts, level: p.level ? p.level.toLowerCase() : null, source: f.input.source ?? p.source ?? basename(f.follower.path), message: p.message, templateId: null });
    }
    return rows;
  }
}

function toFormat(f: FileInputSettings['format']): LogFormat {
  return typeof f === 'string' ? f : { pattern: f.pattern };
}

function samePosition(a: TailPosition, b: TailPosition | null): boolean {
  return !!b && a.dev === b.dev && a.ino === b.ino && a.offset === b.offset && a.headHash === b.headHash && a.headLen === b.headLen;
}
