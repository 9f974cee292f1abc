// Multivariate drift by PCA reconstruction error: features that keep their marginals but stop
// moving together are reconstructed worse by a PCA fitted on the reference.
import type { PcaReconstructionDrift } from '../../lib/multivariate/pca-reconstruction.ts';
import type { Side } from './datasets.ts';
import { isProfile } from '../../lib/drift/profile.ts';

export interface MultivariateDrift {
  features: string[];
  components: number;
  error: number;
  lower: number;
  upper: number;
  reference_mean_error: number;
  drifted: boolean;
}

export async function multivariateDrift(
  reference: { rows: number; features: Record<string, unknown> },
  current: Side,
  numerical: string[],
  opts: { varianceShare: number; chunkSize: number; k: number },
  /** The model fitted on the reference for these features (stored with its profiles, or fitted now). */
  fitted: (features: string[]) => Promise<PcaReconstructionDrift>,
): Promise<MultivariateDrift | { error: string }> {
  // A numeric reference column is a Float64Array, or the profile of one.
  const numericRef = (v: unknown) => v instanceof Float64Array || (isProfile(v) && v.profile === 'numbers');
  const features = numerical.filter((f) => numericRef(reference.features[f]) && current.features[f] instanceof Float64Array);
  if (features.length < 2) return { error: `needs at least 2 numerical features, the model has ${features.length}` };
  if (reference.rows < 2 * opts.chunkSize) return { error: `needs at least ${2 * opts.chunkSize} reference rows (2 chunks of ${opts.chunkSize}), the reference has ${reference.rows}` };
  const pca = await fitted(features);
  const error = pca.error(Object.fromEntries(features.map((f) => [f, current.features[f] as Float64Array])));
  const t = pca.threshold;
  return { features, components: pca.componentCount, error, lower: t.lower, upper: t.upper, reference_mean_error: t.mean, drifted: error < t.lower || error > t.upper };
}
