import { fc, test as fcTest } from "@fast-check/vitest";
import { afterAll, describe, expect, test } from "vitest";
import { fastArray, setFastThreads } from "../../src/fast/index.js";
import { renyiDivergence } from "../../src/index.js";
import { countHookCalls, onTypeScript } from "../helpers/fast-hooks.js";
import { type DiscreteCase, num, readSharedFixture, relErr } from "../helpers/fixtures.js";

/**
 * Rényi divergence on the fast path (the far form's sums from the totals pass, assembly/pair-totals.ts
 * and src/measures/renyi.ts fusedRenyi; else assembly/renyi.ts through the `renyiSums` hook): the shared
 * fixtures within the tolerances of test/measures/fixtures.test.ts (in ε), the TypeScript path to
 * 1e-13 relative on random inputs, the same bits for 1 and 2 threads, copied or in place.
 */
type Case = DiscreteCase<"probabilities" | "counts" | "logprobs" | "logits">;
const fixture = readSharedFixture<{ cases: Case[] }>("discrete.json");
const EPS = Number.EPSILON;
/** As test/measures/fixtures.test.ts (measured worst on this path: see the log line). */
const TOL: Record<string, number> = { renyi_0_5: 32 * EPS, renyi_2: 12 * EPS };

// Every call reaches the kernels through one totals pass (which also forms the far form's sums;
// the `renyiSums` pass follows only where the near form is needed).
const hook = countHookCalls("pairTotals");

const worst = { err: 0, where: "" };
afterAll(() => {
  console.log(
    `Rényi fast path, worst relative error on the fixtures: ${(worst.err / EPS).toFixed(1)}ε (${worst.where})`,
  );
});

describe("fixtures on the fast path (tolerances in ε, as on the TypeScript path)", () => {
  const probs = fixture.cases.filter((c) => c.input === "probabilities");
  test.each(probs.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const p = Float64Array.from(c.p.map(num));
    const q = Float64Array.from(c.q.map(num));
    const before = hook.calls;
    for (const [key, alpha] of [
      ["renyi_0_5", 0.5],
      ["renyi_2", 2],
    ] as const) {
      const got = renyiDivergence(p, q, { alpha });
      const want = num(c.expected[key] as number | string);
      if (want === 0) expect(got, `${c.name} ${key}`).toBe(0);
      else if (want === Number.POSITIVE_INFINITY) expect(got).toBe(Number.POSITIVE_INFINITY);
      else {
        const err = relErr(got, want);
        if (err > worst.err) Object.assign(worst, { err, where: `${c.name} ${key}` });
        expect(err, `${c.name} ${key}: got ${got}, want ${want}`).toBeLessThanOrEqual(TOL[key]);
      }
    }
    expect(hook.calls).toBe(before + 2);
  });

  const prob = fc.double({ min: 1e-9, max: 1, noNaN: true });
  fcTest.prop([
    fc
      .integer({ min: 2, max: 200 })
      .chain((n) =>
        fc.tuple(
          fc.array(prob, { minLength: n, maxLength: n }),
          fc.array(prob, { minLength: n, maxLength: n }),
        ),
      ),
    fc.double({ min: -1e-7, max: 1e-7, noNaN: true }),
    fc.constantFrom(0.5, 2, 0.3, 3.7, 40),
  ])(
    "totals off 1 (shift ≠ 0), far and near forms: fast = TypeScript (≤ 1e-13)",
    ([a, b], off, alpha) => {
      const sa = a.reduce((x, y) => x + y, 0);
      const sb = b.reduce((x, y) => x + y, 0);
      const p = Float64Array.from(a.map((x) => x / sa));
      const q = Float64Array.from(b.map((x) => (x / sb) * (1 + off)));
      const fast = renyiDivergence(p, q, { alpha });
      const ts = onTypeScript(() => renyiDivergence(p, q, { alpha }));
      expect(relErr(fast, ts), `α ${alpha}: fast ${fast}, TypeScript ${ts}`).toBeLessThanOrEqual(
        1e-13 * Math.max(1, 1e-3 / ts),
      );
    },
  );

  test("zeros in some blocks (the masked redo of a block, then the branch-free path again)", () => {
    // assembly/renyi.ts runs α = 2 and ½ a block of 32 elements at a time without masks, and
    // redoes a block with a zero of P or Q on the masked path from the accumulators saved at its
    // start; a wrong restore would count the block twice (totals, sums). Zeros at the edges of
    // blocks, in the first and last, in every other block and in a run of blocks, 2 and 1 threads.
    const n = 70_000 + 37; // two thread chunks and an odd tail
    const base = (seed: number) =>
      Float64Array.from({ length: n }, (_, i) => 0.5 + 0.4 * Math.sin(seed * 1.7 + i * 0.37));
    const patterns: [string, (i: number) => boolean][] = [
      ["first element", (i) => i === 0],
      ["block edges", (i) => i % 32 === 31 && i < 2000],
      ["every other block", (i) => i % 64 === 5],
      ["a run of blocks", (i) => i >= 40_000 && i < 40_640 && i % 3 === 0],
      ["the last block", (i) => i === n - 2],
    ];
    for (const [name, zero] of patterns) {
      for (const side of ["p", "q"] as const) {
        const p = base(1);
        const q = base(2);
        const x = side === "p" ? p : q;
        for (let i = 0; i < n; i++) if (zero(i)) x[i] = 0;
        const sp = p.reduce((a, b) => a + b, 0);
        const sq = q.reduce((a, b) => a + b, 0);
        for (let i = 0; i < n; i++) {
          p[i] = (p[i] as number) / sp;
          q[i] = (q[i] as number) / sq;
        }
        for (const alpha of [2, 0.5]) {
          const ts = onTypeScript(() => renyiDivergence(p, q, { alpha }));
          const two = renyiDivergence(p, q, { alpha });
          setFastThreads(1);
          const one = renyiDivergence(p, q, { alpha });
          setFastThreads(undefined);
          expect(one, `${name}, zeros of ${side}, α ${alpha}: 1 thread`).toBe(two);
          if (ts === Number.POSITIVE_INFINITY) expect(two).toBe(ts);
          else
            expect(relErr(two, ts), `${name}, zeros of ${side}, α ${alpha}`).toBeLessThanOrEqual(
              8 * EPS,
            );
        }
      }
    }
  });

  test("a NaN or ∞ inside a branch-free block is still named (pmin passes over NaN)", () => {
    const n = 70_000 + 37;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY])
      for (const side of ["p", "q"] as const)
        for (const alpha of [2, 0.5]) {
          const p = new Float64Array(n).fill(1 / n);
          const q = new Float64Array(n).fill(1 / n);
          (side === "p" ? p : q)[40_001] = bad;
          expect(() => renyiDivergence(p, q, { alpha }), `${side} ${bad} α ${alpha}`).toThrow(
            `${side}[40001] = ${bad === Number.POSITIVE_INFINITY ? "Infinity" : "NaN"} is not finite`,
          );
        }
  });

  test("the limits α = 0, 1, ∞ agree with the TypeScript path", () => {
    for (const c of probs) {
      const p = Float64Array.from(c.p.map(num));
      const q = Float64Array.from(c.q.map(num));
      for (const alpha of [0, 1, Number.POSITIVE_INFINITY]) {
        const fast = renyiDivergence(p, q, { alpha });
        const ts = onTypeScript(() => renyiDivergence(p, q, { alpha }));
        if (ts === 0 || !Number.isFinite(ts)) expect(fast, `${c.name} α=${alpha}`).toBe(ts);
        else expect(relErr(fast, ts), `${c.name} α=${alpha}`).toBeLessThanOrEqual(4 * EPS);
      }
    }
  });
});

