import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { setFastThreads } from "../../src/fast/index.js";
import { renyiDivergence, renyiDivergenceRows, SurprisalError } from "../../src/index.js";
import { countHookCalls, onTypeScript } from "../helpers/fast-hooks.js";
import { type DiscreteCase, num, readSharedFixture } from "../helpers/fixtures.js";

/**
 * renyiDivergence and renyiDivergenceRows of logits and log-probabilities on the logit-pair kernel
 * (assembly/logit-pair-rows.ts, mode 3): the mpmath fixtures, every form of renyiLoop (near form with
 * its series, far form, α = 0 and ∞, outcomes one side rules out) within a few ε of the TypeScript
 * path, rows out of the kernel's range left to that path, its errors, and the same bits for 1 and 2
 * threads.
 */
type Case = DiscreteCase;
const cases = readSharedFixture<{ cases: Case[] }>("discrete.json").cases.filter(
  (c) => c.input === "logits" || c.input === "logprobs",
);
const hook = countHookCalls("logitPairRows");
const EPS = Number.EPSILON;

/** |a − b| within k ε of |b|, exact for 0 and ±∞. */
function close(a: number, b: number, k: number, what: string): void {
  if (b === 0 || !Number.isFinite(b)) expect(a, what).toBe(b);
  else expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(k * EPS * Math.abs(b));
}

