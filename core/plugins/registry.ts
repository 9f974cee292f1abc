// The built-in plugins: every folder under plugins/ with an index.ts whose default export is a
// stage (has `run`) or an alert channel (has `send`). Folder name, plugin name and config key
// are the same word; the conventions test checks it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StagePlugin } from '../plugin-api/index.ts';

export const pluginsDir = fileURLToPath(new URL('../../plugins/', import.meta.url));

export interface PluginRegistry {
  stages: Map<string, StagePlugin<unknown>>;
  /** Channel plugins, by name; their contract is defined by the alert manager. */
  channels: Map<string, { name: string; send: unknown } & Record<string, unknown>>;
}

export async function loadBuiltinPlugins(dir = pluginsDir): Promise<PluginRegistry> {
  const stages = new Map<string, StagePlugin<unknown>>();
  const channels: PluginRegistry['channels'] = new Map();
  if (!existsSync(dir)) return { stages, channels };
  for (const name of readdirSync(dir).sort()) {
    const index = join(dir, name, 'index.ts');
    if (!statSync(join(dir, name)).isDirectory() || !existsSync(index)) continue;
    const mod = (await import(pathToFileURL(index).href)) as { default?: Record<string, unknown> };
    const plugin = mod.default;
    if (!plugin || typeof plugin !== 'object') throw new Error(`plugins/${name}/index.ts has no default export`);
    if (plugin.name !== name) throw new Error(`plugins/${name} declares name "${String(plugin.name)}"; they must match`);
    if (typeof plugin.run === 'function') stages.set(name, plugin as unknown as StagePlugin<unknown>);
    else if (typeof plugin.send === 'function') channels.set(name, plugin as PluginRegistry['channels'] extends Map<string, infer V> ? V : never);
    else throw new Error(`plugins/${name}: default export is neither a stage (run) nor a channel (send)`);
  }
  return { stages, channels };
}
