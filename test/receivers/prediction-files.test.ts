// A model server's own prediction and label logs (NDJSON), tailed with a field mapping: records
// become prediction and label rows, a bad line is skipped and counted without stalling the file,
// and a restart resumes where the last stored batch ended.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestDaemon, tempDir, type TestDaemon } from '../helpers/daemon.ts';
import { inputsSchema } from '../../core/logs/config.ts';
import { waitFor } from '../helpers/wait.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const record = (i: number) => JSON.stringify({ request_id: `q${i}`, timestamp: 1_767_000_000_000 + i * 1000, inputs: { tenure: i, plan: i % 2 ? 'pro' : 'free' }, output: { label: i % 2, proba: i / 100 }, model_version: 'v3' });

test('NDJSON prediction and label logs are tailed with a field mapping, bad lines skipped, and resumed after a restart', async () => {
  const dataDir = tempDir();
  const logDir = tempDir('sidewatch-preds-');
  dirs.push(dataDir, logDir);
  const preds = join(logDir, 'predictions.ndjson');
  const labels = join(logDir, 'labels.ndjson');
  writeFileSync(preds, Array.from({ length: 20 }, (_, i) => record(i)).join('\n') + '\n');
  const config = `server:\n  port: 0\nlog:\n  requests: false\ninputs:\n  poll_interval: 50ms\n  files:
    - path: ${JSON.stringify(preds)}
      kind: predictions
      model: churn
      fields: { id: request_id, ts: timestamp, features: inputs, prediction: output.label, score: output.proba, version: model_version }
    - path: ${JSON.stringify(labels)}
      kind: labels
      model: churn
      fields: { id: request_id, label: outcome }\n`;
  let d: TestDaemon = await startTestDaemon({ config, dataDir });
  try {
    const count = async () => (await d.runtime.reader.predictions('churn')).rows;
    await waitFor('20 predictions', count, (n) => n === 20);
    const c = await d.runtime.reader.predictions('churn');
    assert.deepEqual(c.id.slice(0, 2), ['q0', 'q1']);
    assert.deepEqual([...c.score.slice(0, 3)], [0, 0.01, 0.02]);
    assert.deepEqual(c.version[0], 'v3');
    assert.deepEqual(c.features.plan.slice(0, 2), ['free', 'pro']);
    assert.equal(c.ts[1], 1_767_000_001_000);

    // A line that is not JSON and a record without its prediction are skipped; the rest are stored.
    appendFileSync(preds, `${record(20)}\nnot json at all\n${JSON.stringify({ request_id: 'q21', inputs: { tenure: 1 } })}\n${record(22)}\n`);
    await waitFor('two more predictions', count, (n) => n === 22);
    writeFileSync(labels, Array.from({ length: 5 }, (_, i) => JSON.stringify({ request_id: `q${i}`, outcome: i % 2 })).join('\n') + '\n');
    await waitFor('5 labels', async () => (await d.runtime.reader.models()).find((m) => m.model === 'churn')?.labels ?? 0, (n) => n === 5);
    const ready = await (await d.request('/readyz')).json();
    assert.match(ready.checks['inputs.files'].detail, /predictions\.ndjson: 1 record\(s\) refused: prediction is required/);

    await d.cleanup();
    appendFileSync(preds, `${record(23)}\n`);
    d = await startTestDaemon({ config, dataDir });
    await waitFor('the record written while stopped, once', count, (n) => n === 23);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await count(), 23, 'nothing read twice');
  } finally {
    await d.cleanup();
  }
});

test('a field mapping on a log input, or to a field the kind does not have, is refused by the config schema', () => {
  const errors = (file: Record<string, unknown>) => {
    const r = inputsSchema.safeParse({ files: [{ path: '/var/log/x', ...file }] });
    return r.success ? [] : r.error.issues.map((x) => x.message);
  };
  assert.deepEqual(errors({ kind: 'predictions', fields: { prediction: 'out.y' } }), []);
  assert.deepEqual(errors({ fields: { prediction: 'out.y' } }), ['fields and model apply to kind: predictions or labels only']);
  assert.deepEqual(errors({ kind: 'labels', fields: { prediction: 'y' } }), ['fields names a row field that this kind does not have']);
});
