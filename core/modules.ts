// The daemon's feature modules beyond the core, in start order. Each owns its own folder.
import type { FeatureModule } from './runtime.ts';

export async function builtinModules(): Promise<FeatureModule[]> {
  return [(await import('./http/routes/model-health.ts')).modelHealthModule];
}
