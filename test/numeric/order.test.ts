import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { orderDescending, sortNumbers } from "../../src/numeric/order.js";

/** The reference: the comparator sort, largest first, ties by index (−0 equal to +0). */
function reference(x: ArrayLike<number>): Int32Array {
  return Int32Array.from({ length: x.length }, (_, i) => i).sort(
    (i, j) => (x[j] as number) - (x[i] as number) || i - j,
  );
}

/** Doubles of every kind but NaN, with many repeats (ties) and both zeros. */
const value = fc.oneof(
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -0, 1, -1, 5e-324, -5e-324, Number.MAX_VALUE, Number.POSITIVE_INFINITY),
  fc.constantFrom(Number.NEGATIVE_INFINITY, 0.1, 0.30000000000000004, 2 ** -1022),
  fc.integer({ min: -3, max: 3 }),
);

describe("orderDescending: the comparator sort's order, in O(n)", () => {
  test("the example", () => {
    expect([...orderDescending(Float64Array.of(0.5, 2, -1, 2))]).toEqual([1, 3, 0, 2]);
  });
  // Short arrays take the comparator sort itself; long ones the radix sort (512 or more).
  fcTest.prop([fc.array(value, { minLength: 0, maxLength: 40 })])("short arrays", (xs) => {
    expect([...orderDescending(xs)]).toEqual([...reference(xs)]);
  });
  fcTest.prop([fc.array(value, { minLength: 512, maxLength: 3000 })], { numRuns: 60 })(
    "long arrays: the radix sort, ties and signed zeros in index order",
    (xs) => {
      expect([...orderDescending(Float64Array.from(xs))]).toEqual([...reference(xs)]);
    },
  );
  test("10⁵ values with a digit the same for all (skipped passes)", () => {
    const x = Float64Array.from({ length: 100_000 }, (_, i) => 1 + ((i * 7919) % 1000) / 1024);
    expect([...orderDescending(x)]).toEqual([...reference(x)]);
  });
});

describe("sortNumbers: Float64Array.prototype.sort's order, in O(n)", () => {
  test("the example", () => {
    expect([...sortNumbers(Float64Array.of(3, -1, 0.5, -0, 0))]).toEqual([-1, -0, 0, 0.5, 3]);
  });
  fcTest.prop([fc.array(value, { minLength: 0, maxLength: 3000 })], { numRuns: 100 })(
    "any doubles but NaN: the same bits as the built-in sort, −0 before +0",
    (xs) => {
      const want = Float64Array.from(xs).sort();
      const got = sortNumbers(Float64Array.from(xs));
      expect(Array.from(got, (v) => (Object.is(v, -0) ? "-0" : v))).toEqual(
        Array.from(want, (v) => (Object.is(v, -0) ? "-0" : v)),
      );
    },
  );
  test("NaNs of any sign or payload go last, as with the built-in sort", () => {
    const x = Float64Array.from({ length: 3000 }, (_, i) => (i % 5 === 0 ? Number.NaN : 1500 - i));
    new DataView(x.buffer).setUint32(4 * 2 * 5 + 4, 0xfff80001, true); // x[5]: a negative NaN
    const got = sortNumbers(Float64Array.from(x));
    const want = Float64Array.from(x).sort();
    expect(Array.from(got, (v) => (Number.isNaN(v) ? "NaN" : v))).toEqual(
      Array.from(want, (v) => (Number.isNaN(v) ? "NaN" : v)),
    );
  });
  test("a view into a larger buffer is sorted in place, the rest untouched", () => {
    const buf = Float64Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 4999) - 2500);
    const view = buf.subarray(1000, 4000);
    const want = Float64Array.from(view).sort();
    const before = Float64Array.from(buf);
    sortNumbers(view);
    expect([...view]).toEqual([...want]);
    expect([...buf.subarray(0, 1000)]).toEqual([...before.subarray(0, 1000)]);
    expect([...buf.subarray(4000)]).toEqual([...before.subarray(4000)]);
  });
});
