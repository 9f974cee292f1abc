// The house rules, checked on the source itself: which folder may import which, no import
// loops (counting imports that exist at run time; `import type` is erased), and SQL text only
// inside core/storage (plus the exports and the CLI's file readers, which are DuckDB jobs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repoRoot } from '../helpers/process.ts';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const files = ['core', 'lib', 'plugins'].flatMap((d) => sourceFiles(join(repoRoot, d)));
const rel = (p: string) => relative(repoRoot, p).split('\\').join('/');

interface Edge {
  to: string;
  typeOnly: boolean;
}

function importsOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const edges: Edge[] = [];
  const re = /^(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gms;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4]!;
    if (!spec.startsWith('.')) continue;
    // `import { type A, type B }` is erased too.
    const braces = /\{([^}]*)\}/.exec(m[0])?.[1];
    const allTypes = braces !== undefined && braces.split(',').every((s) => s.trim() === '' || s.trim().startsWith('type '));
    edges.push({ to: rel(resolve(dirname(file), spec)), typeOnly: !!m[2] || (allTypes && !/^(import|export)\s+\*/.test(m[0])) });
  }
  return edges;
}

const graph = new Map(files.map((f) => [rel(f), importsOf(f)]));

test('the graph is read from the source (not empty)', () => {
  const edges = [...graph.values()].flat();
  assert.ok(graph.size > 200 && edges.filter((e) => !e.typeOnly).length > 400, `${graph.size} files, ${edges.length} imports`);
  assert.ok(edges.every((e) => graph.has(e.to) || /\.(js|json|mjs)$/.test(e.to) || !e.to.endsWith('.ts')), 'every relative .ts import resolves to a file');
});

test('core/plugin-api imports nothing from the rest of core, and lib nothing from core or plugins', () => {
  const bad: string[] = [];
  for (const [from, edges] of graph) {
    for (const e of edges) {
      if (from.startsWith('core/plugin-api/') && e.to.startsWith('core/') && !e.to.startsWith('core/plugin-api/')) bad.push(`${from} → ${e.to}`);
      if (from.startsWith('lib/') && (e.to.startsWith('core/') || e.to.startsWith('plugins/'))) bad.push(`${from} → ${e.to}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('plugins import only the plugin contract, lib and their own folder', () => {
  const bad: string[] = [];
  for (const [from, edges] of graph) {
    if (!from.startsWith('plugins/')) continue;
    const own = from.split('/').slice(0, 2).join('/') + '/';
    for (const e of edges) if (!e.to.startsWith('core/plugin-api/') && !e.to.startsWith('lib/') && !e.to.startsWith(own)) bad.push(`${from} → ${e.to}`);
  }
  assert.deepEqual(bad, []);
});

test('no import loops among the imports that exist at run time', () => {
  // Tarjan's strongly connected components over value imports.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const loops: string[][] = [];
  let n = 0;
  const visit = (v: string) => {
    index.set(v, n);
    low.set(v, n++);
    stack.push(v);
    on.add(v);
    for (const e of graph.get(v) ?? []) {
      if (e.typeOnly || !graph.has(e.to)) continue;
      if (!index.has(e.to)) {
        visit(e.to);
        low.set(v, Math.min(low.get(v)!, low.get(e.to)!));
      } else if (on.has(e.to)) low.set(v, Math.min(low.get(v)!, index.get(e.to)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) loops.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  assert.deepEqual(loops, []);
});

test('SQL text lives in core/storage (and the DuckDB jobs: exports, the CLI file readers)', () => {
  const sql = /\b(SELECT|INSERT INTO|UPDATE [a-z_"]+ SET|DELETE FROM|CREATE TABLE)\b/;
  const allowed = ['core/storage/', 'core/export/', 'core/files/read-table.ts', 'core/demo/ops-stream.ts'];
  const found = files.map(rel).filter((f) => !allowed.some((a) => f.startsWith(a)) && sql.test(readFileSync(join(repoRoot, f), 'utf8')));
  assert.deepEqual(found, []);
});
