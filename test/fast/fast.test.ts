import { readFileSync } from "node:fs";
import { fc, test as fcTest } from "@fast-check/vitest";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { fastArray, fastPathInfo, setFastThreads, useFastPath } from "../../src/fast/index.js";
import { startedWorkers, warmUp } from "../../src/fast/pool.js";
import {
  crossEntropy,
  EntropyAccumulator,
  entropy,
  type InputKind,
  jsDivergence,
  KlAccumulator,
  klDivergence,
  klDivergenceRows,
  klTerm,
  SurprisalError,
} from "../../src/index.js";
import { fastHooks } from "../../src/numeric/fast-hooks.js";
import { KL, klChunk, klFinish, klState, scaleRatio, VALID } from "../../src/numeric/kernels.js";
import { onTypeScript } from "../helpers/fast-hooks.js";
import { type DiscreteCase, num, readSharedFixture, relErr } from "../helpers/fixtures.js";

type Case = DiscreteCase<InputKind>;
const fixture = readSharedFixture<{ cases: Case[] }>("discrete.json");

/** Counts calls of the registered hooks, so that each test can show it ran on the fast path. */
const calls = { kl: 0, entropy: 0, logits: 0, js: 0 };
let savedMin: number | undefined;

function instrument(): void {
  useFastPath(true);
  const kl = fastHooks.klChunk!;
  const ent = fastHooks.entropyChunk!;
  const logits = fastHooks.klLogitsRows!;
  const js = fastHooks.jsSum!;
  fastHooks.klChunk = (...a) => {
    calls.kl++;
    return kl(...a);
  };
  fastHooks.entropyChunk = (...a) => {
    calls.entropy++;
    return ent(...a);
  };
  fastHooks.klLogitsRows = (...a) => {
    calls.logits++;
    return logits(...a);
  };
  fastHooks.jsSum = (...a) => {
    calls.js++;
    return js(...a);
  };
  // Route every length through the kernels, also the fixtures' 2-outcome cases.
  fastHooks.minLength = 0;
}

/** Runs f on the TypeScript path (hooks removed), then restores the instrumented fast path. */

beforeAll(() => {
  expect(fastPathInfo().wasm).toBe(true);
  savedMin = fastHooks.minLength;
  instrument();
});

afterAll(() => {
  useFastPath(true);
  fastHooks.minLength = savedMin;
  setFastThreads(undefined);
});

describe("fixtures on the fast path (relative error ≤ 1e-12 against mpmath)", () => {
  const worst = { err: 0, where: "" };
  afterAll(() => {
    console.log(
      `fast path, worst relative error on the fixtures: ${worst.err.toExponential(2)} (${worst.where})`,
    );
  });

  function check(name: string, key: string, got: number, want: number): void {
    const err = want === 0 ? Math.abs(got) : relErr(got, want);
    if (err > worst.err) Object.assign(worst, { err, where: `${name} ${key}` });
    if (want === 0) expect(Math.abs(got), `${name} ${key}`).toBeLessThanOrEqual(1e-15);
    else if (want === Number.POSITIVE_INFINITY) expect(got, `${name} ${key}`).toBe(want);
    else expect(err, `${name} ${key}: got ${got}, want ${want}`).toBeLessThanOrEqual(1e-12);
  }

  const linear = fixture.cases.filter((c) => c.input === "probabilities" || c.input === "counts");
  test.each(linear.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const p = Float64Array.from(c.p.map(num));
    const q = Float64Array.from(c.q.map(num));
    const o = { input: c.input };
    const before = { ...calls };
    for (const [unit, scale] of [
      ["nats", 1],
      ["bits", Math.LN2],
    ] as const) {
      const u = { ...o, base: unit };
      check(c.name, `kl ${unit}`, klDivergence(p, q, u), num(c.expected.kl) / scale);
      check(
        c.name,
        `kl_reverse ${unit}`,
        klDivergence(q, p, u),
        num(c.expected.kl_reverse) / scale,
      );
      check(c.name, `entropy_p ${unit}`, entropy(p, u), num(c.expected.entropy_p) / scale);
      check(c.name, `entropy_q ${unit}`, entropy(q, u), num(c.expected.entropy_q) / scale);
      check(
        c.name,
        `cross_entropy ${unit}`,
        crossEntropy(p, q, u),
        num(c.expected.cross_entropy) / scale,
      );
    }
    expect(calls.kl).toBeGreaterThan(before.kl);
    expect(calls.entropy).toBeGreaterThan(before.entropy);
  });

  const logits = fixture.cases.filter((c) => c.input === "logits");
  test.each(logits.map((c) => [c.name, c] as const))("%s (logits rows kernel)", (_name, c) => {
    const p = Float64Array.from(c.p.map(num));
    const q = Float64Array.from(c.q.map(num));
    const before = calls.logits;
    const o = { input: "logits" as const, columns: p.length };
    const [kl] = klDivergenceRows(p, q, o);
    const [rev] = klDivergenceRows(q, p, o);
    // Two rows: the same pair twice, read as one flat matrix.
    const p2 = new Float64Array(2 * p.length);
    const q2 = new Float64Array(2 * p.length);
    p2.set(p);
    p2.set(p, p.length);
    q2.set(q);
    q2.set(q, p.length);
    const both = klDivergenceRows(p2, q2, o);
    check(c.name, "kl", kl, num(c.expected.kl));
    check(c.name, "kl_reverse", rev, num(c.expected.kl_reverse));
    check(c.name, "kl row 2", both[1], num(c.expected.kl));
    expect(calls.logits).toBe(before + 3);
  });
});

