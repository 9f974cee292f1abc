// Read helpers shared by stage plugins, built only on the DataReader contract: plugins use
// these instead of importing from one another.
// The per-model pass of the model stages: every stored model (or those the stage's config names),
// each on its own, so that one model's failure is reported and does not stop the others.
import type { DataReader, ModelInfo, StageContext } from '../index.ts';

export interface EachModelOptions {
  /** Only these models, when given (the stage's `models:` setting). */
  only?: readonly string[];
  /** Stage name: the warning is logged as `<stage> failed for a model`, the finding is `<stage>.error`. */
  stage: string;
  /** What failed, for the finding's summary: `model <m>: <couldNot>: <error>`. */
  couldNot: string;
}

/** The stored models, or only those named in `only` when it is given. */
export async function selectedModels(data: DataReader, only?: readonly string[]): Promise<ModelInfo[]> {
  const all = await data.models();
  if (!only) return all;
  const wanted = new Set(only);
  return all.filter((m) => wanted.has(m.model));
}

export async function forEachModel(
  ctx: Pick<StageContext, 'data' | 'signal' | 'log' | 'emit'>,
  opts: EachModelOptions,
  each: (info: ModelInfo) => Promise<void>,
): Promise<void> {
  for (const info of await selectedModels(ctx.data, opts.only)) {
    if (ctx.signal.aborted) return;
    try {
      await each(info);
    } catch (e) {
      ctx.log.warn(`${opts.stage} failed for a model`, { model: info.model, error: (e as Error).message });
      ctx.emit({ kind: `${opts.stage}.error`, severity: 'warning', summary: `model ${info.model}: ${opts.couldNot}: ${(e as Error).message}`, labels: { model: info.model } });
    }
  }
}
