// The Grafana dashboards import (the fields Grafana requires, unique ids) and query only metric
// names that a real daemon exposes at /metrics after ingest, a rejected batch and a stage run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { repoRoot } from '../helpers/process.ts';
import { parseExposition } from '../telemetry/prometheus.ts';
import { readToken, seed, seedConfig, writeToken } from './seed.ts';

const dir = join(repoRoot, 'dashboards', 'grafana');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

interface GrafanaPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: { refId: string; expr: string }[];
}

let d: TestDaemon;
let exposed: Set<string>;

before(async () => {
  d = await startTestDaemon({ config: seedConfig });
  await seed(d);
  const bad = await d.request('/v1/predictions', { method: 'POST', json: [{ model: 'churn' }], headers: { authorization: `Bearer ${writeToken}` } });
  assert.equal(bad.status, 400);
  const text = await (await d.request('/metrics', { headers: { authorization: `Bearer ${readToken}` } })).text();
  exposed = new Set(parseExposition(text).map((s) => s.name));
});
after(() => d.cleanup());

test('there are Grafana dashboards to import', () => {
  assert.ok(files.length >= 2, `found ${files.join(', ')}`);
});

for (const f of files) {
  test(`${f} has the shape Grafana imports`, () => {
    const dash = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { uid: string; title: string; schemaVersion: number; panels: GrafanaPanel[]; templating: { list: { name: string }[] } };
    assert.match(dash.uid, /^[a-zA-Z0-9_-]{1,40}$/);
    assert.ok(dash.title.length > 0);
    assert.ok(Number.isInteger(dash.schemaVersion) && dash.schemaVersion >= 30);
    assert.ok(Array.isArray(dash.panels) && dash.panels.length > 0);
    const ids = dash.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, 'panel ids are unique');
    const vars = new Set(dash.templating.list.map((v) => v.name));
    for (const p of dash.panels) {
      assert.ok(p.title && p.type, `panel ${p.id} has a title and a type`);
      for (const k of ['x', 'y', 'w', 'h'] as const) assert.ok(Number.isInteger(p.gridPos[k]), `panel ${p.id} gridPos.${k}`);
      assert.ok(p.gridPos.x + p.gridPos.w <= 24, `panel ${p.id} fits the 24-column grid`);
      assert.ok(p.targets.length > 0, `panel ${p.id} has a query`);
      assert.equal(new Set(p.targets.map((t) => t.refId)).size, p.targets.length);
      for (const t of p.targets) for (const v of t.expr.matchAll(/\$(\w+)/g)) assert.ok(vars.has(v[1]!), `panel ${p.id} uses undefined variable $${v[1]}`);
    }
  });

  test(`${f} queries only metrics the daemon exposes`, () => {
    const dash = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { panels: GrafanaPanel[]; templating: { list: { query?: unknown }[] } };
    const exprs = [...dash.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...dash.templating.list.map((v) => JSON.stringify(v.query ?? ''))];
    const names = new Set(exprs.flatMap((e) => [...e.matchAll(/\bsidewatch_[a-z0-9_]+/g)].map((m) => m[0])));
    assert.ok(names.size > 3);
    const missing = [...names].filter((n) => !exposed.has(n));
    assert.deepEqual(missing, [], `not in a real /metrics scrape: ${missing.join(', ')}`);
  });
}
