// Health signals: the few typed readings about a model that one stage publishes and others act
// on (a retraining policy on sustained drift, say). The publishing plugin maps its own stored
// result to a signal; readers get the signal and never parse another plugin's payload.
import type { StoredResult } from './index.ts';

export interface SignalTypes {
  /** A drift report's dataset-level verdict. */
  dataset_drift: { drifted: boolean };
  /** Performance figures of one window, by metric name (accuracy, f1, rmse, …). */
  performance: { source: 'realized' | 'estimated'; metrics: Record<string, number> };
  /** How many validation problems one window had. */
  validation: { problems: number };
}

export type SignalName = keyof SignalTypes;

/** What a plugin's extractor returns for one of its results. */
export interface SignalReading<K extends SignalName> {
  value: SignalTypes[K];
  /** Rows per model version, when the window mixed versions served side by side. */
  modelVersions?: Record<string, number>;
}

/** Per signal, how the publishing plugin reads it off one of its results (null: not in this one). */
export type SignalExtractors = { [K in SignalName]?: (r: StoredResult) => SignalReading<K> | null };

export interface Signal<K extends SignalName> extends SignalReading<K> {
  /** The result it was read from (payload left out). */
  result: Omit<StoredResult, 'payload'>;
}

export interface SignalQuery<K extends SignalName> {
  model: string;
  /** Only this stage's signals; default every stage that publishes this signal. */
  stage?: string;
  /** Only results of this kind. */
  kind?: string;
  since?: Date;
  limit: number;
  /** Only signals this accepts count toward `limit`. */
  accept?: (s: Signal<K>) => boolean;
}

export interface SignalReader {
  /** The newest signals of a kind for a model, newest first. */
  read<K extends SignalName>(name: K, q: SignalQuery<K>): Promise<Signal<K>[]>;
}
