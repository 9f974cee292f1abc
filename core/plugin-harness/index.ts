// A test harness for one stage plugin, in the spirit of Telegraf's testutil.Accumulator: give it
// rows in code, run the plugin once (or a few times), and read back what it stored and found.
// No daemon, no HTTP: the rows go through the real Ingest service into an in-memory DuckDB and
// the run goes through the real stage host (config defaults, timeout, recording), so a plugin
// sees exactly what it would see in production.
import { Storage } from '../storage/db.ts';
import { PredictionTables } from '../storage/prediction-tables.ts';
import { StoreReader } from '../storage/data-reader.ts';
import { FileProfileStore } from '../storage/profile-store.ts';
import { LogStore, type LogInput } from '../storage/log-store.ts';
import { queryResults, StageResults } from '../storage/run-store.ts';
import { Ingest } from '../ingest/service.ts';
import { StageHost, type RunReport } from '../stages/host.ts';
import { createTelemetry } from '../telemetry/metrics.ts';
import { silentLogger } from '../log.ts';
import { sha256 } from '../config/load.ts';
import type { ModelSettings, ResultInput, StagePlugin, StoredResult } from '../plugin-api/index.ts';
import type { StoredFinding } from '../stages/findings.ts';
import type { SnapshotFormat } from '../storage/snapshot-store.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HarnessInput {
  /** Prediction rows in the wire shape of POST /v1/predictions. */
  predictions?: unknown[];
  labels?: unknown[];
  metrics?: unknown[];
  logs?: { ts: number; level?: string | null; source?: string | null; message: string }[];
  snapshots?: { model: string; role: 'reference' | 'current'; name?: string; format?: SnapshotFormat; text: string }[];
}

export interface PluginRun extends RunReport {
  /** Results stored by this run, oldest first. */
  results: StoredResult[];
}

export class PluginHarness<C> {
  readonly #storage: Storage;
  readonly #ingest: Ingest;
  readonly #host: StageHost;
  readonly #name: string;
  readonly #clock: { now: number };
  readonly #dir: string;
  #findings: StoredFinding[] = [];

  private constructor(storage: Storage, ingest: Ingest, host: StageHost, name: string, clock: { now: number }, dir: string) {
    this.#dir = dir;
    this.#storage = storage;
    this.#ingest = ingest;
    this.#host = host;
    this.#name = name;
    this.#clock = clock;
  }

  /**
   * `config` is the plugin's own settings as written under `stages.<name>` (defaults applied).
   * `publishers` are other plugins whose results the plugin may read as health signals (their
   * results enter through `addResult`); the plugin under test is one too.
   */
  static async create<C>(
    plugin: StagePlugin<C>,
    opts: { config?: unknown; models?: Record<string, ModelSettings>; now?: Date; timeoutMs?: number; publishers?: StagePlugin<unknown>[] } = {},
  ): Promise<PluginHarness<C>> {
    const parsed = plugin.configSchema.safeParse(opts.config ?? {});
    if (!parsed.success) throw new Error(`stages.${plugin.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    const storage = await Storage.open(':memory:');
    const tables = new PredictionTables(storage);
    await tables.load();
    const logStore = new LogStore(storage);
    await logStore.load();
    // Snapshot uploads pass through a temp file (DuckDB's readers take a path).
    const dir = mkdtempSync(join(tmpdir(), 'sidewatch-harness-'));
    const ingest = new Ingest({ storage, tables, logStore, dataDir: dir, telemetry: createTelemetry(), logEnrichers: [], notify: () => undefined });
    const clock = { now: (opts.now ?? new Date()).getTime() };
    const host = new StageHost({
      clock: () => clock.now,
      storage,
      data: new StoreReader(storage, tables),
      profiles: new FileProfileStore(join(dir, 'profiles')),
      plugins: new Map([[plugin.name, plugin as StagePlugin<unknown>]]),
      signalPublishers: new Map([plugin as StagePlugin<unknown>, ...(opts.publishers ?? [])].map((p) => [p.name, p])),
      stages: [{ name: plugin.name, enabled: true, settings: parsed.data, configVersion: sha256(new TextEncoder().encode(JSON.stringify(parsed.data))), timeoutMs: opts.timeoutMs }],
      models: opts.models ?? {},
      log: silentLogger,
    });
    return new PluginHarness<C>(storage, ingest, host, plugin.name, clock, dir);
  }

  /** Stores rows as the daemon would (validated; a bad row throws naming it). */
  async add(input: HarnessInput): Promise<this> {
    const now = this.#clock.now;
    for (const s of input.snapshots ?? []) await this.#ingest.snapshot({ model: s.model, role: s.role, name: s.name ?? null, format: s.format ?? 'csv', bytes: new TextEncoder().encode(s.text) });
    if (input.predictions?.length) await this.#ingest.predictions(input.predictions, now);
    if (input.labels?.length) await this.#ingest.labels(input.labels, now);
    if (input.metrics?.length) await this.#ingest.metrics(input.metrics, now);
    if (input.logs?.length) {
      const rows: LogInput[] = input.logs.map((l) => ({ ts: l.ts, level: l.level ?? null, source: l.source ?? null, message: l.message, templateId: null }));
      await this.#ingest.logs(rows, now);
    }
    return this;
  }

  /** Stores a result as if another stage's run had made it now (to feed the signals it publishes). */
  async addResult(stage: string, r: ResultInput): Promise<this> {
    await new StageResults(this.#storage, stage, 0, 'harness', this.#clock.now).save(r);
    return this;
  }

  /** Moves the harness clock (what `ctx.now` is in the next run). */
  at(now: Date): this {
    this.#clock.now = now.getTime();
    return this;
  }

  /** One run of the plugin: its outcome, findings and the results it stored. */
  async run(): Promise<PluginRun> {
    const before = await queryResults(this.#storage, { stage: this.#name, limit: 1 });
    const report = await this.#host.run(this.#name, 'harness');
    this.#findings.push(...report.findings);
    const afterId = before[0]?.id ?? 0;
    const results = (await queryResults(this.#storage, { stage: this.#name, limit: 10_000 })).filter((r) => r.id > afterId).reverse();
    return { ...report, results };
  }

  /** Every finding stored so far, oldest first. */
  findings(): StoredFinding[] {
    return [...this.#findings];
  }

  async close(): Promise<void> {
    await this.#host.stop(1000);
    await this.#storage.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
