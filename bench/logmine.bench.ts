// Template mining throughput over 1,000,000 lines from the shared corpus generator, on one core,
// beside two floors measured in the same run: a plain split-on-spaces pass keyed by token count
// and first token (what any miner must at least do), and tokenising with the masks alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateMiner } from '../lib/logmine/index.ts';
import { ALL_MASKS } from '../lib/logmine/masks.ts';
import { tokenize } from '../lib/logmine/tokenize.ts';

const N = 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'sidewatch-logbench-'));
let lines: string[];
try {
  execFileSync('python3', ['/work/shared/data/logs/make_corpus.py', '7', String(N)], { cwd: dir });
  lines = readFileSync(join(dir, 'corpus.log'), 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function timed(name: string, pass: () => number): number {
  const t0 = process.hrtime.bigint();
  const check = pass();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const rate = lines.length / s;
  console.log(`${name.padEnd(34)} ${Math.round(rate).toLocaleString('en-US').padStart(11)} lines/s  (${s.toFixed(2)} s, check ${check})`);
  return rate;
}

// Warm-up on a slice so the JIT has seen every path before the timed passes.
{
  const warm = new TemplateMiner();
  for (let i = 0; i < 50_000; i++) warm.addLine(lines[i]!);
}

const baseline = timed('baseline: split + Map(count, first)', () => {
  const groups = new Map<string, number>();
  for (const line of lines) {
    const t = line.split(' ');
    const key = `${t.length} ${t[0]}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return groups.size;
});

const opts = { masks: new Set(ALL_MASKS), maxTokens: 128 };
const tokenizeOnly = timed('tokenise with masks only', () => {
  let tokens = 0;
  for (const line of lines) tokens += tokenize(line, opts).masked.length;
  return tokens;
});

const miner = new TemplateMiner();
const mining = timed('TemplateMiner.addLine', () => {
  for (const line of lines) miner.addLine(line);
  return miner.templates().length;
});

console.log(`lines: ${lines.length.toLocaleString('en-US')}, templates: ${miner.templates().length}`);
console.log(`mining / baseline: ${(mining / baseline).toFixed(3)}   mining / tokenise-only: ${(mining / tokenizeOnly).toFixed(3)}`);
console.log(`target: >= 300,000 lines/s -> ${mining >= 300_000 ? 'met' : 'NOT met'}`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (includes the ${lines.length.toLocaleString('en-US')} lines held in memory)`);
