// CloudEvents from inference loggers, sent by the cloudevents SDK with the attributes KServe's
// agent puts on every event, through a real daemon: each payload form becomes prediction rows,
// halves join whichever comes first, and malformed events are refused with nothing stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CloudEvent, HTTP, emitterFor, httpTransport, Mode } from 'cloudevents';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';

let d: TestDaemon;
before(async () => {
  d = await startTestDaemon({
    config: [
      'server:\n  port: 0',
      'log:\n  requests: false',
      'models:\n  iris-positional:\n    features: [sepal_length, sepal_width, petal_length, petal_width]',
      'receivers:\n  cloudevents:\n    max_pending: 3\n    pending_ttl: 1h\n    endpoints:\n      - service: renamed-isvc\n        endpoint: canary\n        model: renamed\n        version: v2-canary',
    ].join('\n'),
  });
});
after(async () => {
  await d.cleanup();
});

/** The context attributes and extensions KServe's logger agent sets (pkg/logger). */
function kserveEvent(id: string, half: 'request' | 'response', data: unknown, ext: Record<string, string> = {}) {
  return new CloudEvent({
    id,
    specversion: '1.0',
    type: `org.kubeflow.serving.inference.${half}`,
    source: 'http://localhost:9081/',
    time: '2026-12-01T10:00:00.000Z',
    datacontenttype: 'application/json',
    data,
    inferenceservicename: 'sklearn-iris',
    namespace: 'default',
    component: 'predictor',
    endpoint: 'default',
    ...ext,
  });
}

const url = () => `${d.url}/v1/cloudevents`;
type Sent = { statusCode: number; body: string };
/** The SDK's own serializers, posted with fetch so the test sees the status code too. */
const via = (mode: 'binary' | 'structured') => async (ev: CloudEvent<unknown>): Promise<Sent> => {
  const m = mode === 'binary' ? HTTP.binary(ev) : HTTP.structured(ev);
  const res = await fetch(url(), { method: 'POST', headers: m.headers as Record<string, string>, body: m.body as string });
  return { statusCode: res.status, body: await res.text() };
};
const binary = () => via('binary');
const structured = () => via('structured');

async function rows(model: string) {
  return d.runtime.reader.predictions(model);
}

test('binary mode, V1 object instances and probabilities: a request then its response become one row per instance', async () => {
  const send = binary();
  const req = kserveEvent('b1', 'request', { instances: [{ sepal_length: 6.8, species_hint: 'x' }, { sepal_length: 5.1, species_hint: 'y' }] });
  const r1 = (await send(req));
  assert.equal(r1.statusCode, 202, String(r1.body));
  const r2 = (await send(kserveEvent('b1', 'response', { predictions: [[0.2, 0.8], [0.9, 0.1]] })));
  assert.equal(r2.statusCode, 200, String(r2.body));
  assert.equal(JSON.parse(r2.body).accepted, 2);
  const c = await rows('sklearn-iris');
  assert.equal(c.rows, 2);
  assert.deepEqual(c.id, ['b1/0', 'b1/1']);
  assert.deepEqual([...c.predictionNum], [1, 0]);
  assert.deepEqual([...c.score], [0.8, 0.1]);
  assert.deepEqual([...(c.features.sepal_length as Float64Array)], [6.8, 5.1]);
  assert.deepEqual(c.features.species_hint, ['x', 'y']);
  assert.deepEqual(c.version, ['predictor', 'predictor']);
  assert.equal(c.ts[0], Date.parse('2026-12-01T10:00:00.000Z'));
});

test('structured mode, the response first: positional V1 instances take the model\'s features list', async () => {
  const send = structured();
  const ext = { inferenceservicename: 'iris-positional' };
  const r1 = (await send(kserveEvent('s1', 'response', { predictions: ['setosa'] }, ext)));
  assert.equal(r1.statusCode, 202);
  const r2 = (await send(kserveEvent('s1', 'request', { instances: [[5.1, 3.5, 1.4, 0.2]] }, ext)));
  assert.equal(r2.statusCode, 200, String(r2.body));
  const c = await rows('iris-positional');
  assert.equal(c.rows, 1);
  assert.deepEqual(Object.keys(c.features).sort(), ['petal_length', 'petal_width', 'sepal_length', 'sepal_width']);
  assert.equal((c.features.petal_width as Float64Array)[0], 0.2);
  assert.deepEqual(c.predictionStr, ['setosa']);
});