/** Relative difference, 0 when both are equal (including both +∞). */
function rel(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.abs(b);
}

/**
 * How far the fast KL may be from the TypeScript one: 1e-14 relative, plus 1e-14·G/Sp. Both paths
 * compute D = (G − Sq·φ(δ/Sq))/Sp from sums that agree to a few ulps; where P̂ and Q̂ differ mostly
 * by a scale (counts), G and the correction nearly cancel, and a last-bit difference in the sums
 * moves D by ε·G/Sp: that is the conditioning of the formula, the same for both paths.
 */
function klBound(p: ArrayLike<number>, q: ArrayLike<number>, d: number): number {
  // G/Sp is invariant under scaling both by 2^-64, which keeps huge counts from overflowing here.
  let big = false;
  for (let i = 0; i < p.length; i++) if (p[i] > 1e300 || q[i] > 1e300) big = true;
  const c = big ? 2 ** -64 : 1;
  let g = 0;
  let sp = 0;
  for (let i = 0; i < p.length; i++) {
    sp += c * p[i];
    if (!(q[i] === 0 && p[i] > 0)) g += klTerm(c * p[i], c * q[i]);
  }
  return 1e-14 * (Math.abs(d) + g / sp);
}

/** KL of counts on the fast path (the hook is called) equals the TypeScript path's, see klBound. */
function expectKlCountsAgree(A: Float32Array | Float64Array, B: Float32Array | Float64Array): void {
  const before = calls.kl;
  const fast = klDivergence(A, B, { input: "counts" });
  expect(calls.kl).toBeGreaterThan(before); // twice when totals are out of range (klDivergence rescales)
  const ts = onTypeScript(() => klDivergence(A, B, { input: "counts" }));
  expect(fast === ts ? 0 : Math.abs(fast - ts), `fast ${fast}, TS ${ts}`).toBeLessThanOrEqual(
    klBound(A, B, ts),
  );
}

/** Values across the whole float64 range: zeros, subnormals, tiny, ordinary, huge. */
const value = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.double({ min: 5e-324, max: 1e-300, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 1e-300, max: 1e-10, noNaN: true }) },
  { weight: 6, arbitrary: fc.double({ min: 1e-10, max: 1, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 1, max: 1e300, noNaN: true }) },
);

/** A pair of count vectors of one length (odd lengths leave a tail after the vector loop). */
const pair = fc
  .integer({ min: 1, max: 300 })
  .chain((n) =>
    fc.tuple(
      fc.array(value, { minLength: n, maxLength: n }),
      fc.array(value, { minLength: n, maxLength: n }),
    ),
  );

/** Nearly equal pairs (P ≈ Q), where accuracy matters most. */
const nearPair = fc
  .tuple(
    fc.array(fc.double({ min: 1e-6, max: 1, noNaN: true }), { minLength: 1, maxLength: 300 }),
    fc.integer({ min: 0, max: 1 << 30 }),
    fc.double({ min: 1e-15, max: 1e-3, noNaN: true }),
  )
  .map(([p, seed, eps]) => {
    const q = p.map((x, i) => x * (1 + eps * Math.sin(seed + i * 0.7)));
    return [p, q] as const;
  });

function positiveSum(a: readonly number[]): boolean {
  return a.reduce((s, x) => s + x, 0) > 0 && Number.isFinite(a.reduce((s, x) => s + x, 0));
}

