import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { setFastThreads } from "../../src/fast/index.js";
import { contributions, klDivergence } from "../../src/index.js";
import { countHookCalls, onTypeScript } from "../helpers/fast-hooks.js";
import { num, readSharedFixture, relErr } from "../helpers/fixtures.js";

/**
 * contributions on the kernel (assembly/contributions.ts through the `contributions` hook): each
 * contribution within a few ε of the TypeScript loop's (zeros, outcomes Q rules out, subnormal and
 * huge counts included), Σ contributions = D(P‖Q) of the mpmath fixtures within the bound the type
 * documents, `infiniteAt` as the loop finds it, and the same bits for 1 and 2 threads.
 */
const hook = countHookCalls("contributions");
const EPS = Number.EPSILON;

/** Each contribution of the kernel against the loop's: 4ε relative, or both 0 or both +∞. */
function expectSameContributions(got: Float64Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) {
    const g = got[i] as number;
    const w = want[i] as number;
    if (w === 0 || !Number.isFinite(w)) expect(g, `outcome ${i}`).toBe(w);
    else expect(relErr(g, w), `outcome ${i}: ${g} vs ${w}`).toBeLessThanOrEqual(4 * EPS);
  }
}

describe("contributions on the kernel", () => {
  interface Case {
    name: string;
    input: string;
    p: (number | string)[];
    q: (number | string)[];
    expected: Record<string, number | string>;
  }
  const cases = readSharedFixture<{ cases: Case[] }>("discrete.json").cases.filter(
    (c) => c.input === "probabilities" || c.input === "counts",
  );
  test.each(cases.map((c) => [c.name, c] as const))("fixture %s: Σ contributions = D", (_n, c) => {
    const p = Float64Array.from(c.p.map(num));
    const q = Float64Array.from(c.q.map(num));
    const o = { input: c.input as "probabilities" | "counts" };
    const before = hook.calls;
    const r = contributions(p, q, o);
    const want = onTypeScript(() => contributions(p, q, o));
    expect(hook.calls).toBe(before + 1);
    expectSameContributions(r.contribution, want.contribution);
    const d = num(c.expected.kl as number | string);
    if (!Number.isFinite(d)) {
      expect(r.total).toBe(d);
      expect(r.infiniteAt).toEqual(want.infiniteAt);
      return;
    }
    let sum = 0;
    let abs = 0;
    for (const x of r.contribution) {
      sum += x;
      abs += Math.abs(x);
    }
    // The documented bound: |Σ contributions − D| ≤ ~4e-16·Σ|contributions| (plus the sum's own rounding).
    expect(Math.abs(sum - d)).toBeLessThanOrEqual(8 * EPS * abs + 1e-300);
  });

  const value = fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: 1e-6, max: 1e3, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.double({ min: Number.MIN_VALUE, max: 1e-306, noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ min: 1e300, max: 1e307, noNaN: true }) },
  );
  fcTest.prop([
    fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 200 }),
    fc.constantFrom("nats" as const, "bits" as const),
    fc.boolean(),
  ])(
    "each contribution within 4ε of the loop's (counts, any base, float32)",
    (pairs, base, f32) => {
      const a = pairs.map(([x]) => x);
      const b = pairs.map(([, y]) => y);
      const p = f32 ? Float32Array.from(a) : Float64Array.from(a);
      const q = f32 ? Float32Array.from(b) : Float64Array.from(b);
      const sum = (x: ArrayLike<number>): number => {
        let t = 0;
        for (let i = 0; i < x.length; i++) t += x[i] as number;
        return t;
      };
      fc.pre(sum(p) > 0 && sum(q) > 0 && Number.isFinite(sum(p)) && Number.isFinite(sum(q)));
      const o = { input: "counts" as const, base };
      const want = onTypeScript(() => contributions(p, q, o));
      const got = contributions(p, q, o);
      // The total is klDivergence's (its fast path and its twin may differ in the last digit).
      if (Number.isFinite(want.total) && want.total !== 0)
        expect(relErr(got.total, want.total)).toBeLessThanOrEqual(8 * EPS);
      else expect(got.total).toBe(want.total);
      expect(got.infiniteAt).toEqual(want.infiniteAt);
      expectSameContributions(got.contribution, want.contribution);
    },
  );

  test("near-equal distributions keep their digits", () => {
    const n = 5000;
    const q = new Float64Array(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      q[i] = 1 + (i % 17);
      p[i] = q[i] * (1 + 1e-9 * Math.sin(i));
    }
    const o = { input: "counts" as const };
    const got = contributions(p, q, o);
    expectSameContributions(
      got.contribution,
      onTypeScript(() => contributions(p, q, o)).contribution,
    );
    expect(relErr(got.total, klDivergence(p, q, o))).toBe(0);
  });

  test("labels: infiniteAt names the outcomes Q rules out", () => {
    const p = new Map<string, number>();
    const q = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      p.set(`o${i}`, 1 + (i % 5));
      if (i % 100 !== 7) q.set(`o${i}`, 2 + (i % 3));
    }
    const r = contributions(p, q, { input: "counts" });
    expect(r.total).toBe(Number.POSITIVE_INFINITY);
    expect(r.infiniteAt).toEqual(["o7", "o107", "o207"]);
  });

  test("big: 1 and 2 threads give the same bits", () => {
    const n = 100_000; // 4 chunks
    const p = new Float64Array(n);
    const q64 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = 1 + Math.sin(i * 0.37) ** 2;
      q64[i] = 1 + Math.cos(i * 0.11) ** 2;
    }
    const o = { input: "counts" as const };
    const two = contributions(p, q64, o).contribution;
    setFastThreads(1);
    try {
      const one = contributions(p, q64, o).contribution;
      let same = 0;
      for (let i = 0; i < n; i++) if (Object.is(one[i], two[i])) same++;
      expect(same).toBe(n);
    } finally {
      setFastThreads(undefined);
    }
    expectSameContributions(two, onTypeScript(() => contributions(p, q64, o)).contribution);
  });
});

