// `sidewatch drift --html FILE`: one self-contained file (no script, no external asset) with the
// summary, the per-column table and a reference-against-current chart per column; hostile column
// names and categories show as text. Rendered in Chromium at 1440 px: no failed request, no
// console error, one chart per column, and a screenshot in test-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, repoRoot } from '../helpers/process.ts';
import { browserUnavailable, launchChromium } from '../dashboards/browser.ts';
import { distributionOf } from '../../lib/drift/distribution.ts';

let dir: string;
const hostile = '<img src=x onerror=alert(1)>';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sidewatch-html-'));
  const rows = (n: number, shift: number, plans: string[]) =>
    ['income,age,plan,"' + hostile.replace(/"/g, '""') + '"', ...Array.from({ length: n }, (_, i) => `${(Math.sin(i) * 1000 + 5000 + shift).toFixed(2)},${20 + (i % 50)},${plans[i % plans.length]},${i % 3 ? 'a' : hostile.replace(/,/g, ';')}`)].join('\n');
  writeFileSync(join(dir, 'ref.csv'), rows(2000, 0, ['free', 'pro']));
  writeFileSync(join(dir, 'cur.csv'), rows(2000, 800, ['free', 'pro', 'pro', 'enterprise']));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('shares per common bin and per category, the rest of the categories summed', () => {
  const d = distributionOf(Float64Array.from([0, 1, 2, 3]), Float64Array.from([3, 3, NaN]), 3);
  assert.deepEqual(d.edges, [0, 1, 2, 3]);
  assert.deepEqual(d.reference, [0.25, 0.25, 0.5]);
  assert.deepEqual(d.current, [0, 0, 1], 'NaN is missing, not a value');
  const c = distributionOf(['a', 'a', 'b', null], ['a', 'c', 'd'], 10, 2);
  assert.deepEqual(c.labels, ['a', 'b', '(2 others)']);
  assert.deepEqual(c.reference.map((x) => +x.toFixed(4)), [0.6667, 0.3333, 0]);
  assert.deepEqual(c.current.map((x) => +x.toFixed(4)), [0.3333, 0, 0.6667]);
});

test('sidewatch drift --html writes one self-contained, escaped report that renders in Chromium', async (t) => {
  const out = join(dir, 'report.html');
  const r = spawnSync(process.execPath, [cliPath, 'drift', '--reference', join(dir, 'ref.csv'), '--current', join(dir, 'cur.csv'), '--html', out], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`report written to ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  const html = readFileSync(out, 'utf8');
  assert.doesNotMatch(html, /<script|<link|src="http|href="http|@import|url\(/i, 'nothing loaded from elsewhere');
  assert.ok(!html.includes(hostile), 'the hostile column name never appears unescaped');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.equal((html.match(/<svg /g) ?? []).length, 4, 'one chart per column');
  assert.match(html, /dataset drift/);

  const why = browserUnavailable();
  if (why) return t.skip(why);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('requestfailed', (q) => problems.push(`request failed: ${q.url()}`));
    page.on('dialog', (dlg) => {
      problems.push(`a dialog opened: ${dlg.message()}`);
      void dlg.dismiss();
    });
    await page.goto(`file://${out}`);
    assert.equal(await page.locator('section.col svg rect.ref').count() > 0, true);
    assert.equal(await page.locator('section.col').count(), 4);
    assert.equal(await page.locator('tbody tr').count(), 4);
    // The drifted numeric column is marked, and its chart holds both sides.
    assert.equal(await page.locator('tr.drift').filter({ hasText: 'income' }).count(), 1);
    const wrapped = await page.$$eval('th', (ths) => ths.filter((th) => Array.from(th.getClientRects()).length > 1 || th.getBoundingClientRect().height > 30).map((th) => th.textContent));
    assert.deepEqual(wrapped, [], 'table headers on one line');
    mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'test-artifacts', 'drift-report-1440.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
