import { readFileSync } from "node:fs";
import { fc, test as fcTest } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { useFastPath } from "../../src/fast/index.js";
import {
  crossEntropy,
  crossEntropyRows,
  entropy,
  entropyRows,
  klDivergence,
  klDivergenceRows,
  SurprisalError,
} from "../../src/index.js";
import { type FastHooks, fastHooks } from "../../src/numeric/fast-hooks.js";
import { onTypeScript } from "../helpers/fast-hooks.js";
import { type DiscreteCase, num, readSharedFixture, relErr } from "../helpers/fixtures.js";

/**
 * entropy, klDivergence and crossEntropy of one vector of logits or log-probabilities (a typed
 * array) on the row kernels (assembly/entropy-logits.ts, kl-logits.ts) as a single row: the
 * mpmath fixtures (the shared ones and the shifted near-equal pairs of core-extra.json) within the
 * TypeScript path's own tolerances, random vectors within a few ε of that path, log-probabilities
 * off 1 refused with its error, and rows of log-probabilities on the kernels too.
 */
type Case = DiscreteCase<"logits" | "logprobs">;
const shared = readSharedFixture<{ cases: Case[] }>("discrete.json").cases;
const extra = (
  JSON.parse(readFileSync(new URL("../fixtures/core-extra.json", import.meta.url), "utf8")) as {
    cases: Case[];
  }
).cases;
const cases = [...shared, ...extra].filter((c) => c.input === "logits" || c.input === "logprobs");

const EPS = Number.EPSILON;
const calls = { entropy: 0, kl: 0 };
let saved: FastHooks;
beforeAll(() => {
  useFastPath(true);
  saved = { ...fastHooks };
  const e = fastHooks.entropyLogitsRows!;
  const k = fastHooks.klLogitsRows!;
  fastHooks.entropyLogitsRows = (...a) => {
    calls.entropy++;
    return e(...a);
  };
  fastHooks.klLogitsRows = (...a) => {
    calls.kl++;
    return k(...a);
  };
  fastHooks.minLength = 0; // the fixtures' short vectors too
});
afterAll(() => {
  Object.assign(fastHooks, saved);
});

/** Key, tolerance (the worst measured here, in brackets, times 2 to 4), measure. */
const checks: [
  string,
  number,
  (p: Float64Array, q: Float64Array, o: { input: Case["input"] }) => number,
][] = [
  ["entropy_p", 4 * EPS, (p, _q, o) => entropy(p, o)], // [1.0ε]
  ["kl", 8 * EPS, (p, q, o) => klDivergence(p, q, o)], // [2.1ε]
  ["cross_entropy", 4 * EPS, (p, q, o) => crossEntropy(p, q, o)], // [0.9ε]
];

