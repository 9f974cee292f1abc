import assert from 'node:assert/strict';

/** SPEC tolerance: 1e-9 relative (with a tiny absolute floor for values at zero). */
export function assertClose(actual: number | null, expected: number | null, what: string, rel = 1e-9, abs = 1e-300): void {
  if (expected === null) {
    assert.ok(actual === null || Number.isNaN(actual), `${what}: expected null/NaN, got ${actual}`);
    return;
  }
  assert.ok(actual !== null, `${what}: got null, expected ${expected}`);
  if (!Number.isFinite(expected)) {
    assert.equal(actual, expected, what);
    return;
  }
  const tol = Math.max(abs, rel * Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (diff ${Math.abs(actual - expected)}, tol ${tol})`);
}

/** SPEC tolerance for p-values: 1e-6 absolute. */
export function assertPValue(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-6, `${what}: p ${actual} vs ${expected}`);
}
