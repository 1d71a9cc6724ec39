import { describe, expect, test } from "vitest";
import { fastArray } from "../../src/fast/index.js";
import { contributions, SurprisalError } from "../../src/index.js";
import { onTypeScript } from "../helpers/fast-hooks.js";

/**
 * contributions(p, q, { into }): the contributions written into the caller's Float64Array (every
 * element, whatever it held), the same numbers as a new array, on each path (kernel for
 * probabilities and logits, the loop for counts of different totals and plain arrays).
 */
function inputs(n: number): { p: Float64Array; q: Float64Array; z: Float64Array; w: Float64Array } {
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    sp += p[i] = i % 11 === 0 ? 0 : 1 + (i % 13);
    sq += q[i] = 1 + (i % 7);
    z[i] = Math.sin(i);
    w[i] = i === 3 ? Number.NEGATIVE_INFINITY : Math.cos(i);
  }
  for (let i = 0; i < n; i++) {
    p[i] /= sp;
    q[i] /= sq;
  }
  return { p, q, z, w };
}

describe("contributions into a given array", () => {
  const n = 70_001; // above the kernels' minimum length
  const { p, q, z, w } = inputs(n);
  const cases: [string, () => [unknown, unknown, object]][] = [
    ["probabilities (kernel)", () => [p, q, {}]],
    ["logits (kernel)", () => [z, w, { input: "logits" }]],
    ["counts of different totals (loop)", () => [p.map((x) => x * 1e6), q, { input: "counts" }]],
    ["plain arrays (loop)", () => [Array.from(p), Array.from(q), { base: "bits" }]],
  ];
  test.each(cases)(
    "%s: the same numbers, in the given array, every element written",
    (_n, make) => {
      const [a, b, o] = make();
      const want = contributions(a as Float64Array, b as Float64Array, o);
      const into = new Float64Array(n).fill(Number.NaN);
      const got = contributions(a as Float64Array, b as Float64Array, { ...o, into });
      expect(got.contribution).toBe(into);
      expect(got.contribution).toEqual(want.contribution);
      expect(got.total).toBe(want.total);
      expect(got.infiniteAt).toEqual(want.infiniteAt);
      const ts = new Float64Array(n).fill(7);
      const loop = onTypeScript(() =>
        contributions(a as Float64Array, b as Float64Array, { ...o, into: ts }),
      );
      expect(loop.contribution).toBe(ts);
      expect(ts.some((x) => Number.isNaN(x) || x === 7)).toBe(false);
    },
  );

  test("into a fastArray (the kernels' memory): written in place, the same numbers", () => {
    const want = contributions(p, q);
    const into = fastArray(n).fill(Number.NaN);
    const got = contributions(p, q, { into });
    expect(got.contribution).toBe(into);
    expect(Array.from(into)).toEqual(Array.from(want.contribution));
    const logits = contributions(z, w, { input: "logits", into });
    expect(Array.from(into)).toEqual(
      Array.from(contributions(z, w, { input: "logits" }).contribution),
    );
    expect(logits.contribution).toBe(into);
  });

  test("by label: one element per outcome of the union", () => {
    const into = new Float64Array(3);
    const c = contributions({ a: 1, b: 1 }, { b: 1, c: 1, a: 2 }, { input: "counts", into });
    expect(c.labels).toEqual(["a", "b", "c"]);
    expect(c.contribution).toBe(into);
    expect(Array.from(into)).toEqual(
      Array.from(
        contributions({ a: 1, b: 1 }, { b: 1, c: 1, a: 2 }, { input: "counts" }).contribution,
      ),
    );
  });

  test.each([
    ["a shorter array", new Float64Array(2), "got a Float64Array of 2"],
    ["a Float32Array", new Float32Array(3), "got a Float32Array of 3"],
    ["a plain array", [0, 0, 0], "got an Array of 3"],
    ["a number", 3, "got 3"],
  ])("%s: invalid-option, naming the argument and the length", (_n, into, says) => {
    try {
      contributions([0.5, 0.25, 0.25], [0.25, 0.25, 0.5], { into: into as Float64Array });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SurprisalError);
      const err = e as SurprisalError;
      expect(err.code).toBe("invalid-option");
      expect(err.argument).toBe("into");
      expect(err.message).toContain("a Float64Array of 3 elements");
      expect(err.message).toContain(says);
    }
  });
});
