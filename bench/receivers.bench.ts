// Ingest through the protocol receivers next to the native endpoints they stand in for, against
// one daemon child process in the same run: CloudEvents (batched mode, V2 tensors, request and
// response in one batch) vs POST /v1/predictions; OTLP logs (protobuf) vs POST /v1/logs; OTLP
// metrics (JSON) vs POST /v1/metrics; OTLP traces (spans/s); a tailed NDJSON prediction log and
// the Python client (rows/s until stored) vs POST /v1/predictions. Each request carries 1000 rows.
// `npx tsx bench/receivers.bench.ts [--seconds 5] [--connections 4]`
import autocannonUntyped from 'autocannon';
import { createRequire } from 'node:module';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnDaemon } from '../test/helpers/process.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
type Autocannon = (opts: { url: string; method: string; headers: Record<string, string>; body: string | Buffer; connections: number; duration: number }) => Promise<{
  '2xx': number;
  non2xx: number;
  errors: number;
  duration: number;
  latency: { p50: number; p99: number };
}>;
const autocannon = autocannonUntyped as Autocannon;
const seconds = arg('seconds', 5);
const connections = arg('connections', 4);
const rows = 1000;
const featureCount = 20;
const ts = 1_700_000_000_000;

const feature = (i: number, f: number): number | string => (f % 5 === 4 ? `c${(i + f) % 7}` : Math.sin(i * 31 + f) * 100);

function predictionsBody(): string {
  return JSON.stringify(
    Array.from({ length: rows }, (_, i) => ({
      model: 'bench',
      version: 'v1',
      id: `r-${i}`,
      ts: ts + i,
      features: Object.fromEntries(Array.from({ length: featureCount }, (_, f) => [`f${f}`, feature(i, f)])),
      prediction: i % 2,
      score: (i % 100) / 100,
    })),
  );
}

/** 100 inference pairs of 10 instances each, as MLServer's pandas codec writes V2 inputs. */
function cloudeventsBody(): string {
  const events: unknown[] = [];
  const perPair = 10;
  for (let p = 0; p < rows / perPair; p++) {
    const base = { specversion: '1.0', source: 'http://localhost:9081/', datacontenttype: 'application/json', inferenceservicename: 'bench-ce', namespace: 'default', component: 'predictor', endpoint: 'default', time: new Date(ts + p).toISOString() };
    const inputs = Array.from({ length: featureCount }, (_, f) => {
      const data = Array.from({ length: perPair }, (_, k) => feature(p * perPair + k, f));
      return { name: `f${f}`, shape: [perPair, 1], datatype: typeof data[0] === 'string' ? 'BYTES' : 'FP64', data };
    });
    events.push({ ...base, id: `ce-${p}`, type: 'org.kubeflow.serving.inference.request', data: { inputs } });
    events.push({
      ...base,
      id: `ce-${p}`,
      type: 'org.kubeflow.serving.inference.response',
      data: { model_name: 'bench-ce', outputs: [{ name: 'predict_proba', shape: [perPair, 2], datatype: 'FP64', data: Array.from({ length: perPair * 2 }, (_, k) => (k % 2 ? 0.7 : 0.3)) }] },
    });
  }
  return JSON.stringify(events);
}

const lines = Array.from({ length: rows }, (_, i) => `request ${i} served in ${i % 97} ms for user u${i % 13}`);

function otlpLogsProto(): Buffer {
  const root = createRequire(import.meta.url)('@opentelemetry/otlp-transformer/build/src/generated/root.js');
  const T = root.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
  const msg = T.fromObject({
    resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] }, scopeLogs: [{ logRecords: lines.map((l, i) => ({ timeUnixNano: String(BigInt(ts + i) * 1_000_000n), severityNumber: 9, severityText: 'INFO', body: { stringValue: l } })) }] }],
  });
  return Buffer.from(T.encode(msg).finish());
}

