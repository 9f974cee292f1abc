// The reference a drift run compares with, from its profiles when they are stored: the
// reference is named (snapshot version, or window id from a cheap count) before any row is read,
// and its columns' profiles (lib/drift/profile.ts) are looked up by that version. Only when one
// is missing are the reference rows read, profiled and stored, so later runs read only their
// current window. Results are the same either way, to the bit.
import { createHash } from 'node:crypto';
import type { StageContext } from '../../core/plugin-api/index.ts';
import { windowId } from '../../core/plugin-api/readers/prediction-windows.ts';
import { findSnapshot, newestReferenceVersion } from '../../core/plugin-api/readers/reference-snapshots.ts';
import { decodeProfile, encodeProfile, type ColumnProfile } from '../../lib/drift/profile.ts';
import type { PcaReconstructionDrift } from '../../lib/multivariate/pca-reconstruction.ts';
import { readReference, type ReferenceSettings, type Side, type Values } from './datasets.ts';

export type ReferenceIdentity = Pick<Side, 'source' | 'version' | 'name' | 'rows' | 'since' | 'until'>;

/** The reference's identity as `readReference` would report it, without reading its rows; null when there is none. */
export async function referenceIdentity(ctx: Pick<StageContext, 'data' | 'models'>, model: string, s: ReferenceSettings): Promise<ReferenceIdentity | null> {
  let wanted = s.snapshot ?? ctx.models[model]?.reference;
  if (!wanted && !s.since && !s.until) wanted = await newestReferenceVersion(ctx.data, model);
  if (wanted) {
    const snap = await findSnapshot(ctx.data, wanted);
    if (!snap) throw new Error(`reference snapshot "${wanted}" is not stored (upload it with POST /v1/snapshots)`);
    return { source: 'snapshot', version: snap.version, name: snap.name, rows: snap.rows, since: null, until: null };
  }
  const e = await ctx.data.predictionExtent(model, s.since || s.until ? { since: s.since, until: s.until } : { firstRows: s.firstRows });
  if (!e.rows) return null;
  const lo = s.since ?? new Date(e.firstMs!);
  const hi = s.until ?? new Date(e.lastMs! + 1);
  return { source: 'window', version: windowId(model, lo, hi, e.rows), name: null, rows: e.rows, since: lo.toISOString(), until: hi.toISOString() };
}

/** A reference side whose columns may be profiles instead of raw values. */
export interface ProfiledSide extends ReferenceIdentity {
  features: Record<string, Values | ColumnProfile>;
  prediction: Values | ColumnProfile | null;
  score: Float64Array | ColumnProfile | null;
  /** True when nothing of the reference was read this run. */
  fromProfiles: boolean;
  /** The raw side when it was read (segments and learned thresholds need the rows themselves). */
  raw: Side | null;
}

interface Manifest {
  /** Features asked for when the profiles were made, and which of them the reference has. */
  requested: string[];
  present: string[];
  prediction: boolean;
  score: boolean;
}

const featureKey = (f: string) => `feature:${f}`;

/**
 * The reference for a run: from stored profiles when every requested feature is covered and the
 * run needs no raw rows (`needRaw`), else read, then profiled and stored for the next runs.
 */
export async function profiledReference(ctx: StageContext, model: string, features: string[], s: ReferenceSettings, id: ReferenceIdentity, needRaw: boolean): Promise<ProfiledSide | null> {
  if (!needRaw) {
    const [m] = [...(await ctx.profiles.get(model, id.version, ['manifest'])).values()];
    let manifest: Manifest | null = null;
    try {
      manifest = m ? (JSON.parse(new TextDecoder().decode(m)) as Manifest) : null;
    } catch {
      manifest = null; // unreadable: profiled again below
    }
    if (manifest && features.every((f) => manifest.requested.includes(f))) {
      const wanted = features.filter((f) => manifest.present.includes(f));
      const names = [...wanted.map(featureKey), ...(manifest.prediction ? ['prediction'] : []), ...(manifest.score ? ['score'] : [])];
      const got = await ctx.profiles.get(model, id.version, names);
      if (got.size === names.length) {
        const decode = (k: string) => decodeProfile(got.get(k)!);
        try {
          return {
            ...id,
            features: Object.fromEntries(wanted.map((f) => [f, decode(featureKey(f))])),
            prediction: manifest.prediction ? decode('prediction') : null,
            score: manifest.score ? decode('score') : null,
            fromProfiles: true,
            raw: null,
          };
        } catch (e) {
          // A damaged profile is only a lost cache: the reference is read and profiled again.
          ctx.log.warn('reference profile unreadable, reading the reference again', { model, version: id.version, error: (e as Error).message });
        }
      }
    }
  }
  const raw = await readReference(ctx, model, features, s);
  if (!raw) return null;
  // This run uses the profiles too: the reference is sorted once, here (every column at once, on
  // the worker threads), not again by the report.
  const sides: Record<string, Values> = Object.fromEntries(Object.entries(raw.features).map(([f, v]) => [featureKey(f), v]));
  if (raw.prediction) sides.prediction = raw.prediction;
  if (raw.score) sides.score = raw.score;
  const all = await ctx.compute.profileColumns(sides, { signal: ctx.signal });
  const entries = new Map<string, Uint8Array>();
  const profiled: Record<string, ColumnProfile> = {};
  for (const f of Object.keys(raw.features)) entries.set(featureKey(f), encodeProfile((profiled[f] = all[featureKey(f)]!)));
  const prediction = all.prediction ?? null;
  const score = all.score ?? null;
  if (prediction) entries.set('prediction', encodeProfile(prediction));
  if (score) entries.set('score', encodeProfile(score));
  const manifest: Manifest = { requested: features, present: Object.keys(raw.features), prediction: raw.prediction !== null, score: raw.score !== null };
  entries.set('manifest', new TextEncoder().encode(JSON.stringify(manifest)));
  await ctx.profiles.put(model, raw.version, entries);
  return { ...raw, features: profiled, prediction, score, fromProfiles: false, raw };
}

export interface PcaOptions {
  varianceShare: number;
  chunkSize: number;
  k: number;
}

/**
 * The multivariate model fitted on the reference for these features and options: stored with
 * the reference's profiles, fitted (reading the reference's numeric columns) only when missing.
 */
export async function referencePca(ctx: StageContext, model: string, side: ProfiledSide, features: string[], s: ReferenceSettings, opts: PcaOptions): Promise<PcaReconstructionDrift> {
  // The linear algebra (ml-matrix) is loaded by the first multivariate run, not at start-up.
  const { PcaReconstructionDrift } = await import('../../lib/multivariate/pca-reconstruction.ts');
  const key = `pca:${createHash('sha256').update(JSON.stringify([features, opts])).digest('hex')}`;
  const stored = (await ctx.profiles.get(model, side.version, [key])).get(key);
  if (stored) {
    try {
      return PcaReconstructionDrift.fromJSON(JSON.parse(new TextDecoder().decode(stored)));
    } catch (e) {
      ctx.log.warn('stored multivariate model unreadable, fitting it again', { model, version: side.version, error: (e as Error).message });
    }
  }
  const raw = side.raw ?? (await readReference(ctx, model, features, s));
  if (!raw) throw new Error('the reference has no rows left to fit the multivariate model on');
  const cols = Object.fromEntries(features.map((f) => [f, raw.features[f] as Float64Array]));
  const pca = PcaReconstructionDrift.fit(cols, features, opts);
  await ctx.profiles.put(model, side.version, new Map([[key, new TextEncoder().encode(JSON.stringify(pca.toJSON()))]]));
  return pca;
}
