// A stage run still going when the daemon stops loses the findings it would have emitted. It must
// not count as a clean run: the next process would resolve the stage's alerts (a RESOLVED
// message) and fire them again at the next real run (a second FIRING message).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Storage } from '../../core/storage/db.ts';
import { PredictionTables } from '../../core/storage/prediction-tables.ts';
import { StoreReader } from '../../core/storage/data-reader.ts';
import { StageHost } from '../../core/stages/host.ts';
import type { StageSettings } from '../../core/config/load.ts';
import { silentLogger } from '../../core/log.ts';
import { loadBuiltinPlugins } from '../../core/plugins/registry.ts';
import { definePlugin, z, type StagePlugin } from '../../core/plugin-api/index.ts';
import { alertingConfigSchema } from '../../core/alerting/config.ts';
import { AlertManager } from '../../core/alerting/manager.ts';
import { channelPlugins } from '../../core/alerting/module.ts';
import { tempDir } from '../helpers/daemon.ts';
import { startFakeSlack } from './fake-slack.ts';

const dir = tempDir('sidewatch-alerting-stop-');
after(() => rmSync(dir, { recursive: true, force: true }));

test('a run cut short by a stop resolves nothing after the restart; no RESOLVED and no second FIRING message', { timeout: 30_000 }, async (t) => {
  const slack = await startFakeSlack();
  t.after(() => slack.close());
  const storage = await Storage.open(dir);
  t.after(() => storage.close());
  const tables = new PredictionTables(storage);
  await tables.load();

  // Looks at model m, takes `slowMs`, and still finds it bad; it does not watch its signal.
  const timing = { slowMs: 0 };
  const plugin = definePlugin({
    name: 'checker',
    description: 'reports model m as bad',
    configSchema: z.object({}).strict(),
    async run(ctx) {
      await ctx.results.save({ kind: 'check', model: 'm', payload: {} });
      await new Promise((r) => setTimeout(r, timing.slowMs));
      ctx.emit({ kind: 'check.bad', severity: 'critical', summary: 'model m is bad', labels: { model: 'm' } });
    },
  }) as StagePlugin<unknown>;
  const stage = { name: 'checker', enabled: true, everyMs: 3_600_000, settings: {}, configVersion: 'test' } as unknown as StageSettings;
  const newHost = () => new StageHost({ storage, data: new StoreReader(storage, tables), plugins: new Map([['checker', plugin]]), stages: [stage], models: {}, log: silentLogger });

  const channels = channelPlugins(await loadBuiltinPlugins());
  const config = alertingConfigSchema(channels).parse({
    route: { receiver: 'ops', group_by: ['alertname', 'model'], group_wait: '0s', group_interval: '50ms' },
    receivers: [{ name: 'ops', slack: { token: 'xoxb-test-token', channel: '#ops', api_url: slack.url } }],
  });
  const newManager = async () => {
    const m = new AlertManager({ storage, config, channels, log: silentLogger, externalUrl: 'http://sidewatch.test', stages: () => ['checker'] });
    await m.load();
    return m;
  };

  const host1 = newHost();
  host1.start();
  const m1 = await newManager();
  assert.equal((await host1.run('checker')).outcome, 'ok');
  await m1.tick();
  assert.equal(slack.posts.length, 1);
  assert.match(slack.posts[0]!.text, /FIRING:1/);

  // Graceful stop in the middle of the next run, alerting first (the daemon's order).
  timing.slowMs = 400;
  const inFlight = host1.run('checker');
  await new Promise((r) => setTimeout(r, 100));
  await m1.stop();
  await host1.stop(2000);
  const cut = await inFlight;
  assert.equal(cut.findings.length, 0, 'what it emitted after the stop is gone');

  // The next process: the cut-short run is read, the alert stays firing, nothing is sent.
  timing.slowMs = 0;
  const host2 = newHost();
  host2.start();
  const m2 = await newManager();
  t.after(async () => {
    await m2.stop();
    await host2.stop(1000);
  });
  for (let i = 0; i < 3; i++) {
    await m2.tick();
    await new Promise((r) => setTimeout(r, 60));
  }
  assert.deepEqual(m2.alerts().map((a) => a.state), ['firing']);
  assert.equal((await host2.run('checker')).outcome, 'ok');
  for (let i = 0; i < 3; i++) {
    await m2.tick();
    await new Promise((r) => setTimeout(r, 60));
  }
  assert.equal(slack.posts.length, 1, slack.posts.map((p) => p.text).join('\n---\n'));
  assert.match(cut.error ?? '', /cut short: daemon stopping/);
});
