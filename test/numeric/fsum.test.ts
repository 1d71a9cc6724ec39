import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExactSum, fsum } from "../../src/numeric/fsum.js";
import { num } from "../helpers/fixtures.js";
import { exact, exactSum } from "./exact.js";
import { numericFixture } from "./fixture.js";

const cases = numericFixture.fsum.map((c) => ({
  ...c,
  xs: c.values.map(num),
  expected: num(c.sum),
}));

describe("fsum(values)", () => {
  // Exactly rounded: the same double as Python's math.fsum (scripts/gen_numeric.py), bit for bit.
  it.for(cases)("$name: the double nearest to the exact sum", ({ xs, expected }) => {
    expect(fsum(xs)).toBe(expected);
  });

  it("is 1 (not 0.9999999999999999) for ten times 0.1", () => {
    expect(fsum(Array(10).fill(0.1))).toBe(1);
  });

  it("takes arrays, typed arrays and iterables alike", () => {
    const xs = [1e100, 1, -1e100];
    expect(fsum(xs)).toBe(1);
    expect(fsum(Float64Array.from(xs))).toBe(1);
    expect(fsum(new Set(xs))).toBe(1);
  });

  it("does not depend on the order of the terms (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), {
          maxLength: 30,
        }),
        (xs) => {
          const reversed = [...xs].reverse();
          expect(fsum(reversed)).toBe(fsum(xs));
        },
      ),
    );
  });

  it("is within half an ulp of the exact sum (fast-check, BigInt reference)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), {
          maxLength: 30,
        }),
        (xs) => {
          const s = fsum(xs);
          const e = exactSum(xs);
          // |s − Σx| ≤ |s' − Σx| for the neighbours s' of s: no double is closer.
          const err = exact(s) - e;
          const abs = (v: bigint) => (v < 0n ? -v : v);
          for (const t of [nextUp(s), nextDown(s)]) {
            if (Number.isFinite(t)) expect(abs(err) <= abs(exact(t) - e)).toBe(true);
          }
        },
      ),
    );
  });
});

describe("ExactSum", () => {
  it("adds term by term to the same value as fsum", () => {
    for (const { xs, expected } of cases) {
      const s = new ExactSum();
      for (const x of xs) s.add(x);
      expect(s.value()).toBe(expected);
    }
  });

  it("is 0 when empty", () => {
    expect(new ExactSum().value()).toBe(0);
  });
});

function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x);
  const bits = b.getBigUint64(0);
  b.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return b.getFloat64(0);
}

function nextDown(x: number): number {
  return -nextUp(-x);
}
