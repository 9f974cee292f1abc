import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InMemoryPersistence, TemplateMiner, type TemplateEvent } from '../../lib/logmine/index.ts';

test('masks turn variable parts into named slots and params follow the slots in order', () => {
  const m = new TemplateMiner();
  const r = m.addLine('Connection from 10.0.0.12:5432 user=alice took 12ms id 3f2a9c1e-1b2c-4d5e-8f90-0123456789ab at 2024-05-01T12:00:00Z');
  assert.equal(r.change, 'created');
  assert.equal(r.template, 'Connection from <IP> user=alice took <DURATION> id <UUID> at <TS>');
  assert.deepEqual(r.params, ['10.0.0.12:5432', '12ms', '3f2a9c1e-1b2c-4d5e-8f90-0123456789ab', '2024-05-01T12:00:00Z']);
  const u = m.addLine('GET https://api.example.com/v1/items?id=3 from bob@example.com file /var/log/app.log addr [2001:db8::1]:443 ptr 0x7ffe12');
  assert.equal(u.template, 'GET <URL> from <EMAIL> file <PATH> addr <IP> ptr <HEX>');
  // A number with its unit as a separate word: the number is the value, the unit a word.
  const d = m.addLine('request served in 250 ms with lifetime <1 sec');
  assert.equal(d.template, 'request served in <NUM> ms with lifetime <NUM> sec');
  assert.deepEqual(d.params, ['250', '<1']);
});

test('templates that differ by one constant word stay apart', () => {
  const m = new TemplateMiner();
  const ids = new Map<string, Set<string>>();
  const words = ['Started', 'Paused', 'Resumed', 'Stopped'];
  for (let i = 0; i < 400; i++) {
    const w = words[i % 4]!;
    const id = m.addLine(`Instance ${(1e7 + i * 7919).toString(16)}-aaaa-bbbb-cccc-${(1e11 + i).toString(16).padStart(12, '0')} VM ${w} (Lifecycle Event)`).templateId;
    const hm = m.addLine(`cache ${i % 3 === 0 ? 'hit' : 'miss'} for key ${(0xabc000 + i * 97).toString(16)}a1 in ${i % 900} us`).templateId;
    const method = m.addLine(`10.0.${i % 250}.1 - - "${i % 2 ? 'GET' : 'POST'} /api/${i} HTTP/1.1" 200 ${i * 3}`).templateId;
    for (const [k, v] of [[w, id], [i % 3 === 0 ? 'hit' : 'miss', hm], [i % 2 ? 'GET' : 'POST', method]] as const) {
      if (!ids.has(k)) ids.set(k, new Set());
      ids.get(k)!.add(m.template(v)!.id);
    }
  }
  const finals = [...ids.values()].map((s) => [...s].map((id) => m.template(id)!.id));
  for (const f of finals) assert.equal(new Set(f).size, 1, 'each word has one template');
  assert.equal(new Set(finals.map((f) => f[0])).size, 8, 'and no two words share one');
});

test('a word position with many distinct words becomes a parameter, and early ids still resolve', () => {
  const m = new TemplateMiner();
  const users = ['root', 'admin', 'alice', 'bob', 'carol', 'dave', 'erin', 'oracle'];
  const first = users.map((u) => m.addLine(`Invalid user ${u} from 10.1.2.3`).templateId);
  const finalIds = new Set(first.map((id) => m.template(id)!.id));
  assert.equal(finalIds.size, 1);
  const t = m.template(first[0]!)!;
  assert.equal(t.template, 'Invalid user <*> from <IP>');
  assert.equal(t.count, users.length);
  assert.deepEqual(m.match('Invalid user mallory from 10.9.9.9')?.params, ['mallory', '10.9.9.9']);
});

test('identifier-like tokens generalize on sight and the id stays stable', () => {
  const m = new TemplateMiner();
  const a = m.addLine('worker w1 joined pool main');
  const b = m.addLine('worker w2 joined pool main');
  assert.equal(b.change, 'changed');
  assert.equal(b.templateId, a.templateId);
  assert.equal(b.template, 'worker <*> joined pool main');
  assert.deepEqual(b.params, ['w2']);
  assert.equal(m.addLine('worker w3 joined pool main').change, 'none');
});

