// What a user does on the dashboards, in headless Chromium against a seeded daemon: opens a
// drifted feature's drill-down (by mouse and by keyboard), creates and expires a silence from the
// ops page, and reads both pages at 1024, 1440 and 1920 px in the light and the dark scheme
// without sideways overflow, words broken inside table cells or time axes outside the range.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestDaemon, type TestDaemon } from '../helpers/daemon.ts';
import { repoRoot } from '../helpers/process.ts';
import { browserUnavailable, launchChromium } from './browser.ts';
import { narrowCells, openDashboard, pageOverflow, unexpectedErrors, wrappedHeaders } from './open-dashboard.ts';
import { readToken, seed, seedConfig, writeToken } from './seed.ts';

const missing = browserUnavailable();
const skip = missing ? `skipped: ${missing}` : false;
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

type Page = Awaited<ReturnType<typeof openDashboard>>['page'];

async function drilldown(page: Page) {
  await page.waitForSelector('.drilldown[data-state="ok"] [data-chart="over-time"] .uplot', { timeout: 10_000 });
  return page.$eval('.drilldown', (box) => ({
    feature: (box as HTMLElement).dataset.feature,
    summary: box.querySelector('.status')?.textContent ?? '',
    charts: box.querySelectorAll('.uplot').length,
    distLegend: Array.from(box.querySelectorAll('[data-chart="distribution"] .u-legend .u-label'), (e) => e.textContent),
    overLegend: Array.from(box.querySelectorAll('[data-chart="over-time"] .u-legend .u-label'), (e) => e.textContent),
    range: [Number((box.querySelector('[data-chart="over-time"] [data-x-min]') as HTMLElement).dataset.xMin), Number((box.querySelector('[data-chart="over-time"] [data-x-min]') as HTMLElement).dataset.xMax)],
  }));
}

test('a drifted feature opens its drill-down with both distributions and its statistic against the threshold', { skip }, async () => {
  const r = await openDashboard(browser, d.url, 'model-health', { token: readToken });
  const drifted = await r.page.$$eval('[data-panel="feature-drift"] .heat-labels button.drifted', (bs) => bs.map((b) => (b as HTMLElement).dataset.feature!));
  assert.ok(drifted.length > 0, 'the seeded windows drift in at least one feature');
  await r.page.click(`[data-panel="feature-drift"] .heat-labels button[data-feature="${drifted[0]}"]`);
  const shown = await drilldown(r.page);
  assert.equal(shown.feature, drifted[0]);
  assert.equal(shown.charts, 2, 'a distribution chart and a statistic-over-time chart');
  assert.deepEqual(shown.distLegend, ['reference', 'current']);
  assert.ok(shown.overLegend.includes('threshold'), `over-time series: ${shown.overLegend.join(', ')}`);
  assert.match(shown.summary, /\(drifted\) in the newest run/);
  assert.match(shown.summary, /missing \d+\.\d% in the reference, \d+\.\d% now/);
  assert.ok(Math.abs(shown.range[1] - shown.range[0] - 3600) < 1e-6, `the over-time axis spans the selected hour, not ${shown.range[1] - shown.range[0]} s`);
  // The choice is in the URL, so a reload (or a shared link) opens the same drill-down.
  assert.equal(new URL(r.page.url()).searchParams.get('feature'), drifted[0]);
  await r.page.screenshot({ path: join(artifacts, 'drilldown-1400.png'), fullPage: true });
  await (await r.page.$('.drilldown'))!.screenshot({ path: join(artifacts, 'drilldown-panel.png') });
  await r.page.reload();
  assert.equal((await drilldown(r.page)).feature, drifted[0]);
  assert.deepEqual(unexpectedErrors(r), []);
  await r.page.close();
});

