import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  crossEntropy,
  EntropyAccumulator,
  entropy,
  hellinger,
  type InputKind,
  jsDivergence,
  KlAccumulator,
  klDivergence,
  renyiDivergence,
  SurprisalError,
  totalVariation,
} from "../../src/index.js";
import { num, relErr } from "../helpers/fixtures.js";

// Reference values: scripts/gen_core_extra.py (mpmath, 60 digits) → test/fixtures/core-extra.json.
interface Case {
  name: string;
  input: InputKind;
  p: number[];
  q: number[];
  expected: Record<string, number | string>;
  /** Measures that must refuse this case with a SurprisalError (it cannot be computed). */
  refused?: string[];
}
const { cases } = JSON.parse(
  readFileSync(new URL("../fixtures/core-extra.json", import.meta.url), "utf8"),
) as { cases: Case[] };

const EPS = Number.EPSILON; // 2^-52

/**
 * Relative error allowed, in machine epsilons: the worst measured over these cases (in brackets)
 * times 2 to 3, so that a regression of 100× fails.
 */
const checks: [string, number, (p: number[], q: number[], o: { input: InputKind }) => number][] = [
  ["entropy_p", 4 * EPS, (p, _q, o) => entropy(p, o)], // [0.6ε]
  ["kl", 8 * EPS, (p, q, o) => klDivergence(p, q, o)], // [3.7ε, totals beyond the double range]
  ["kl", 8 * EPS, (p, q, o) => klDivergence(Float64Array.from(p), Float64Array.from(q), o)], // [3.7ε]
  ["cross_entropy", 4 * EPS, (p, q, o) => crossEntropy(p, q, o)], // [0.9ε]
  ["js_divergence", 12 * EPS, (p, q, o) => jsDivergence(p, q, o)], // [5.4ε]
  ["total_variation", 4 * EPS, (p, q, o) => totalVariation(p, q, o)], // [0.9ε]
  ["hellinger", 4 * EPS, (p, q, o) => hellinger(p, q, o)], // [0.9ε]
  ["renyi_0_5", 8 * EPS, (p, q, o) => renyiDivergence(p, q, { ...o, alpha: 0.5 })], // [3.2ε]
];

/** Cases measured above their measure's tolerance: Rényi ½ of totals 1e400 apart, 764ε. */
const TOL_CASE: Record<string, number> = {
  "totals_1e400_apart renyi_0_5": 2048 * EPS,
};

describe.each(cases)("$name", (c) => {
  test.each(checks)("%s within %d relative of mpmath", (key, measureTol, f) => {
    const tol = TOL_CASE[`${c.name} ${key}`] ?? measureTol;
    if (c.expected[key] === undefined) throw new Error(`fixture ${c.name} lacks ${key}`);
    if (c.refused?.includes(key)) {
      expect(() => f(c.p, c.q, { input: c.input })).toThrow(SurprisalError);
      return;
    }
    const want = num(c.expected[key]);
    const got = f(c.p, c.q, { input: c.input });
    expect(relErr(got, want), `got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
  });
});

describe("KlAccumulator on the hard cases: mpmath's value, or out-of-range, never a wrong digit", () => {
  /** Two chunks, split in the middle: the first fixes Q's scale λ. */
  function streamed(c: Case): number {
    const h = Math.ceil(c.p.length / 2);
    return new KlAccumulator({ input: c.input })
      .add(c.p.slice(0, h), c.q.slice(0, h))
      .add(c.p.slice(h), c.q.slice(h))
      .value();
  }
  test.each(cases)("$name", (c) => {
    let got: number;
    try {
      got = streamed(c);
    } catch (e) {
      expect(e).toBeInstanceOf(SurprisalError);
      expect((e as SurprisalError).code).toMatch(/^(out-of-range|not-finite|sum|zero|empty)$/);
      return;
    }
    const want = num(c.expected.kl as number | string);
    expect(relErr(got, want), `got ${got}, want ${want}`).toBeLessThanOrEqual(8 * EPS);
  });
  test("a subnormal total is refused (it gave 0 or 1 for ln 2)", () => {
    expect(klDivergence([0, 5e-324], [0.01, 0.01], { input: "counts" })).toBe(Math.LN2);
    const acc = new KlAccumulator({ input: "counts" }).add([0, 5e-324], [0.01, 0.01]);
    expect(() => acc.value()).toThrow(/lose their digits in a streaming sum.*power of 2/);
  });
});

describe("streams of counts whose sums overflow refuse with a clear error, never NaN", () => {
  test("KlAccumulator", () => {
    const acc = new KlAccumulator({ input: "counts" }).add([1e306, 1], [1e-300, 1]);
    expect(() => acc.value()).toThrow(/not finite.*divide both by the same constant/);
  });
  test("EntropyAccumulator", () => {
    const acc = new EntropyAccumulator({ input: "counts" }).add([1e308, 1e308]);
    expect(() => acc.value()).toThrow(/sum of these counts is not finite/);
  });
});
