import { describe, expect, test } from "vitest";
import {
  crossEntropy,
  crossEntropyRows,
  EntropyAccumulator,
  entropy,
  entropyRows,
} from "../../src/index.js";
import { errorOf } from "../helpers/errors.js";
import { countHookCalls, onTypeScript } from "../helpers/fast-hooks.js";
import { relErr } from "../helpers/fixtures.js";

/**
 * Entropy and cross-entropy of probabilities on the one-pass kernels (assembly/entropy-fused.ts,
 * entropyKnown; assembly/cross-entropy.ts, crossKnown): the
 * reference of B = Σ x·log(M/x) is the bound 1 instead of each chunk's maximum, so the chunk is read
 * once. Its blocks with zeros or subnormals are redone lane by lane, an element above 1 (within the
 * tolerance of the sum) sends the chunk to the kernel with the maximum, an invalid element to the
 * loop that names it. Against the TypeScript loop (the maximum as reference) and the counts path
 * (the fused kernel) on the same numbers.
 */
const EPS = Number.EPSILON;
const hook = countHookCalls("entropyChunk");

/** n probabilities with zeros, subnormals and one dominant value at the given places. */
function probabilities(n: number, zeros: number, tiny: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    x[i] = i % zeros === 3 ? 0 : i % tiny === 5 ? 4e-320 : s / 2147483647;
    sum += x[i] as number;
  }
  for (let i = 0; i < n; i++) x[i] = (x[i] as number) / sum;
  return x;
}

describe("entropy of probabilities against the bound 1, in one pass", () => {
  test.each([
    [1, 1000, 1000],
    [65, 7, 1000],
    [1001, 13, 97],
    [40_000, 1000, 333],
    [300_001, 9, 5000],
  ])("%i probabilities: the loop and the counts path within 4ε", (n, zeros, tiny) => {
    const x = probabilities(n, zeros, tiny, 7);
    const before = hook.calls;
    const got = entropy(x);
    expect(hook.calls).toBe(before + 1);
    const ts = onTypeScript(() => entropy(x));
    expect(relErr(got, ts)).toBeLessThanOrEqual(4 * EPS);
    // The same numbers as counts take the kernel with each chunk's maximum as reference.
    expect(relErr(got, entropy(x, { input: "counts" }))).toBeLessThanOrEqual(4 * EPS);
    const f32 = Float32Array.from(x);
    expect(
      relErr(
        entropy(f32, { tolerance: 1e-5 }),
        onTypeScript(() => entropy(f32, { tolerance: 1e-5 })),
      ),
    ).toBeLessThanOrEqual(4 * EPS);
  });

  test("one value above 1 (within the tolerance of the sum): the kernel with the maximum", () => {
    const x = new Float64Array(1000);
    x[0] = 1 + 5e-7;
    x[1] = 1e-9;
    const got = entropy(x);
    expect(got).toBeGreaterThan(0);
    expect(
      relErr(
        got,
        onTypeScript(() => entropy(x)),
      ),
    ).toBeLessThanOrEqual(4 * EPS);
  });

  test("a certain outcome: exactly 0; a near-certain one keeps its digits", () => {
    const x = new Float64Array(500);
    x[17] = 1;
    expect(entropy(x)).toBe(0);
    x[17] = 1 - 1e-12;
    x[400] = 1e-12;
    // H ≈ 2.9e-11: the loop (its maximum as reference) and the counts path agree to a few ε.
    const got = entropy(x);
    expect(
      relErr(
        got,
        onTypeScript(() => entropy(x)),
      ),
    ).toBeLessThanOrEqual(4 * EPS);
    expect(relErr(got, entropy(x, { input: "counts" }))).toBeLessThanOrEqual(4 * EPS);
  });

  test("an invalid element: the loop's error", () => {
    for (const bad of [-1e-3, Number.NaN, Number.POSITIVE_INFINITY]) {
      const x = probabilities(5000, 11, 1000, 3);
      x[4321] = bad;
      expect(errorOf(() => entropy(x)).message).toBe(
        errorOf(() => onTypeScript(() => entropy(x))).message,
      );
    }
  });

  test("rows and chunks of an accumulator: the values of the rows and of the whole", () => {
    const x = new Float64Array(100 * 300);
    for (let r = 0; r < 100; r++) x.set(probabilities(300, 17 + (r % 5), 1000, r + 1), r * 300);
    const rows = entropyRows(x, { columns: 300 });
    for (let r = 0; r < 100; r++) expect(rows[r]).toBe(entropy(x.subarray(r * 300, (r + 1) * 300)));
    const y = probabilities(200_000, 23, 777, 5);
    const acc = new EntropyAccumulator();
    for (let i = 0; i < y.length; i += 65_536) acc.add(y.subarray(i, i + 65_536));
    expect(relErr(acc.value(), entropy(y))).toBeLessThanOrEqual(4 * EPS);
  });
});

