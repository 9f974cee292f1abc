// The daemon's feature modules beyond the core. All are initialised before the HTTP server
// listens, then started in this order; the demo feed starts last, once everything that reacts
// to data (template mining, alerting) is running.
import type { FeatureModule } from './runtime.ts';
import { logsModule } from './logs/module.ts';
import { receiversModule } from './receivers/module.ts';
import { alertingModule } from './alerting/module.ts';
import { telemetryModule } from './telemetry/module.ts';
import { lifecycleModule } from './lifecycle/index.ts';
import { dashboardsModule } from './dashboards/module.ts';
import { exportModule } from './export/module.ts';
import { retentionModule } from './retention/module.ts';
import { demoModule } from './demo/module.ts';

/** A fresh set per daemon: modules hold their own timers and state. */
export async function builtinModules(): Promise<FeatureModule[]> {
  return [
    logsModule(),
    receiversModule(),
    await alertingModule(),
    telemetryModule(),
    lifecycleModule(),
    dashboardsModule,
    exportModule(),
    retentionModule(),
    demoModule(),
  ];
}