describe("fast path equals the TypeScript path (≤ 1e-14 relative)", () => {
  fcTest.prop([pair, fc.boolean()], { numRuns: 300, seed: 8 })(
    "KL of counts, float64 or float32",
    ([p, q], single) => {
      fc.pre(positiveSum(p) && positiveSum(q));
      const A = single ? Float32Array.from(p) : Float64Array.from(p);
      const B = single ? Float32Array.from(q) : Float64Array.from(q);
      fc.pre(positiveSum(Array.from(A)) && positiveSum(Array.from(B)));
      expectKlCountsAgree(A, B);
    },
  );

  fcTest.prop([nearPair], { numRuns: 200, seed: 9 })(
    "KL of nearly equal distributions",
    ([p, q]) => {
      const A = Float64Array.from(p);
      const B = Float64Array.from(q);
      const fast = klDivergence(A, B, { input: "counts" });
      const ts = onTypeScript(() => klDivergence(A, B, { input: "counts" }));
      expect(fast === ts ? 0 : Math.abs(fast - ts), `fast ${fast}, TS ${ts}`).toBeLessThanOrEqual(
        klBound(A, B, ts),
      );
    },
  );

  /**
   * Values at the edges of the vector log reduction (assembly/log-ratio.ts): near the smallest
   * value the vector path takes (4·MIN_NORMAL), near the largest doubles (where p·2^-k or q·2^k
   * would overflow), ratios p/q near the rounding boundaries of k (factors 2^±0.5 and 2^±0.41) and
   * exact powers of two.
   */
  const edgeValue = fc.oneof(
    fc.double({ min: 2.2250738585072014e-308, max: 4e-307, noNaN: true }),
    fc.double({ min: 0.25, max: 4, noNaN: true }),
    fc.constantFrom(1, 2, 0.5, 0.75, 1.5, Math.SQRT2, Math.SQRT1_2, 1.33, 0.666, 2 ** -1022),
  );
  // Huge values come in pairs of similar size (a huge p against a tiny q would overflow G itself,
  // on both paths): q·2^k or p·2^-k beyond the largest double.
  const hugePair = fc
    .tuple(
      fc.double({ min: 1e306, max: 1.1e308, noNaN: true }),
      fc.double({ min: 0.3, max: 1.6, noNaN: true }),
    )
    .map(([h, f]) => [h, Math.min(h * f, 1.7e308)] as const);
  const edgeElement = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(edgeValue, edgeValue) },
    { weight: 1, arbitrary: hugePair },
  );
  const edgePair = fc
    .array(edgeElement, { minLength: 1, maxLength: 120 })
    .map((e) => [e.map(([x]) => x), e.map(([, y]) => y)] as const);
  fcTest.prop([edgePair], { numRuns: 400, seed: 12 })(
    "KL and entropy of counts at the edges of the vector reduction",
    ([p, q]) => {
      const A = Float64Array.from(p);
      const B = Float64Array.from(q);
      fc.pre(positiveSum(p) && positiveSum(q));
      expectKlCountsAgree(A, B);
      const h = entropy(A, { input: "counts" });
      const hts = onTypeScript(() => entropy(A, { input: "counts" }));
      expect(rel(h, hts), `fast ${h}, TypeScript ${hts}`).toBeLessThanOrEqual(1e-14);
    },
  );

  fcTest.prop([pair, fc.boolean()], { numRuns: 300, seed: 10 })(
    "entropy of counts, float64 or float32",
    ([p], single) => {
      const A = single ? Float32Array.from(p) : Float64Array.from(p);
      fc.pre(positiveSum(Array.from(A)));
      const before = calls.entropy;
      const fast = entropy(A, { input: "counts" });
      expect(calls.entropy).toBe(before + 1);
      const ts = onTypeScript(() => entropy(A, { input: "counts" }));
      expect(rel(fast, ts), `fast ${fast}, TypeScript ${ts}`).toBeLessThanOrEqual(1e-14);
    },
  );

  const logitRows = fc.record({
    rows: fc.integer({ min: 1, max: 5 }),
    cols: fc.integer({ min: 1, max: 101 }),
    seed: fc.integer({ min: 0, max: 1 << 30 }),
    spread: fc.double({ min: 1e-9, max: 30, noNaN: true }),
    near: fc.boolean(),
    single: fc.boolean(),
    masked: fc.boolean(),
  });
  fcTest.prop([logitRows], { numRuns: 200, seed: 11 })(
    "KL of logits rows, float64 or float32, with −∞ (masked) entries",
    ({ rows, cols, seed, spread, near, single, masked }) => {
      const n = rows * cols;
      const z = new Float64Array(n);
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        z[i] = spread * Math.sin(seed + 1.3 * i);
        w[i] = near ? z[i] + 1e-7 * Math.cos(seed + i) : spread * Math.cos(seed * 0.5 + 2.1 * i);
      }
      if (masked && cols > 1) {
        for (let r = 0; r < rows; r++) {
          z[r * cols + ((seed + r) % cols)] = Number.NEGATIVE_INFINITY;
          w[r * cols + ((seed + 2 * r + 1) % cols)] = Number.NEGATIVE_INFINITY;
        }
      }
      const A = single ? Float32Array.from(z) : z;
      const B = single ? Float32Array.from(w) : w;
      const o = { input: "logits" as const, columns: cols };
      const before = calls.logits;
      const fast = klDivergenceRows(A, B, o);
      expect(calls.logits).toBe(before + 1);
      const ts = onTypeScript(() => klDivergenceRows(A, B, o));
      for (let r = 0; r < rows; r++) {
        expect(
          rel(fast[r], ts[r]),
          `row ${r}: fast ${fast[r]}, TypeScript ${ts[r]}`,
        ).toBeLessThanOrEqual(1e-14);
      }
    },
  );
});

/** The value of a (hi, lo) pair of a state. */
function pairOf(s: Float64Array, i: number): number {
  return s[i] + s[i + 1];
}

/** The KL state of p, q with Q scaled by λ = Σp/Σq (as KlAccumulator sets it for counts). */
function scaledState(p: Float32Array | Float64Array, q: Float32Array | Float64Array): Float64Array {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i];
    sq += q[i];
  }
  const s = klState();
  s[KL.LAMBDA] = scaleRatio(sp, sq);
  expect(klChunk(p, q, 0, p.length, s)).toBe(VALID);
  return s;
}

/**
 * Fast and TypeScript states of counts of different totals agree: G, Sp, Sq to 1e-14 relative
 * (sums of non-negative terms), δ to 1e-14·Σ|p − λq| (a sum of mixed signs), the same count of
 * +∞ terms, and D to 1e-14·(|D| + G/Sp) (the conditioning of (G − Sq·φ(δ/Sq))/Sp).
 */
