// Every plugin folder follows the house conventions: index.ts whose name matches the folder,
// a README.md, and a sample.yaml that is itself a valid config for that plugin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pluginsDir, loadBuiltinPlugins } from '../../core/plugins/registry.ts';
import { loadConfig } from '../../core/config/load.ts';
import { builtinModules } from '../../core/modules.ts';

const registry = await loadBuiltinPlugins();
const folders = readdirSync(pluginsDir).filter((f) => statSync(join(pluginsDir, f)).isDirectory());

test('plugins exist', () => assert.ok(folders.length > 0));

for (const name of folders) {
  test(`plugins/${name} has index.ts, README.md and a valid sample.yaml`, () => {
    for (const f of ['index.ts', 'README.md', 'sample.yaml']) assert.ok(existsSync(join(pluginsDir, name, f)), `plugins/${name}/${f} is missing`);
    assert.ok(registry.stages.has(name) || registry.channels.has(name), `plugins/${name} is not registered`);
    assert.match(readFileSync(join(pluginsDir, name, 'README.md'), 'utf8'), new RegExp(`^# ${name}`));
    if (registry.stages.has(name)) {
      const sample = readFileSync(join(pluginsDir, name, 'sample.yaml'), 'utf8');
      assert.match(sample, /#/, 'sample.yaml documents its settings in comments');
      const loaded = loadConfig({ registry, text: sample, env: { SAMPLE_TOKEN: 'x' } });
      assert.ok(loaded.stages.some((s) => s.name === name), `sample.yaml does not configure stages.${name}`);
    }
  });
}

test('feature modules have unique names', async () => {
  const names = (await builtinModules()).map((m) => m.name);
  assert.equal(new Set(names).size, names.length);
});

test('plugins import only core/plugin-api, lib/ and their own folder', () => {
  const offenders: string[] = [];
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
  for (const name of folders) {
    for (const file of walk(join(pluginsDir, name))) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/from\s+'(\.[^']+)'/g)) {
        const spec = m[1]!;
        const ok = spec.startsWith('./') || /^(\.\.\/)+core\/plugin-api\//.test(spec) || /^(\.\.\/)+lib\//.test(spec) || (/^\.\.\/[a-z]/.test(spec) === false && !spec.startsWith('../') ? true : spec.startsWith('../') && !spec.startsWith('../../') ? false : false);
        if (!ok) offenders.push(`${file.slice(pluginsDir.length)}: ${spec}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});
