// Ingest requests and stage runs produce spans with what they did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTestDaemon } from '../helpers/daemon.ts';

test('ingest requests and stage runs are traced', async () => {
  const exporter = new InMemorySpanExporter();
  const d = await startTestDaemon({ spanExporters: [exporter], config: 'server:\n  port: 0\nlog:\n  requests: false\nstages:\n  volume:\n    every: 1h\n' });
  try {
    const ok = await d.request('/v1/predictions', { method: 'POST', json: [{ model: 'm', features: { x: 1 }, prediction: 1 }, { model: 'm', features: { x: 2 }, prediction: 0 }] });
    assert.equal(ok.status, 200);
    const bad = await d.request('/v1/predictions', { method: 'POST', json: [{ model: 'm' }] });
    assert.equal(bad.status, 400);
    const run = await d.request('/v1/stages/volume/run', { method: 'POST' });
    assert.equal(run.status, 200);
    const spans = exporter.getFinishedSpans();
    const ingest = spans.filter((s) => s.name === 'ingest /v1/predictions');
    assert.equal(ingest.length, 2);
    assert.equal(ingest[0]!.attributes['sidewatch.rows'], 2);
    assert.equal(ingest[0]!.attributes['http.response.status_code'], 200);
    assert.equal(ingest[1]!.attributes['http.response.status_code'], 400);
    assert.equal(ingest[1]!.status.code, 2); // ERROR
    const stage = spans.find((s) => s.name === 'stage volume');
    assert.ok(stage, 'stage span');
    assert.equal(stage.attributes['sidewatch.outcome'], 'ok');
    assert.equal(stage.attributes['sidewatch.trigger'], 'api');
  } finally {
    await d.cleanup();
  }
});