describe("contributions of logits on the kernel", () => {
  const logHook = countHookCalls("contributionsLogits");
  interface LogCase {
    name: string;
    input: "logits" | "logprobs";
    p: (number | string)[];
    q: (number | string)[];
    expected: Record<string, number | string>;
  }
  const cases = readSharedFixture<{ cases: LogCase[] }>("discrete.json").cases.filter(
    (c) => c.input === "logits" || c.input === "logprobs",
  );
  test.each(cases.map((c) => [c.name, c] as const))("fixture %s: Σ contributions = D", (_n, c) => {
    const p = Float64Array.from(c.p.map(num));
    const q = Float64Array.from(c.q.map(num));
    const before = logHook.calls;
    const r = contributions(p, q, { input: c.input });
    expect(logHook.calls).toBe(before + 1);
    let sum = 0;
    let abs = 0;
    for (const x of r.contribution) {
      sum += x;
      abs += Math.abs(x);
    }
    expect(Math.abs(sum - num(c.expected.kl as number | string))).toBeLessThanOrEqual(
      8 * EPS * abs,
    );
  });

  fcTest.prop(
    [
      fc.array(
        fc.tuple(
          fc.oneof(
            {
              weight: 9,
              arbitrary: fc.integer({ min: -30 << 16, max: 30 << 16 }).map((k) => k / 2 ** 16),
            },
            { weight: 1, arbitrary: fc.constant(Number.NEGATIVE_INFINITY) },
          ),
          fc.oneof(
            {
              weight: 9,
              arbitrary: fc.integer({ min: -30 << 16, max: 30 << 16 }).map((k) => k / 2 ** 16),
            },
            { weight: 1, arbitrary: fc.constant(Number.NEGATIVE_INFINITY) },
          ),
        ),
        { minLength: 1, maxLength: 200 },
      ),
      fc.constantFrom("nats" as const, "bits" as const),
    ],
    { numRuns: 300 },
  )("each contribution as the loop's (logits within ±30, −∞)", (pairs, base) => {
    const z = Float64Array.from(pairs, ([a]) => a);
    const w = Float64Array.from(pairs, ([, b]) => b);
    fc.pre(
      z.some((x) => x > Number.NEGATIVE_INFINITY) && w.some((x) => x > Number.NEGATIVE_INFINITY),
    );
    const o = { input: "logits" as const, base };
    const want = onTypeScript(() => contributions(z, w, o));
    const got = contributions(z, w, o);
    expect(got.infiniteAt).toEqual(want.infiniteAt);
    const ph = want.p;
    for (let i = 0; i < z.length; i++) {
      const g = got.contribution[i] as number;
      const x = want.contribution[i] as number;
      if (x === 0 || !Number.isFinite(x)) {
        expect(g, `outcome ${i}`).toBe(x);
        continue;
      }
      // p̂ = e^{z − max z}/Σ carries ε per unit of its exponent, and log(p̂/q̂) is known to an ulp of
      // |z − w| ≤ 60 (32ε) absolute on the loop's side, 46ε in bits: 4ε·(2 + |log p̂|) relative and
      // 64ε·p̂ absolute.
      const p1 = ph[i] as number;
      const tol = 4 * EPS * Math.abs(x) * (2 + Math.abs(Math.log(p1))) + 64 * EPS * p1;
      expect(Math.abs(g - x), `outcome ${i}`).toBeLessThanOrEqual(tol);
    }
  });

  test("log-probabilities off 1: the TypeScript path's error", () => {
    const lp = Float64Array.from([0.5, 0.25, 0.2], Math.log);
    const lq = Float64Array.from([0.5, 0.25, 0.25], Math.log);
    let fast: unknown;
    let ts: unknown;
    try {
      contributions(lp, lq, { input: "logprobs" });
    } catch (e) {
      fast = e;
    }
    try {
      onTypeScript(() => contributions(lp, lq, { input: "logprobs" }));
    } catch (e) {
      ts = e;
    }
    expect((fast as Error).message).toBe((ts as Error).message);
  });
});
