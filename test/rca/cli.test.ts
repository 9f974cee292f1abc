import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sidewatch-rca-'));

function sidewatch(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/sidewatch.js'), 'rca', ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

// carts_cpu shifts at step 40 and causes carts_latency and then frontend_latency to rise.
const t0 = 1_700_000_000;
let seed = 7;
const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
const rows = ['time,frontend_latency,carts_cpu,carts_latency,orders_cpu,db_cpu'];
for (let i = 0; i < 60; i++) {
  const v = [100 + 3 * rnd() + (i >= 43 ? 40 : 0), 30 + 2 * rnd() + (i >= 40 ? 50 : 0), 20 + rnd() + (i >= 42 ? 30 : 0), 40 + 2 * rnd(), 50 + 2 * rnd()];
  rows.push([new Date((t0 + 60 * i) * 1000).toISOString(), ...v.map((x) => x.toFixed(3))].join(','));
}
const metrics = write('metrics.csv', rows.join('\n') + '\n');
const graph = write('graph.csv', ',frontend,carts,orders,db\nfrontend,0,1,1,0\ncarts,0,0,0,0\norders,0,0,0,1\ndb,0,0,0,0\n');

test('rca --json ranks the injected cause first, with and without a graph', () => {
  for (const extra of [[], ['--graph', graph]]) {
    const r = sidewatch('--metrics', metrics, '--since', String(t0 + 60 * 40), '--json', ...extra);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { ranking: { series: string; score: number }[] };
    assert.equal(out.ranking.length, 5);
    assert.equal(out.ranking[0]!.series, 'carts_cpu');
    assert.ok(out.ranking.every((x) => typeof x.score === 'number' && Number.isFinite(x.score)));
    assert.ok(out.ranking.every((x, i) => i === 0 || out.ranking[i - 1]!.score >= x.score));
    const names = out.ranking.map((x) => x.series);
    assert.ok(names.indexOf('orders_cpu') > names.indexOf('frontend_latency'));
  }
});

test('rca accepts ISO-8601 for --since and prints a table without --json', () => {
  const r = sidewatch('--metrics', metrics, '--since', new Date((t0 + 60 * 40) * 1000).toISOString(), '--graph', graph);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.split('\n')[2]!, /^1\s+carts_cpu\s/);
});

test('rca names what is wrong with bad input', () => {
  const noTime = write('notime.csv', 'ts,a\n1,2\n2,3\n');
  assert.match(sidewatch('--metrics', noTime, '--since', '2', '--json').stderr, /no "time" column/);
  const bad = write('bad.csv', 'time,a,b\n1,2,3\n2,oops,4\n3,1,1\n');
  const r = sidewatch('--metrics', bad, '--since', '2', '--json');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /line 3, column "a": "oops" is not a number/);
  assert.match(sidewatch('--metrics', metrics, '--since', String(t0 - 3600)).stderr, /outside the data/);
  assert.match(sidewatch('--metrics', metrics, '--since', String(t0 + 86400)).stderr, /outside the data/);
  assert.match(sidewatch('--metrics', metrics, '--since', 'yesterday').stderr, /neither epoch seconds nor ISO-8601/);
  assert.match(sidewatch('--metrics', join(dir, 'missing.csv'), '--since', '1').stderr, /no such file/);
  assert.match(sidewatch('--since', '1').stderr, /missing --metrics/);
});
