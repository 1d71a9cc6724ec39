import { readFileSync } from "node:fs";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { setFastThreads } from "../../src/fast/index.js";
import {
  crossEntropy,
  EntropyAccumulator,
  entropy,
  KlAccumulator,
  klDivergence,
  SurprisalError,
} from "../../src/index.js";
import { countHookCalls, onTypeScript } from "../helpers/fast-hooks.js";
import { type DiscreteCase, num, readSharedFixture, relErr } from "../helpers/fixtures.js";

/**
 * The log-domain KL state on the kernel (assembly/kl-logits.ts, klLogChunk, through the
 * `klLogChunk` hook): what KlAccumulator of logits or log-probabilities adds chunk by chunk (the
 * CLI's streams). The mpmath fixtures and the shifted near-identical logits within 8ε, streams
 * within 16ε of the TypeScript loop (−∞ and far logits included), a side all −∞ in one chunk and
 * invalid elements as the loop handles them, and the same bits for 1 and 2 threads.
 */
type Case = DiscreteCase<"logits" | "logprobs">;
const cases = [
  ...readSharedFixture<{ cases: Case[] }>("discrete.json").cases,
  ...(
    JSON.parse(readFileSync(new URL("../fixtures/core-extra.json", import.meta.url), "utf8")) as {
      cases: Case[];
    }
  ).cases,
].filter((c) => c.input === "logits" || c.input === "logprobs");
const hook = countHookCalls("klLogChunk");
const EPS = Number.EPSILON;

/** KL of a stream of typed-array chunks cut at `cuts` (fractions of the length). */
function streamed(
  z: Float64Array | Float32Array,
  w: Float64Array | Float32Array,
  input: "logits" | "logprobs",
  cuts: number[],
): number {
  const acc = new KlAccumulator({ input });
  let from = 0;
  for (const c of [...cuts, 1]) {
    const to = Math.round(c * z.length);
    acc.add(z.subarray(from, to), w.subarray(from, to));
    from = to;
  }
  return acc.value();
}