function expectScaledAgree(p: Float32Array | Float64Array, q: Float32Array | Float64Array): void {
  const before = calls.kl;
  const fast = scaledState(p, q);
  expect(calls.kl).toBe(before + 1);
  const ts = onTypeScript(() => scaledState(p, q));
  expect(fast[KL.LAMBDA]).toBe(ts[KL.LAMBDA]);
  expect(fast[KL.INF]).toBe(ts[KL.INF]);
  expect(fast[KL.N]).toBe(ts[KL.N]);
  const lambda = ts[KL.LAMBDA];
  for (const [name, i] of [
    ["G", KL.G],
    ["Sp", KL.SP],
    ["Sq", KL.SQ],
  ] as const) {
    const a = pairOf(fast, i);
    const b = pairOf(ts, i);
    expect(rel(a, b), `${name}: fast ${a}, TS ${b}, λ = ${lambda}`).toBeLessThanOrEqual(1e-14);
  }
  let spread = 0;
  for (let i = 0; i < p.length; i++) spread += Math.abs(p[i] - lambda * q[i]);
  const dFast = pairOf(fast, KL.D);
  const dTs = pairOf(ts, KL.D);
  expect(Math.abs(dFast - dTs), `δ: fast ${dFast}, TS ${dTs}`).toBeLessThanOrEqual(1e-14 * spread);
  const kFast = klFinish(fast);
  const kTs = klFinish(ts);
  const scale = Math.abs(kTs) + pairOf(ts, KL.G) / pairOf(ts, KL.SP);
  expect(
    kFast === kTs ? 0 : Math.abs(kFast - kTs),
    `D: fast ${kFast}, TS ${kTs}`,
  ).toBeLessThanOrEqual(1e-14 * scale);
  // The whole-array function takes the same fast path and agrees as well.
  const o = { input: "counts" as const };
  const whole = klDivergence(p, q, o);
  expect(calls.kl).toBeGreaterThanOrEqual(before + 2); // + 1 when the totals are out of range (rescaled)
  const wholeTs = onTypeScript(() => klDivergence(p, q, o));
  expect(whole === wholeTs ? 0 : Math.abs(whole - wholeTs)).toBeLessThanOrEqual(1e-14 * scale);
}

describe("KL of counts of different totals (Q scaled by λ = Σp/Σq) on the fast path", () => {
  /** Totals ratios far from 1, on both sides. */
  const ratio = fc.oneof(
    fc.constantFrom(37, 1 / 37, 1e5, 3.7e-4, 0.3, 2.5),
    fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  );

  fcTest.prop([pair, ratio, fc.boolean()], { numRuns: 300, seed: 21 })(
    "random counts (zeros, subnormals, tiny, huge) times a ratio, float64 or float32",
    ([p, q0], r, single) => {
      const q = q0.map((x) => x * r);
      const A = single ? Float32Array.from(p) : Float64Array.from(p);
      const B = single ? Float32Array.from(q) : Float64Array.from(q);
      fc.pre(positiveSum(Array.from(A)) && positiveSum(Array.from(B)));
      expectScaledAgree(A, B);
    },
  );

  const nearScaled = fc.record({
    n: fc.integer({ min: 1, max: 301 }),
    seed: fc.integer({ min: 0, max: 1 << 30 }),
    ratio,
    eps: fc.constantFrom(1e-7, 1e-12, 1e-3, 0),
    integers: fc.boolean(),
    single: fc.boolean(),
  });
  fcTest.prop([nearScaled], { numRuns: 300, seed: 22 })(
    "near-identical up to the ratio, q = r·p·(1 + ε·noise), non-integer, odd lengths",
    ({ n, seed, ratio: r, eps, integers, single }) => {
      const p = new Float64Array(n);
      const q = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = 1 + 1e6 * Math.abs(Math.sin(seed + 0.37 * i));
        p[i] = integers ? Math.floor(x) : x;
        q[i] = r * p[i] * (1 + eps * Math.sin(seed * 0.3 + 1.7 * i));
      }
      const A = single ? Float32Array.from(p) : p;
      const B = single ? Float32Array.from(q) : q;
      fc.pre(positiveSum(Array.from(A)) && positiveSum(Array.from(B)));
      expectScaledAgree(A, B);
    },
  );

  test("q = 37·p·(1 + 1e-7·noise), every odd and even length from 1 to 80, both float types", () => {
    for (let n = 1; n <= 80; n++) {
      const p = new Float64Array(n);
      const q = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        p[i] = 1000 + 997 * ((i * 7919) % 101);
        q[i] = 37 * p[i] * (1 + 1e-7 * Math.cos(3.1 * i + n));
      }
      expectScaledAgree(p, q);
      expectScaledAgree(Float32Array.from(p), Float32Array.from(q));
    }
  });

  test("a negative subnormal q with λ < 1 (λq = −0) is still refused, at its index", () => {
    const p = Float64Array.from({ length: 41 }, (_, i) => 1 + (i % 5));
    const q = Float64Array.from(p, (x) => 1000 * x);
    q[29] = -5e-324;
    const before = calls.kl;
    let error: unknown;
    try {
      klDivergence(p, q, { input: "counts" });
    } catch (e) {
      error = e;
    }
    expect(calls.kl).toBe(before + 1);
    expect(error).toBeInstanceOf(SurprisalError);
    expect((error as SurprisalError).index).toBe(29);
    expect((error as SurprisalError).message).toContain("negative");
  });

  test("λ too large to split (2^27·λ ≥ 1e300) takes the TypeScript kernel inside the hook", () => {
    const p = Float64Array.from({ length: 33 }, (_, i) => 1e300 * (1 + (i % 3)));
    const q = Float64Array.from(p, (x, i) => x * 1e-295 * (1 + 1e-9 * i));
    const fast = scaledState(p, q);
    expect(fast[KL.LAMBDA] * 134217729).toBeGreaterThanOrEqual(1e300);
    const ts = onTypeScript(() => scaledState(p, q));
    expect(Array.from(fast)).toEqual(Array.from(ts));
  });

  test("core-extra fixture near_identical_counts_different_totals (mpmath), ≤ 1e-12", () => {
    const { cases } = JSON.parse(
      readFileSync(new URL("../fixtures/core-extra.json", import.meta.url), "utf8"),
    ) as { cases: { name: string; p: number[]; q: number[]; expected: { kl: number } }[] };
    const c = cases.find((x) => x.name === "near_identical_counts_different_totals");
    expect(c).toBeDefined();
    const p = Float64Array.from(c!.p);
    const q = Float64Array.from(c!.q);
    const want = c!.expected.kl;
    const before = calls.kl;
    const got = klDivergence(p, q, { input: "counts" });
    expect(calls.kl).toBe(before + 1);
    expect(relErr(got, want), `got ${got}, want ${want}`).toBeLessThanOrEqual(1e-12);
    // Streamed in uneven chunks: λ comes from the first chunk, the rest is scaled to it.
    const acc = new KlAccumulator({ input: "counts" });
    for (const [a, b] of [
      [0, 7],
      [7, 120],
      [120, p.length],
    ]) {
      acc.add(p.subarray(a, b), q.subarray(a, b));
    }
    expect(calls.kl).toBe(before + 4);
    expect(relErr(acc.value(), want), `streamed ${acc.value()}`).toBeLessThanOrEqual(1e-12);
    expectScaledAgree(p, q);
  });
});

