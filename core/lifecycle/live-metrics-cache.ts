// The registry's live metrics join every prediction of a model with its labels: a scan that grows
// with the table and, read on every request, made /v1/registry slow while predictions streamed in.
// A model's figures are kept and reused while nothing they depend on changed. New labels (or
// relabels) are always waited for. When only predictions arrived, figures at most
// `maxStaleMs` old are served while one refresh runs in the background, so a dashboard polling
// during ingest sees figures a moment old instead of waiting for the scan.
import type { Runtime } from '../runtime.ts';

const maxStaleMs = 2000;

interface Entry<T> {
  /** What the figures were computed from: rows stored, labelled ids, label batches written. */
  key: string;
  labelsKey: string;
  computedAt: number;
  value: Promise<T>;
  refreshing: boolean;
}

export class LiveMetricsCache<T> {
  readonly #byRuntime = new WeakMap<Runtime, Map<string, Entry<T>>>();
  readonly #compute: (rt: Runtime, table: string, model: string) => Promise<T>;

  constructor(compute: (rt: Runtime, table: string, model: string) => Promise<T>) {
    this.#compute = compute;
  }

  get(rt: Runtime, table: string, model: string): Promise<T> {
    let entries = this.#byRuntime.get(rt);
    if (!entries) this.#byRuntime.set(rt, (entries = new Map()));
    const labelsKey = `${rt.tables.labelled(model)}:${rt.tables.labelWrites(model)}:${rt.config.models[model]?.task ?? ''}`;
    const key = `${table}:${rt.tables.get(model)?.rows ?? 0}:${labelsKey}`;
    const entry = entries.get(model);
    if (entry && entry.key === key) return entry.value;
    const started = performance.now();
    const fresh = (): Entry<T> => {
      const value = this.#compute(rt, table, model);
      const e: Entry<T> = { key, labelsKey, computedAt: started, value, refreshing: false };
      // A failed computation is not kept: the next read tries again.
      value.catch(() => entries.get(model) === e && entries.delete(model));
      return e;
    };
    if (!entry || entry.labelsKey !== labelsKey || started - entry.computedAt > maxStaleMs) {
      const e = fresh();
      entries.set(model, e);
      return e.value;
    }
    if (!entry.refreshing) {
      entry.refreshing = true;
      const e = fresh();
      e.value.then(
        () => entries.get(model) === entry && entries.set(model, e),
        () => (entry.refreshing = false),
      );
    }
    return entry.value;
  }
}
