// Reads health signals for a stage: the results of every stage whose plugin publishes that
// signal, mapped to it by that plugin's own extractor, newest first. Core never looks inside
// the payloads; a result its extractor returns null for is not a signal and does not count.
import type { DataReader, StagePlugin, StoredResult } from '../plugin-api/index.ts';
import type { Signal, SignalName, SignalQuery, SignalReader, SignalReading } from '../plugin-api/signals.ts';

export class PluginSignals implements SignalReader {
  readonly #data: DataReader;
  readonly #plugins: ReadonlyMap<string, StagePlugin<unknown>>;

  constructor(data: DataReader, plugins: ReadonlyMap<string, StagePlugin<unknown>>) {
    this.#data = data;
    this.#plugins = plugins;
  }

  async read<K extends SignalName>(name: K, q: SignalQuery<K>): Promise<Signal<K>[]> {
    const want = Math.max(0, Math.floor(q.limit));
    if (!want) return [];
    const publishers: [string, (r: StoredResult) => SignalReading<K> | null][] = [];
    for (const [stage, plugin] of this.#plugins) {
      const extract = plugin.signals?.[name] as ((r: StoredResult) => SignalReading<K> | null) | undefined;
      if (extract && (q.stage === undefined || q.stage === stage)) publishers.push([stage, extract]);
    }
    const perStage = await Promise.all(
      publishers.map(async ([stage, extract]) => {
        const out: Signal<K>[] = [];
        // `accept` runs inside the paged read, so rejected results do not use up the limit.
        await this.#data.results({
          stage,
          kind: q.kind,
          model: q.model,
          since: q.since,
          limit: want,
          accept: (r) => {
            const reading = safeExtract(extract, r);
            if (!reading) return false;
            const { payload: _payload, ...result } = r;
            const s: Signal<K> = { ...reading, result };
            if (q.accept && !q.accept(s)) return false;
            out.push(s);
            return true;
          },
        });
        return out;
      }),
    );
    return perStage
      .flat()
      .sort((a, b) => b.result.createdAt.getTime() - a.result.createdAt.getTime() || b.result.id - a.result.id)
      .slice(0, want);
  }
}

/** A publisher's extractor that throws on an odd payload makes that result no signal, not the reader's run fail. */
function safeExtract<K extends SignalName>(extract: (r: StoredResult) => SignalReading<K> | null, r: StoredResult): SignalReading<K> | null {
  try {
    return extract(r);
  } catch {
    return null;
  }
}
