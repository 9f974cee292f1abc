// Failure risk through the real daemon: a day of logs in which every burst of one template is
// followed by a burst of errors ten minutes later, and bursts of another template are not; then
// the first template bursts again now.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from '../../lib/logmine/index.ts';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { getJson, minute, post, runStage } from './incidents-helpers.ts';

interface PatternRisk {
  pattern: string;
  occurrences: number;
  active: boolean;
  trials: number;
  failures: number;
  probability: number;
  interval: [number, number];
  posterior: { alpha: number; beta: number };
  baseline: { probability: number };
  lift: number;
  high: boolean;
}
interface Risk {
  computed_at: string | null;
  failures: number;
  patterns: PatternRisk[];
}

describe('failure-prediction stage and API', () => {
  let d: TestDaemon;
  const miner = new TemplateMiner();
  const bucket = 5 * minute;
  const now = Date.now();
  const aligned = Math.floor(now / bucket) * bucket;
  const cycles = 8;

  before(async () => {
    d = await startTestDaemon({
      config: `server:
  port: 0
log:
  requests: false
stages:
  failure-prediction:
    every: 1h
    lookback: 24h
    horizon: 30m
    bucket: 5m
    failure:
      log_burst_min: 10
    precursors:
      burst_min: 5
`,
    });
    d.runtime.logEnrichers.push({
      enrich(rows) {
        for (const r of rows) r.templateId = miner.addLine(r.message).templateId;
      },
    });
    const logs: unknown[] = [];
    const burst = (t: number, n: number, level: string, message: (i: number) => string) => {
      for (let i = 0; i < n; i++) logs.push({ ts: t + i * 1000, level, message: message(i) });
    };
    for (let k = 0; k < cycles; k++) {
      const t = aligned - 20 * 3_600_000 + k * 2 * 3_600_000 + minute;
      burst(t, 6, 'warn', (i) => `connection pool exhausted for db shard-${i}`);
      burst(t + 10 * minute, 15, 'error', (i) => `request failed with status 500 code ${100 + i}`);
      burst(t + 60 * minute, 6, 'info', (i) => `cache refreshed in ${i + 3} ms`);
    }
    burst(aligned - bucket + minute, 6, 'warn', (i) => `connection pool exhausted for db shard-${i}`);
    await post(d, '/v1/logs', logs, true);
  });
  after(async () => d?.cleanup());

  it('learns the risk after each precursor with its Beta posterior and reports the live one', async () => {
    const run = await runStage(d, 'failure-prediction');
    assert.equal(run.findings, 1);
    const pool = `template_burst:${miner.match('connection pool exhausted for db shard-1')!.templateId}`;
    const cache = `template_burst:${miner.match('cache refreshed in 4 ms')!.templateId}`;
    const body = await getJson<Risk>(d, '/v1/failure-risk');
    assert.equal(body.failures, cycles);
    const p = body.patterns.find((x) => x.pattern === pool)!;
    assert.ok(p, JSON.stringify(body.patterns.map((x) => x.pattern)));
    assert.equal(p.occurrences, cycles + 1);
    assert.equal(p.trials, cycles, 'the burst of now is not a trial yet');
    assert.equal(p.failures, cycles);
    assert.deepEqual(p.posterior, { alpha: 1 + cycles, beta: 1 });
    assert.ok(Math.abs(p.probability - (1 + cycles) / (2 + cycles)) < 1e-12);
    // Beta(9, 1) has CDF x^9, so its 5% quantile is 0.05^(1/9).
    assert.ok(Math.abs(p.interval[0] - 0.05 ** (1 / (1 + cycles))) < 1e-9);
    assert.ok(p.active && p.high);
    assert.ok(p.lift > 3);
    const c = body.patterns.find((x) => x.pattern === cache)!;
    assert.equal(c.failures, 0);
    assert.equal(c.high, false);

    const findings = await getJson<{ kind: string; labels: Record<string, string> }[]>(d, '/v1/findings?kind=failure-prediction.high_risk');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.labels.pattern, pool);
    const high = await getJson<Risk>(d, '/v1/failure-risk?high=true');
    assert.deepEqual(high.patterns.map((x) => x.pattern), [pool]);
  });

  it('does not report the same sighting twice', async () => {
    assert.equal((await runStage(d, 'failure-prediction')).findings, 0);
  });
});

describe('failure-prediction over standing conditions', () => {
  it('counts a condition re-reported every run once per onset, not once per report', async () => {
    const d = await startTestDaemon({ config: `server:\n  port: 0\nlog:\n  requests: false\nstages:\n  failure-prediction:\n    every: 1h\n    lookback: 2h\n    horizon: 5m\n    bucket: 1m\n` });
    try {
      const { storeFindings } = await import('../../core/storage/finding-store.ts');
      const now = Date.now();
      const standing = { kind: 'performance.segment', severity: 'warning' as const, summary: 'segment apac underperforms', labels: { model: 'm', segment: 'apac' } };
      // Reported every 20 s from 90 to 60 minutes ago, cleared, then again for the last 20 minutes.
      for (let t = now - 90 * minute; t < now - 60 * minute; t += 20_000) await storeFindings(d.runtime.storage, 'performance', null, t, [standing]);
      for (let t = now - 20 * minute; t < now; t += 20_000) await storeFindings(d.runtime.storage, 'performance', null, t, [standing]);
      // Another segment's condition is a separate one.
      await storeFindings(d.runtime.storage, 'performance', null, now - 10 * minute, [{ ...standing, labels: { model: 'm', segment: 'eu' } }]);
      assert.equal((await runStage(d, 'failure-prediction')).outcome, 'ok');
      const risk = await getJson<Risk>(d, '/v1/failure-risk');
      const p = risk.patterns.find((x) => x.pattern === 'finding:performance.segment');
      assert.equal(p?.occurrences, 3, JSON.stringify(p));
    } finally {
      await d.cleanup();
    }
  });
});
