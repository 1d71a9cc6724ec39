import { describe, expect, it } from "vitest";
import { logAddExp, logSumExp } from "../../src/numeric/log-sum-exp.js";
import { num } from "../helpers/fixtures.js";
import { EPS, numericFixture } from "./fixture.js";

// Reference values: mpmath at 60 digits from the float64 inputs (scripts/gen_numeric.py).

/**
 * Log-sum-exp is conditioned by its largest input: a rounding of xᵢ moves the result by as much.
 * Measured: within 0.9ε of max(|result|, max|xᵢ|) on every case (the quarter/three-quarters case
 * sums to 3e-17 from terms of size 0.29, so its relative error is large and its absolute one tiny).
 */
function within(actual: number, expected: number, scale: number): void {
  if (!Number.isFinite(expected) || Number.isNaN(expected)) expect(actual).toBe(expected);
  else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(2 * EPS * scale);
}

describe("logSumExp(values) = log Σ exp(xᵢ)", () => {
  it.for(numericFixture.logSumExp)("$name", ({ values, value }) => {
    const xs = values.map(num);
    const expected = num(value);
    const m = Math.max(...xs.filter(Number.isFinite).map(Math.abs), 0);
    within(logSumExp(xs), expected, Math.max(Math.abs(expected), m));
  });

  it("is −∞ for an empty vector and NaN when a value is NaN", () => {
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logSumExp([0, Number.NaN])).toBeNaN();
  });

  it("does not overflow: logSumExp([1000, 1000]) = 1000 + log 2", () => {
    expect(logSumExp([1000, 1000])).toBe(1000 + Math.LN2);
  });
});

describe("logAddExp(a, b) = log(eᵃ + eᵇ)", () => {
  it.for(numericFixture.logAddExp)("logAddExp($a, $b)", ({ a, b, value }) => {
    const x = num(a);
    const y = num(b);
    const expected = num(value);
    within(logAddExp(x, y), expected, Math.max(Math.abs(expected), Math.abs(x), Math.abs(y)));
  });

  it("agrees with logSumExp of the pair", () => {
    expect(logAddExp(0.3, -2)).toBe(logSumExp([0.3, -2]));
  });
});