test('the drill-down opens from the keyboard and closes again', { skip }, async () => {
  const r = await openDashboard(browser, d.url, 'model-health', { token: readToken });
  const features = await r.page.$$eval('[data-panel="feature-drift"] .heat-labels button', (bs) => bs.map((b) => (b as HTMLElement).dataset.feature!));
  const last = features[features.length - 1]!;
  await r.page.focus(`[data-panel="feature-drift"] .heat-labels button[data-feature="${last}"]`);
  await r.page.keyboard.press('Enter');
  assert.equal((await drilldown(r.page)).feature, last);
  assert.equal(await r.page.$eval(`button[data-feature="${last}"]`, (b) => b.getAttribute('aria-pressed')), 'true');
  // Its close button works from the keyboard too.
  await r.page.focus('.drilldown .close');
  await r.page.keyboard.press('Enter');
  assert.equal(await r.page.$$eval('.drilldown', (els) => els.length), 0);
  assert.equal(new URL(r.page.url()).searchParams.get('feature'), null);
  await r.page.close();
});

test('a silence created from the ops page appears in /v1/silences and expires from the page', { skip }, async () => {
  const r = await openDashboard(browser, d.url, 'ops-health', { token: writeToken });
  const panel = '[data-panel="alerts-silences"]';
  assert.equal(await r.page.$eval(panel, (p) => (p as HTMLElement).dataset.state), 'ok');
  // The open group's button fills the matchers with its labels.
  const groups = await r.page.$$(`${panel} tbody button:has-text("silence…")`);
  assert.ok(groups.length >= 1, 'the firing volume.silent alert forms a group');
  await groups[0]!.click();
  assert.match(await r.page.inputValue(`${panel} input[name="matchers"]`), /=/);
  const comment = `maintenance window ${Date.now()}`;
  await r.page.fill(`${panel} input[name="matchers"]`, 'alertname="volume.silent", model="churn"');
  await r.page.selectOption(`${panel} select[name="duration"]`, '1h');
  await r.page.fill(`${panel} input[name="createdBy"]`, 'oncall@example.com');
  await r.page.fill(`${panel} input[name="comment"]`, comment);
  await r.page.click(`${panel} button[type="submit"]`);
  await r.page.waitForFunction((sel) => /created/.test(document.querySelector(`${sel} .form-status`)?.textContent ?? ''), panel);
  const silences = (await (await d.request('/v1/silences', { headers: { authorization: `Bearer ${readToken}` } })).json()) as { id: string; state: string; comment: string; createdBy: string; matchers: { name: string; value: string }[]; startsAt: number; endsAt: number }[];
  const created = silences.find((s) => s.comment === comment);
  assert.ok(created, 'the silence is stored');
  assert.equal(created.state, 'active');
  assert.equal(created.createdBy, 'oncall@example.com');
  assert.deepEqual(created.matchers.map((m) => `${m.name}=${m.value}`), ['alertname=volume.silent', 'model=churn']);
  assert.ok(Math.abs(created.endsAt - created.startsAt - 3_600_000) < 5_000, 'for the hour chosen');
  // The refresh after creating lists it with an expire button.
  await r.page.waitForSelector(`${panel} button[data-expire="${created.id}"]`, { timeout: 10_000 });
  await r.page.click(`${panel} button[data-expire="${created.id}"]`);
  await r.page.waitForFunction((sel) => /expired/.test(document.querySelector(`${sel} .form-status`)?.textContent ?? ''), panel);
  const after = (await (await d.request('/v1/silences', { headers: { authorization: `Bearer ${readToken}` } })).json()) as { id: string; state: string }[];
  assert.equal(after.find((s) => s.id === created.id)?.state, 'expired');
  assert.deepEqual(unexpectedErrors(r), []);
  await r.page.screenshot({ path: join(artifacts, 'ops-silences-1400.png'), fullPage: true });
  await r.page.close();
});

