// The drift command end to end: real files in a temp dir, `node bin/sidewatch.js drift ...`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { buildDriftReport, type DriftReport } from '../../lib/drift/report.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;

function runCli(args: string[], command = 'drift'): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/sidewatch.js'), command, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

// Deterministic data: a shifted numeric column, a stable one, a category with a newcomer, a
// column empty in the reference.
function data(n: number, current: boolean) {
  const age: (number | null)[] = [];
  const income: number[] = [];
  const plan: string[] = [];
  const blank: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const u = ((i * 7919) % n) / n;
    age.push(i % 17 === 0 ? null : Math.round((30 + 20 * u + (current ? 6 : 0)) * 10) / 10);
    income.push(Math.round((1000 + 500 * (((i * 104729) % n) / n)) * 100) / 100);
    plan.push(current && i % 5 === 0 ? 'enterprise' : ['basic', 'plus', 'pro'][i % 3]!);
    blank.push(current ? i % 7 : null);
  }
  return { age, income, plan, blank };
}

function toCsv(d: ReturnType<typeof data>): string {
  const lines = ['age,income,plan,blank'];
  for (let i = 0; i < d.age.length; i++) lines.push([d.age[i] ?? '', d.income[i], d.plan[i], d.blank[i] ?? ''].join(','));
  return lines.join('\n') + '\n';
}

const refData = data(600, false);
const curData = data(540, true);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sidewatch-drift-cli-'));
  writeFileSync(join(dir, 'ref.csv'), toCsv(refData));
  writeFileSync(join(dir, 'cur.csv'), toCsv(curData));
  // The same data as Parquet, written by DuckDB from the CSV.
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  for (const name of ['ref', 'cur']) {
    await c.run(`COPY (SELECT * FROM read_csv_auto('${join(dir, name + '.csv')}')) TO '${join(dir, name + '.parquet')}' (FORMAT parquet)`);
  }
  c.closeSync();
  instance.closeSync();
});

after(() => rmSync(dir, { recursive: true, force: true }));

function expectedReport(refVersion: string, curVersion: string): DriftReport {
  const cols = (d: ReturnType<typeof data>) => ({
    age: Float64Array.from(d.age, (v) => v ?? NaN),
    income: Float64Array.from(d.income),
    plan: d.plan,
    blank: Float64Array.from(d.blank, (v) => v ?? NaN),
  });
  return buildDriftReport(
    { rows: 600, version: refVersion, columns: cols(refData) },
    { rows: 540, version: curVersion, columns: cols(curData) },
  );
}

