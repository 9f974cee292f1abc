// The stage host isolates plugins: one that throws or hangs is counted and skipped while the
// others keep running, overlapping ticks are skipped, and every run is recorded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Storage } from '../../core/storage/db.ts';
import { PredictionTables } from '../../core/storage/prediction-tables.ts';
import { StoreReader } from '../../core/storage/data-reader.ts';
import { StageHost } from '../../core/stages/host.ts';
import { silentLogger } from '../../core/log.ts';
import { definePlugin, z, type StagePlugin } from '../../core/plugin-api/index.ts';
import type { StageSettings } from '../../core/config/load.ts';
import type { StoredFinding } from '../../core/stages/findings.ts';
import { tempDir } from '../helpers/daemon.ts';

let dir: string;
let storage: Storage;
let reader: StoreReader;
before(async () => {
  dir = tempDir();
  storage = await Storage.open(dir);
  const tables = new PredictionTables(storage);
  await tables.load();
  reader = new StoreReader(storage, tables);
});
after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const empty = z.object({}).strict();
const settings = (name: string, extra: Partial<StageSettings> = {}): StageSettings => ({ name, enabled: true, settings: {}, configVersion: `cfg-${name}`, ...extra });

function host(plugins: StagePlugin<unknown>[], stages: StageSettings[], onFindings?: (f: StoredFinding[]) => void) {
  return new StageHost({ storage, data: reader, plugins: new Map(plugins.map((p) => [p.name, p])), stages, models: {}, log: silentLogger, onFindings });
}

test('a throwing and a hanging plugin are counted and skipped while a healthy one keeps running', async () => {
  let healthyRuns = 0;
  const healthy = definePlugin({
    name: 'healthy',
    description: 'emits one finding per run',
    configSchema: empty,
    async run(ctx) {
      healthyRuns++;
      await ctx.results.save({ kind: 'tick', payload: { n: healthyRuns } });
      ctx.emit({ kind: 'healthy.tick', severity: 'info', summary: 'tick', labels: { model: 'm' } });
    },
  });
  const throwing = definePlugin({
    name: 'throwing',
    description: 'always throws',
    configSchema: empty,
    run() {
      throw new Error('kaboom');
    },
  });
  const hanging = definePlugin({
    name: 'hanging',
    description: 'never resolves',
    configSchema: empty,
    run: () => new Promise<void>(() => undefined),
  });
  const seen: StoredFinding[] = [];
  const h = host([healthy, throwing, hanging] as StagePlugin<unknown>[], [settings('healthy'), settings('throwing'), settings('hanging', { timeoutMs: 50 })], (f) => void seen.push(...f));
  for (let i = 0; i < 3; i++) {
    const [a, b, c] = await Promise.all([h.run('healthy'), h.run('throwing'), h.run('hanging')]);
    assert.equal(a.outcome, 'ok');
    assert.equal(b.outcome, 'error');
    assert.equal(b.error, 'kaboom');
    assert.equal(c.outcome, 'timeout');
  }
  const stats = Object.fromEntries(h.stats().map((s) => [s.name, s]));
  assert.equal(stats.healthy!.ok, 3);
  assert.equal(stats.throwing!.errors, 3);
  assert.equal(stats.hanging!.timeouts, 3);
  assert.equal(seen.length, 3);
  assert.equal(seen[0]!.labels.stage, 'healthy');
  const runs = await storage.all<{ stage: string; outcome: string; n: number }>('SELECT stage, outcome, count(*)::INTEGER AS n FROM stage_runs GROUP BY ALL ORDER BY stage');
  assert.deepEqual(runs.map((r) => [r.stage, r.outcome, r.n]), [
    ['hanging', 'timeout', 3],
    ['healthy', 'ok', 3],
    ['throwing', 'error', 3],
  ]);
  const results = await storage.all<{ config_version: string; payload: string }>("SELECT config_version, payload FROM stage_results WHERE stage = 'healthy' ORDER BY id");
  assert.deepEqual(results.map((r) => JSON.parse(r.payload).n), [1, 2, 3]);
  assert.equal(results[0]!.config_version, 'cfg-healthy');
  await h.stop();
});

test('after five consecutive failures the circuit opens and runs are skipped', async () => {
  let calls = 0;
  const flaky = definePlugin({
    name: 'flaky',
    description: 'fails',
    configSchema: empty,
    async run() {
      calls++;
      throw new Error('down');
    },
  });
  const h = host([flaky] as StagePlugin<unknown>[], [settings('flaky')]);
  for (let i = 0; i < 5; i++) assert.equal((await h.run('flaky')).outcome, 'error');
  assert.equal((await h.run('flaky')).outcome, 'open-circuit');
  assert.equal(calls, 5);
  assert.equal(h.stats()[0]!.circuit, 'open');
  await h.stop();
});