test('with only the read token the silence form says the write token is needed and stores nothing', { skip }, async () => {
  const r = await openDashboard(browser, d.url, 'ops-health', { token: readToken });
  const panel = '[data-panel="alerts-silences"]';
  const before = ((await (await d.request('/v1/silences', { headers: { authorization: `Bearer ${readToken}` } })).json()) as unknown[]).length;
  await r.page.fill(`${panel} input[name="matchers"]`, 'alertname="volume.silent"');
  await r.page.fill(`${panel} input[name="createdBy"]`, 'someone');
  await r.page.fill(`${panel} input[name="comment"]`, 'should not be stored');
  await r.page.click(`${panel} button[type="submit"]`);
  await r.page.waitForFunction((sel) => /not created/.test(document.querySelector(`${sel} .form-status`)?.textContent ?? ''), panel);
  assert.match(await r.page.$eval(`${panel} .form-status`, (e) => e.textContent ?? ''), /needs the write token/);
  const after = (await (await d.request('/v1/silences', { headers: { authorization: `Bearer ${readToken}` } })).json()) as unknown[];
  assert.equal(after.length, before);
  await r.page.close();
});

for (const width of [1024, 1440, 1920]) {
  for (const scheme of ['light', 'dark'] as const) {
    if (scheme === 'dark' && width !== 1440) continue;
    test(`both dashboards read well at ${width} px in the ${scheme} scheme`, { skip }, async () => {
      for (const name of ['model-health', 'ops-health']) {
        const r = await openDashboard(browser, d.url, name, { token: readToken, width, colorScheme: scheme });
        assert.equal(await pageOverflow(r.page), 0, `${name}: the page scrolls sideways`);
        assert.deepEqual(await narrowCells(r.page), [], `${name}: table cells narrower than a word`);
        assert.deepEqual(await wrappedHeaders(r.page), [], `${name}: a table header wraps`);
        const ranges = await r.page.$$eval('[data-x-min]', (els) => els.map((e) => [Number((e as HTMLElement).dataset.xMin), Number((e as HTMLElement).dataset.xMax)]));
        assert.ok(ranges.length >= (name === 'model-health' ? 3 : 2), `${name}: time charts report their axes`);
        for (const [min, max] of ranges) assert.ok(Math.abs(max! - min! - 3600) < 1e-6 && Math.abs(max! - Date.now() / 1000) < 120, `${name}: an x axis spans ${min}…${max}`);
        const bg = await r.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
        const dark = /rgb\((\d+), (\d+), (\d+)\)/.exec(bg)!.slice(1).reduce((a, v) => a + Number(v), 0) < 150;
        assert.equal(dark, scheme === 'dark', `${name}: background ${bg} in the ${scheme} scheme`);
        assert.deepEqual(unexpectedErrors(r), []);
        if (width !== 1440 || scheme === 'dark') await r.page.screenshot({ path: join(artifacts, `${name}-${width}-${scheme}.png`), fullPage: true });
        await r.page.close();
      }
    });
  }
}

test('empty panels say what the model lacks: no labels yet', { skip }, async () => {
  const bare = await startTestDaemon({
    config: `server:\n  port: 0\nlog:\n  requests: false\nstages:\n  drift:\n    every: 1h\n  performance:\n    every: 1h\n`,
  });
  try {
    const now = Date.now();
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ model: 'bare', id: `p${i}`, ts: new Date(now - i * 1000).toISOString(), features: { x: i }, prediction: i % 2, score: 0.5 })).join('\n');
    const res = await bare.request('/v1/predictions', { method: 'POST', body: lines, headers: { 'content-type': 'application/x-ndjson' } });
    assert.equal(res.status, 200, await res.text());
    for (const stage of ['drift', 'performance']) assert.ok((await bare.request(`/v1/stages/${stage}/run`, { method: 'POST' })).ok, `${stage} ran`);
    const r = await openDashboard(browser, bare.url, 'model-health');
    const byId = new Map(r.panels.map((p) => [p.id, p]));
    // Without a reference snapshot, drift compares with an earlier window of the model's traffic.
    assert.equal(byId.get('feature-drift')!.state, 'ok', byId.get('feature-drift')!.status);
    for (const id of ['performance', 'segment-performance']) assert.match(byId.get(id)!.status, /model bare has no labels yet\. Send the true outcomes with POST \/v1\/labels/, id);
    assert.match(byId.get('ab-test')!.status, /the ab-test stage is not enabled/);
    assert.deepEqual(unexpectedErrors(r), []);
    await r.page.close();
  } finally {
    await bare.cleanup();
  }
});
