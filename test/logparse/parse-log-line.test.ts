import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logLineParser, parseLogLine } from '../../lib/logparse/index.ts';

test('JSON lines: common keys for time, level, message and source', () => {
  assert.deepEqual(
    parseLogLine('{"@timestamp":"2024-05-01T12:00:00.250+02:00","log":{"level":"WARN"},"message":"disk almost full","service":{"name":"store"}}', 'json'),
    { message: 'disk almost full', ts: new Date('2024-05-01T10:00:00.250Z'), level: 'warn', source: 'store' },
  );
  const pino = parseLogLine('{"level":50,"time":1714564800123,"msg":"request failed","name":"api"}');
  assert.deepEqual(pino, { message: 'request failed', ts: new Date(1714564800123), level: 'error', source: 'api' });
  assert.equal(parseLogLine('{"ts":1714564800.5,"lvl":"info","msg":"x"}').ts?.toISOString(), '2024-05-01T12:00:00.500Z');
});

test('logfmt', () => {
  assert.deepEqual(parseLogLine('time=2024-05-01T12:00:00Z level=error msg="connect failed: \\"db\\"" component=store retry=3', 'logfmt'), {
    message: 'connect failed: "db"', ts: new Date('2024-05-01T12:00:00Z'), level: 'error', source: 'store',
  });
});

test('syslog RFC 5424 and RFC 3164', () => {
  assert.deepEqual(
    parseLogLine('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="App]lication"] An application event', 'rfc5424'),
    { message: 'An application event', ts: new Date('2003-10-11T22:14:15.003Z'), level: 'notice', source: 'evntslog' },
  );
  assert.deepEqual(parseLogLine('<34>Oct 11 22:14:15 mymachine su[230]: \'su root\' failed for lonvick on /dev/pts/8', 'syslog', { year: 2023 }), {
    message: "'su root' failed for lonvick on /dev/pts/8", ts: new Date('2023-10-11T22:14:15Z'), level: 'critical', source: 'su',
  });
  assert.deepEqual(parseLogLine('Jun  9 06:06:20 combo sshd(pam_unix)[19939]: authentication failure; rhost=1.2.3.4', 'auto', { year: 2005 }), {
    message: 'authentication failure; rhost=1.2.3.4', ts: new Date('2005-06-09T06:06:20Z'), source: 'sshd(pam_unix)',
  });
});

test('nginx/Apache combined access log', () => {
  assert.deepEqual(
    parseLogLine('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 503 2326 "http://www.example.com/start.html" "Mozilla/4.08"', 'access'),
    {
      message: '"GET /apache_pb.gif HTTP/1.0" 503 2326 "http://www.example.com/start.html" "Mozilla/4.08"',
      source: '127.0.0.1', ts: new Date('2000-10-10T20:55:36Z'), level: 'error',
    },
  );
});

test('plain-text application headers in auto mode', () => {
  assert.deepEqual(parseLogLine('2024-05-01 12:00:00,123 ERROR [worker-3] com.acme.Job - failed: disk full'), {
    ts: new Date('2024-05-01T12:00:00.123Z'), message: 'failed: disk full', level: 'error', source: 'com.acme.Job',
  });
});

test('a configurable named-group pattern', () => {
  const parse = logLineParser({ pattern: '^(?<ts>\\S+) \\[(?<level>\\w+)\\] (?<source>[\\w.]+): (?<message>.*)$' });
  assert.deepEqual(parse('2024-05-01T00:00:00Z [W] app.db: slow query'), {
    message: 'slow query', ts: new Date('2024-05-01T00:00:00Z'), level: 'w', source: 'app.db',
  });
  assert.deepEqual(parse('no match here'), { message: 'no match here' });
  assert.throws(() => logLineParser({ pattern: '(?<when>x)' }), /unknown group\(s\) when/);
  assert.throws(() => logLineParser({ pattern: '(' }), /not a valid regular expression/);
  assert.throws(() => logLineParser('yaml' as never), /unknown log format "yaml"/);
});

test('auto mode detects per line and falls back to the raw line', () => {
  const parse = logLineParser('auto', { year: 2024 });
  assert.equal(parse('{"msg":"a"}').message, 'a');
  assert.equal(parse('level=info msg=b').message, 'b');
  assert.equal(parse('<13>Jan  2 03:04:05 h app: c').message, 'c');
  for (const garbage of ['', '{', '{"unterminated": "x', '<999>garbage', '[', 'a=b', '\u0000\u0001', '2024-13-99 99:99:99 x', '- - [x] "']) {
    const r = parse(garbage);
    assert.equal(typeof r.message, 'string');
  }
  assert.deepEqual(parse('just a message\r\n'), { message: 'just a message' });
});

test('absurdly long lines are cut with a marker, quickly', () => {
  const long = '{"msg":"' + 'x'.repeat(5_000_000) + '"';
  const t0 = performance.now();
  const r = parseLogLine(long, 'auto', { maxLineLength: 1000 });
  assert.ok(performance.now() - t0 < 1000);
  assert.ok(r.message.endsWith(`…[truncated ${long.length - 1000} chars]`));
  assert.equal(r.message.length, 1000 + ` …[truncated ${long.length - 1000} chars]`.length);
});