describe("cross-entropy of probabilities against the bound 1 of q, in one pass", () => {
  test.each([
    [64, 7, 1000],
    [1001, 13, 97],
    [40_000, 1000, 333],
    [300_001, 9, 5000],
  ])("%i probabilities: the loop and the counts path within 4ε", (n, zeros, tiny) => {
    const p = probabilities(n, zeros + 2, tiny, 7);
    const q = probabilities(n, zeros, tiny + 1, 11);
    const got = crossEntropy(p, q);
    const ts = onTypeScript(() => crossEntropy(p, q));
    if (!Number.isFinite(ts)) expect(got).toBe(ts);
    else {
      expect(relErr(got, ts)).toBeLessThanOrEqual(4 * EPS);
      expect(relErr(got, crossEntropy(p, q, { input: "counts" }))).toBeLessThanOrEqual(4 * EPS);
    }
  });

  test("P certain where Q is near-certain (beside zeros): H(P, Q) ≈ 1e-12 keeps its digits", () => {
    const p = new Float64Array(500);
    const q = new Float64Array(500);
    p[17] = 1;
    q[17] = 1 - 1e-12;
    q[400] = 1e-12;
    const got = crossEntropy(p, q);
    expect(
      relErr(
        got,
        onTypeScript(() => crossEntropy(p, q)),
      ),
    ).toBeLessThanOrEqual(4 * EPS);
    expect(relErr(got, crossEntropy(p, q, { input: "counts" }))).toBeLessThanOrEqual(4 * EPS);
    // Rows of the same (each row on the kernel of a vector's: the same bits).
    const P = new Float64Array(3 * 500);
    const Q = new Float64Array(3 * 500);
    for (let r = 0; r < 3; r++) {
      P.set(p, r * 500);
      Q.set(q, r * 500);
    }
    expect(Array.from(crossEntropyRows(P, Q, { columns: 500 }))).toEqual([got, got, got]);
  });

  test("a q above 1 (within the tolerance), a q of 0 where p > 0, an invalid element", () => {
    const p = probabilities(1000, 11, 1000, 3);
    const q = new Float64Array(1000).fill(1e-9);
    q[0] = 1 + 5e-7;
    expect(
      relErr(
        crossEntropy(p, q, { tolerance: 1e-5 }),
        onTypeScript(() => crossEntropy(p, q, { tolerance: 1e-5 })),
      ),
    ).toBeLessThanOrEqual(4 * EPS);
    const z = probabilities(1000, 11, 1000, 5);
    z[50] = 0;
    expect(crossEntropy(p, z, { tolerance: 1e-2 })).toBe(Number.POSITIVE_INFINITY);
    const bad = probabilities(1000, 11, 1000, 5);
    bad[77] = -1e-4;
    expect(errorOf(() => crossEntropy(p, bad)).message).toBe(
      errorOf(() => onTypeScript(() => crossEntropy(p, bad))).message,
    );
  });
});
