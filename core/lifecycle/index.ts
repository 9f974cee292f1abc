// The model lifecycle module: keeps the version registry and the retraining record in step with
// what arrives (a short sync loop, and on every read), and serves the lifecycle API.
import type { FeatureModule, Runtime } from '../runtime.ts';
import { lifecycleOpenapi } from './openapi.ts';
import { syncRetraining } from './retraining-log.ts';
import { lifecycleRoutes } from './routes.ts';
import { syncVersions } from './version-registry.ts';

const SYNC_EVERY_MS = 10_000;

export function lifecycleModule(): FeatureModule {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const sync = (rt: Runtime) => {
    if (running || rt.phase !== 'ready') return;
    running = (async () => {
      try {
        await syncVersions(rt);
        await syncRetraining(rt);
      } catch (e) {
        rt.log.warn('lifecycle sync failed', { error: (e as Error).message });
      }
    })().finally(() => (running = null));
  };
  return {
    name: 'lifecycle',
    routes: lifecycleRoutes,
    openapi: lifecycleOpenapi,
    start(rt) {
      timer = setInterval(() => sync(rt), SYNC_EVERY_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      // Storage closes after the modules stop: let a sync in flight finish first.
      await running;
    },
  };
}