const logsNdjson = () => lines.map((l, i) => JSON.stringify({ ts: ts + i, level: 'info', source: 'bench', message: l })).join('\n');
const metricsBody = () => JSON.stringify(Array.from({ length: rows }, (_, i) => ({ name: `m${i % 10}`, value: i, ts: ts + i, labels: { service: 'bench' } })));
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
/** 1000 spans: 500 server spans of "frontend", each calling a server span of "checkout". */
const otlpTracesJson = () => {
  const resource = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });
  const span = (i: number, parent: string | undefined, kind: number) => ({ traceId: hex(i + 1, 32), spanId: hex(i + 1 + (parent ? 1 << 20 : 0), 16), ...(parent ? { parentSpanId: parent } : {}), name: 'op', kind, startTimeUnixNano: String(BigInt(ts + i) * 1_000_000n), endTimeUnixNano: String(BigInt(ts + i + 5) * 1_000_000n), status: { code: i % 50 === 0 ? 2 : 0 } });
  return JSON.stringify({
    resourceSpans: [
      { resource: resource('frontend'), scopeSpans: [{ spans: Array.from({ length: rows / 2 }, (_, i) => span(i, undefined, 2)) }] },
      { resource: resource('checkout'), scopeSpans: [{ spans: Array.from({ length: rows / 2 }, (_, i) => span(i, hex(i + 1, 16), 2)) }] },
    ],
  });
};

const otlpMetricsJson = () =>
  JSON.stringify({
    resourceMetrics: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] }, scopeMetrics: [{ metrics: Array.from({ length: 10 }, (_, m) => ({ name: `om${m}`, gauge: { dataPoints: Array.from({ length: rows / 10 }, (_, i) => ({ timeUnixNano: String(BigInt(ts + i) * 1_000_000n), asDouble: i })) } })) }] }],
  });

interface Case {
  name: string;
  path: string;
  contentType: string;
  body: string | Buffer;
  baseline?: string;
}

const cases: Case[] = [
  { name: 'predictions (JSON)', path: '/v1/predictions', contentType: 'application/json', body: predictionsBody() },
  { name: 'cloudevents (batched, V2)', path: '/v1/cloudevents', contentType: 'application/cloudevents-batch+json', body: cloudeventsBody(), baseline: 'predictions (JSON)' },
  { name: 'logs (NDJSON)', path: '/v1/logs', contentType: 'application/x-ndjson', body: logsNdjson() },
  { name: 'otlp logs (protobuf)', path: '/otlp/v1/logs', contentType: 'application/x-protobuf', body: otlpLogsProto(), baseline: 'logs (NDJSON)' },
  { name: 'metrics (JSON)', path: '/v1/metrics', contentType: 'application/json', body: metricsBody() },
  { name: 'otlp metrics (JSON)', path: '/otlp/v1/metrics', contentType: 'application/json', body: otlpMetricsJson(), baseline: 'metrics (JSON)' },
  { name: 'otlp traces (JSON, spans)', path: '/otlp/v1/traces', contentType: 'application/json', body: otlpTracesJson(), baseline: 'predictions (JSON)' },
];

