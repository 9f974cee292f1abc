// Streaming change detectors over a model's error stream (once labels exist) or its score
// stream. Each run feeds the rows that arrived since the last run; the detector's state and
// the last row fed live in the plugin's state, so detection continues across runs and restarts.
import { Adwin } from '../../lib/detectors/adwin.ts';
import { Ddm } from '../../lib/detectors/ddm.ts';
import { PageHinkley } from '../../lib/detectors/page-hinkley.ts';
import type { DataReader, StateStore } from '../../core/plugin-api/index.ts';

export type DetectorKind = 'page_hinkley' | 'adwin' | 'ddm';
export type StreamKind = 'auto' | 'error' | 'score';

export interface DetectorSettings {
  kind: DetectorKind;
  stream: StreamKind;
  options: Record<string, unknown>;
  task?: 'binary' | 'multiclass' | 'regression';
}

export interface DetectorOutcome {
  detector: DetectorKind;
  stream: 'error' | 'score';
  fed: number;
  changes: { seq: number; ts: string; value: number }[];
  state: unknown;
}

interface Saved {
  v: 1;
  lastSeq: number;
  lastTs: number;
  detector: unknown;
}

type Detector = { update(x: number): { change: boolean }; toJSON(): unknown };

function create(kind: DetectorKind, options: Record<string, unknown>, saved?: unknown): Detector {
  if (kind === 'adwin') return saved ? Adwin.fromJSON(saved) : new Adwin(options);
  if (kind === 'ddm') return saved ? Ddm.fromJSON(saved) : new Ddm(options);
  return saved ? PageHinkley.fromJSON(saved) : new PageHinkley(options);
}

/** The value a row contributes to an error stream: 0/1 for classes, |error| for regression. */
function errorOf(i: number, c: Awaited<ReturnType<DataReader['predictions']>>, regression: boolean): number {
  const ln = c.labelNum[i]!;
  const pn = c.predictionNum[i]!;
  if (regression) return Math.abs(pn - ln);
  if (ln === ln && pn === pn) return ln === pn ? 0 : 1;
  const label = c.labelStr[i] ?? (ln === ln ? String(ln) : null);
  const pred = c.predictionStr[i] ?? (pn === pn ? String(pn) : null);
  return label === pred ? 0 : 1;
}

export async function runDetector(data: DataReader, state: StateStore, model: string, hasLabels: boolean, s: DetectorSettings): Promise<DetectorOutcome> {
  const stream: 'error' | 'score' = s.stream === 'auto' ? (hasLabels ? 'error' : 'score') : s.stream;
  if (s.kind === 'ddm' && stream !== 'error') throw new Error('the ddm detector needs the error stream (labels); use page_hinkley or adwin on scores');
  const key = `detector:${model}:${s.kind}:${stream}`;
  const saved = await state.get<Saved>(key);
  const detector = create(s.kind, s.options, saved?.detector);
  const c = await data.predictions(model, { features: [], labelled: stream === 'error', since: saved ? new Date(saved.lastTs) : undefined });
  const regression = s.task === 'regression' || (s.task === undefined && stream === 'error' && c.labelStr.every((v) => v === null) && !isIntegral(c.labelNum));
  const changes: DetectorOutcome['changes'] = [];
  let lastSeq = saved?.lastSeq ?? 0;
  let lastTs = saved?.lastTs ?? 0;
  let fed = 0;
  for (let i = 0; i < c.rows; i++) {
    const seq = c.seq[i]!;
    if (seq <= (saved?.lastSeq ?? 0)) continue;
    const x = stream === 'error' ? errorOf(i, c, regression) : c.score[i] === c.score[i] ? c.score[i]! : c.predictionNum[i]!;
    if (!Number.isFinite(x)) continue;
    fed++;
    if (detector.update(x).change) changes.push({ seq, ts: new Date(c.ts[i]!).toISOString(), value: x });
    if (seq > lastSeq) lastSeq = seq;
    if (c.ts[i]! > lastTs) lastTs = c.ts[i]!;
  }
  const json = detector.toJSON();
  await state.set<Saved>(key, { v: 1, lastSeq, lastTs, detector: json });
  return { detector: s.kind, stream, fed, changes, state: json };
}

function isIntegral(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === a[i] && !Number.isInteger(a[i])) return false;
  return true;
}