test('a tick that arrives while the previous run is still going is skipped and counted', async () => {
  let release!: () => void;
  const slow = definePlugin({
    name: 'slow',
    description: 'waits for the test',
    configSchema: empty,
    run: () => new Promise<void>((r) => (release = r)),
  });
  const h = host([slow] as StagePlugin<unknown>[], [settings('slow')]);
  const first = h.run('slow');
  // Wait until the plugin is running (the run first takes an id from the database).
  while (!release) await new Promise((r) => setTimeout(r, 5));
  assert.equal((await h.run('slow')).outcome, 'skipped');
  release();
  assert.equal((await first).outcome, 'ok');
  assert.equal(h.stats()[0]!.skipped, 1);
  await h.stop();
});

test('scheduled runs happen on their own and a hung plugin sees its abort signal', async () => {
  let runs = 0;
  let aborted = false;
  const ticking = definePlugin({ name: 'ticking', description: 'counts', configSchema: empty, async run() { runs++; } });
  const hung = definePlugin({
    name: 'hung',
    description: 'waits for abort',
    configSchema: empty,
    run: (ctx) => new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => { aborted = true; resolve(); })),
  });
  const h = host([ticking, hung] as StagePlugin<unknown>[], [settings('ticking', { everyMs: 100 }), settings('hung', { everyMs: 100, timeoutMs: 30 })]);
  h.start();
  // Wait for the schedule (bounded), rather than assuming timer precision on a busy machine.
  const deadline = Date.now() + 10_000;
  while ((runs < 3 || !aborted) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await h.stop();
  assert.ok(runs >= 3, `ran ${runs} times`);
  assert.ok(aborted);
});

test('ingest events trigger a run, but a stream of events does not make a busy loop', async () => {
  let runs = 0;
  const starts: number[] = [];
  const listening = definePlugin({ name: 'listening', description: 'counts', configSchema: empty, triggers: ['predictions'], async run() { runs++; starts.push(Date.now()); } });
  const h = new StageHost({ storage, data: reader, plugins: new Map([['listening', listening as StagePlugin<unknown>]]), stages: [settings('listening', { everyMs: 2000 })], models: {}, log: silentLogger, eventDebounceMs: 20 });
  h.start();
  const t0 = Date.now();
  while (Date.now() - t0 < 1200) {
    h.notify('predictions');
    h.notify('labels'); // not one of its triggers
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 100));
  await h.stop();
  // every = 2 s, so event runs are at least 500 ms apart: 2 or 3 runs in 1.3 s, not dozens.
  assert.ok(runs >= 2 && runs <= 3, `ran ${runs} times at ${starts.map((t) => t - t0).join(", ")} ms`);
});

test('a run cut short by the daemon stopping is recorded as an error, not a clean run', async () => {
  let started!: () => void;
  const begun = new Promise<void>((r) => (started = r));
  const slowStop = definePlugin({
    name: 'slow-stop',
    description: 'finishes only after the stop signal',
    configSchema: empty,
    run: (ctx) =>
      new Promise<void>((resolve) => {
        started();
        ctx.signal.addEventListener('abort', () => setTimeout(resolve, 10));
      }),
  });
  const h = host([slowStop] as StagePlugin<unknown>[], [settings('slow-stop')]);
  const run = h.run('slow-stop');
  await begun;
  await h.stop();
  const r = await run;
  assert.equal(r.outcome, 'error');
  assert.match(r.error ?? '', /cut short/);
});

test('a run asked for while one is in progress waits for it and then runs afresh; ticks still skip', async () => {
  const releases: (() => void)[] = [];
  let runs = 0;
  const gated = definePlugin({
    name: 'gated',
    description: 'each run waits for the test',
    configSchema: empty,
    async run(ctx) {
      const n = ++runs;
      await new Promise<void>((r) => releases.push(r));
      await ctx.results.save({ kind: 'tick', payload: { n } });
    },
  });
  const h = host([gated] as StagePlugin<unknown>[], [settings('gated', { timeoutMs: 5000 })]);
  const scheduled = h.run('gated', 'schedule');
  await new Promise((r) => setTimeout(r, 20));
  const asked = h.runAfterCurrent('gated', 'api');
  assert.equal((await h.run('gated', 'schedule')).outcome, 'skipped', 'a tick during the run is still skipped');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(runs, 1, 'the asked-for run waits while the first is in progress');
  releases[0]!();
  const first = await scheduled;
  while (runs < 2) await new Promise((r) => setTimeout(r, 5));
  releases[1]!();
  const fresh = await asked;
  assert.equal(fresh.outcome, 'ok');
  assert.ok(fresh.runId !== null && first.runId !== null && fresh.runId > first.runId, `fresh run ${fresh.runId} after ${first.runId}`);
  const st = h.stats()[0]!;
  assert.equal(st.runs, 2);
  assert.equal(st.skipped, 1);
  await h.stop();
});

