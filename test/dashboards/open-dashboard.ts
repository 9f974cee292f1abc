// Opens a dashboard page in Chromium and reads back what every panel settled on, with the
// console errors, dialogs and 404s seen while loading.
import type { launchChromium } from './browser.ts';

export interface PanelState {
  id: string;
  state: string;
  status: string;
  charts: number;
  canvases: number;
  rows: number;
}

type Browser = Awaited<ReturnType<typeof launchChromium>>;

export async function openDashboard(browser: Browser, url: string, name: string, opts: { query?: string; token?: string; width?: number; colorScheme?: 'light' | 'dark' } = {}) {
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1400, height: 1000 }, colorScheme: opts.colorScheme ?? 'light' });
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];
  const notFound: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on('dialog', (dlg) => {
    dialogs.push(dlg.message());
    void dlg.dismiss();
  });
  page.on('response', (r) => {
    if (r.status() === 404) notFound.push(new URL(r.url()).pathname);
  });
  page.on('requestfailed', (r) => consoleErrors.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? 'unknown'})`));
  await page.goto(`${url}/dashboards/${name}${opts.query ?? ''}${opts.token ? `#token=${opts.token}` : ''}`);
  await page.waitForSelector('body[data-loaded]', { timeout: 15_000 });
  const panels = await readPanels(page);
  return { page, panels, consoleErrors, dialogs, notFound };
}

export function readPanels(page: Awaited<ReturnType<Browser['newPage']>>): Promise<PanelState[]> {
  return page.$$eval('section.panel', (els) =>
    els.map((e) => ({
      id: (e as HTMLElement).dataset.panel!,
      state: (e as HTMLElement).dataset.state!,
      status: e.querySelector('.status')!.textContent ?? '',
      charts: e.querySelectorAll('.uplot').length,
      canvases: e.querySelectorAll('canvas').length,
      rows: e.querySelectorAll('tbody tr').length,
    })),
  );
}

/** 404s show up as console errors in Chromium; they are allowed only for endpoints a panel reports as unavailable. */
export function unexpectedErrors(r: Awaited<ReturnType<typeof openDashboard>>): string[] {
  const unavailable = r.panels.filter((p) => p.state === 'unavailable').map((p) => p.status);
  const explained = r.notFound.every((path) => unavailable.some((s) => s.includes(path)));
  return r.consoleErrors.filter((e) => !(explained && /Failed to load resource: the server responded with a status of 404/.test(e)));
}

/** Table headers whose text takes more than one line (words broken into letters, say). */
export function wrappedHeaders(page: Awaited<ReturnType<Browser['newPage']>>): Promise<string[]> {
  return page.$$eval('table:not(.u-legend) th', (els) =>
    els
      .filter((th) => {
        const r = document.createRange();
        r.selectNodeContents(th);
        return new Set(Array.from(r.getClientRects(), (x) => Math.round(x.top))).size > 1;
      })
      .map((th) => th.textContent ?? ''),
  );
}

/**
 * Table cells narrower than their longest word (text that would break inside a word), skipping
 * cells whose value is clipped on purpose with its full text in a title.
 */
export function narrowCells(page: Awaited<ReturnType<Browser['newPage']>>): Promise<string[]> {
  return page.$$eval('table:not(.u-legend) td, table:not(.u-legend) th', (cells) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    const out: string[] = [];
    for (const cell of cells) {
      if (cell.querySelector('.clip, button') || !cell.textContent?.trim()) continue;
      const style = getComputedStyle(cell);
      ctx.font = style.font;
      const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const longest = cell.textContent.split(/\s+/).reduce((w, word) => Math.max(w, ctx.measureText(word).width), 0);
      if (longest > inner + 1) out.push(`${cell.textContent.trim().slice(0, 40)} (${Math.round(longest)} px in ${Math.round(inner)} px)`);
    }
    return out;
  });
}

/** How far the page is wider than the window (0 when nothing overflows sideways). */
export function pageOverflow(page: Awaited<ReturnType<Browser['newPage']>>): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
