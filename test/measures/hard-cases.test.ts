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

const checks: [string, number, (p: number[], q: number[], o: { input: InputKind }) => number][] = [
  ["entropy_p", 1e-12, (p, _q, o) => entropy(p, o)],
  ["kl", 1e-12, (p, q, o) => klDivergence(p, q, o)],
  ["kl", 1e-12, (p, q, o) => klDivergence(Float64Array.from(p), Float64Array.from(q), o)],
  ["cross_entropy", 1e-12, (p, q, o) => crossEntropy(p, q, o)],
  ["js_divergence", 1e-10, (p, q, o) => jsDivergence(p, q, o)],
  ["total_variation", 1e-10, (p, q, o) => totalVariation(p, q, o)],
  ["hellinger", 1e-8, (p, q, o) => hellinger(p, q, o)],
  ["renyi_0_5", 1e-10, (p, q, o) => renyiDivergence(p, q, { ...o, alpha: 0.5 })],
];

describe.each(cases)("$name", (c) => {
  test.each(checks)("%s within %d relative of mpmath", (key, tol, f) => {
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
