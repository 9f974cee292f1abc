// Grouping accuracy at default settings on the shared synthetic corpus and on fresh corpora
// from its generator, so the result does not hinge on one file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TemplateMiner, groupingAccuracy } from '../../lib/logmine/index.ts';

const DATA = '/work/shared/data/logs';

function readCorpus(dir: string): { lines: string[]; truth: string[] } {
  const lines = readFileSync(join(dir, 'corpus.log'), 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const truth = readFileSync(join(dir, 'labels.csv'), 'utf8').split('\n').slice(1).filter(Boolean)
    .map((row) => row.split(',')[1]!);
  return { lines, truth };
}

/** Mines every line, then labels each with its template's final id, as `logs parse` does. */
function mine(lines: string[]): string[] {
  const miner = new TemplateMiner();
  const ids = lines.map((l) => miner.addLine(l).templateId);
  return ids.map((id) => miner.template(id)!.id);
}

test('grouping accuracy on the shared corpus is at least 0.95', () => {
  const { lines, truth } = readCorpus(DATA);
  assert.equal(lines.length, truth.length);
  const ga = groupingAccuracy(mine(lines), truth);
  assert.ok(ga >= 0.95, `GA ${ga}`);
});

for (const seed of [101, 2024, 31337]) {
  test(`grouping accuracy on a fresh corpus (seed ${seed}) is at least 0.95`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'sidewatch-corpus-'));
    try {
      execFileSync('python3', [join(DATA, 'make_corpus.py'), String(seed), '5000'], { cwd: dir });
      const { lines, truth } = readCorpus(dir);
      assert.equal(lines.length, 5000);
      const ga = groupingAccuracy(mine(lines), truth);
      assert.ok(ga >= 0.95, `GA ${ga}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('groupingAccuracy follows the definition: a group counts only when it equals a true template', () => {
  // Truth: A={0,1}, B={2,3}, C={4}. Predicted: {0,1} exact, {2} and {3} split B, {4} exact.
  assert.equal(groupingAccuracy(['x', 'x', 'y', 'z', 'w'], ['A', 'A', 'B', 'B', 'C']), 3 / 5);
  // One predicted group covering A and C: only B's lines are right.
  assert.equal(groupingAccuracy(['x', 'x', 'y', 'y', 'x'], ['A', 'A', 'B', 'B', 'C']), 2 / 5);
  assert.throws(() => groupingAccuracy(['x'], []), /1 predicted labels but 0/);
});
