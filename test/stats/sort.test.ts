import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sortedCopy } from '../../lib/stats/sort.ts';

test('radix sort orders like the numeric comparison sort, across signs and magnitudes', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 0, maxLength: 3000 }), (values) => {
      const input = Float64Array.from(values);
      const expected = Float64Array.from(values).sort();
      assert.deepEqual(sortedCopy(input), expected);
      assert.deepEqual(input, Float64Array.from(values), 'input left untouched');
    }),
    { numRuns: 60 },
  );
});

test('radix sort handles a large array with many ties, infinities and signed zeros', () => {
  const n = 200_000;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = ((i * 7919) % 1001) - 500 + (i % 3 === 0 ? 0.25 : 0);
  a[10] = Infinity;
  a[11] = -Infinity;
  a[12] = -0;
  a[13] = 5e-324;
  a[14] = -1e308;
  const sorted = sortedCopy(a);
  assert.deepEqual(sorted, new Float64Array(a).sort());
  for (let i = 1; i < n; i++) assert.ok(sorted[i - 1]! <= sorted[i]!);
});
