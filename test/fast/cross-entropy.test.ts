import { readFileSync } from "node:fs";
import { fc, test as fcTest } from "@fast-check/vitest";
import { afterAll, describe, expect, test } from "vitest";
import { crossEntropyFast } from "../../src/fast/hooks.js";
import { fastArray, setFastThreads } from "../../src/fast/index.js";
import { crossEntropy, SurprisalError } from "../../src/index.js";
import { countHookCalls, onTypeScript } from "../helpers/fast-hooks.js";
import { type DiscreteCase, num, readSharedFixture, relErr } from "../helpers/fixtures.js";

/**
 * Cross-entropy on the fast path (assembly/cross-entropy.ts through the `crossEntropySums` hook:
 * one read of the inputs, Σ p̂·log(M/q) + log(Sq/M), every term ≥ 0): the shared fixtures and the
 * hard cases of core-extra.json within 1e-12 of mpmath (the worst is printed), the TypeScript path
 * (H(P) + D(P‖Q)) to 1e-14 relative on random inputs, the same bits for 1 and 2 threads, copied or
 * in place, and the TypeScript path's errors for bad input.
 */
type Case = DiscreteCase<"probabilities" | "counts" | "logprobs" | "logits">;
const shared = readSharedFixture<{ cases: Case[] }>("discrete.json").cases;
const extra = (
  JSON.parse(readFileSync(new URL("../fixtures/core-extra.json", import.meta.url), "utf8")) as {
    cases: Case[];
  }
).cases;

const hook = countHookCalls("crossEntropySums");

const worst = { err: 0, where: "" };
afterAll(() => {
  console.log(
    `cross-entropy fast path, worst relative error on the fixtures: ${worst.err.toExponential(2)} (${worst.where})`,
  );
});

describe("fixtures on the fast path (≤ 1e-12 against mpmath)", () => {
  const linear = [...shared, ...extra].filter(
    (c) => (c.input === "probabilities" || c.input === "counts") && "cross_entropy" in c.expected,
  );
  test.each(linear.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    for (const Ctor of [Float64Array, Float32Array]) {
      const p = Float64Array.from(c.p.map(num));
      const q = Float64Array.from(c.q.map(num));
      if (Ctor === Float32Array) {
        // float32 only where the values are float32 numbers (then the reference is the same)
        if (!p.every((x) => Math.fround(x) === x) || !q.every((x) => Math.fround(x) === x))
          continue;
      }
      const before = hook.calls;
      const got = crossEntropy(Ctor.from(p), Ctor.from(q), { input: c.input });
      const want = num(c.expected.cross_entropy as number | string);
      const err = want === Number.POSITIVE_INFINITY ? (got === want ? 0 : 1) : relErr(got, want);
      if (err > worst.err) Object.assign(worst, { err, where: c.name });
      if (want === 0) expect(Math.abs(got)).toBeLessThanOrEqual(1e-15);
      else expect(err, `${c.name}: got ${got}, want ${want}`).toBeLessThanOrEqual(1e-12);
      expect(hook.calls).toBe(before + 1);
    }
  });

  test("the kernel itself takes every shared fixture case (no fallback behind the values above)", () => {
    for (const c of shared.filter((c) => c.input === "probabilities" || c.input === "counts")) {
      const out = new Float64Array(8);
      const ok = crossEntropyFast(
        Float64Array.from(c.p.map(num)),
        Float64Array.from(c.q.map(num)),
        out,
      );
      expect(ok, c.name).toBe(true);
    }
  });

  test("bits and a base below 1 as the TypeScript path", () => {
    const p = Float64Array.of(0.5, 0.5);
    const q = Float64Array.of(0.9, 0.1);
    expect(crossEntropy(p, q, { base: "bits" })).toBeCloseTo(
      onTypeScript(() => crossEntropy(p, q, { base: "bits" })),
      15,
    );
    const inf = crossEntropy(Float64Array.of(0.5, 0.5), Float64Array.of(1, 0), { base: 0.5 });
    expect(inf).toBe(Number.NEGATIVE_INFINITY);
  });
});

const value = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.double({ min: 1e-300, max: 1e-10, noNaN: true }) },
  { weight: 6, arbitrary: fc.double({ min: 1e-10, max: 1e6, noNaN: true }) },
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
    const Ctor = f32 ? Float32Array : Float64Array;
    const p = Ctor.from(a);
    const q = Ctor.from(b);
    fc.pre(p.some((x) => x > 0) && q.some((x) => x > 0));
    const o = { input: "counts" as const };
    const fast = crossEntropy(p, q, o);
    const ts = onTypeScript(() => crossEntropy(p, q, o));
    if (ts === Number.POSITIVE_INFINITY) expect(fast).toBe(ts);
    else expect(relErr(fast, ts), `fast ${fast}, TypeScript ${ts}`).toBeLessThanOrEqual(1e-14);
  });

  test("big inputs: 1 and 2 threads, copied and in place, give the same bits", () => {
    const n = 5 * 32768 + 17;
    const p = new Float64Array(n);
    const q = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = ((i * 7919) % 1000) + (i % 7 === 0 ? 0 : 1);
      // chunk maxima that differ (the merge raises the reference) and one chunk of small values
      q[i] = (((i * 104729) % 997) + 1) * (i < 32768 ? 1e-3 : 1 + (i >> 15));
    }
    const pw = fastArray(n);
    const qw = fastArray(n);
    pw.set(p);
    qw.set(q);
    const o = { input: "counts" as const };
    const a = crossEntropy(p, q, o);
    expect(crossEntropy(pw, qw, o)).toBe(a);
    setFastThreads(1);
    expect(crossEntropy(p, q, o)).toBe(a);
    setFastThreads(undefined);
    expect(
      relErr(
        a,
        onTypeScript(() => crossEntropy(p, q, o)),
      ),
    ).toBeLessThanOrEqual(1e-14);
    q[12345] = 0; // p[12345] > 0: +∞
    expect(crossEntropy(p, q, o)).toBe(Number.POSITIVE_INFINITY);
  });

  test("bad input: the TypeScript path's error", () => {
    for (const [p, q] of [
      [Float64Array.of(0.5, Number.NaN, 0.5), Float64Array.of(0.2, 0.3, 0.5)],
      [Float64Array.of(0.5, 0.5, 0), Float64Array.of(0.2, -0.3, 1.1)],
      [Float64Array.of(0.5, 0.6), Float64Array.of(0.5, 0.5)],
      [Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.5, 0)],
    ]) {
      const ts = (() => {
        try {
          onTypeScript(() => crossEntropy(p, q));
        } catch (e) {
          return e as SurprisalError;
        }
      })();
      expect(ts).toBeInstanceOf(SurprisalError);
      expect(() => crossEntropy(p, q)).toThrow(
        expect.objectContaining({ code: ts?.code, argument: ts?.argument, index: ts?.index }),
      );
    }
  });
});