test('--json prints only the SPEC §5 report, with sha256 versions, for CSV and Parquet', async () => {
  for (const ext of ['csv', 'parquet']) {
    const ref = join(dir, `ref.${ext}`);
    const cur = join(dir, `cur.${ext}`);
    const r = await runCli(['--reference', ref, '--current', cur, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'no progress when stderr is not a terminal');
    const report = JSON.parse(r.stdout) as DriftReport;
    assert.deepEqual(report, expectedReport(sha256(ref), sha256(cur)), `${ext} report`);
    assert.deepEqual(report.columns.map((c) => [c.name, c.kind, c.drift]), [
      ['age', 'numerical', true],
      ['income', 'numerical', false],
      ['plan', 'categorical', true],
      ['blank', null, false],
    ]);
    assert.match(report.columns[3]!.error!, /reference has no non-null values/);
    assert.equal(report.share_drifted, 2 / 3);
    assert.equal(report.dataset_drift, true);
  }
});

test('--columns, --method and --threshold shape the report', async () => {
  const r = await runCli([
    '--reference', join(dir, 'ref.csv'), '--current', join(dir, 'cur.csv'), '--json',
    '--columns', 'age,income', '--method', 'age=psi', '--threshold', 'age=50', '--method=income=energy',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as DriftReport;
  assert.deepEqual(report.columns.map((c) => c.name), ['age', 'income']);
  const [age, income] = report.columns;
  assert.equal(age!.method, 'psi');
  assert.equal(age!.threshold, 50);
  assert.equal(age!.statistic, age!.metrics!.psi);
  assert.equal(age!.drift, false);
  assert.equal(income!.method, 'energy');
  assert.equal(income!.statistic, income!.metrics!.energy);
  assert.equal(report.dataset_drift, false);
});

test('without --json a readable table names every column and the verdict', async () => {
  const r = await runCli(['--reference', join(dir, 'ref.parquet'), '--current', join(dir, 'cur.parquet')]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, new RegExp(`^reference .*ref\\.parquet .*rows 600 .*sha256 ${sha256(join(dir, 'ref.parquet')).slice(0, 12)}`));
  assert.ok(lines.some((l) => /^age\s+numerical\s+ks\s+.*DRIFT.*mean .* → /.test(l)), r.stdout);
  assert.ok(lines.some((l) => /^plan\s+categorical\s+chi2\s+.*DRIFT.*new: enterprise/.test(l)), r.stdout);
  assert.ok(lines.some((l) => /^blank\s+-\s+-\s+.*error.*reference has no non-null values/.test(l)), r.stdout);
  assert.match(r.stdout, /2 of 3 columns drifted \(66\.7%\); dataset drift: YES/);
});

test('bad input: exit codes and messages that name the problem', async () => {
  const missing = await runCli(['--reference', join(dir, 'nope.csv'), '--current', join(dir, 'cur.csv'), '--json']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /file not found: .*nope\.csv/);
  const noCurrent = await runCli(['--reference', join(dir, 'ref.csv')]);
  assert.equal(noCurrent.code, 2);
  assert.match(noCurrent.stderr, /missing --current/);
  const badMethod = await runCli(['--reference', join(dir, 'ref.csv'), '--current', join(dir, 'cur.csv'), '--method', 'age=magic']);
  assert.equal(badMethod.code, 1);
  assert.match(badMethod.stderr, /unknown method "magic" for column "age"/);
  writeFileSync(join(dir, 'x.xlsx'), 'nope');
  const ext = await runCli(['--reference', join(dir, 'x.xlsx'), '--current', join(dir, 'cur.csv')]);
  assert.equal(ext.code, 1);
  assert.match(ext.stderr, /unsupported file type "\.xlsx"/);
});

test('sidewatch profile writes the reference once; drift --reference-profile gives the same report without reading it', async () => {
  for (const ext of ['csv', 'parquet']) {
    const ref = join(dir, `ref.${ext}`);
    const cur = join(dir, `cur.${ext}`);
    const profile = join(dir, `ref-${ext}.profile`);
    const made = await runCli(['--reference', ref, '--out', profile], 'profile');
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /600 rows, 4 columns, sha256 [0-9a-f]{12}\) written to/);
    const viaProfile = await runCli(['--reference-profile', profile, '--current', cur, '--json']);
    assert.equal(viaProfile.code, 0, viaProfile.stderr);
    assert.deepEqual(JSON.parse(viaProfile.stdout), expectedReport(sha256(ref), sha256(cur)), `${ext}: the profile's report is the file's, bit for bit`);
    const html = join(dir, `via-profile-${ext}.html`);
    const withHtml = await runCli(['--reference-profile', profile, '--current', cur, '--html', html, '--columns', 'age,plan']);
    assert.equal(withHtml.code, 0, withHtml.stderr);
    assert.equal((readFileSync(html, 'utf8').match(/<svg /g) ?? []).length, 2, 'a distribution chart per column, drawn from the profile');
  }
});

test('a bad reference profile is refused with a reason; both reference flags at once is a usage error', async () => {
  writeFileSync(join(dir, 'junk.profile'), 'this is not a profile at all');
  const junk = await runCli(['--reference-profile', join(dir, 'junk.profile'), '--current', join(dir, 'cur.csv')]);
  assert.equal(junk.code, 1);
  assert.match(junk.stderr, /not a reference profile \(write one with sidewatch profile\)/);
  const missing = await runCli(['--reference-profile', join(dir, 'nope.profile'), '--current', join(dir, 'cur.csv')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read .*nope\.profile: no such file/);
  const profile = join(dir, 'ref-csv.profile');
  const column = await runCli(['--reference-profile', profile, '--current', join(dir, 'cur.csv'), '--columns', 'age,salary']);
  assert.equal(column.code, 1);
  assert.match(column.stderr, /column\(s\) not in the profile .*: "salary"/);
  const both = await runCli(['--reference', join(dir, 'ref.csv'), '--reference-profile', profile, '--current', join(dir, 'cur.csv')]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /give --reference or --reference-profile, not both/);
});

test('large files: columns read in groups and tested on worker threads give the single-thread report; --threads is checked', async () => {
  // 60,000 rows × 6 columns per side: above the size that goes to the workers, and in Parquet
  // read a few columns at a time.
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const cols = (shift: number) =>
    [
      `round(((i * 7919) % 10007) / 1000.0 + ${shift}, 3) AS a`,
      `CASE WHEN i % 11 = 0 THEN NULL ELSE ((i * 104729) % 9973) / 100.0 END AS b`,
      `['x', 'y', 'z', '${shift ? 'w' : 'x'}'][1 + (i * 31) % 4] AS cat`,
      `(i * 13) % 3 AS few`,
      `((i * 48271) % 65521) * ${1 + shift} AS c`,
      `(i % 1000) / 7.0 AS d`,
    ].join(', ');
  const ref = join(dir, 'big-ref.parquet');
  const cur = join(dir, 'big-cur.parquet');
  await c.run(`COPY (SELECT ${cols(0)} FROM range(60000) t(i)) TO '${ref}' (FORMAT parquet)`);
  await c.run(`COPY (SELECT ${cols(0.5)} FROM range(60000) t(i)) TO '${cur}' (FORMAT parquet)`);
  const { readTableFile } = await import('../../core/files/read-table.ts');
  const [r, k] = [await readTableFile(c, ref), await readTableFile(c, cur)];
  c.closeSync();
  instance.closeSync();
  const expected = buildDriftReport({ rows: r.rows, version: sha256(ref), columns: r.columns }, { rows: k.rows, version: sha256(cur), columns: k.columns });
  for (const threads of [[], ['--threads', '2'], ['--threads', '0']]) {
    const out = await runCli(['--reference', ref, '--current', cur, '--json', ...threads]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, `${JSON.stringify(expected)}\n`, `threads ${threads.join(' ') || 'default'}`);
  }
  assert.ok(expected.columns.find((x) => x.name === 'a')!.drift && expected.columns.find((x) => x.name === 'cat')!.drift);
  const profile = join(dir, 'big.profile');
  assert.equal((await runCli(['--reference', ref, '--out', profile], 'profile')).code, 0);
  const viaProfile = await runCli(['--reference-profile', profile, '--current', cur, '--json', '--columns', 'c,cat,a']);
  assert.equal(viaProfile.code, 0, viaProfile.stderr);
  const picked = buildDriftReport({ rows: r.rows, version: sha256(ref), columns: r.columns }, { rows: k.rows, version: sha256(cur), columns: k.columns }, { columns: ['c', 'cat', 'a'] });
  assert.equal(viaProfile.stdout, `${JSON.stringify(picked)}\n`);
  const bad = await runCli(['--reference', ref, '--current', cur, '--threads', 'many']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--threads must be a whole number from 0 to 64, got "many"/);
});
