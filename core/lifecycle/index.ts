// The model lifecycle module: serves the lifecycle API and keeps the retraining record in step
// with the retraining stage's results, once at start and after every stage run (never on a read).
// The version registry itself is kept by storage at ingest.
import type { FeatureModule, Runtime } from '../runtime.ts';
import { lifecycleOpenapi } from './openapi.ts';
import { syncRetraining } from './retraining-log.ts';
import { lifecycleRoutes } from './routes.ts';

export function lifecycleModule(): FeatureModule {
  let running: Promise<void> | null = null;
  let again = false;
  const sync = (rt: Runtime) => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await syncRetraining(rt);
        } catch (e) {
          rt.log.warn('retraining record sync failed', { error: (e as Error).message });
        }
      } while (again && rt.phase !== 'stopped');
    })().finally(() => (running = null));
  };
  return {
    name: 'lifecycle',
    // A read of the retraining history waits for a mirror in flight, so a run's trigger shows at once.
    routes: (rt) => lifecycleRoutes(rt, () => running ?? Promise.resolve()),
    openapi: lifecycleOpenapi,
    init(rt) {
      rt.runListeners.push((run) => {
        if (run.ok) sync(rt);
      });
    },
    start(rt) {
      sync(rt);
    },
    async stop() {
      // Storage closes after the modules stop: let a sync in flight finish first.
      await running;
    },
  };
}
