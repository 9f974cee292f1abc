// Retraining policies read other stages through typed health signals, not JSON paths: each
// publishing plugin says how its results map to a signal. Results of a stage that publishes no
// such signal do not count even when their payload looks alike, a policy's `source` picks
// realized or estimated figures, and a publisher whose extractor throws on an odd payload does
// not fail the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PluginHarness } from '../../core/plugin-harness/index.ts';
import { definePlugin, z, type StagePlugin } from '../../core/plugin-api/index.ts';
import retraining from '../../plugins/retraining/index.ts';
import drift from '../../plugins/drift/index.ts';
import performance from '../../plugins/performance/index.ts';
import validation from '../../plugins/validation/index.ts';

const now = new Date('2026-12-01T12:00:00Z');
const publishers = [drift, performance, validation] as StagePlugin<unknown>[];

async function harness(policies: unknown[], extra: StagePlugin<unknown>[] = []) {
  const h = await PluginHarness.create(retraining, { now, publishers: [...publishers, ...extra], config: { policies } });
  await h.add({ predictions: [{ model: 'm', version: 'v1', id: 'p0', ts: now.getTime() - 60_000, features: { x: 1 }, prediction: 1 }] });
  return h;
}

async function statuses(h: PluginHarness<unknown>): Promise<string[]> {
  const run = await h.run();
  assert.equal(run.outcome, 'ok', run.error);
  return run.results.filter((r) => r.kind === 'retraining.trigger').map((r) => (r.payload as { status: string }).status);
}

const driftReport = (drifted: boolean) => ({ kind: 'drift.report', model: 'm', modelVersion: 'v1', payload: { dataset_drift: drifted, model_versions: { v1: 10 } } });

test('sustained drift from the drift stage triggers; the same payload from a stage that publishes no drift signal does not', async () => {
  const h = await harness([{ name: 'drift', when: 'dataset_drift', consecutive: 2 }]);
  try {
    await h.addResult('volume', driftReport(true));
    await h.addResult('volume', driftReport(true));
    assert.deepEqual(await statuses(h), []);
    await h.addResult('drift', driftReport(true));
    assert.deepEqual(await statuses(h), []);
    await h.addResult('drift', driftReport(true));
    assert.deepEqual(await statuses(h), ['triggered']);
  } finally {
    await h.close();
  }
});

test('performance_below reads the named metric from realized or estimated figures as `source` says', async () => {
  const realized = { kind: 'performance.realized', model: 'm', modelVersion: 'v1', payload: { overall: { accuracy: 0.95, f1: 0.91 }, model_versions: { v1: 10 } } };
  const estimated = { kind: 'performance.estimated', model: 'm', modelVersion: 'v1', payload: { estimate: { count: 10, expected: {}, accuracy: 0.6, f1: 0.55, rocAuc: null }, model_versions: { v1: 10 } } };
  const realizedOnly = await harness([{ name: 'f1', when: 'performance_below', metric: 'f1', floor: 0.8, source: 'realized' }]);
  const estimatedOnly = await harness([{ name: 'f1', when: 'performance_below', metric: 'f1', floor: 0.8, source: 'estimated' }]);
  try {
    for (const h of [realizedOnly, estimatedOnly]) {
      await h.addResult('performance', estimated);
      await h.addResult('performance', realized);
    }
    assert.deepEqual(await statuses(realizedOnly), []);
    const run = await estimatedOnly.run();
    const trigger = run.results.find((r) => r.kind === 'retraining.trigger')?.payload as { status: string; reason: string; evidence: { kind: string; value: number }[] };
    assert.equal(trigger?.status, 'triggered');
    assert.match(trigger.reason, /^f1 = 0\.5500 /);
    assert.deepEqual(trigger.evidence.map((e) => [e.kind, e.value]), [['performance.estimated', 0.55]]);
  } finally {
    await realizedOnly.close();
    await estimatedOnly.close();
  }
});

test('a publisher whose extractor throws on an odd payload makes that result no signal and the run still succeeds', async () => {
  const brittle = definePlugin({
    name: 'brittle',
    description: 'publishes a validation signal but cannot read its own odd results',
    configSchema: z.object({}),
    async run() {},
    signals: {
      validation: (r) => {
        if ((r.payload as { odd?: boolean }).odd) throw new Error('cannot read this payload');
        return { value: { problems: (r.payload as { problems: number }).problems } };
      },
    },
  }) as StagePlugin<unknown>;
  const h = await harness([{ name: 'checks', when: 'validation_failure_rate', ceiling: 0.5, windows: 3, min_windows: 3 }], [brittle]);
  try {
    await h.addResult('brittle', { kind: 'checks', model: 'm', payload: { problems: 2 } });
    await h.addResult('brittle', { kind: 'checks', model: 'm', payload: { odd: true } });
    await h.addResult('validation', { kind: 'validation.window', model: 'm', modelVersion: 'v1', payload: { problems: 1 } });
    assert.deepEqual(await statuses(h), []);
    await h.addResult('validation', { kind: 'validation.window', model: 'm', modelVersion: 'v1', payload: { problems: 0 } });
    const run = await h.run();
    assert.equal(run.outcome, 'ok', run.error);
    const trigger = run.results.find((r) => r.kind === 'retraining.trigger')?.payload as { status: string; reason: string };
    assert.equal(trigger?.status, 'triggered');
    assert.match(trigger.reason, /^validation failed in 2 of the last 3 windows/);
  } finally {
    await h.close();
  }
});