test('batched mode, Open Inference Protocol V2: one wide tensor, MLServer pandas columns, model_version, a config endpoint rule', async () => {
  const wide = kserveEvent('v2a', 'request', { inputs: [{ name: 'input-0', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6] }] }, { inferenceservicename: 'v2-wide' });
  const wideOut = kserveEvent('v2a', 'response', { model_name: 'v2-wide', model_version: '7', id: 'v2a', outputs: [{ name: 'predict', shape: [2], datatype: 'INT64', data: [0, 1] }, { name: 'predict_proba', shape: [2, 2], datatype: 'FP32', data: [0.7, 0.3, 0.4, 0.6] }] }, { inferenceservicename: 'v2-wide' });
  // MLServer's pandas codec: one tensor per column, nested data.
  const pandas = kserveEvent('v2b', 'request', { parameters: { content_type: 'pd' }, inputs: [
    { name: 'age', shape: [2, 1], datatype: 'INT64', data: [[31], [47]] },
    { name: 'plan', shape: [2, 1], datatype: 'BYTES', data: [['pro'], ['free']] },
  ] }, { inferenceservicename: 'renamed-isvc', endpoint: 'canary' });
  const pandasOut = kserveEvent('v2b', 'response', { model_name: 'churn', outputs: [{ name: 'output-0', shape: [2, 1], datatype: 'FP64', data: [0.25, 0.75] }] }, { inferenceservicename: 'renamed-isvc', endpoint: 'canary' });
  const body = JSON.stringify([wide, wideOut, pandas, pandasOut].map((e) => JSON.parse(HTTP.structured(e).body as string)));
  const res = await d.request('/v1/cloudevents', { method: 'POST', headers: { 'content-type': 'application/cloudevents-batch+json' }, body });
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual(await res.json(), { accepted: 4, waiting: 0, events: 4 });
  const w = await rows('v2-wide');
  assert.deepEqual(Object.keys(w.features), ['input-0_0', 'input-0_1', 'input-0_2']);
  assert.deepEqual([...(w.features['input-0_2'] as Float64Array)], [3, 6]);
  assert.deepEqual([...w.predictionNum], [0, 1]);
  assert.deepEqual([...w.score], [0.3, 0.6]);
  assert.deepEqual(w.version, ['7', '7']);
  const p = await rows('renamed');
  assert.deepEqual([...(p.features.age as Float64Array)], [31, 47]);
  assert.deepEqual(p.features.plan, ['pro', 'free']);
  assert.deepEqual([...p.predictionNum], [0.25, 0.75]);
  assert.deepEqual(p.version, ['v2-canary', 'v2-canary']);
  assert.deepEqual(p.id, ['v2b/0', 'v2b/1']);
});

