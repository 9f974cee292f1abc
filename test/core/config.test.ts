import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../core/config/load.ts';
import { loadBuiltinPlugins } from '../../core/plugins/registry.ts';
import { cliPath, repoRoot } from '../helpers/process.ts';
import { tempDir } from '../helpers/daemon.ts';

const registry = await loadBuiltinPlugins();

test('the embedded default config is valid and binds to loopback on 8080', () => {
  const c = loadConfig({ registry, env: {} });
  assert.equal(c.config.server.host, '127.0.0.1');
  assert.equal(c.config.server.port, 8080);
  assert.equal(c.config.storage.data_dir, './data');
  assert.equal(c.config.server.token, undefined);
});

test('${ENV} interpolation, defaults, and SIDEWATCH_* overrides', () => {
  const text = 'server:\n  token: ${MY_TOKEN}\n  read_token: ${READ:-reader-token}\nstorage:\n  data_dir: /nope\n';
  const c = loadConfig({ registry, text, env: { MY_TOKEN: 'secret-123', SIDEWATCH_PORT: '9999', SIDEWATCH_HOST: '0.0.0.0', SIDEWATCH_DATA_DIR: '/tmp/x' } });
  assert.equal(c.config.server.token, 'secret-123');
  assert.equal(c.config.server.read_token, 'reader-token');
  assert.equal(c.config.server.port, 9999);
  assert.equal(c.config.server.host, '0.0.0.0');
  assert.equal(c.config.storage.data_dir, '/tmp/x');
  const t = loadConfig({ registry, text: 'server:\n  port: 1\n', env: { SIDEWATCH_TOKEN: 'from-env-token' } });
  assert.equal(t.config.server.token, 'from-env-token');
  const optional = loadConfig({ registry, text: 'server:\n  token: ${UNSET_TOKEN:-}\n', env: {} });
  assert.equal(optional.config.server.token, undefined);
});

test('every error is reported with its path', () => {
  const text = [
    'server:',
    '  port: 99999',
    '  colour: blue',
    'storage:',
    '  retention:',
    '    logs: forever',
    'stages:',
    '  volume:',
    '    silent_after: soon',
    '    min_ratio: 7',
    '  nosuchstage: {}',
    'alerting: {}',
    'models:',
    '  m:',
    '    task: astrology',
    'other: ${MISSING_VAR}',
    'extra: 1',
  ].join('\n');
  try {
    loadConfig({ registry, text, env: {} });
    assert.fail('expected a ConfigError');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    const paths = e.issues.map((i) => i.path);
    for (const p of ['server.port', 'server.colour', 'storage.retention.logs', 'models.m.task', 'other', 'extra', 'stages.volume.silent_after', 'stages.nosuchstage']) {
      assert.ok(paths.includes(p) || paths.some((x) => x.startsWith(p)), `missing ${p} in ${paths.join(', ')}`);
    }
    assert.ok(e.issues.some((i) => i.path === 'other' && /MISSING_VAR/.test(i.message)));
  }
  try {
    loadConfig({ registry, text: 'stages:\n  volume:\n    silent_after: soon\n    min_ratio: 7\n  nosuchstage: {}\n', env: {} });
    assert.fail('expected a ConfigError');
  } catch (e) {
    const issues = (e as ConfigError).issues;
    assert.ok(issues.some((i) => i.path === 'stages.volume.silent_after' && /not a duration/.test(i.message)));
    assert.ok(issues.some((i) => i.path === 'stages.volume.min_ratio'));
    assert.ok(issues.some((i) => i.path === 'stages.nosuchstage' && /unknown stage plugin/.test(i.message)));
  }
});

test('broken YAML is refused with the line', () => {
  assert.throws(() => loadConfig({ registry, text: 'server:\n  port: [1,\n', env: {} }), (e: unknown) => e instanceof ConfigError && /line/.test(e.issues[0]!.path));
});

test('sidewatch check-config prints every error with its path and exits 1; a good file exits 0', () => {
  const dir = tempDir();
  try {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'server:\n  port: -1\nstages:\n  volume:\n    every: often\n');
    const r = spawnSync(process.execPath, [cliPath, 'check-config', bad], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /server\.port: /);
    assert.match(r.stdout, /stages\.volume\.every: /);
    const good = spawnSync(process.execPath, [cliPath, 'check-config', join(repoRoot, 'config/default.yaml')], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /ok/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