describe("threads and in-place arrays", () => {
  const n = 300_001; // above the threading threshold, odd
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  let s = 12345;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 0; i < n; i++) {
    p[i] = i % 97 === 0 ? 0 : next();
    q[i] = p[i] * (1 + 1e-3 * (next() - 0.5)) + (i % 89 === 0 ? 1e-9 : 0);
  }
  afterEach(() => setFastThreads(undefined));

  test("a worker thread starts", () => {
    expect(warmUp(2)).toBeGreaterThanOrEqual(1);
    expect(startedWorkers()).toBeGreaterThanOrEqual(1);
  });

  test("one chunk or less: copied inputs (private plain memory) give the bits of in-place ones", () => {
    for (const len of [1, 2, 3, 63, 64, 65, 1000, 32767, 32768]) {
      for (const single of [false, true]) {
        const make = (x: Float64Array) => (single ? Float32Array.from(x) : Float64Array.from(x));
        const a = make(p.subarray(1, 1 + len));
        const b = make(q.subarray(1, 1 + len));
        const aw = single ? fastArray(len, "float32") : fastArray(len);
        const bw = single ? fastArray(len, "float32") : fastArray(len);
        aw.set(a);
        bw.set(b);
        const o = { input: "counts" as const };
        expect(klDivergence(a, b, o), `KL, n = ${len}`).toBe(klDivergence(aw, bw, o));
        expect(entropy(a, o), `entropy, n = ${len}`).toBe(entropy(aw, o));
        expect(jsDivergence(a, b, o), `JS, n = ${len}`).toBe(jsDivergence(aw, bw, o));
      }
    }
  });

  test("KL and entropy: the same bits for threads = 1 and 2, copied or in place", () => {
    const results: number[][] = [];
    const pw = fastArray(n);
    const qw = fastArray(n);
    pw.set(p);
    qw.set(q);
    for (const t of [1, 2]) {
      setFastThreads(t);
      results.push([
        klDivergence(p, q, { input: "counts" }),
        klDivergence(pw, qw, { input: "counts" }),
        entropy(p, { input: "counts" }),
        entropy(pw, { input: "counts" }),
      ]);
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0][1]).toBe(results[0][0]);
    expect(results[0][3]).toBe(results[0][2]);
    const ts = onTypeScript(() => klDivergence(p, q, { input: "counts" }));
    expect(rel(results[0][0], ts)).toBeLessThanOrEqual(1e-14);
  });

  test("counts of different totals (λ ≠ 1): the same bits for threads = 1 and 2, equal to TS", () => {
    const q37 = new Float64Array(n);
    for (let i = 0; i < n; i++) q37[i] = 37.3 * q[i];
    const qw = fastArray(n);
    const pw = fastArray(n);
    qw.set(q37);
    pw.set(p);
    const results: number[][] = [];
    for (const t of [1, 2]) {
      setFastThreads(t);
      const before = calls.kl;
      results.push([
        klDivergence(p, q37, { input: "counts" }),
        klDivergence(pw, qw, { input: "counts" }),
      ]);
      expect(calls.kl).toBeGreaterThanOrEqual(before + 2); // + 1 when the totals are out of range (rescaled)
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0][1]).toBe(results[0][0]);
    setFastThreads(2);
    const fast = scaledState(p, q37);
    const ts = onTypeScript(() => scaledState(p, q37));
    for (const i of [KL.G, KL.SP, KL.SQ]) {
      expect(rel(pairOf(fast, i), pairOf(ts, i))).toBeLessThanOrEqual(1e-14);
    }
    const tsKl = onTypeScript(() => klDivergence(p, q37, { input: "counts" }));
    const scale = Math.abs(tsKl) + pairOf(ts, KL.G) / pairOf(ts, KL.SP);
    expect(Math.abs(results[0][0] - tsKl)).toBeLessThanOrEqual(1e-14 * scale);
  });

  test("accumulators over uneven chunks agree with the whole array", () => {
    setFastThreads(2);
    const acc = new KlAccumulator({ input: "counts" });
    const ent = new EntropyAccumulator({ input: "counts" });
    for (const [a, b] of [
      [0, 1000],
      [1000, 200_003],
      [200_003, n],
    ]) {
      acc.add(p.subarray(a, b), q.subarray(a, b));
      ent.add(p.subarray(a, b));
    }
    expect(rel(acc.value(), klDivergence(p, q, { input: "counts" }))).toBeLessThanOrEqual(1e-13);
    expect(rel(ent.value(), entropy(p, { input: "counts" }))).toBeLessThanOrEqual(1e-13);
  });

  test("logits rows: the same bits for threads = 1 and 2, float32 read in place", () => {
    const rows = 40;
    const cols = 5001;
    const z = fastArray(rows * cols, "float32");
    const w = fastArray(rows * cols, "float32");
    for (let i = 0; i < z.length; i++) {
      z[i] = 6 * next() - 3;
      w[i] = z[i] + 0.1 * (next() - 0.5);
    }
    const o = { input: "logits" as const, columns: cols };
    setFastThreads(1);
    const one = klDivergenceRows(z, w, o);
    setFastThreads(2);
    const two = klDivergenceRows(z, w, o);
    const copied = klDivergenceRows(Float32Array.from(z), Float32Array.from(w), o);
    expect(Array.from(two)).toEqual(Array.from(one));
    expect(Array.from(copied)).toEqual(Array.from(one));
  });

  test("copied inputs of many chunks (calling thread from the back, workers from the front): same bits, any invalid element found", () => {
    const big = 40 * 32768 + 17; // 41 chunks, a short last one
    const a = new Float64Array(big);
    const c = new Float64Array(big);
    for (let i = 0; i < big; i++) {
      a[i] = p[i % n] + 1e-6;
      c[i] = q[(i * 7) % n] + 1e-6;
    }
    const aw = fastArray(big);
    const cw = fastArray(big);
    aw.set(a);
    cw.set(c);
    const f32a = Float32Array.from(a);
    const f32c = Float32Array.from(c);
    const sa = a.reduce((x, y) => x + y, 0);
    const sc = c.reduce((x, y) => x + y, 0);
    const an = a.map((x) => x / sa); // probabilities: the kernel without λ
    const cn = c.map((x) => x / sc);
    const values: number[][] = [];
    for (const t of [1, 2]) {
      setFastThreads(t);
      for (let rep = 0; rep < 3; rep++) {
        values.push([
          klDivergence(a, c, { input: "counts" }),
          entropy(a, { input: "counts" }),
          jsDivergence(a, c, { input: "counts" }),
          klDivergence(f32a, f32c, { input: "counts" }),
          klDivergence(an, cn, { tolerance: 1e-9 }),
        ]);
      }
    }
    const inPlace = [
      klDivergence(aw, cw, { input: "counts" }),
      entropy(aw, { input: "counts" }),
      jsDivergence(aw, cw, { input: "counts" }),
    ];
    for (const v of values) {
      expect(v).toEqual(values[0]);
      expect(v.slice(0, 3)).toEqual(inPlace);
    }
    for (const at of [5, 20 * 32768 + 3, big - 1]) {
      const bad = Float64Array.from(a);
      bad[at] = -0.5;
      for (const t of [1, 2]) {
        setFastThreads(t);
        let error: unknown;
        try {
          klDivergence(bad, c, { input: "counts" });
        } catch (e) {
          error = e;
        }
        expect(error, `index ${at}, ${t} threads`).toBeInstanceOf(SurprisalError);
        expect((error as SurprisalError).index).toBe(at);
        expect(() => entropy(bad, { input: "counts" })).toThrow(/negative/);
      }
    }
  });

  test("copied inputs of 2 to 12 chunks, full or with a short last one, repeated: no stall, the bits of in place", () => {
    setFastThreads(2);
    const most = 12 * 32768;
    const A = new Float64Array(most);
    const C = new Float64Array(most);
    for (let i = 0; i < most; i++) {
      A[i] = p[i % n] + 1e-6;
      C[i] = q[(i * 3) % n] + 1e-6;
    }
    for (let chunks = 2; chunks <= 12; chunks++) {
      for (const tail of [0, 1, 1000]) {
        const len = (chunks - (tail > 0 ? 1 : 0)) * 32768 + tail;
        const a = A.subarray(0, len);
        const c = C.subarray(0, len);
        const aw = fastArray(len);
        const cw = fastArray(len);
        aw.set(a);
        cw.set(c);
        const want = klDivergence(aw, cw, { input: "counts" });
        for (let rep = 0; rep < 3; rep++) {
          expect(klDivergence(a, c, { input: "counts" }), `${len} elements`).toBe(want);
        }
      }
    }
  });

  fcTest.prop(
    [
      fc.integer({ min: 32769, max: 20 * 32768 + 5 }),
      fc.boolean(),
      fc.constantFrom("kl", "entropy", "js"),
    ],
    { numRuns: 40, seed: 13 },
  )("random sizes of copied jobs: 2 threads give the bits of 1 thread", (len, single, measure) => {
    const make = (src: Float64Array, k: number) => {
      const x = single ? new Float32Array(len) : new Float64Array(len);
      for (let i = 0; i < len; i++) x[i] = src[(i * k) % n] + 1e-6;
      return x;
    };
    const a = make(p, 1);
    const c = make(q, 3);
    const o = { input: "counts" as const };
    const run = () =>
      measure === "kl"
        ? klDivergence(a, c, o)
        : measure === "entropy"
          ? entropy(a, o)
          : jsDivergence(a, c, o);
    setFastThreads(1);
    const one = run();
    setFastThreads(2);
    expect(run()).toBe(one);
    expect(run()).toBe(one);
  });

  test("an invalid element deep inside a threaded job raises the TypeScript path's error", () => {
    setFastThreads(2);
    const bad = Float64Array.from(p);
    bad[250_000] = Number.NaN;
    let error: unknown;
    try {
      klDivergence(bad, q, { input: "counts" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SurprisalError);
    expect((error as SurprisalError).index).toBe(250_000);
    expect((error as SurprisalError).message).toContain("not finite");
    bad[250_000] = -1;
    expect(() => entropy(bad, { input: "counts" })).toThrow(/negative/);
  });
});