const value = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.double({ min: 1e-300, max: 1e-10, noNaN: true }) },
  { weight: 6, arbitrary: fc.double({ min: 1e-10, max: 1, noNaN: true }) },
);

describe("fast = TypeScript (≤ 1e-13 relative), threads 1 = 2 (bits)", () => {
  fcTest.prop([
    fc
      .integer({ min: 1, max: 300 })
      .chain((n) => fc.array(fc.tuple(value, value), { minLength: n, maxLength: n })),
    fc.constantFrom(0.25, 0.5, 0.9, 1.5, 2, 3, 10),
    fc.boolean(),
    fc.boolean(),
  ])("random probabilities, far or close, float64 or float32", (pairs, alpha, close, f32) => {
    const a = pairs.map(([x]) => x);
    const b = close
      ? a.map((x, i) => x * (1 + 1e-7 * Math.sin(i + pairs[i][1])))
      : pairs.map(([, y]) => y);
    const Ctor = f32 ? Float32Array : Float64Array;
    const p = Ctor.from(a);
    const q = Ctor.from(b);
    let sp = 0;
    let sq = 0;
    for (let i = 0; i < p.length; i++) {
      sp += p[i];
      sq += q[i];
    }
    fc.pre(sp > 0 && sq > 0);
    for (let i = 0; i < p.length; i++) {
      p[i] /= sp;
      q[i] /= sq;
    }
    const o = { alpha, tolerance: 1e-4 };
    const fast = renyiDivergence(p, q, o);
    const ts = onTypeScript(() => renyiDivergence(p, q, o));
    if (ts === 0 || !Number.isFinite(ts)) expect(fast).toBe(ts);
    // Both paths agree to rounding; D near 0 amplifies the rounding of the sums by about 1/D.
    else
      expect(relErr(fast, ts), `fast ${fast}, TypeScript ${ts}`).toBeLessThanOrEqual(
        1e-13 * Math.max(1, 1e-3 / ts),
      );
  });

  test("big inputs: 1 and 2 threads, copied and in place, give the same bits", () => {
    const n = 5 * 32768 + 17;
    const p = new Float64Array(n);
    const q = new Float64Array(n);
    let sp = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      sp += p[i] = ((i * 7919) % 1000) + (i % 7 === 0 ? 0 : 1);
      sq += q[i] = ((i * 104729) % 997) + 1 + 1e-6 * (i % 3);
    }
    for (let i = 0; i < n; i++) {
      p[i] /= sp;
      q[i] /= sq;
    }
    const pw = fastArray(n);
    const qw = fastArray(n);
    pw.set(p);
    qw.set(q);
    for (const alpha of [0.5, 2, 0.999]) {
      const before = hook.calls;
      const a = renyiDivergence(p, q, { alpha });
      expect(hook.calls).toBe(before + 1);
      expect(renyiDivergence(pw, qw, { alpha })).toBe(a);
      expect(renyiDivergence(p, q, { alpha, threads: 1 })).toBe(a);
      setFastThreads(1);
      expect(renyiDivergence(p, q, { alpha })).toBe(a);
      setFastThreads(undefined);
      const ts = onTypeScript(() => renyiDivergence(p, q, { alpha }));
      expect(relErr(a, ts)).toBeLessThanOrEqual(1e-13);
    }
  });
});