const dir = mkdtempSync(join(tmpdir(), 'sidewatch-bench-recv-'));
const cfg = join(dir, 'bench.yaml');
const predictionLog = join(dir, 'predictions.ndjson');
writeFileSync(predictionLog, '');
writeFileSync(
  cfg,
  `server:\n  port: 0\n  body_limit_mb: 64\nlog:\n  requests: false\n  level: warn\ninputs:\n  poll_interval: 50ms\n  batch_lines: 5000\n  files:\n    - path: ${JSON.stringify(predictionLog)}\n      kind: predictions\n      model: bench-file\n      fields: { id: request_id, features: inputs, prediction: output.label, score: output.proba }\n`,
);
const d = await spawnDaemon(join(dir, 'data'), { args: ['--config', cfg] });
const results = new Map<string, { rowsPerSec: number; p99: number | null; errors: number }>();
const stored = async (model: string) => ((await (await fetch(`${d.url}/v1/models`)).json()) as { model: string; predictions: number }[]).find((m) => m.model === model)?.predictions ?? 0;
async function until(model: string, n: number): Promise<void> {
  while ((await stored(model)) < n) await new Promise((r) => setTimeout(r, 20));
}
try {
  for (const c of cases) {
    const headers = { 'content-type': c.contentType };
    const warm = await fetch(`${d.url}${c.path}`, { method: 'POST', headers, body: typeof c.body === 'string' ? c.body : new Uint8Array(c.body) });
    if (!warm.ok) throw new Error(`${c.name}: warm-up answered ${warm.status} ${await warm.text()}`);
    const r = await autocannon({ url: `${d.url}${c.path}`, method: 'POST', headers, body: c.body, connections, duration: seconds });
    results.set(c.name, { rowsPerSec: (r['2xx'] * rows) / r.duration, p99: r.latency.p99, errors: r.non2xx + r.errors });
  }
  // A model server's prediction log: 100k lines appended at once, timed until all are stored.
  const fileRows = 100_000;
  const lines = Array.from({ length: fileRows }, (_, i) => JSON.stringify({ request_id: `f${i}`, inputs: Object.fromEntries(Array.from({ length: featureCount }, (_, f) => [`f${f}`, feature(i, f)])), output: { label: i % 2, proba: (i % 100) / 100 } })).join('\n') + '\n';
  let t0 = performance.now();
  appendFileSync(predictionLog, lines);
  await until('bench-file', fileRows);
  results.set('prediction log (tailed file)', { rowsPerSec: fileRows / ((performance.now() - t0) / 1000), p99: null, errors: 0 });
  cases.push({ name: 'prediction log (tailed file)', path: '', contentType: '', body: '', baseline: 'predictions (JSON)' });
  // The Python client from one process, batches of 1000, timed from the first call until close() returns.
  const py = spawnSync('python3', ['--version']).status === 0;
  if (py) {
    const clientDir = fileURLToPath(new URL('../clients/python/', import.meta.url));
    const code = `import sys, time\nfrom sidewatch import Sidewatch\nsw = Sidewatch(sys.argv[1], batch_size=1000, max_queue=200000)\nfor i in range(${fileRows}):\n    sw.log_prediction("bench-py", {f"f{j}": (i * 31 + j) % 97 for j in range(${featureCount})}, prediction=i % 2, score=(i % 100) / 100, id=f"y{i}")\nsw.close(120)\ns = sw.stats()\nassert s.sent == ${fileRows}, s\n`;
    t0 = performance.now();
    const r = spawnSync('python3', ['-c', code, d.url], { env: { ...process.env, PYTHONPATH: clientDir }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`python client: ${r.stderr}`);
    results.set('python client (1 process)', { rowsPerSec: fileRows / ((performance.now() - t0) / 1000), p99: null, errors: 0 });
    cases.push({ name: 'python client (1 process)', path: '', contentType: '', body: '', baseline: 'predictions (JSON)' });
  }
} finally {
  d.child.kill('SIGTERM');
  await d.exited;
  rmSync(dir, { recursive: true, force: true });
}

console.log(`receivers: ${rows} rows per request, ${connections} connections, ${seconds} s each, one daemon`);
console.log('path                          rows/s   p99 ms  errors  vs native (traces: spans/s)');
for (const c of cases) {
  const r = results.get(c.name)!;
  const base = c.baseline ? results.get(c.baseline)! : null;
  const ratio = base ? `${((r.rowsPerSec / base.rowsPerSec) * 100).toFixed(1)}% of ${c.baseline}` : '(baseline)';
  console.log(`${c.name.padEnd(28)} ${Math.round(r.rowsPerSec).toString().padStart(8)} ${String(r.p99 ?? '-').padStart(8)} ${String(r.errors).padStart(7)}  ${ratio}`);
}
