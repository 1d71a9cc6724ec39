import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CompensatedSum,
  compensatedAdd,
  compensatedMerge,
  neumaierError,
} from "../../src/numeric/sum.js";
import { exact, exactSum } from "./exact.js";

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 });

describe("neumaierError(a, b, t)", () => {
  it("is the exact rounding error of t = a + b, whichever of a, b is larger (fast-check)", () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const t = a + b;
        expect(exact(a) + exact(b)).toBe(exact(t) + exact(neumaierError(a, b, t)));
      }),
    );
  });

  it("recovers the 1 lost in 1e100 + 1", () => {
    expect(neumaierError(1, 1e100, 1e100)).toBe(1);
    expect(neumaierError(1e100, 1, 1e100)).toBe(1);
  });
});

describe("CompensatedSum", () => {
  it("keeps a term that a plain sum loses: 1e100 + 1 − 1e100 = 1", () => {
    const s = new CompensatedSum();
    for (const x of [1e100, 1, -1e100]) s.add(x);
    expect(s.value()).toBe(1);
  });

  it("is 0 when empty", () => {
    expect(new CompensatedSum().value()).toBe(0);
  });

  it("adds ten times 0.1 to 1", () => {
    const s = new CompensatedSum();
    for (let i = 0; i < 10; i++) s.add(0.1);
    expect(s.value()).toBe(1);
  });

  // The bound of compensated summation: |value − Σx| ≤ ε·|Σx| + n·ε²·Σ|x| (ε = 2^-53), with
  // n·ε² taken as 4n·2^-106; terms of one sign, or sums far from cancelling, are within 1 ulp.
  it("is within ε·|Σx| + 4n·ε²·Σ|x| of the exact sum (fast-check, BigInt reference)", () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 40 }), (xs) => {
        const s = new CompensatedSum();
        for (const x of xs) s.add(x);
        const v = s.value();
        const e = exactSum(xs);
        const err = Math.abs(Number(exact(v) - e)) * 2 ** -1074;
        const sum = Math.abs(Number(e) * 2 ** -1074);
        const abs = xs.reduce((a, x) => a + Math.abs(x), 0);
        expect(err).toBeLessThanOrEqual(2 ** -53 * sum + 4 * xs.length * 2 ** -106 * abs + 1e-320);
      }),
    );
  });

  it("merges: two halves merged equal the whole, bit for bit when the halves do not round", () => {
    const a = new CompensatedSum();
    const b = new CompensatedSum();
    a.add(1e100).add(1);
    b.add(-1e100).add(2);
    expect(a.merge(b).value()).toBe(3);
  });

  it("scales both parts", () => {
    const s = new CompensatedSum().add(1e100).add(1).scale(0.5);
    expect(s.hi).toBe(5e99);
    expect(s.lo).toBe(0.5);
  });
});

describe("compensatedAdd(s, i, x) and compensatedMerge(s, i, hi, lo)", () => {
  it("take the same steps as CompensatedSum.add and .merge, in slots i and i + 1", () => {
    fc.assert(
      fc.property(
        fc.array(finite, { maxLength: 20 }),
        fc.array(finite, { maxLength: 20 }),
        (xs, ys) => {
          const s = new Float64Array(4);
          const a = new CompensatedSum();
          const b = new CompensatedSum();
          for (const x of xs) {
            compensatedAdd(s, 2, x);
            a.add(x);
          }
          for (const y of ys) b.add(y);
          expect([s[2], s[3]]).toEqual([a.hi, a.lo]);
          compensatedMerge(s, 2, b.hi, b.lo);
          a.merge(b);
          expect([s[2], s[3]]).toEqual([a.hi, a.lo]);
          expect([s[0], s[1]]).toEqual([0, 0]); // other slots untouched
        },
      ),
    );
  });
});