describe("Rényi of logits on the kernel", () => {
  test.each(
    cases.flatMap((c) =>
      [
        ["renyi_0_5", 0.5],
        ["renyi_2", 2],
      ].map(([key, alpha]) => [c.name, key, alpha, c] as const),
    ),
  )("fixture %s %s within 8ε of mpmath", (_n, key, alpha, c) => {
    const p = Float64Array.from(c.p.map(num));
    const q = Float64Array.from(c.q.map(num));
    const before = hook.calls;
    const got = renyiDivergence(p, q, { alpha: alpha as number, input: c.input as "logits" });
    expect(hook.calls).toBe(before + 1);
    close(got, num(c.expected[key as string] as number | string), 8, `${c.name} ${key}`);
  });

  const logit = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -30 << 16, max: 30 << 16 }).map((k) => k / 2 ** 16) },
    { weight: 1, arbitrary: fc.constant(Number.NEGATIVE_INFINITY) },
    // Logits ~710 below zero: the kernel's scalar terms (test below, against exact values; the
    // loop forms log(p̂/q̂) there with an absolute error of ~ulp(710), 250ε off log 2 in one case).
    { weight: 1, arbitrary: fc.integer({ min: -60, max: -31 }) },
  );
  const alpha = fc.constantFrom(0, 0.1, 0.5, 0.9, 1.5, 2, 3.7, 40, Number.POSITIVE_INFINITY);
  fcTest.prop(
    [
      fc.array(fc.tuple(logit, logit), { minLength: 1, maxLength: 120 }),
      alpha,
      // P a slightly perturbed, shifted copy of Q: the near form and its series.
      fc.option(fc.tuple(fc.integer({ min: -100, max: 100 }), fc.double({ min: 1e-9, max: 0.3 }))),
      fc.boolean(),
    ],
    { numRuns: 1000 },
  )(
    "the TypeScript path's values, all forms (32ε, +32ε/α below α = 1; D₀ 256ε)",
    (pairs, a, near, f32) => {
      const zs = pairs.map(([x, y]) => (near ? y + near[0] + near[1] * Math.sin(x) : x));
      const ws = pairs.map(([, y]) => y);
      const z = f32 ? Float32Array.from(zs) : Float64Array.from(zs);
      const w = f32 ? Float32Array.from(ws) : Float64Array.from(ws);
      fc.pre(
        z.some((x) => x > Number.NEGATIVE_INFINITY) && w.some((x) => x > Number.NEGATIVE_INFINITY),
      );
      // Whether p̂ > 0 decides D₀, and q̂ = 0 < p̂ makes D_α (α > 1) infinite: the loop's p̂ and q̂
      // underflow to 0 for logits ~745 below the rest, where the kernel still counts the outcome
      // (a distribution's support is every finite logit). Compare where nothing underflows.
      for (const v of [z, w]) {
        const top = Math.max(...v);
        fc.pre(v.every((x) => x === Number.NEGATIVE_INFINITY || x > top - 690));
      }
      const o = { alpha: a, input: "logits" as const };
      const want = onTypeScript(() => renyiDivergence(z, w, o));
      const got = renyiDivergence(z, w, o);
      // D_∞ = max log(p̂/q̂) is known to ε times the log-normalizer correction (at most the
      // perturbation's size) in absolute terms, on either path.
      // Shifted rows whose perturbation float32 rounds away leave log(p̂/q̂) at the rounding of the
      // shift, ~ε·|shift|, on either path: D of that order squared, or 0.
      // And the loop rounds Lz − Lw to one double (the kernel carries it as two): an absolute error
      // of ~ε·|shift| in every log-ratio x, which moves D ~ x² by ~|x|·ε·|shift| ~ ε·|shift|·√D.
      const far =
        (near && a === Number.POSITIVE_INFINITY ? 4 * EPS * near[1] : 0) +
        (near ? 16 * (EPS * (1 + Math.abs(near[0]))) ** 2 : 0) +
        (near ? 4 * EPS * (1 + Math.abs(near[0])) * Math.sqrt(Math.abs(want)) : 0);
      // D₀ = −log(1 − Q₀) with Q₀ a sum of e^{w − log Σ e^w}: an exponent of 60 carries 60ε. Past
      // the series (|ℓ| ≥ 0.1), ψβ(ℓ) = expm1(βℓ) − β·expm1(ℓ) cancels by up to ~2/(α·|ℓ|) = 20/α
      // on both paths (z = (0.0476…, 3.1704…), w = (0, 3.2269…), α = 0.1: the loop 16ε from
      // mpmath, the kernel 84ε): 32/α more below α = 1.
      const rel = a === 0 ? 256 : 32 + (a < 1 ? 32 / a : 0);
      if (!Number.isFinite(want)) expect(got).toBe(want);
      else
        expect(Math.abs(got - want), `α = ${a}: ${got} vs ${want}`).toBeLessThanOrEqual(
          rel * EPS * Math.abs(want) + far,
        );
    },
  );

  test("near-equal rows: the series keeps 1e-20 divergences", () => {
    const n = 1000;
    const w = new Float64Array(n);
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      w[i] = Math.sin(i) * 3;
      z[i] = w[i] + 5 + 1e-10 * Math.cos(i * 0.7);
    }
    for (const a of [0.5, 2, 7]) {
      const o = { alpha: a, input: "logits" as const };
      const got = renyiDivergence(z, w, o);
      expect(got).toBeGreaterThan(0);
      expect(got).toBeLessThan(1e-18);
      close(
        got,
        onTypeScript(() => renyiDivergence(z, w, o)),
        16,
        `α = ${a}`,
      );
    }
  });

  test("logits ~710 below zero and −∞: the scalar terms, exact", () => {
    // p̂ = (0, 1), q̂ = (½, ½): Σ p̂^α·q̂^(1−α) = 2^(α−1), so D_α = log 2 for every α (D₀: Q(supp P) = ½).
    const z = Float64Array.from([Number.NEGATIVE_INFINITY, -710]);
    const w = Float64Array.from([0, 0]);
    for (const a of [0, 0.25, 0.5, 2, 9, Number.POSITIVE_INFINITY]) {
      const o = { alpha: a, input: "logits" as const };
      close(renyiDivergence(z, w, o), Math.LN2, 2, `α = ${a}`);
    }
  });

  test("a row beyond the kernel's range (|1 − α|·max|ℓ| > 600) is left to the TypeScript path", () => {
    const z = Float64Array.from([0, -900, -1, -2]);
    const w = Float64Array.from([0, 0, -1, -2]);
    const o = { alpha: 3, input: "logits" as const };
    expect(renyiDivergence(z, w, o)).toBe(onTypeScript(() => renyiDivergence(z, w, o)));
  });

  test("rows: each row as the measure alone; log-probabilities off 1 raise its error", () => {
    const cols = 50;
    const rows = 7;
    const z = new Float64Array(rows * cols);
    const w = new Float64Array(rows * cols);
    for (let i = 0; i < z.length; i++) {
      z[i] = Math.sin(i * 0.3) * 4;
      w[i] = Math.cos(i * 0.2) * 4;
    }
    const before = hook.calls;
    const got = renyiDivergenceRows(z, w, {
      alpha: 2,
      input: "logits",
      columns: cols,
      base: "bits",
    });
    expect(hook.calls).toBe(before + 1);
    for (let r = 0; r < rows; r++) {
      const want = onTypeScript(() =>
        renyiDivergence(
          z.subarray(r * cols, (r + 1) * cols),
          w.subarray(r * cols, (r + 1) * cols),
          {
            alpha: 2,
            input: "logits",
            base: "bits",
          },
        ),
      );
      close(got[r] as number, want, 16, `row ${r}`);
    }
    const off = Float64Array.from([Math.log(0.5), Math.log(0.6)]);
    const ok = Float64Array.from([Math.log(0.5), Math.log(0.5)]);
    expect(() => renyiDivergence(off, ok, { alpha: 2, input: "logprobs" })).toThrow(SurprisalError);
    expect(() => renyiDivergenceRows(ok, off, { alpha: 2, input: "logprobs", columns: 2 })).toThrow(
      /row 0/,
    );
  });

  test("big: 1 and 2 threads give the same bits", () => {
    const cols = 4000;
    const rows = 30;
    const z = new Float32Array(rows * cols);
    const w = new Float32Array(rows * cols);
    for (let i = 0; i < z.length; i++) {
      z[i] = Math.sin(i * 0.37) * 9;
      w[i] = Math.sin(i * 0.37 + 0.01) * 9;
    }
    const o = { alpha: 0.7, input: "logits" as const, columns: cols };
    const two = renyiDivergenceRows(z, w, o);
    setFastThreads(1);
    try {
      const one = renyiDivergenceRows(z, w, o);
      for (let r = 0; r < rows; r++) expect(Object.is(one[r], two[r])).toBe(true);
    } finally {
      setFastThreads(undefined);
    }
  });
});
