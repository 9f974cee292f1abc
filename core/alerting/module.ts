// Alerting as a daemon feature: its config section, its tables (migrations 100–149), the alert
// manager fed by stored findings and finished runs, /v1 routes and a /readyz detail.
import { loadBuiltinPlugins, type PluginRegistry } from '../plugins/registry.ts';
import type { FeatureModule, Runtime } from '../runtime.ts';
import { isAlertChannel, type AlertChannel } from '../plugin-api/channel.ts';
import { alertingConfigSchema, type AlertingConfig } from './config.ts';
import { AlertManager } from './manager.ts';
import { alertingRoutes } from './api.ts';
import { alertingPaths } from './openapi.ts';

export function channelPlugins(registry: PluginRegistry): Map<string, AlertChannel<unknown>> {
  const out = new Map<string, AlertChannel<unknown>>();
  for (const [name, c] of registry.channels) {
    if (!isAlertChannel(c)) throw new Error(`plugins/${name}: a channel needs name, configSchema and send`);
    out.set(name, c);
  }
  return out;
}

/** Base of the links in messages: server.public_url, else the address the daemon listens on
 *  (known only after listen, which matters with port 0). */
export function externalUrl(rt: Runtime): string {
  const { public_url, host, port } = rt.config.server;
  if (public_url) return public_url.replace(/\/+$/, '');
  return rt.url ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function createAlertingModule(channels: Map<string, AlertChannel<unknown>>): FeatureModule {
  let manager: AlertManager | null = null;
  return {
    name: 'alerting',
    configSection: 'alerting',
    configSchema: alertingConfigSchema(channels),
    openapi: alertingPaths,
    async init(rt) {
      const config = rt.loaded.sections.alerting as AlertingConfig;
      if (!config.enabled) return;
      manager = new AlertManager({ storage: rt.storage, config, channels, log: rt.log.child({ module: 'alerting' }), externalUrl: () => externalUrl(rt), stages: () => rt.host.names(), clock: rt.clock });
      await manager.load();
      const m = manager;
      // Findings of a run come with the run, once; findings reported outside a run as they come.
      rt.findingListeners.push(async (findings) => {
        const loose = findings.filter((f) => f.runId === null);
        if (loose.length) await m.ingest(loose);
      });
      rt.runListeners.push((run) => {
        void m.acceptRun(run).catch((e: Error) => rt.log.error('alerting cycle failed', { error: e.message }));
      });
      rt.readiness.set('alerting', () => {
        const problems = m.problems();
        return problems.length ? { ok: false, detail: `channels failing: ${problems.join('; ')}` } : { ok: true };
      });
    },
    routes: () => alertingRoutes(() => manager),
    start() {
      manager?.start();
    },
    async stop() {
      await manager?.stop();
    },
  };
}

export async function alertingModule(): Promise<FeatureModule> {
  return createAlertingModule(channelPlugins(await loadBuiltinPlugins()));
}
