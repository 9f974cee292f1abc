// Headless Chromium for dashboard tests: Debian's /usr/bin/chromium driven by playwright-core.
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.SIDEWATCH_CHROMIUM ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or null when they can. */
export function browserUnavailable(): string | null {
  return existsSync(chromiumPath) ? null : `no Chromium at ${chromiumPath} (install Debian's chromium or set SIDEWATCH_CHROMIUM)`;
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}
