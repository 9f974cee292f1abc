// Small samples in the shapes of real sources (OpenSSH, HDFS, Apache error, Kubernetes), mined
// with default settings: lines of one event group together, different events stay apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateMiner } from '../../lib/logmine/index.ts';

/** Mines [event, message] pairs; asserts events and final templates correspond one to one. */
function assertGrouping(samples: [string, string][]): Map<string, string> {
  const m = new TemplateMiner();
  const ids = samples.map(([, line]) => m.addLine(line).templateId);
  const byEvent = new Map<string, Set<string>>();
  samples.forEach(([event], i) => {
    if (!byEvent.has(event)) byEvent.set(event, new Set());
    byEvent.get(event)!.add(m.template(ids[i]!)!.id);
  });
  const templates = new Map<string, string>();
  for (const [event, set] of byEvent) {
    assert.equal(set.size, 1, `${event} split over ${[...set].map((id) => m.template(id)!.template).join(' | ')}`);
    templates.set(event, [...set][0]!);
  }
  assert.equal(new Set(templates.values()).size, byEvent.size, 'different events share a template');
  return new Map([...templates].map(([e, id]) => [e, m.template(id)!.template]));
}

test('OpenSSH', () => {
  const users = ['root', 'admin', 'test', 'oracle', 'guest', 'ubuntu', 'pi'];
  const s: [string, string][] = [];
  for (let i = 0; i < 40; i++) {
    const ip = `${(i * 37) % 223 + 1}.${i % 200}.${(i * 7) % 250}.${(i * 13) % 250 + 1}`;
    const u = users[i % users.length]!;
    s.push(['invalid', `Invalid user ${u} from ${ip} port ${40000 + i}`]);
    s.push(['failed', `Failed password for invalid user ${u} from ${ip} port ${40000 + i} ssh2`]);
    s.push(['failed_valid', `Failed password for ${u} from ${ip} port ${40000 + i} ssh2`]);
    s.push(['closed', `Connection closed by ${ip} port ${40000 + i} [preauth]`]);
    s.push(['reverse', `reverse mapping checking getaddrinfo for host-${i}.example.net [${ip}] failed - POSSIBLE BREAK-IN ATTEMPT!`]);
    s.push(['auth_fail', `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=${u}`]);
  }
  const t = assertGrouping(s);
  assert.equal(t.get('invalid'), 'Invalid user <*> from <IP> port <NUM>');
});

test('HDFS block logs', () => {
  const s: [string, string][] = [];
  for (let i = 0; i < 60; i++) {
    const blk = `blk_${i % 2 ? '-' : ''}${(7e17 + i * 104729).toString().slice(0, 19)}`;
    const ip = `10.251.${(i * 11) % 250}.${(i * 3) % 250 + 1}`;
    s.push(['receiving', `Receiving block ${blk} src: /${ip}:${40000 + i} dest: /${ip}:50010`]);
    s.push(['responder', `PacketResponder ${i % 3} for block ${blk} terminating`]);
    s.push(['received', `Received block ${blk} of size ${67108864 - i * 1000} from /${ip}`]);
    s.push(['added', `BLOCK* NameSystem.addStoredBlock: blockMap updated: ${ip}:50010 is added to ${blk} size ${67108864 - i}`]);
    s.push(['verify', `Verification succeeded for ${blk}`]);
  }
  assertGrouping(s);
});

test('Apache error log', () => {
  const s: [string, string][] = [];
  for (let i = 0; i < 40; i++) {
    s.push(['found', `jk2_init() Found child ${2000 + i * 7} in scoreboard slot ${i % 10}`]);
    s.push(['ok', `workerEnv.init() ok /etc/httpd/conf/workers2.properties`]);
    s.push(['error_state', `mod_jk child workerEnv in error state ${i % 9 + 1}`]);
    s.push(['forbidden', `[client 192.168.${i % 250}.${i + 1}] Directory index forbidden by rule: /var/www/html/${i}/`]);
  }
  assertGrouping(s);
});

test('Kubernetes kubelet and events', () => {
  const pods = ['api-7d9f8b6c5-x2k4p', 'worker-5c6d7e8f9-abcde', 'db-0', 'cache-1', 'web-6b5c4d3e2-qwert'];
  const s: [string, string][] = [];
  for (let i = 0; i < 50; i++) {
    const pod = pods[i % pods.length]!;
    s.push(['pulled', `Successfully pulled image "registry.local/app:v1.${i}" in ${(i * 0.37).toFixed(3)}s`]);
    s.push(['backoff', `Back-off restarting failed container app in pod ${pod}_default(${(0xabcdef + i).toString(16)}-1111-2222-3333-444455556666)`]);
    s.push(['probe', `Readiness probe failed: Get "http://10.244.${i % 250}.${i + 2}:8080/healthz": dial tcp 10.244.${i % 250}.${i + 2}:8080: connect: connection refused`]);
    s.push(['scheduled', `Successfully assigned default/${pod} to node-${i % 7}`]);
    s.push(['killing', `Killing container with id containerd://${(0xdeadbeef00 + i * 7).toString(16)}:Need to kill Pod`]);
  }
  assertGrouping(s);
});
