// The file-tail input on real files: rename rotation, copytruncate, a partial last line, and
// restarts (clean stop and kill -9) on the same data directory, without losing or duplicating
// a line.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, renameSync, rmSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestDaemon, tempDir, type TestDaemon } from '../helpers/daemon.ts';
import { spawnDaemon } from '../helpers/process.ts';
import { waitFor } from '../helpers/wait.ts';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup() {
  const dataDir = tempDir();
  const logDir = tempDir('sidewatch-tail-');
  dirs.push(dataDir, logDir);
  const config = (extra = '') => `server:\n  port: 0\nlog:\n  requests: false\ninputs:\n  poll_interval: 50ms\n  partial_line_timeout: 400ms\n  batch_lines: 200\n  files:\n    - path: ${JSON.stringify(join(logDir, '*.log'))}\n      format: auto\n${extra}`;
  return { dataDir, logDir, config };
}

async function messages(d: TestDaemon): Promise<string[]> {
  return (await d.runtime.storage.all<{ message: string }>('SELECT message FROM logs ORDER BY seq')).map((r) => r.message);
}

const lines = (from: number, to: number, tag = 'line') => Array.from({ length: to - from }, (_, i) => `${tag} ${from + i} handled request id=${(from + i) * 7}`);
const text = (ls: string[]) => ls.map((l) => `${l}\n`).join('');

test('follows rename rotation, copytruncate and a partial last line, and resumes after a restart', async () => {
  const { dataDir, logDir, config } = setup();
  const app = join(logDir, 'app.log');
  writeFileSync(app, text(lines(0, 50)));
  let d = await startTestDaemon({ config: config(), dataDir });
  const expected = lines(0, 50);
  try {
    await waitFor('the first 50 lines', () => messages(d), (m) => m.length === 50);

    // Rename rotation: the last lines of the old file arrive after the rename, before the new file.
    appendFileSync(app, text(lines(50, 60)));
    renameSync(app, join(logDir, 'app.log.1'));
    appendFileSync(join(logDir, 'app.log.1'), text(lines(60, 65)));
    writeFileSync(app, text(lines(65, 80)));
    expected.push(...lines(50, 80));
    await waitFor('lines across a rename rotation', () => messages(d), (m) => m.length >= 80);

    // copytruncate: the content is copied away, the file cut to 0 and written again from the top.
    appendFileSync(app, text(lines(80, 90)));
    expected.push(...lines(80, 90));
    await waitFor('lines before the copytruncate', () => messages(d), (m) => m.length >= 90);
    copyFileSync(app, join(logDir, 'app.log.2'));
    truncateSync(app, 0);
    appendFileSync(app, text(lines(90, 95)));
    expected.push(...lines(90, 95));
    await waitFor('lines after the copytruncate', () => messages(d), (m) => m.length >= 95);

    // A partial last line is held back, then completed by its writer.
    appendFileSync(app, 'partial line that is st');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await messages(d)).length, 95, 'a line without its newline is not stored at once');
    appendFileSync(app, 'ill being written\n');
    expected.push('partial line that is still being written');
    await waitFor('the completed partial line', () => messages(d), (m) => m.length >= 96);
  } finally {
    await d.stop();
  }

  // While stopped: more lines, then a rotation by rename with lines left in the old file.
  appendFileSync(app, text(lines(95, 100)));
  renameSync(app, join(logDir, 'app.log.3'));
  writeFileSync(app, text(lines(100, 110)));
  expected.push(...lines(95, 110));
  d = await startTestDaemon({ config: config(), dataDir });
  try {
    await waitFor('lines written while stopped', () => messages(d), (m) => m.length >= expected.length);
    // A partial line with no writer is stored after the timeout.
    appendFileSync(app, 'last words without a newline');
    expected.push('last words without a newline');
    await waitFor('the timed-out partial line', () => messages(d), (m) => m.length >= expected.length);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await messages(d), expected);
    const sources = await d.runtime.storage.all<{ source: string }>('SELECT DISTINCT source FROM logs');
    assert.deepEqual(sources.map((s) => s.source), ['app.log']);
  } finally {
    await d.stop();
  }
});

test('header parsing: JSON lines and syslog give ts, level and source', async () => {
  const { dataDir, logDir, config } = setup();
  writeFileSync(
    join(logDir, 'mixed.log'),
    [
      '{"ts":"2024-05-01T10:00:00Z","level":"ERROR","service":"payments","msg":"card 4242 declined"}',
      '<11>1 2024-05-01T10:00:01Z host1 orders 123 - - order 17 failed validation',
    ].join('\n') + '\n',
  );
  const d = await startTestDaemon({ config: config(), dataDir });
  try {
    const rows = await waitFor(
      'two parsed lines',
      () => d.runtime.storage.all<{ ts: Date; level: string; source: string; message: string; template_id: string }>('SELECT ts, level, source, message, template_id FROM logs ORDER BY seq'),
      (r) => r.length === 2,
    );
    assert.equal(rows[0]!.ts.getTime(), Date.parse('2024-05-01T10:00:00Z'));
    assert.equal(rows[0]!.level, 'error');
    assert.equal(rows[0]!.message, 'card 4242 declined');
    assert.equal(rows[1]!.ts.getTime(), Date.parse('2024-05-01T10:00:01Z'));
    assert.equal(rows[1]!.level, 'error');
    assert.equal(rows[1]!.message, 'order 17 failed validation');
    assert.ok(rows.every((r) => r.template_id), 'tailed lines carry template ids');
  } finally {
    await d.stop();
  }
});

test('kill -9 in the middle of tailing a large file neither loses nor duplicates lines', async () => {
  const { dataDir, logDir, config } = setup();
  const all = lines(0, 20_000, 'bulk');
  writeFileSync(join(logDir, 'bulk.log'), text(all));
  const configFile = join(logDir, 'sidewatch.yaml');
  writeFileSync(configFile, config());
  const p = await spawnDaemon(dataDir, { args: ['--config', configFile] });
  // Kill as soon as the first batches are being committed.
  const probeUrl = `${p.url}/v1/logs/templates`;
  const atKill = await waitFor('the first committed lines', async () => {
    const r = await fetch(probeUrl).catch(() => null);
    const t = r && r.ok ? ((await r.json()) as { count: number }[]) : [];
    return t.reduce((a, x) => a + x.count, 0);
  }, (n) => n > 0, 20_000);
  p.child.kill('SIGKILL');
  await p.exited;
  assert.ok(atKill < 20_000, `the kill came before the file was read to its end (${atKill} lines committed)`);

  appendFileSync(join(logDir, 'bulk.log'), text(lines(20_000, 20_100, 'bulk')));
  all.push(...lines(20_000, 20_100, 'bulk'));
  const d = await startTestDaemon({ config: config(), dataDir });
  try {
    const got = await waitFor('every line after the restart', () => messages(d), (m) => m.length >= all.length, 30_000);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await messages(d)).length, all.length, 'no line stored twice');
    assert.deepEqual(got, all);
    // Every stored template id resolves in the restored miner's template table.
    const orphans = await d.runtime.storage.all('SELECT DISTINCT template_id FROM logs WHERE template_id NOT IN (SELECT id FROM log_templates)');
    assert.deepEqual(orphans, []);
    const counted = await d.runtime.storage.one<{ n: number }>('SELECT sum(count)::BIGINT AS n FROM log_templates');
    assert.equal(Number(counted!.n), all.length);
  } finally {
    await d.stop();
  }
});
