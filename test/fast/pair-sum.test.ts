import { fc, test as fcTest } from "@fast-check/vitest";
import { afterAll, describe, expect, test } from "vitest";
import { fastArray, setFastThreads } from "../../src/fast/index.js";
import { hellinger, renyiDivergence, totalVariation } from "../../src/index.js";
import { FLIP_RATIO, fusedPairSum } from "../../src/numeric/pair-sum-kernel.js";
import { countHookCalls, onTypeScript } from "../helpers/fast-hooks.js";
import { type DiscreteCase, num, readSharedFixture, relErr } from "../helpers/fixtures.js";

/**
 * Total variation and Hellinger on the fast path: one read of the inputs where the totals pass
 * decides the sum (assembly/pair-totals.ts, fusedPairSum), else the second pass of the `pairSum`
 * hook (assembly/pair-sum.ts): the shared fixtures within 1e-12 of mpmath (1e-15 absolute where the
 * value is 0), the TypeScript path to 1e-14 relative on random inputs (also with totals off 1 by
 * up to the tolerance), the same bits for 1 and 2 threads, copied or in place.
 */
type Case = DiscreteCase<"probabilities" | "counts" | "logprobs" | "logits">;
const fixture = readSharedFixture<{ cases: Case[] }>("discrete.json");

const hook = countHookCalls("pairTotals");

const worst = { err: 0, where: "" };
afterAll(() => {
  console.log(
    `TV/Hellinger fast path, worst relative error on the fixtures: ${worst.err.toExponential(2)} (${worst.where})`,
  );
});

describe("fixtures on the fast path (≤ 1e-12 against mpmath)", () => {
  const linear = fixture.cases.filter((c) => c.input === "probabilities" || c.input === "counts");
  test.each(linear.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const p = Float64Array.from(c.p.map(num));
    const q = Float64Array.from(c.q.map(num));
    const before = hook.calls;
    for (const [key, got] of [
      ["total_variation", totalVariation(p, q, { input: c.input })],
      ["hellinger", hellinger(p, q, { input: c.input })],
    ] as const) {
      const want = num(c.expected[key] as number | string);
      const err = want === 0 ? Math.abs(got) : relErr(got, want);
      if (err > worst.err) Object.assign(worst, { err, where: `${c.name} ${key}` });
      if (want === 0) expect(Math.abs(got), `${c.name} ${key}`).toBeLessThanOrEqual(1e-15);
      else expect(err, `${c.name} ${key}: got ${got}, want ${want}`).toBeLessThanOrEqual(1e-12);
    }
    expect(hook.calls).toBe(before + 2);
  });
});

const value = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.double({ min: 1e-300, max: 1e-10, noNaN: true }) },
  { weight: 6, arbitrary: fc.double({ min: 1e-10, max: 1, noNaN: true }) },
);

describe("fast = TypeScript (≤ 1e-14 relative), threads 1 = 2 (bits)", () => {
  fcTest.prop([
    fc
      .integer({ min: 1, max: 300 })
      .chain((n) =>
        fc.tuple(
          fc.array(value, { minLength: n, maxLength: n }),
          fc.array(value, { minLength: n, maxLength: n }),
        ),
      ),
    fc.boolean(),
  ])("random counts, float64 or float32", ([a, b], f32) => {
    fc.pre(a.some((x) => x > 0) && b.some((x) => x > 0));
    const Ctor = f32 ? Float32Array : Float64Array;
    const p = Ctor.from(a);
    const q = Ctor.from(b);
    fc.pre(p.some((x) => x > 0) && q.some((x) => x > 0));
    const o = { input: "counts" as const };
    for (const f of [totalVariation, hellinger]) {
      const fast = f(p, q, o);
      const ts = onTypeScript(() => f(p, q, o));
      expect(relErr(fast, ts), `${f.name}: fast ${fast}, TypeScript ${ts}`).toBeLessThanOrEqual(
        1e-14,
      );
    }
  });

  test("big inputs: 1 and 2 threads, copied and in place, give the same bits", () => {
    const n = 5 * 32768 + 17;
    const p = new Float64Array(n);
    const q = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = ((i * 7919) % 1000) + 1;
      q[i] = ((i * 104729) % 997) + (i % 5 === 0 ? 0 : 1);
    }
    const pw = fastArray(n);
    const qw = fastArray(n);
    pw.set(p);
    qw.set(q);
    for (const o of [{ input: "counts" as const }, { input: "counts" as const, threads: 1 }]) {
      for (const f of [totalVariation, hellinger]) {
        const a = f(p, q, o);
        expect(f(pw, qw, o)).toBe(a);
        setFastThreads(1);
        expect(f(p, q, o)).toBe(a);
        setFastThreads(undefined);
        const ts = onTypeScript(() => f(p, q, o));
        expect(relErr(a, ts)).toBeLessThanOrEqual(1e-14);
      }
    }
    // Rényi of counts with λ ≠ 1 stays on the TypeScript loop (test/fast/renyi.test.ts).
    expect(renyiDivergence(p, q, { input: "counts", alpha: 2 })).toBeGreaterThan(0);
  });
});

