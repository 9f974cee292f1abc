import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTime } from '../../lib/rca/wide-csv.ts';

test('times are epoch seconds, epoch milliseconds or ISO-8601, all as epoch seconds', () => {
  assert.equal(parseTime('1700000000'), 1_700_000_000);
  assert.equal(parseTime('1700000000.5'), 1_700_000_000.5);
  assert.equal(parseTime('1700000000123'), 1_700_000_000.123);
  assert.equal(parseTime('2023-11-14T22:13:20Z'), 1_700_000_000);
  assert.ok(Number.isNaN(parseTime('yesterday')));
  assert.ok(Number.isNaN(parseTime('')));
});
