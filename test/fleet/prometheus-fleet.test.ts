// The fleet view from existing engines: three daemons (child processes) scraped by a real
// Prometheus server loaded with deploy/prometheus's rules; one PromQL query over its HTTP API
// answers for all three models, and every query in the Grafana dashboards runs without error.
// Their Parquet exports in one folder read back as one Hive-partitioned dataset. The rules'
// own checks (`promtool check rules`, `promtool test rules`) run here too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { repoRoot, spawnDaemon, type DaemonProcess } from '../helpers/process.ts';

const hasPromtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
const hasPrometheus = spawnSync('prometheus', ['--version'], { stdio: 'ignore' }).status === 0;
const skip = hasPromtool && hasPrometheus ? false : 'prometheus/promtool not installed (apt-get install prometheus)';
const rulesDir = join(repoRoot, 'deploy', 'prometheus');

const dir = mkdtempSync(join(tmpdir(), 'sidewatch-fleet-'));
const daemons: DaemonProcess[] = [];
let prom: ChildProcess | null = null;
let promUrl = '';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

before(async () => {
  if (skip) return;
  for (let i = 0; i < 3; i++) {
    const cfg = join(dir, `d${i}.yaml`);
    writeFileSync(cfg, `server:\n  port: 0\nlog:\n  requests: false\n  level: warn\nexport:\n  dir: ${JSON.stringify(join(dir, 'lake', `pod-${i}`))}\n  every: 1h\n`);
    const d = await spawnDaemon(join(dir, `data${i}`), { args: ['--config', cfg] });
    daemons.push(d);
    const rows = Array.from({ length: 10 + i }, (_, k) => ({ model: `model-${i}`, id: `r${k}`, features: { x: k }, prediction: k % 2 }));
    const r = await fetch(`${d.url}/v1/predictions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rows) });
    assert.equal(r.status, 200);
    assert.equal((await fetch(`${d.url}/v1/export/run`, { method: 'POST' })).status, 200);
  }
  const port = await freePort();
  promUrl = `http://127.0.0.1:${port}`;
  const targets = daemons.map((d) => `'${new URL(d.url).host}'`).join(', ');
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - ${join(rulesDir, 'sidewatch.rules.yml')}\nscrape_configs:\n  - job_name: sidewatch\n    static_configs:\n      - targets: [${targets}]\n`,
  );
  prom = spawn('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  // Ready, and every target scraped at least once.
  for (let i = 0; i < 150; i++) {
    const up = await query('up{job="sidewatch"} == 1').catch(() => []);
    if (up.length === 3) break;
    await new Promise((r) => setTimeout(r, 200));
  }
});
after(async () => {
  prom?.kill('SIGTERM');
  for (const d of daemons) d.child.kill('SIGTERM');
  await Promise.all(daemons.map((d) => d.exited));
  rmSync(dir, { recursive: true, force: true });
});

async function query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const r = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await r.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
  return body.data!.result;
}

test('the rules pass promtool check and their unit tests', { skip: hasPromtool ? false : 'promtool not installed (apt-get install prometheus)' }, () => {
  for (const args of [['check', 'rules', 'sidewatch.rules.yml'], ['test', 'rules', 'sidewatch.rules.test.yml']]) {
    const r = spawnSync('promtool', args, { cwd: rulesDir, encoding: 'utf8' });
    assert.equal(r.status, 0, `promtool ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  }
});

test('one PromQL query over three scraped daemons answers for all three models', { skip }, async () => {
  const r = await query('sum by (model) (sidewatch_model_predictions)');
  assert.deepEqual(
    r.map((x) => [x.metric.model, Number(x.value[1])]).sort(),
    [['model-0', 10], ['model-1', 11], ['model-2', 12]],
  );
  const rules = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as { data: { groups: { name: string; rules: unknown[] }[] } };
  assert.deepEqual(rules.data.groups.map((g) => g.name).sort(), ['sidewatch.alerts', 'sidewatch.recording']);
});

test("every query in the Grafana dashboards runs against that Prometheus without error", { skip }, async () => {
  const gdir = join(repoRoot, 'dashboards', 'grafana');
  let n = 0;
  for (const f of readdirSync(gdir).filter((x) => x.endsWith('.json'))) {
    const dash = JSON.parse(readFileSync(join(gdir, f), 'utf8')) as { panels?: { targets?: { expr?: string }[] }[] };
    for (const p of dash.panels ?? [])
      for (const t of p.targets ?? []) {
        if (!t.expr) continue;
        // Dashboard variables take the value "all models" would.
        await query(t.expr.replace(/\$model/g, '.*'));
        n++;
      }
  }
  assert.ok(n >= 10, `${n} queries`);
});

test('Parquet exports of the three daemons read back as one Hive-partitioned dataset', { skip }, async () => {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const glob = join(dir, 'lake', '*', 'predictions', '*', '*', '*.parquet');
  const rows = (await conn.runAndReadAll(`SELECT model, count(*)::INTEGER AS n FROM read_parquet('${glob}', hive_partitioning = true, union_by_name = true) GROUP BY model ORDER BY model`)).getRows();
  assert.deepEqual(rows, [['model-0', 10], ['model-1', 11], ['model-2', 12]]);
  conn.closeSync();
  db.closeSync();
});