test('a variable-length tail merges into one template', () => {
  const m = new TemplateMiner();
  const reasons = ['disk full', 'quota exceeded on volume', 'timeout', 'node lost heartbeat', 'disk quota exceeded', 'oom'];
  const ids = reasons.map((r, i) => m.addLine(`Job job_${1000 + i} failed: ${r}`).templateId);
  const finals = new Set(ids.map((id) => m.template(id)!.id));
  assert.equal(finals.size, 1);
  const t = m.template(ids[0]!)!;
  // `job_1000` is an identifier: the whole token is the parameter.
  assert.match(t.template, /^Job <ID> failed: <\*…>$/);
  assert.deepEqual(m.paramsOf(t.id, 'Job job_7 failed: network unreachable again'), ['job_7', 'network unreachable again']);
  // A message that only shares a prefix with a longer one is not folded in.
  const up = m.addLine('eth0: Link is Up - 1000Mbps/Full - flow control off').templateId;
  const down = m.addLine('eth0: Link is Down').templateId;
  assert.notEqual(m.template(up)!.id, m.template(down)!.id);
});

test('events report creation, generalization and merges', () => {
  const events: TemplateEvent[] = [];
  const m = new TemplateMiner({ onEvent: (e) => events.push(e) });
  m.addLine('session opened for user u1');
  m.addLine('session opened for user u2');
  assert.deepEqual(events.map((e) => e.type), ['created', 'changed']);
  assert.equal(events[1]!.type === 'changed' && events[1]!.template, 'session opened for user <*>');
});

test('match-only mode learns nothing', () => {
  const learner = new TemplateMiner();
  learner.addLine('disk sda is healthy');
  const m = TemplateMiner.fromJSON(learner.toJSON(), { matchOnly: true });
  assert.equal(m.addLine('disk sda is healthy').change, 'none');
  assert.equal(m.addLine('completely new line').templateId, '');
  assert.equal(m.match('completely new line'), null);
  assert.equal(m.templates().length, 1);
});

test('state round-trips through versioned JSON and a persistence port', async () => {
  const m = new TemplateMiner();
  for (let i = 0; i < 50; i++) m.addLine(`Received block blk_${i * 7919} of size ${i * 13} from /10.0.0.${i}`);
  for (let i = 0; i < 8; i++) m.addLine(`Invalid user ${['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'][i]}x from 10.0.0.1`);
  const port = new InMemoryPersistence();
  await m.save(port);
  const state = JSON.parse(port.load()!);
  assert.equal(state.v, 1);
  const back = await TemplateMiner.load(port);
  assert.deepEqual(back.templates(), m.templates());
  const r = back.addLine('Received block blk_1 of size 2 from /10.0.0.9');
  assert.equal(r.change, 'none');
  assert.equal(r.templateId, m.addLine('Received block blk_1 of size 2 from /10.0.0.9').templateId);
  assert.throws(() => TemplateMiner.fromJSON({ v: 2 }), /unsupported version 2/);
  assert.ok((await TemplateMiner.load(new InMemoryPersistence())).templates().length === 0);
});

test('memory is bounded: least recently used templates are evicted past the cap', () => {
  const evicted: string[] = [];
  const m = new TemplateMiner({ maxClusters: 20, onEvent: (e) => { if (e.type === 'evicted') evicted.push(...e.templateIds); } });
  const keep = m.addLine('heartbeat ok').templateId;
  for (let i = 0; i < 200; i++) {
    // A distinct first word per line: every line is a template of its own.
    const word = String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + Math.floor(i / 26));
    m.addLine(`${word} happened here`);
    m.addLine('heartbeat ok');
  }
  assert.ok(m.templates().length <= 20);
  assert.ok(evicted.length > 0);
  assert.ok(m.template(keep), 'a template in constant use survives');
});

test('bad options are refused with a message naming them', () => {
  assert.throws(() => new TemplateMiner({ similarity: 2 }), /similarity/);
  assert.throws(() => new TemplateMiner({ masks: ['NOPE' as never] }), /unknown mask "NOPE"/);
  assert.throws(() => new TemplateMiner({ minDistinctWords: 1 }), /minDistinctWords/);
});

test('odd input does not throw', () => {
  const m = new TemplateMiner();
  for (const line of ['', '   ', '\t\t', '<*> <*>', 'x'.repeat(100_000), Array.from({ length: 1000 }, (_, i) => `t${i}`).join(' ')]) {
    const r = m.addLine(line);
    assert.equal(typeof r.templateId, 'string');
  }
});