describe("one read where the totals pass decides (fusedPairSum)", () => {
  const pair = (delta: number) => ({ sp: 1 + delta, sqL: 1, delta, lambda: 1, balanced: true });
  // [Sp, Sq, δ as hi/lo pairs], A (hi, lo), B (hi, lo), K
  const sums = (a: number, b: number, k: number) =>
    Float64Array.from([1, 0, 1, 0, 0, 0, a, 0, b, 0, k]);

  test("total variation: (A − r·B)/Sp when no sign can flip, else the second pass", () => {
    expect(fusedPairSum(pair(0), 1, sums(0.5, 0.1, 0))).toBe(0.5);
    const r = FLIP_RATIO / 4;
    expect(fusedPairSum(pair(r), 1, sums(0.5, 0.1, 0))).toBe((0.5 - r * 0.1) / (1 + r));
    expect(fusedPairSum(pair(0), 1, sums(0.5, 0.1, 1))).toBeUndefined(); // K > 0
    expect(fusedPairSum(pair(FLIP_RATIO), 1, sums(0.5, 0.1, 0))).toBeUndefined(); // |r| > R/2
    expect(fusedPairSum(pair(0), 1, undefined)).toBeUndefined(); // the pass did not run
    expect(fusedPairSum({ ...pair(0), lambda: 2 }, 1, sums(0.5, 0.1, 0))).toBeUndefined();
    expect(fusedPairSum({ ...pair(0), balanced: false }, 1, sums(0.5, 0.1, 0))).toBeUndefined();
  });

  test("Hellinger: (A − 2e·B + e²·Sq)/Sp when the correction is at most R·A", () => {
    expect(fusedPairSum(pair(0), 2, sums(0.25, 0.1, 0))).toBe(0.25);
    expect(fusedPairSum(pair(0), 2, sums(0, 0, 0))).toBe(0); // identical: e = 0
    const r = 1e-11;
    const e = r / (Math.sqrt(1 + r) + 1);
    expect(fusedPairSum(pair(r), 2, sums(0.25, 0.1, 0))).toBe(
      (0.25 - 2 * e * 0.1 + e * e) / (1 + r),
    );
    expect(fusedPairSum(pair(r), 2, sums(1e-12, 0.1, 0))).toBeUndefined(); // would cancel
  });

  const prob = fc.double({ min: 1e-12, max: 1, noNaN: true });
  fcTest.prop([
    fc
      .integer({ min: 2, max: 300 })
      .chain((n) =>
        fc.tuple(
          fc.array(prob, { minLength: n, maxLength: n }),
          fc.array(prob, { minLength: n, maxLength: n }),
        ),
      ),
    fc.oneof(
      fc.double({ min: -1e-10, max: 1e-10, noNaN: true }),
      fc.double({ min: -4e-7, max: 4e-7, noNaN: true }),
    ),
    fc.boolean(),
  ])(
    "probabilities with totals off 1 by up to 1e-10 or 4e-7: fast = TypeScript (≤ 1e-14)",
    ([a, b], off, f32) => {
      const Ctor = f32 ? Float32Array : Float64Array;
      const sa = a.reduce((x, y) => x + y, 0);
      const sb = b.reduce((x, y) => x + y, 0);
      const p = Ctor.from(a.map((x) => x / sa));
      const q = Ctor.from(b.map((x) => (x / sb) * (1 + off)));
      for (const f of [totalVariation, hellinger]) {
        const fast = f(p, q);
        const ts = onTypeScript(() => f(p, q));
        expect(relErr(fast, ts), `${f.name}: fast ${fast}, TypeScript ${ts}`).toBeLessThanOrEqual(
          1e-14,
        );
      }
    },
  );
});
