// The model-health dashboard's open-alerts panel must show the picked model's alerts only:
// its query, filled in the way the dashboard client fills it, goes through the real alert routes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tempDir } from '../helpers/daemon.ts';
import { startHarness, advance } from '../alerting/harness.ts';
import { alertingRoutes } from '../../core/alerting/api.ts';

interface Panel {
  id: string;
  query: string;
}

const dashboard = JSON.parse(readFileSync(new URL('../../dashboards/model-health.json', import.meta.url), 'utf8')) as { panels: Panel[] };

// The substitution of dashboards/client/app.js.
const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(vars[k] ?? ''));

test('the open-alerts panel lists only the picked model’s firing alerts', async (t) => {
  const dir = tempDir('sidewatch-open-alerts-');
  const h = await startHarness(dir, {});
  t.after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await h.manager.ingest([
    h.finding('drift.feature', { model: 'churn', feature: 'age' }),
    h.finding('drift.feature', { model: 'fraud/v2', feature: 'amount' }),
    h.finding('metric.anomaly', { metric: 'http_latency_p99' }, { stage: 'metric-anomaly' }),
  ]);
  await advance(h, 1000);
  const app = alertingRoutes(() => h.manager);
  const panel = dashboard.panels.find((p) => p.id === 'open-alerts');
  assert.ok(panel, 'model-health has an open-alerts panel');

  const all = (await (await app.request('/v1/alerts?state=firing')).json()) as { labels: Record<string, string> }[];
  assert.equal(all.length, 3, 'three alerts fire before any filtering');

  for (const model of ['churn', 'fraud/v2']) {
    const res = await app.request(fill(panel.query, { model }));
    assert.equal(res.status, 200, await res.clone().text());
    const shown = (await res.json()) as { labels: Record<string, string> }[];
    assert.deepEqual(shown.map((a) => a.labels.model), [model]);
  }
});
