// The Kubernetes examples under deploy/kubernetes load as YAML, their Sidewatch configs pass the
// daemon's own config validation, and the fields that connect the pieces agree: the KServe
// logger posts to the CloudEvents path, the Collector exports to the OTLP port Sidewatch opens,
// the sidecar scrapes the model container's port and tails the volume both containers mount.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig, type SectionSchemas } from '../../core/config/load.ts';
import { loadBuiltinPlugins } from '../../core/plugins/registry.ts';
import { builtinModules } from '../../core/modules.ts';
import { repoRoot } from '../helpers/process.ts';

type Doc = { kind: string; metadata: { name: string }; spec?: any; data?: Record<string, string> };

function docs(file: string): Doc[] {
  return parseAllDocuments(readFileSync(join(repoRoot, 'deploy', 'kubernetes', file), 'utf8')).map((d) => {
    assert.equal(d.errors.length, 0, `${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return d.toJS() as Doc;
  });
}

async function sidewatchConfig(file: string, configMap: string) {
  const cm = docs(file).find((d) => d.kind === 'ConfigMap' && d.metadata.name === configMap)!;
  const text = cm.data!['sidewatch.yaml']!;
  const sections: SectionSchemas = {};
  for (const m of await builtinModules()) if (m.configSection && m.configSchema) sections[m.configSection] = m.configSchema;
  return loadConfig({ text, env: { SIDEWATCH_TOKEN: 'example' }, registry: await loadBuiltinPlugins(), sections });
}

test('KServe: the logger posts every request and response to Sidewatch /v1/cloudevents', async () => {
  const isvc = docs('kserve-inferenceservice.yaml').find((d) => d.kind === 'InferenceService')!;
  const logger = isvc.spec.predictor.logger;
  assert.equal(logger.mode, 'all', 'requests and responses both, or no pair ever joins');
  const url = new URL(logger.url);
  assert.equal(url.pathname, '/v1/cloudevents');
  const cfg = await sidewatchConfig('kserve-inferenceservice.yaml', 'sidewatch-config');
  assert.equal(String(cfg.config.server.port), url.port);
  assert.ok(cfg.config.models[isvc.metadata.name]?.features?.length, 'the model is configured under its InferenceService name');
});

test('OpenTelemetry Collector: every pipeline exports to the OTLP port Sidewatch listens on', async () => {
  const cm = docs('otel-collector.yaml').find((d) => d.metadata.name === 'otel-collector-config')!;
  const collector = parseAllDocuments(cm.data!['collector.yaml']!)[0]!.toJS() as any;
  const exporter = collector.exporters['otlphttp/sidewatch'];
  const cfg = await sidewatchConfig('otel-collector.yaml', 'sidewatch-config');
  const otlp = (cfg.sections.receivers as { otlp: { port?: number } }).otlp;
  assert.equal(new URL(exporter.endpoint).port, String(otlp.port));
  for (const p of ['logs', 'metrics', 'traces']) assert.deepEqual(collector.service.pipelines[p].exporters, ['otlphttp/sidewatch']);
});

test('sidecar pod: Sidewatch scrapes the model container and tails the prediction log both mount', async () => {
  const all = docs('scrape-sidecar-pod.yaml');
  const pod = all.find((d) => d.kind === 'Pod')!;
  const model = pod.spec.containers.find((c: any) => c.name === 'model');
  const sidecar = pod.spec.containers.find((c: any) => c.name === 'sidewatch');
  const cfg = await sidewatchConfig('scrape-sidecar-pod.yaml', 'churn-sidewatch-config');
  const inputs = cfg.sections.inputs as { prometheus: { url: string }[]; files: { path: string; kind: string }[] };
  assert.equal(new URL(inputs.prometheus[0]!.url).port, String(model.ports[0].containerPort));
  const file = inputs.files[0]!;
  assert.equal(file.kind, 'predictions');
  const mount = (c: any) => c.volumeMounts.find((m: any) => file.path.startsWith(m.mountPath));
  assert.equal(mount(model).name, mount(sidecar).name, 'the same volume in both containers');
  assert.equal(sidecar.volumeMounts.find((m: any) => m.name === 'sidewatch-data').mountPath, cfg.config.storage.data_dir);
});
