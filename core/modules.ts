// The daemon's feature modules beyond the core, in start order. Each owns its own folder.
import type { FeatureModule } from './runtime.ts';
import { demoModule } from './demo/module.ts';

export async function builtinModules(): Promise<FeatureModule[]> {
  return [
    (await import('./http/routes/incidents.ts')).incidentsModule,
    (await import('./dashboards/module.ts')).dashboardsModule,
    (await import('./telemetry/module.ts')).telemetryModule(),
    (await import('./export/module.ts')).exportModule(),
    (await import('./logs/module.ts')).logsModule(),
    demoModule(),
    (await import('./http/routes/model-health.ts')).modelHealthModule,
    (await import('./retention/module.ts')).retentionModule(),
    await (await import('./alerting/module.ts')).alertingModule(),
    (await import('./lifecycle/index.ts')).lifecycleModule(),
  ];
}
