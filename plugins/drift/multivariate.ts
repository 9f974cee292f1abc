// Multivariate drift by PCA reconstruction error: features that keep their marginals but stop
// moving together are reconstructed worse by a PCA fitted on the reference.
import { PcaReconstructionDrift } from '../../lib/multivariate/pca-reconstruction.ts';
import type { Side } from './datasets.ts';

export interface MultivariateDrift {
  features: string[];
  components: number;
  error: number;
  lower: number;
  upper: number;
  reference_mean_error: number;
  drifted: boolean;
}

export function multivariateDrift(
  reference: Side,
  current: Side,
  numerical: string[],
  opts: { varianceShare: number; chunkSize: number; k: number },
): MultivariateDrift | { error: string } {
  const features = numerical.filter((f) => reference.features[f] instanceof Float64Array && current.features[f] instanceof Float64Array);
  if (features.length < 2) return { error: `needs at least 2 numerical features, the model has ${features.length}` };
  if (reference.rows < 2 * opts.chunkSize) return { error: `needs at least ${2 * opts.chunkSize} reference rows (2 chunks of ${opts.chunkSize}), the reference has ${reference.rows}` };
  const cols = (s: Side) => Object.fromEntries(features.map((f) => [f, s.features[f] as Float64Array]));
  const pca = PcaReconstructionDrift.fit(cols(reference), features, { varianceShare: opts.varianceShare, chunkSize: opts.chunkSize, k: opts.k });
  const error = pca.error(cols(current));
  const t = pca.threshold;
  return { features, components: pca.componentCount, error, lower: t.lower, upper: t.upper, reference_mean_error: t.mean, drifted: error < t.lower || error > t.upper };
}
