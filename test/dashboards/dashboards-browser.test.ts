// Both dashboards in headless Chromium against a daemon with data: every panel settles, the
// panels fed by stored data draw charts, nothing errors in the console, a hostile log line is
// shown as text, the read token from #token= is used, and refresh picks up new data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { repoRoot } from '../helpers/process.ts';
import { browserUnavailable, launchChromium } from './browser.ts';
import { openDashboard as open, unexpectedErrors, wrappedHeaders } from './open-dashboard.ts';
import { hostileLine, readToken, seed, seedConfig, writeToken } from './seed.ts';

const missing = browserUnavailable();
const artifacts = join(repoRoot, 'test-artifacts');
let d: TestDaemon;
let browser: Awaited<ReturnType<typeof launchChromium>>;

before(async () => {
  if (missing) return;
  d = await startTestDaemon({ config: seedConfig });
  await seed(d);
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  await d?.cleanup();
});

const openDashboard = (name: string, query = '') => open(browser, d.url, name, { query, token: readToken });

test('model health renders every panel with the stored data', { skip: missing ?? false }, async () => {
  const r = await openDashboard('model-health');
  const def = (await (await d.request('/dashboards/model-health.json')).json()) as { panels: { id: string }[] };
  assert.deepEqual(r.panels.map((p) => p.id), def.panels.map((p) => p.id));
  for (const p of r.panels) assert.ok(['ok', 'empty', 'unavailable'].includes(p.state), `panel ${p.id} is ${p.state}: ${p.status}`);
  const byId = new Map(r.panels.map((p) => [p.id, p]));
  for (const id of ['prediction-volume', 'score-distribution', 'prediction-histogram']) {
    assert.equal(byId.get(id)!.state, 'ok', `${id}: ${byId.get(id)!.status}`);
    assert.equal(byId.get(id)!.charts, 1, `${id} draws one uPlot chart`);
  }
  assert.equal(byId.get('feature-drift')!.state, 'ok', byId.get('feature-drift')!.status);
  assert.equal(byId.get('feature-drift')!.canvases, 1, 'the drift heat map is a canvas');
  assert.equal(byId.get('versions')!.state, 'ok');
  // two model versions and one reference snapshot
  assert.equal(byId.get('versions')!.rows, 3);
  assert.equal(await r.page.$eval('#model', (s) => (s as HTMLSelectElement).value), 'churn');
  // the volume series are split by model version
  const legend = await r.page.$$eval('[data-panel="prediction-volume"] .u-legend .u-label', (els) => els.map((e) => e.textContent));
  assert.ok(legend.includes('version v1') && legend.includes('version v2'), `legend: ${legend.join(', ')}`);
  // Time axes span exactly the selected range (1h by default), ending now, however little data there is.
  for (const id of ['prediction-volume', 'score-distribution']) {
    const [min, max] = await r.page.$eval(`[data-panel="${id}"] .body`, (b) => [Number((b as HTMLElement).dataset.xMin), Number((b as HTMLElement).dataset.xMax)]);
    assert.ok(Math.abs(max - min - 3600) < 1e-6, `${id}: x axis spans ${max - min} s`);
    assert.ok(Math.abs(max - Date.now() / 1000) < 120, `${id}: x axis ends at ${new Date(max * 1000).toISOString()}`);
  }
  // An empty panel says why when it can be known: this daemon runs no performance or validation stage.
  assert.equal(byId.get('performance')!.state, 'empty');
  assert.match(byId.get('performance')!.status, /the performance stage is not enabled \(add stages\.performance to the config\)/);
  assert.match(byId.get('validation-failures')!.status, /the validation stage is not enabled/);
  assert.deepEqual(await wrappedHeaders(r.page), [], 'no table header wraps');
  assert.deepEqual(unexpectedErrors(r), []);
  assert.deepEqual(r.notFound, [], 'nothing the page asked for was missing (a favicon included)');
  await r.page.screenshot({ path: join(artifacts, 'model-health.png'), fullPage: true });
  await r.page.close();
});

test('ops health renders logs as text and no script from them runs', { skip: missing ?? false }, async () => {
  const r = await openDashboard('ops-health');
  for (const p of r.panels) assert.ok(['ok', 'empty', 'unavailable'].includes(p.state), `panel ${p.id} is ${p.state}: ${p.status}`);
  const byId = new Map(r.panels.map((p) => [p.id, p]));
  for (const id of ['log-volume', 'plugin-health']) {
    assert.equal(byId.get(id)!.state, 'ok', `${id}: ${byId.get(id)!.status}`);
    assert.equal(byId.get(id)!.charts, 1);
  }
  for (const id of ['top-templates', 'new-templates', 'recent-errors', 'plugin-table']) assert.equal(byId.get(id)!.state, 'ok', `${id}: ${byId.get(id)!.status}`);
  const cells = await r.page.$$eval('[data-panel="recent-errors"] td', (els) => els.map((e) => e.textContent));
  assert.ok(cells.includes(hostileLine), 'the hostile line is shown verbatim as text');
  assert.equal(await r.page.$$eval('main img', (els) => els.length), 0, 'no element was created from log text');
  const levels = await r.page.$$eval('[data-panel="log-volume"] .u-legend .u-label', (els) => els.map((e) => e.textContent));
  assert.deepEqual(levels.filter((l) => l !== 'Time').sort(), ['error', 'info', 'warn']);
  await new Promise((res) => setTimeout(res, 300));
  assert.deepEqual(r.dialogs, []);
  assert.deepEqual(unexpectedErrors(r), []);
  await r.page.screenshot({ path: join(artifacts, 'ops-health.png'), fullPage: true });
  await r.page.close();
});

test('the dashboard refreshes live and shows lines that arrive later', { skip: missing ?? false }, async () => {
  const r = await openDashboard('ops-health', '?refresh=5s&range=15m');
  const line = `late arrival ${Date.now()}`;
  const res = await d.request('/v1/logs', { method: 'POST', body: JSON.stringify({ level: 'warn', message: line }), headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${writeToken}` } });
  assert.equal(res.status, 200);
  await r.page.waitForFunction((text) => Array.from(document.querySelectorAll('[data-panel="recent-errors"] td')).some((td) => td.textContent === text), line, { timeout: 30_000 });
  // The line shows while the refresh that fetched it is still filling other panels; the refresh
  // is counted once all have settled.
  await r.page.waitForFunction(() => Number((document.body as HTMLElement).dataset.loaded) >= 2, undefined, { timeout: 30_000 });
  await r.page.close();
});

test('without the read token the panels say so instead of breaking', { skip: missing ?? false }, async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${d.url}/dashboards/ops-health`);
  await page.waitForSelector('body[data-loaded]', { timeout: 15_000 });
  const states = await page.$$eval('section.panel', (els) => els.map((e) => [(e as HTMLElement).dataset.state, e.querySelector('.status')!.textContent]));
  for (const [state, status] of states) {
    assert.equal(state, 'error');
    assert.match(status!, /unauthorized/);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the index lists both dashboards', { skip: missing ?? false }, async () => {
  const page = await browser.newPage();
  const notFound: string[] = [];
  page.on('response', (res) => {
    if (res.status() === 404) notFound.push(new URL(res.url()).pathname);
  });
  await page.goto(`${d.url}/`);
  assert.deepEqual(notFound, [], 'the index asks for nothing missing (no favicon 404)');
  const links = await page.$$eval('a', (els) => els.map((a) => a.getAttribute('href')));
  assert.ok(links.includes('/dashboards/model-health') && links.includes('/dashboards/ops-health'));
  await page.close();
});