test('malformed events get a 400 naming the problem, and nothing is stored or held', async () => {
  const before = (await d.runtime.reader.models()).reduce((a, m) => a + m.predictions, 0);
  const waiting = (await (await d.request('/v1/receivers')).json()).cloudevents.pending;
  const good = HTTP.binary(kserveEvent('m1', 'request', { instances: [[1, 2]] }));
  const cases: [string, Record<string, string>, string, RegExp][] = [];
  const noId = { ...good.headers } as Record<string, string>;
  delete noId['ce-id'];
  cases.push(['missing ce-id', noId, good.body as string, /missing header\(s\) ce-id/]);
  cases.push(['unknown type', { ...(good.headers as Record<string, string>), 'ce-type': 'com.example.something' }, good.body as string, /unknown type "com\.example\.something"/]);
  cases.push(['body that does not parse', good.headers as Record<string, string>, '{"instances": [1, 2', /not valid JSON/]);
  cases.push(['neither V1 nor V2', good.headers as Record<string, string>, '{"rows": []}', /neither "instances" \(V1\) nor "inputs" \(V2\)/]);
  const badShape = JSON.stringify({ inputs: [{ name: 'x', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3, 4, 5] }] });
  cases.push(['tensor shape that does not match its data', good.headers as Record<string, string>, badShape, /tensor "x": shape \[2, 3\] needs 6 values, data has 5/]);
  cases.push(['structured event without id', { 'content-type': 'application/cloudevents+json' }, JSON.stringify({ specversion: '1.0', type: 'org.kubeflow.serving.inference.request', source: 's', data: {} }), /missing attribute\(s\) id/]);
  for (const [what, headers, body, want] of cases) {
    const res = await fetch(url(), { method: 'POST', headers, body });
    assert.equal(res.status, 400, what);
    const msg = (await res.json()).message as string;
    assert.match(msg, want, `${what}: ${msg}`);
  }
  // A batch with one bad event stores nothing, not even the good pair before it.
  const pair = [kserveEvent('m2', 'request', { instances: [[1]] }), kserveEvent('m2', 'response', { predictions: [1] }), kserveEvent('m3', 'request', { inputs: [{ name: 'x', shape: [1], datatype: 'FP32', data: ['a'] }] })];
  const res = await d.request('/v1/cloudevents', { method: 'POST', headers: { 'content-type': 'application/cloudevents-batch+json' }, body: JSON.stringify(pair.map((e) => JSON.parse(HTTP.structured(e).body as string))) });
  assert.equal(res.status, 400);
  assert.match((await res.json()).message, /datatype FP32 but data\[0\] is not a number/);
  // A response whose instance count differs from its request's is refused at the join.
  const send = binary();
  assert.equal(((await send(kserveEvent('m4', 'request', { instances: [[1], [2]] })))).statusCode, 202);
  const mismatch = (await send(kserveEvent('m4', 'response', { predictions: [1] })));
  assert.equal(mismatch.statusCode, 400);
  assert.match(String(mismatch.body), /the request has 2 instance\(s\) but the response has 1 prediction/);
  const after = (await d.runtime.reader.models()).reduce((a, m) => a + m.predictions, 0);
  assert.equal(after, before);
  const status = (await (await d.request('/v1/receivers')).json()).cloudevents;
  assert.equal(status.pending, waiting + 1, 'only the m4 request waits (its bad response was refused)');
});

test('halves that never meet their partner are bounded and reported', async () => {
  const send = binary();
  for (let i = 0; i < 5; i++) await send(kserveEvent(`lonely${i}`, 'request', { instances: [[i]] }));
  const s = (await (await d.request('/v1/receivers')).json()).cloudevents;
  assert.equal(s.pending, 3, 'max_pending: 3');
  assert.ok(s.unjoined.overflow >= 2);
  assert.ok(s.recent_unjoined.some((u: { id: string; reason: string }) => u.id === 'lonely0' && u.reason === 'overflow'));
  const metrics = await (await d.request('/metrics')).text();
  assert.match(metrics, /sidewatch_receiver_unjoined_total\{[^}]*reason="overflow"[^}]*\} [1-9]/);
  assert.match(metrics, /sidewatch_receiver_pending\{receiver="cloudevents"[^}]*\} 3/);
});

test("the SDK's own HTTP emitter (binary mode, as KServe's agent sends) stores the pair", async () => {
  const emit = emitterFor(httpTransport(url()), { mode: Mode.BINARY });
  await emit(kserveEvent('e1', 'request', { instances: [{ x: 1 }] }, { inferenceservicename: 'emitted' }));
  const r = (await emit(kserveEvent('e1', 'response', { predictions: [0] }, { inferenceservicename: 'emitted' }))) as { body: string };
  assert.equal(JSON.parse(r.body).accepted, 1);
  assert.equal((await rows('emitted')).rows, 1);
});
