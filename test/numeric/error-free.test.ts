import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fastTwoSumError,
  SPLITTER,
  twoProductError,
  twoSumError,
} from "../../src/numeric/error-free.js";
import { exact } from "./exact.js";

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 });
/** Factors whose product and its error stay in the normal range and whose split cannot overflow. */
const factor = fc
  .double({ noNaN: true, min: 1e-140, max: 1e140 })
  .chain((x) => fc.constantFrom(x, -x));

describe("twoSumError(a, b, s)", () => {
  it("gives a + b = s + e exactly, for any order of magnitudes (fast-check)", () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const s = a + b;
        expect(exact(a) + exact(b)).toBe(exact(s) + exact(twoSumError(a, b, s)));
      }),
    );
  });

  it("recovers the 1 of 1e16 + 1", () => {
    expect(twoSumError(1e16, 1, 1e16 + 1)).toBe(1);
    expect(twoSumError(1, 1e16, 1e16 + 1)).toBe(1);
  });
});

describe("fastTwoSumError(a, b, s)", () => {
  it("gives a + b = s + e exactly when |a| ≥ |b| (fast-check)", () => {
    fc.assert(
      fc.property(finite, finite, (x, y) => {
        const [a, b] = Math.abs(x) >= Math.abs(y) ? [x, y] : [y, x];
        const s = a + b;
        expect(exact(a) + exact(b)).toBe(exact(s) + exact(fastTwoSumError(a, b, s)));
      }),
    );
  });
});

describe("twoProductError(x, y, p)", () => {
  it("gives x·y = p + e exactly (fast-check, BigInt reference)", () => {
    fc.assert(
      fc.property(factor, factor, (x, y) => {
        const p = x * y;
        // exact() scales by 2^1074: x·y·2^2148 = (p + e)·2^2148.
        expect(exact(x) * exact(y)).toBe((exact(p) + exact(twoProductError(x, y, p))) << 1074n);
      }),
    );
  });

  it("finds the 2^-60 that x² = 1 + 2^-29 + 2^-60 loses, for x = 1 + 2^-30", () => {
    const x = 1 + 2 ** -30;
    expect(twoProductError(x, x, x * x)).toBe(2 ** -60);
  });

  it("is 0 where splitting would overflow (|x|·SPLITTER ≥ 1e300)", () => {
    expect(twoProductError(1e300, 0.5, 5e299)).toBe(0);
    expect(SPLITTER).toBe(2 ** 27 + 1);
  });
});
