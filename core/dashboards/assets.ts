// Static files of the dashboards: the client modules and stylesheet from dashboards/client and
// uPlot from node_modules. Only the files listed at start are served; nothing comes from a CDN.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dashboardsDir } from './definitions.ts';

export interface Asset {
  body: string;
  type: string;
}

const types: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

export function loadAssets(): Map<string, Asset> {
  const uplotDist = join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist');
  const clientDir = join(dashboardsDir, 'client');
  const files: [string, string][] = [
    ['uPlot.iife.min.js', join(uplotDist, 'uPlot.iife.min.js')],
    ['uPlot.min.css', join(uplotDist, 'uPlot.min.css')],
    // Every module and stylesheet of the client folder, read once at start.
    ...readdirSync(clientDir)
      .filter((f) => /^[a-z-]+\.(js|css)$/.test(f))
      .map((f): [string, string] => [f, join(clientDir, f)]),
  ];
  const out = new Map<string, Asset>();
  for (const [name, path] of files) out.set(name, { body: readFileSync(path, 'utf8'), type: types[name.split('.').pop()!]! });
  return out;
}
