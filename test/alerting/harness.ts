// A real AlertManager on a real DuckDB file with the real channel plugins, driven by a manual
// clock: findings are fed directly, time moves only when the test says so.
import { loadBuiltinPlugins } from '../../core/plugins/registry.ts';
import { Storage } from '../../core/storage/db.ts';
import { silentLogger } from '../../core/log.ts';
import type { StoredFinding } from '../../core/stages/findings.ts';
import { alertingConfigSchema } from '../../core/alerting/config.ts';
import { AlertManager } from '../../core/alerting/manager.ts';
import { channelPlugins } from '../../core/alerting/module.ts';

export interface Harness {
  manager: AlertManager;
  storage: Storage;
  clock: { now: number };
  finding(kind: string, labels: Record<string, string>, opts?: { severity?: StoredFinding['severity']; runId?: number; stage?: string }): StoredFinding;
  close(): Promise<void>;
}

export async function startHarness(dataDir: string, config: Record<string, unknown>, clock = { now: Date.parse('2026-03-01T12:00:00Z') }): Promise<Harness> {
  const channels = channelPlugins(await loadBuiltinPlugins());
  const parsed = alertingConfigSchema(channels).parse(config);
  const storage = await Storage.open(dataDir);
  const manager = new AlertManager({ storage, config: parsed, channels, log: silentLogger, externalUrl: 'http://sidewatch.test', clock: () => clock.now, random: () => 0.5 });
  await manager.load();
  let id = 0;
  let closing: Promise<void> | null = null;
  return {
    manager,
    storage,
    clock,
    finding(kind, labels, opts = {}) {
      const stage = opts.stage ?? 'drift';
      return { id: ++id, kind, severity: opts.severity ?? 'warning', summary: `${kind} on ${labels.model ?? '?'} ${labels.feature ?? ''}`.trim(), labels: { stage, ...labels }, stage, runId: opts.runId ?? 1, ts: new Date(clock.now), fingerprint: `${kind}-${JSON.stringify(labels)}` };
    },
    /** Safe to call twice (the test's own close, then its `t.after`). */
    close() {
      return (closing ??= (async () => {
        await manager.stop();
        await storage.close();
      })());
    },
  };
}

/** Moves the clock and runs one full cycle (rules, due groups, outbox). */
export async function advance(h: Harness, ms: number): Promise<void> {
  h.clock.now += ms;
  await h.manager.tick();
}
