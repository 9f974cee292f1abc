// `sidewatch logs parse` through the real CLI entry point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/logs/mixed.log', import.meta.url));

function cli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/sidewatch.js', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

interface Row { line: number; template_id: string; template: string; params: string[] }

test('--json prints one object per input line in order, with final templates', async () => {
  const { code, stdout, stderr } = await cli(['logs', 'parse', fixture, '--json']);
  assert.equal(code, 0, stderr);
  assert.equal(stderr, '', 'no progress when stderr is not a terminal');
  const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
  const input = readFileSync(fixture, 'utf8').split('\n').slice(0, -1);
  assert.deepEqual(rows.map((r) => r.line), input.map((_, i) => i + 1));
  // Line 2 was mined before `w2` generalized the template; it still reports the final form.
  assert.equal(rows[1]!.template, 'Worker <*> started');
  assert.deepEqual(rows[1]!.params, ['w1']);
  assert.equal(rows[1]!.template_id, rows[3]!.template_id);
  assert.equal(rows[1]!.template_id, rows[7]!.template_id);
  assert.equal(rows[0]!.template_id, rows[4]!.template_id);
  assert.notEqual(rows[0]!.template_id, rows[2]!.template_id, 'hit and miss are different templates');
  assert.equal(rows[0]!.template, 'cache hit for key <HEX> in <NUM> us');
  assert.deepEqual(rows[0]!.params, ['9f8e7d6c5b4a3921', '12']);
  assert.deepEqual(rows[5]!.params, ['10.0.0.1', '51234']);
  assert.equal(rows[6]!.template, '');
});

test('reads stdin when FILE is - or absent, and the same input gives the same output', async () => {
  const text = readFileSync(fixture, 'utf8');
  const a = await cli(['logs', 'parse', '-', '--json'], text);
  const b = await cli(['logs', 'parse', '--json'], text);
  const c = await cli(['logs', 'parse', fixture, '--json']);
  assert.equal(a.code, 0);
  assert.equal(a.stdout, b.stdout);
  assert.equal(a.stdout, c.stdout);
});

test('without --json prints a summary table of templates and counts', async () => {
  const { code, stdout } = await cli(['logs', 'parse', fixture]);
  assert.equal(code, 0);
  const lines = stdout.trim().split('\n');
  assert.match(lines[0]!, /COUNT\s+TEMPLATE_ID\s+TEMPLATE/);
  assert.match(stdout, /\n\s+3 {2}\w{12} {2}Worker <\*> started\n/);
  assert.match(stdout, /\n\s+2 {2}\w{12} {2}cache hit for key <HEX> in <NUM> us\n/);
  assert.match(lines.at(-1)!, /^8 lines, 5 templates$/);
});

test('clear errors for a missing file and bad options', async () => {
  const missing = await cli(['logs', 'parse', '/nonexistent/x.log']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read \/nonexistent\/x\.log: no such file/);
  const bad = await cli(['logs', 'parse', fixture, '--frobnicate']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown option --frobnicate/);
  const sub = await cli(['logs', 'tail']);
  assert.equal(sub.code, 2);
  assert.match(sub.stderr, /unknown subcommand "tail"/);
});

test('--format strips headers before mining', async () => {
  const input = [
    '{"time":"2024-05-01T12:00:00Z","level":"info","msg":"user u1 logged in"}',
    '{"time":"2024-05-01T12:00:01Z","level":"info","msg":"user u2 logged in"}',
  ].join('\n') + '\n';
  const { code, stdout } = await cli(['logs', 'parse', '--json', '--format', 'json'], input);
  assert.equal(code, 0);
  const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
  assert.equal(rows[0]!.template, 'user <*> logged in');
  assert.deepEqual(rows.map((r) => r.params[0]), ['u1', 'u2']);
});