describe("Jensen–Shannon divergence on the fast path (jsSum hook)", () => {
  /** Fast and TypeScript results of jsDivergence on the same inputs, with the hook call checked. */
  function both(
    p: Float32Array | Float64Array,
    q: Float32Array | Float64Array,
    input: InputKind,
  ): [number, number] {
    const before = calls.js;
    const fast = jsDivergence(p, q, { input });
    expect(calls.js, "the jsSum hook was called").toBe(before + 1);
    const ts = onTypeScript(() => jsDivergence(p, q, { input }));
    return [fast, ts];
  }

  test.each(fixture.cases.map((c) => [c.name, c] as const))(
    "fixture %s: ≤ 1e-10 relative of mpmath's js_divergence",
    (_name, c) => {
      const p = Float64Array.from(c.p.map(num));
      const q = Float64Array.from(c.q.map(num));
      const want = num(c.expected.js_divergence);
      const before = calls.js;
      const got = jsDivergence(p, q, { input: c.input });
      const log = c.input === "logits" || c.input === "logprobs";
      // Log kinds keep the TypeScript path; linear kinds go through the hook.
      expect(calls.js).toBe(log ? before : before + 1);
      if (want === 0) expect(got).toBe(0);
      else expect(relErr(got, want), `got ${got}, want ${want}`).toBeLessThanOrEqual(1e-10);
      const bits = jsDivergence(p, q, { input: c.input, base: "bits" });
      if (want !== 0) expect(relErr(bits, want / Math.LN2)).toBeLessThanOrEqual(1e-10);
    },
  );

  /** Totals ratios far from 1, on both sides (counts of different totals: λ ≠ 1). */
  const ratio = fc.oneof(
    fc.constant(1),
    fc.constantFrom(37, 1 / 37, 1e5, 3.7e-4, 0.3, 2.5),
    fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  );

  fcTest.prop([pair, ratio, fc.boolean(), fc.boolean()], { numRuns: 400, seed: 31 })(
    "random inputs (zeros, subnormals, tiny, huge; odd lengths), float64 or float32, probabilities or counts of other totals",
    ([p, q0], r, single, counts) => {
      fc.pre(positiveSum(p) && positiveSum(q0));
      // Probabilities (λ = 1) are the counts normalized; counts keep their totals (λ ≠ 1).
      const sp = counts ? 1 : p.reduce((a, b) => a + b, 0);
      const sq = counts ? 1 / r : q0.reduce((a, b) => a + b, 0);
      const q = q0.map((x) => (x * r) / (counts ? 1 : r * sq));
      const A = single ? Float32Array.from(p, (x) => x / sp) : Float64Array.from(p, (x) => x / sp);
      const B = single ? Float32Array.from(q) : Float64Array.from(q);
      fc.pre(positiveSum(Array.from(A)) && positiveSum(Array.from(B)));
      const [fast, ts] = both(A, B, counts ? "counts" : "probabilities");
      expect(rel(fast, ts), `fast ${fast}, TS ${ts}`).toBeLessThanOrEqual(1e-14);
    },
  );

  fcTest.prop([nearPair, ratio, fc.boolean()], { numRuns: 300, seed: 32 })(
    "near-identical pairs (q = r·p·(1 + ε·noise)), float64 or float32",
    ([p, q0], r, single) => {
      const q = q0.map((x) => x * r);
      const A = single ? Float32Array.from(p) : Float64Array.from(p);
      const B = single ? Float32Array.from(q) : Float64Array.from(q);
      const [fast, ts] = both(A, B, "counts");
      expect(rel(fast, ts), `fast ${fast}, TS ${ts}`).toBeLessThanOrEqual(1e-14);
    },
  );

  test("identical inputs give exactly 0, every length from 1 to 70 and both float types", () => {
    for (let n = 1; n <= 70; n++) {
      const p = Float64Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : 1 + ((i * 31) % 11)));
      if (p.every((x) => x === 0)) p[0] = 1;
      expect(both(p, Float64Array.from(p), "counts")[0]).toBe(0);
      expect(both(Float32Array.from(p), Float32Array.from(p), "counts")[0]).toBe(0);
      // The same counts scaled by 8 (exact): the same distribution.
      expect(
        both(
          p,
          Float64Array.from(p, (x) => 8 * x),
          "counts",
        )[0],
      ).toBe(0);
    }
  });

  test("unbalanced totals (λ at the edge of the double range) and disjoint supports", () => {
    const p = Float64Array.from({ length: 65 }, (_, i) => (i < 30 ? 1e300 * (1 + i) : 0));
    const q = Float64Array.from({ length: 65 }, (_, i) => (i >= 20 ? 1e-300 * (2 + i) : 0));
    const [fast, ts] = both(p, q, "counts");
    expect(rel(fast, ts), `fast ${fast}, TS ${ts}`).toBeLessThanOrEqual(1e-14);
    const a = Float64Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const b = Float64Array.from({ length: 64 }, (_, i) => (i % 2 === 1 ? 3 : 0));
    expect(both(a, b, "counts")[0]).toBe(Math.LN2);
  });

  test("plain arrays, short inputs and log kinds keep the TypeScript path", () => {
    fastHooks.minLength = 64;
    try {
      const before = calls.js;
      jsDivergence(new Float64Array(63).fill(1), new Float64Array(63).fill(2), { input: "counts" });
      jsDivergence(Array(100).fill(1), Array(100).fill(2), { input: "counts" });
      jsDivergence(new Float64Array(100), new Float64Array(100), { input: "logits" });
      expect(calls.js).toBe(before);
      jsDivergence(new Float64Array(64).fill(1), new Float64Array(64).fill(2), { input: "counts" });
      expect(calls.js).toBe(before + 1);
    } finally {
      fastHooks.minLength = 0;
    }
  });

  test("threads: the same bits for threads = 1 and 2, copied or in place, equal to TS", () => {
    const n = 300_001;
    const p = new Float64Array(n);
    const q = new Float64Array(n);
    let s = 777;
    const next = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    for (let i = 0; i < n; i++) {
      p[i] = i % 97 === 0 ? 0 : next();
      q[i] = 37.3 * (p[i] * (1 + 0.3 * (next() - 0.5)) + (i % 89 === 0 ? 1e-9 : 0));
    }
    const pw = fastArray(n);
    const qw = fastArray(n);
    pw.set(p);
    qw.set(q);
    const p32 = fastArray(n, "float32");
    const q32 = fastArray(n, "float32");
    p32.set(p);
    q32.set(q);
    const results: number[][] = [];
    for (const t of [1, 2]) {
      const before = calls.js;
      results.push([
        jsDivergence(p, q, { input: "counts", threads: t }),
        jsDivergence(pw, qw, { input: "counts", threads: t }),
        jsDivergence(p32, q32, { input: "counts", threads: t }),
        jsDivergence(Float32Array.from(p32), Float32Array.from(q32), {
          input: "counts",
          threads: t,
        }),
      ]);
      expect(calls.js).toBe(before + 4);
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0][1]).toBe(results[0][0]);
    expect(results[0][3]).toBe(results[0][2]);
    const ts = onTypeScript(() => jsDivergence(p, q, { input: "counts" }));
    expect(rel(results[0][0], ts), `fast ${results[0][0]}, TS ${ts}`).toBeLessThanOrEqual(1e-14);
    const ts32 = onTypeScript(() => jsDivergence(p32, q32, { input: "counts" }));
    expect(rel(results[0][2], ts32)).toBeLessThanOrEqual(1e-14);
  });
});

