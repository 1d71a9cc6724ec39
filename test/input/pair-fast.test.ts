import { describe, expect, test } from "vitest";
import { useFastPath } from "../../src/fast/index.js";
import { hellinger, jsDivergence, renyiDivergence } from "../../src/index.js";
import { linearPair } from "../../src/input/pair.js";
import { errorOf } from "../helpers/errors.js";
import { onTypeScript } from "../helpers/fast-hooks.js";
import { relErr } from "../helpers/fixtures.js";

const EPS = Number.EPSILON;

/**
 * linearPair on typed arrays through the `pairTotals` hook (assembly/pair-totals.ts): the same
 * errors as the TypeScript loops (code, argument, index, value), the same totals to rounding, and
 * the loops where the hook must decline (overflow); counts of different totals on both.
 */

function uniform(n: number): [Float64Array, Float64Array] {
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = (1 + (i % 7)) / (4 * n);
    q[i] = (1 + (i % 5)) / (3 * n);
  }
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    sp += p[i];
    sq += q[i];
  }
  for (let i = 0; i < n; i++) {
    p[i] /= sp;
    q[i] /= sq;
  }
  return [p, q];
}

describe.each([100, 70_001])("n = %i", (n) => {
  useFastPath(true);
  test("totals as the TypeScript loops (to rounding), λ = 1", () => {
    const [p, q] = uniform(n);
    const fast = linearPair(p, q, undefined);
    const ts = onTypeScript(() => linearPair(p, q, undefined));
    expect(fast.sp).toBeCloseTo(ts.sp, 15);
    expect(fast.sq).toBeCloseTo(ts.sq, 15);
    expect(Math.abs(fast.delta - ts.delta)).toBeLessThanOrEqual(4 * Number.EPSILON * n * 1e-3);
    expect(fast.lambda).toBe(1);
  });

  test.each([
    ["negative in p", "p", -1e-3],
    ["NaN in q", "q", Number.NaN],
    ["+∞ in q", "q", Number.POSITIVE_INFINITY],
  ] as const)("%s: the same error as the loops", (_name, which, value) => {
    const [p, q] = uniform(n);
    const at = n - 3;
    (which === "p" ? p : q)[at] = value;
    for (const f of [jsDivergence, hellinger]) {
      const fast = errorOf(() => f(p, q));
      const ts = errorOf(() => onTypeScript(() => f(p, q)));
      expect([fast.code, fast.argument, fast.index]).toEqual([ts.code, ts.argument, ts.index]);
      expect(fast.message).toBe(ts.message);
    }
  });

  test("a sum off 1 and counts of different totals", () => {
    const [p, q] = uniform(n);
    p[0] += 0.01;
    const fast = errorOf(() => jsDivergence(p, q));
    const ts = errorOf(() => onTypeScript(() => jsDivergence(p, q)));
    expect(fast.message).toBe(ts.message);
    const c = Float64Array.from(p, (x) => x * 1e6);
    const o = { input: "counts" as const };
    // Counts of different totals: the hook's totals with λ = Sp/Sq, SqL = λ·Sq and δ = Sp − λ·Sq
    // (scaledTotals), as the loops form them from their own compensated sums.
    const pair = linearPair(c, q, o);
    const loop = onTypeScript(() => linearPair(c, q, o));
    expect(pair.lambda).not.toBe(1);
    expect(pair.lambda).toBe(loop.lambda);
    expect(relErr(pair.sqL, loop.sqL)).toBeLessThanOrEqual(EPS);
    expect(Math.abs(pair.delta - loop.delta)).toBeLessThanOrEqual(2 ** -100 * pair.sp);
    for (const alpha of [0.5, 2, 7]) {
      const fast = renyiDivergence(c, q, { ...o, alpha });
      const ts = onTypeScript(() => renyiDivergence(c, q, { ...o, alpha }));
      expect(relErr(fast, ts), `α = ${alpha}`).toBeLessThanOrEqual(4 * EPS);
    }
  });

  test("counts whose sum overflows take the loops", () => {
    const c = new Float64Array(n).fill(1e305);
    const d = new Float64Array(n).fill(2e305);
    const o = { input: "counts" as const };
    expect(jsDivergence(c, d, o)).toBe(0);
  });
});