test('identifiers joined by underscores and addresses after a slash are one parameter each', () => {
  const m = new TemplateMiner();
  const r = m.addLine('Received block blk_-1608999687919862906 of size 91178 from /10.250.10.6:50010');
  assert.equal(r.template, 'Received block <ID> of size <NUM> from <IP>');
  assert.deepEqual(r.params, ['blk_-1608999687919862906', '91178', '/10.250.10.6:50010']);
  assert.equal(m.addLine('Launching attempt_1445144423722_0020_m_000009_0').template, 'Launching <ID>');
  // Words with underscores but no number stay constants.
  assert.equal(m.addLine('cache_miss for user_profile').template, 'cache_miss for user_profile');
});

test('a ctime or syslog date written as several tokens is one TS parameter; a month word alone stays a word', () => {
  const m = new TemplateMiner();
  const a = m.addLine('connection from 24.54.76.216 () at Fri Jun 17 07:07:00 2005');
  assert.equal(a.template, 'connection from <IP> () at <TS>');
  assert.deepEqual(a.params, ['24.54.76.216', 'Fri Jun 17 07:07:00 2005']);
  assert.equal(m.addLine('connection from 10.0.0.1 () at Sat Jul  2 01:02:03 2005').templateId, a.templateId);
  assert.equal(m.addLine('rotated at Jun 14 15:16:01, next in 1h').template, 'rotated at <TS>, next in <DURATION>');
  assert.equal(m.addLine('report for Jun is ready').template, 'report for Jun is ready');
});

test('a key=value token whose value varies keeps its key, and a trailing extra field is another template', () => {
  const m = new TemplateMiner();
  const base = 'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser=';
  const one = m.addLine(`${base} rhost=218.188.2.4`);
  const two = m.addLine(`${base} rhost=host-65.example.net`);
  assert.equal(two.templateId, one.templateId);
  assert.equal(two.template, `authentication failure; logname= uid=<NUM> euid=<NUM> tty=NODEVssh ruser= rhost=<*>`);
  assert.deepEqual(two.params, ['0', '0', 'host-65.example.net']);
  const withUser = m.addLine(`${base} rhost=10.1.2.3 user=root`);
  m.addLine(`${base} rhost=h.example.org user=root`);
  assert.notEqual(withUser.templateId, one.templateId);
  assert.equal(m.template(withUser.templateId)!.template, `authentication failure; logname= uid=<NUM> euid=<NUM> tty=NODEVssh ruser= rhost=<*> user=root`);
  // Brackets around a varying value stay: `(<*>)`.
  const p = m.addLine('connection from 10.0.0.1 (a.example.net) at noon');
  assert.equal(m.addLine('connection from 10.0.0.2 () at noon').templateId, p.templateId);
  assert.equal(m.template(p.templateId)!.template, 'connection from <IP> (<*>) at noon');
});

test('a field whose value is a word is a constant until several words show up there', () => {
  const m = new TemplateMiner();
  const ok = m.addLine('job finished status=ok');
  const failed = m.addLine('job finished status=failed');
  assert.notEqual(ok.templateId, failed.templateId);
  for (const w of ['queued', 'retrying', 'cancelled']) m.addLine(`job finished status=${w}`);
  assert.equal(m.template(ok.templateId)!.template, 'job finished status=<*>');
  assert.equal(m.template(failed.templateId)!.id, m.template(ok.templateId)!.id);
});

test('the word after `user` is a value: user names do not split a template', () => {
  const m = new TemplateMiner();
  const ids = new Set(['cyrus', 'news', 'test'].map((u) => m.addLine(`session opened for user ${u} by (uid=0)`).templateId).map((id) => m.template(id)!.id));
  assert.equal(ids.size, 1);
  assert.equal(m.template([...ids][0]!)!.template, 'session opened for user <*> by (uid=<NUM>)');
  // Other plain words still tell templates apart.
  assert.notEqual(m.addLine('cache hit for key').templateId, m.addLine('cache miss for key').templateId);
});

test('evidence about one word position does not fold templates that differ in other tokens too', () => {
  const m = new TemplateMiner();
  // Five messages with a different word in the middle, and different names around it too.
  const lines = ['CCFile::captureLogRun() Exiting CCFile::captureLogRun', 'AppleActuatorDevice::stop() Entered IOService::stop', 'hibernate_rebuild() started vm::map', 'BuildActDeviceEntry() exit kext::load', 'CCProfileMonitor::freeResources() done CCProfile::monitor'];
  const ids = new Set(lines.map((l) => m.addLine(l).templateId).map((id) => m.template(id)!.id));
  assert.equal(ids.size, lines.length, [...ids].map((id) => m.template(id)!.template).join(' | '));
});