test('a stuck run in progress holds up an asked-for run only until the stuck run times out', async () => {
  const stuck = definePlugin({
    name: 'stuck',
    description: 'ignores its abort signal',
    configSchema: empty,
    run: () => new Promise<void>(() => undefined),
  });
  const h = host([stuck] as StagePlugin<unknown>[], [settings('stuck', { timeoutMs: 60 })]);
  void h.run('stuck', 'schedule');
  await new Promise((r) => setTimeout(r, 10));
  const t0 = performance.now();
  const r = await h.runAfterCurrent('stuck', 'api');
  // The first run times out at 60 ms, so the asked-for run starts and times out in turn.
  assert.equal(r.outcome, 'timeout');
  assert.ok(performance.now() - t0 < 1000, `took ${performance.now() - t0} ms`);
  await h.stop();
});

test('an event that comes due while a run is going is handled by one run after it, not counted as a skipped tick', async () => {
  const releases: (() => void)[] = [];
  const triggers: string[] = [];
  let n = 0;
  const slowListener = definePlugin({
    name: 'slow-listener',
    description: 'each run waits for the test',
    configSchema: empty,
    triggers: ['predictions'],
    async run() {
      triggers.push(n++ === 0 ? 'manual' : 'event');
      await new Promise<void>((r) => releases.push(r));
    },
  });
  const h = new StageHost({
    storage,
    data: reader,
    plugins: new Map([['slow-listener', slowListener as StagePlugin<unknown>]]),
    stages: [settings('slow-listener', { everyMs: 3_600_000, timeoutMs: 5000 })],
    models: {},
    log: silentLogger,
    eventDebounceMs: 10,
    maxEventSpacingMs: 30,
  });
  h.start();
  const first = h.run('slow-listener', 'manual');
  // Events keep arriving while the first run holds: none starts a run beside it.
  for (let i = 0; i < 10; i++) {
    h.notify('predictions');
    await new Promise((r) => setTimeout(r, 15));
  }
  assert.equal(triggers.length, 1);
  releases[0]!();
  await first;
  for (let i = 0; i < 100 && triggers.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(triggers, ['manual', 'event'], 'one run follows for the events that arrived meanwhile');
  releases[1]!();
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(triggers.length, 2, 'and only one');
  const st = h.stats()[0]!;
  assert.equal(st.skipped, 0);
  await h.stop();
});

test('without a timeout of its own, a stage may run until its next tick (at least a minute)', async () => {
  const probe = definePlugin({ name: 'probe', description: 'reports nothing', configSchema: empty, async run() {} });
  const own = definePlugin({ name: 'own', description: 'declares a timeout', configSchema: empty, timeoutMs: 120_000, async run() {} });
  const h = new StageHost({
    storage,
    data: reader,
    plugins: new Map([['probe', probe as StagePlugin<unknown>], ['own', own as StagePlugin<unknown>]]),
    stages: [settings('probe', { everyMs: 15 * 60_000 }), settings('own', { everyMs: 15 * 60_000 })],
    models: {},
    log: silentLogger,
  });
  assert.deepEqual(h.stats().map((s) => [s.name, s.timeoutMs]), [['probe', 900_000], ['own', 120_000]]);
  const fast = new StageHost({ storage, data: reader, plugins: new Map([['probe', probe as StagePlugin<unknown>]]), stages: [settings('probe', { everyMs: 10_000 })], models: {}, log: silentLogger });
  assert.equal(fast.stats()[0]!.timeoutMs, 60_000);
  const set = new StageHost({ storage, data: reader, plugins: new Map([['probe', probe as StagePlugin<unknown>]]), stages: [settings('probe', { everyMs: 900_000, timeoutMs: 5000 })], models: {}, log: silentLogger });
  assert.equal(set.stats()[0]!.timeoutMs, 5000);
});
