#!/usr/bin/env node
// Node 20's test runner does not expand globs over .ts files, so this script finds every
// test/**/*.test.ts and hands the list to `node --test` with tsx loaded. Extra arguments are
// substrings that select test files (`node test/run.mjs drift alert`).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const testDir = join(root, 'test');

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'fixtures' || name === 'node_modules') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const filters = process.argv.slice(2);
const files = collect(testDir, []).sort().filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const concurrency = process.env.SIDEWATCH_TEST_CONCURRENCY ?? '2';
// The spec reporter is for people; a TAP copy goes to a file so the run ends with TAP's own
// summary lines (`# pass N`, `# fail N`), which CI logs are searched for.
const tapDir = mkdtempSync(join(tmpdir(), 'sidewatch-tap-'));
const tapFile = join(tapDir, 'run.tap');
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tapFile}`, ...files],
  { cwd: root, stdio: 'inherit' },
);
child.on('exit', (code, signal) => {
  try {
    const summary = readFileSync(tapFile, 'utf8')
      .split('\n')
      .filter((l) => /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(l));
    if (summary.length) console.log(summary.join('\n'));
  } catch {
    // No TAP file: the runner died before writing it; its exit code says so.
  }
  rmSync(tapDir, { recursive: true, force: true });
  process.exit(signal ? 1 : (code ?? 1));
});