test("logits rows with a gap beyond exp's range (a logit masked by −1000) stay finite", () => {
  // P uniform over 128 outcomes; Q uniform over 127 and e^−1000 (relative) on one:
  // D = (127/128)·log(127/128) + (1/128)·(log(127/128) + 1000) = log(127/128) + 1000/128.
  const z = new Float64Array(128);
  const w = new Float64Array(128);
  w[1] = -1000;
  const [d] = klDivergenceRows(z, w, { input: "logits", columns: 128 });
  expect(rel(d, Math.log(127 / 128) + 1000 / 128)).toBeLessThanOrEqual(1e-14);
});

describe("one embedded module serves shared and plain memory", () => {
  test("clearing the shared flag gives a module that instantiates with a plain memory, and only then", async () => {
    const { moduleBytes } = await import("../../src/fast/runtime.js");
    const { KERNELS_MAX_PAGES } = await import("../../src/fast/kernels-wasm.js");
    const plainMemory = () => new WebAssembly.Memory({ initial: 16, maximum: KERNELS_MAX_PAGES });
    const sharedMemory = () =>
      new WebAssembly.Memory({ initial: 16, maximum: KERNELS_MAX_PAGES, shared: true });
    const plain = new WebAssembly.Module(moduleBytes(false));
    const shared = new WebAssembly.Module(moduleBytes(true));
    expect(() => new WebAssembly.Instance(plain, { env: { memory: plainMemory() } })).not.toThrow();
    expect(
      () => new WebAssembly.Instance(shared, { env: { memory: sharedMemory() } }),
    ).not.toThrow();
    expect(() => new WebAssembly.Instance(shared, { env: { memory: plainMemory() } })).toThrow();
    expect(() => new WebAssembly.Instance(plain, { env: { memory: sharedMemory() } })).toThrow();
  });
});