describe("KlAccumulator of logits on the kernel", () => {
  test.each(cases.map((c) => [c.name, c] as const))("fixture %s in two chunks (≤ 8ε)", (_n, c) => {
    const z = Float64Array.from(c.p.map(num));
    const w = Float64Array.from(c.q.map(num));
    const before = hook.calls;
    const got = streamed(z, w, c.input, [0.5]);
    expect(hook.calls).toBe(before + 2);
    const want = num(c.expected.kl as number | string);
    expect(relErr(got, want), `got ${got}, want ${want}`).toBeLessThanOrEqual(8 * EPS);
  });

  const logit = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -40 << 16, max: 40 << 16 }).map((k) => k / 2 ** 16) },
    { weight: 1, arbitrary: fc.constant(Number.NEGATIVE_INFINITY) },
    { weight: 1, arbitrary: fc.integer({ min: -2000, max: -700 }) },
  );
  fcTest.prop(
    [
      fc.array(fc.tuple(logit, logit), { minLength: 1, maxLength: 300 }),
      fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { maxLength: 3 }),
      fc.boolean(),
    ],
    { numRuns: 500 },
  )(
    "a stream as the TypeScript loop's (16ε, and ε per unit of the logits' size absolute)",
    (pairs, cuts, f32) => {
      const zs = pairs.map(([a]) => a);
      const ws = pairs.map(([, b]) => b);
      const z = f32 ? Float32Array.from(zs) : Float64Array.from(zs);
      const w = f32 ? Float32Array.from(ws) : Float64Array.from(ws);
      fc.pre(
        z.some((x) => x > Number.NEGATIVE_INFINITY) && w.some((x) => x > Number.NEGATIVE_INFINITY),
      );
      const sorted = [...cuts].sort((a, b) => a - b);
      const run = (): number | string => {
        try {
          return streamed(z, w, "logits", sorted);
        } catch (e) {
          return (e as Error).message;
        }
      };
      const want = onTypeScript(run);
      const got = run();
      if (typeof want !== "number" || !Number.isFinite(want) || want === 0) {
        expect(got).toBe(want);
        return;
      }
      // The loop's offset c = Lz − Lw comes from two rounded log-sum-exps, ~ε·(|Lz| + |Lw|) off, and
      // moves D by as much (z = (−0.7465…, −5.6664…, 22.1945…, −17.1516…, −700), w = (14.5431…, 0,
      // −20.5845…, −3.3224…, 4.6754…) in one chunk: the loop 31ε from mpmath, the kernel 0.2ε, whose
      // offset is max z − max w plus a log1p). Divergences at the bottom of the double range (~1e-300)
      // come out as 0 or tiny on either side.
      const size = (v: ArrayLike<number>) =>
        Math.max(...Array.from(v, (x) => (x > Number.NEGATIVE_INFINITY ? Math.abs(x) : 0)));
      // The kernel's own weak spot: its offset c = c₁ (max z − max w plus a log1p, exact for
      // near-identical rows up to a rounding er that the chunk state does not keep) and scale
      // k = max w + log Σq̃ are rounded apart, so z − c − k carries ~ε·|k| where the loop's
      // c = Lz − Lw and k = Lw are exact negatives (P's mass on its maximum, Q's far from it:
      // z = (0, −∞), w = (−22.2054…, 10.8094…): the kernel 25ε from mpmath, the loop 0.4ε). Forming
      // p̃ = e^{z − c − k} in the SIMD pass instead of q̃·eᵈ was measured worse (8.5ε against 1.7ε,
      // 300 chunks of 64 logits with P's mass on one outcome): the fix is an offset kept as a
      // double-double in the state.
      const s = size(z) + size(w);
      const tol = (16 + 4 * s) * EPS * want + 4 * EPS * s + 1e-300;
      expect(Math.abs((got as number) - want)).toBeLessThanOrEqual(tol);
    },
  );

  test("a side all −∞ in one chunk, and invalid elements, as the loop handles them", () => {
    const n = 200;
    const z = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const w = Float64Array.from({ length: n }, (_, i) =>
      i < 100 ? Number.NEGATIVE_INFINITY : Math.cos(i),
    );
    const zq = Float64Array.from(z, (x, i) => (i < 100 ? Number.NEGATIVE_INFINITY : x));
    // Q all −∞ in the first chunk where P is not (+∞), and P and Q all −∞ there (finite).
    expect(streamed(z, w, "logits", [0.5])).toBe(Number.POSITIVE_INFINITY);
    const fin = streamed(zq, w, "logits", [0.5]);
    expect(
      relErr(
        fin,
        onTypeScript(() => streamed(zq, w, "logits", [0.5])),
      ),
    ).toBeLessThanOrEqual(4 * EPS);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const zb = Float64Array.from(z);
      zb[150] = bad;
      let msg = "";
      try {
        streamed(zb, w, "logits", [0.5]);
      } catch (e) {
        expect(e).toBeInstanceOf(SurprisalError);
        msg = (e as Error).message;
      }
      expect(msg).toContain("150");
    }
  });

  test("big: 1 and 2 threads give the same bits, as klDivergence within 8ε", () => {
    const n = 300_000;
    const z = new Float32Array(n);
    const w = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      z[i] = Math.sin(i * 0.37) * 9;
      w[i] = Math.sin(i * 0.37 + 0.05) * 9;
    }
    const two = streamed(z, w, "logits", [0.3, 0.7]);
    setFastThreads(1);
    let one: number;
    try {
      one = streamed(z, w, "logits", [0.3, 0.7]);
    } finally {
      setFastThreads(undefined);
    }
    expect(Object.is(one, two)).toBe(true);
    expect(relErr(two, klDivergence(z, w, { input: "logits" }))).toBeLessThanOrEqual(8 * EPS);
  });
});