describe.each(cases.map((c) => [c.name, c] as const))("%s on the kernels", (_n, c) => {
  test.each(checks)("%s within %d relative of mpmath", (key, tol, f) => {
    const p = Float64Array.from(c.p.map(num));
    const q = Float64Array.from(c.q.map(num));
    const before = calls.entropy + calls.kl;
    const got = f(p, q, { input: c.input });
    expect(calls.entropy + calls.kl).toBeGreaterThan(before);
    const want = num(c.expected[key] as number | string);
    expect(relErr(got, want), `got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
  });
});

describe("random logits: the kernels against the TypeScript path", () => {
  const logit = fc.oneof(
    // Logits on a grid of 2^-20: no values like 1e-150 next to 0, whose KL (~1e-300) the
    // TypeScript form underflows to 0 where the kernel keeps it.
    { weight: 8, arbitrary: fc.integer({ min: -40 << 20, max: 40 << 20 }).map((k) => k / 2 ** 20) },
    { weight: 1, arbitrary: fc.constant(Number.NEGATIVE_INFINITY) },
    { weight: 1, arbitrary: fc.double({ min: -3000, max: -700, noNaN: true }) },
  );
  fcTest.prop([
    fc.array(fc.tuple(logit, logit), { minLength: 1, maxLength: 300 }),
    fc.constantFrom("nats" as const, "bits" as const),
    // P a shifted, slightly perturbed copy of Q: the case where z − w must keep its rounding.
    fc.option(
      fc.tuple(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-12, max: 1e-3 }),
      ),
    ),
  ])("within 16ε (entropy, KL, cross-entropy)", (pairs, base, shift) => {
    const q = Float64Array.from(pairs, ([, b]) => b);
    const p = shift
      ? Float64Array.from(pairs, ([a, b]) => b + shift[0] + shift[1] * Math.tanh(a))
      : Float64Array.from(pairs, ([a]) => a);
    fc.pre(
      p.some((x) => x > Number.NEGATIVE_INFINITY) && q.some((x) => x > Number.NEGATIVE_INFINITY),
    );
    const o = { input: "logits" as const, base };
    const measures: [string, () => number][] = [
      ["entropy", () => entropy(p, o)],
      ["kl", () => klDivergence(p, q, o)],
      ["cross", () => crossEntropy(p, q, o)],
    ];
    for (const [name, f] of measures) {
      const want = onTypeScript(f);
      const got = f();
      if (!Number.isFinite(want)) expect(got, name).toBe(want);
      // The two paths' errors add up: for z = [0, 0], w = [−6.5788…, 10.1073…] the TypeScript KL is
      // 9ε from mpmath's and the kernel's 0.1ε. Values at the bottom of the double range (a KL of
      // ~1e-320) come out as 0 or a subnormal.
      else
        expect(Math.abs(got - want), `${name}: got ${got}, want ${want}`).toBeLessThanOrEqual(
          16 * EPS * Math.abs(want) + 1e-320,
        );
    }
  });
});

describe("log-probabilities", () => {
  const lp = Float64Array.from([0.5, 0.25, 0.125, 0.125], Math.log);
  const lq = Float64Array.from([0.25, 0.25, 0.25, 0.25], Math.log);

  test("on the kernels, as the TypeScript path", () => {
    const o = { input: "logprobs" as const };
    const before = { ...calls };
    const values = [entropy(lp, o), klDivergence(lp, lq, o), crossEntropy(lp, lq, o)];
    expect(calls.entropy).toBeGreaterThan(before.entropy);
    expect(calls.kl).toBeGreaterThan(before.kl);
    const want = onTypeScript(() => [
      entropy(lp, o),
      klDivergence(lp, lq, o),
      crossEntropy(lp, lq, o),
    ]);
    for (let i = 0; i < 3; i++)
      expect(relErr(values[i] as number, want[i] as number)).toBeLessThanOrEqual(2 * EPS);
    expect(values[0]).toBeCloseTo(1.75 * Math.LN2, 15);
  });

  test("off 1: the TypeScript path's error, also row by row", () => {
    const off = lp.map((x) => x - 0.01);
    const o = { input: "logprobs" as const };
    const fns: (() => unknown)[] = [
      () => entropy(off, o),
      () => klDivergence(off, lq, o),
      () => klDivergence(lq, off, o),
      () => crossEntropy(off, lq, o),
      () => entropyRows(off, { ...o, columns: 2 }),
      () => klDivergenceRows(off, lq, { ...o, columns: 2 }),
    ];
    for (const f of fns) {
      let fast: unknown;
      let ts: unknown;
      try {
        f();
      } catch (e) {
        fast = e;
      }
      try {
        onTypeScript(f);
      } catch (e) {
        ts = e;
      }
      expect(fast).toBeInstanceOf(SurprisalError);
      // The same message; the sum it reports may differ in its last digit (the kernels sum it too).
      const rounded = (m: string) => m.replace(/\d\.\d+/g, (x) => Number(x).toPrecision(12));
      expect(rounded((fast as SurprisalError).message)).toBe(
        rounded((ts as SurprisalError).message),
      );
      expect((fast as SurprisalError).code).toBe("sum");
    }
  });

  test("rows of log-probabilities on the kernels", () => {
    const rows = Float64Array.from([...lp, ...lq]);
    const rowsQ = Float64Array.from([...lq, ...lp]);
    const o = { input: "logprobs" as const, columns: 4 };
    const before = { ...calls };
    const h = entropyRows(rows, o);
    const d = klDivergenceRows(rows, rowsQ, o);
    const x = crossEntropyRows(rows, rowsQ, o);
    expect(calls.entropy).toBeGreaterThan(before.entropy);
    expect(calls.kl).toBeGreaterThan(before.kl);
    for (let r = 0; r < 2; r++) {
      const p = rows.subarray(4 * r, 4 * r + 4);
      const q = rowsQ.subarray(4 * r, 4 * r + 4);
      const one = { input: o.input };
      const want = onTypeScript(() => [
        entropy(p, one),
        klDivergence(p, q, one),
        crossEntropy(p, q, one),
      ]);
      expect(relErr(h[r] as number, want[0] as number)).toBeLessThanOrEqual(2 * EPS);
      expect(relErr(d[r] as number, want[1] as number)).toBeLessThanOrEqual(4 * EPS);
      expect(relErr(x[r] as number, want[2] as number)).toBeLessThanOrEqual(2 * EPS);
    }
  });
});

describe("invalid logits anywhere in a row: the TypeScript path's error; −∞ computes", () => {
  // Pass 1 of the pair kernels (assembly/logit-maxima.ts) finds NaN and +∞ by a sum of x − x and
  // tells them from −∞ by a rescan: every position (even, odd, the odd tail), either side.
  const n = 9; // odd: the last element is the scalar tail
  const base = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 3);
  const cases: [string, number][] = [
    ["NaN", Number.NaN],
    ["+∞", Number.POSITIVE_INFINITY],
  ];
  test.each(cases)("%s", (_name, bad) => {
    for (let at = 0; at < n; at++) {
      for (const side of ["p", "q"] as const) {
        const z = Float64Array.from(base);
        const w = Float64Array.from(base, (x) => x + 0.5);
        (side === "p" ? z : w)[at] = bad;
        const o = { input: "logits" as const };
        const errors = [
          () => klDivergence(z, w, o),
          () => klDivergenceRows(z, w, { ...o, columns: n }),
          () => crossEntropy(z, w, o),
        ].map((f) => {
          try {
            f();
            return "no error";
          } catch (e) {
            return (e as Error).message;
          }
        });
        const want = onTypeScript(() => {
          try {
            klDivergence(z, w, o);
            return "no error";
          } catch (e) {
            return (e as Error).message;
          }
        });
        expect(want).not.toBe("no error");
        expect(errors[0], `${side}[${at}]`).toBe(want);
        expect(errors[1], `${side}[${at}] rows`).toContain(want.split(": ").slice(1).join(": "));
        expect(errors[2], `${side}[${at}] cross`).not.toBe("no error");
      }
    }
  });
  test("−∞ at every position: the values of the TypeScript path", () => {
    for (let at = 0; at < n; at++) {
      const z = Float64Array.from(base);
      const w = Float64Array.from(base, (x) => x + 0.5);
      z[at] = Number.NEGATIVE_INFINITY;
      const o = { input: "logits" as const };
      const got = klDivergence(z, w, o);
      const want = onTypeScript(() => klDivergence(z, w, o));
      expect(relErr(got, want), `p[${at}] = −∞`).toBeLessThanOrEqual(16 * EPS);
      const back = klDivergence(w, z, o); // Q rules out an outcome: +∞
      expect(back).toBe(Number.POSITIVE_INFINITY);
    }
  });
});