describe("EntropyAccumulator of logits on the kernel", () => {
  const entHook = countHookCalls("entropyLogChunk");
  function streamedH(
    z: Float64Array | Float32Array,
    input: "logits" | "logprobs",
    cuts: number[],
  ): number {
    const acc = new EntropyAccumulator({ input });
    let from = 0;
    for (const c of [...cuts, 1]) {
      const to = Math.round(c * z.length);
      acc.add(z.subarray(from, to));
      from = to;
    }
    return acc.value();
  }
  test.each(cases.map((c) => [c.name, c] as const))("fixture %s in two chunks (≤ 4ε)", (_n, c) => {
    if (c.expected.entropy_p === undefined) return;
    const z = Float64Array.from(c.p.map(num));
    const before = entHook.calls;
    const got = streamedH(z, c.input, [0.5]);
    expect(entHook.calls).toBe(before + 2);
    expect(relErr(got, num(c.expected.entropy_p as number | string))).toBeLessThanOrEqual(4 * EPS);
  });
  fcTest.prop(
    [
      fc.array(
        fc.oneof(
          {
            weight: 8,
            arbitrary: fc.integer({ min: -40 << 16, max: 40 << 16 }).map((k) => k / 2 ** 16),
          },
          { weight: 1, arbitrary: fc.constant(Number.NEGATIVE_INFINITY) },
          { weight: 1, arbitrary: fc.integer({ min: -2000, max: -700 }) },
        ),
        { minLength: 1, maxLength: 300 },
      ),
      fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { maxLength: 3 }),
      fc.boolean(),
    ],
    { numRuns: 500 },
  )("a stream as the TypeScript loop's (8ε)", (values, cuts, f32) => {
    const z = f32 ? Float32Array.from(values) : Float64Array.from(values);
    fc.pre(z.some((x) => x > Number.NEGATIVE_INFINITY));
    const sorted = [...cuts].sort((a, b) => a - b);
    const want = onTypeScript(() => streamedH(z, "logits", sorted));
    const got = streamedH(z, "logits", sorted);
    if (want === 0) expect(got).toBe(0);
    else expect(relErr(got, want), `${got} vs ${want}`).toBeLessThanOrEqual(8 * EPS);
  });
  test("a chunk all −∞, invalid elements, and 1 or 2 threads", () => {
    const n = 300_000;
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = i < 1000 ? Number.NEGATIVE_INFINITY : Math.sin(i * 0.37) * 9;
    const first = z.subarray(0, 1000);
    const acc = new EntropyAccumulator({ input: "logits" }).add(first).add(z.subarray(1000));
    const whole = onTypeScript(() => new EntropyAccumulator({ input: "logits" }).add(z).value());
    expect(relErr(acc.value(), whole)).toBeLessThanOrEqual(8 * EPS);
    const two = streamedH(z, "logits", [0.4]);
    setFastThreads(1);
    let one: number;
    try {
      one = streamedH(z, "logits", [0.4]);
    } finally {
      setFastThreads(undefined);
    }
    expect(Object.is(one, two)).toBe(true);
    const bad = Float64Array.from(z);
    bad[200_000] = Number.NaN;
    expect(() => streamedH(bad, "logits", [0.4])).toThrow(/200000/);
  });
});

describe("one long vector of logits on the chunked kernels", () => {
  const klCalls = countHookCalls("klLogChunk");
  test("entropy, KL and cross-entropy of 300,000 logits: the TypeScript path within 4ε", () => {
    const n = 300_000;
    const z = new Float64Array(n);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      z[i] = Math.sin(i * 0.37) * 9 + (i % 13) / 5;
      w[i] = Math.cos(i * 0.11) * 7;
    }
    const o = { input: "logits" as const };
    const before = klCalls.calls;
    const got = [entropy(z, o), klDivergence(z, w, o), crossEntropy(z, w, o)];
    expect(klCalls.calls).toBeGreaterThan(before); // longer than one row: the chunked path
    const want = onTypeScript(() => [entropy(z, o), klDivergence(z, w, o), crossEntropy(z, w, o)]);
    for (let i = 0; i < 3; i++)
      expect(relErr(got[i] as number, want[i] as number), `${i}`).toBeLessThanOrEqual(4 * EPS);
  });
});
