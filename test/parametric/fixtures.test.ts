import { describe, expect, it } from "vitest";
import { SurprisalError } from "../../src/errors.js";
import { parametricCrossEntropy, parametricKlDivergence } from "../../src/parametric/index.js";
import { num, readSharedFixture, relErr } from "../helpers/fixtures.js";
import { build, type Spec } from "./build.js";

interface Case {
  p: Spec;
  q: Spec;
  entropy_p: number;
  kl: number | string;
}

/** Machine epsilon 2⁻⁵²: every tolerance below is a multiple of it. */
const EPS = 2 ** -52;

const fixture = readSharedFixture<{ cases: Case[] }>("parametric.json");

// Tolerances state the accuracy reached: the worst relative error measured per family (or pair),
// rounded up to a power of two at least twice as large (4ε where the error is ≤ 2ε), so that a
// 100× regression fails. Families and pairs not listed are held to the default.
const ENTROPY_EPS: Record<string, number> = {
  default: 4,
  Binomial: 16, // 4.1ε (summation over the range holding the mass)
  Gamma: 16, // 6.0ε
  Poisson: 32, // 10.3ε (summation)
  Beta: 64, // 26ε
};
const KL_EPS: Record<string, number> = {
  default: 4,
  "Categorical|Categorical": 8, // 2.8ε
  "Cauchy|Cauchy": 8, // 3.0ε
  "Dirichlet|Dirichlet": 8, // 3.2ε
  "Gumbel|Gumbel": 8, // 2.1ε
  "MultivariateNormal|MultivariateNormal": 8, // 3.8ε
  "HalfNormal|HalfNormal": 16, // 4.0ε
  "Geometric|Geometric": 16, // 4.4ε
  "Binomial|Binomial": 16, // 5.7ε
  "Gamma|Gamma": 16, // 7.3ε
  "Beta|Beta": 32, // 12.8ε
  // The next three are the fixture's error, not ours: PyTorch evaluates these KLs in a form that
  // cancels, while mpmath at 50 digits gives our value to the last digit (4.1e-14, 4.2e-14, 7.0e-15
  // off the fixture: Exponential(4.8937)‖Exponential(4.7109), Poisson(11.164)‖Poisson(9.7758),
  // Laplace(−1.464, 2.931)‖Laplace(−1.642, 3.090)).
  "Laplace|Laplace": 64, // 31.6ε
  "Exponential|Exponential": 512, // 186ε
  "Poisson|Poisson": 512, // 191ε
};
// H(p, q) against H(p) + D(p‖q) of the fixture, relative to max(1, H(p) + D(p‖q)).
const CROSS_EPS: Record<string, number> = {
  default: 4,
  "Beta|Beta": 8, // 3.2ε
  "Binomial|Binomial": 8, // 3.8ε
  "Dirichlet|Dirichlet": 8, // 2.3ε
  "Poisson|Poisson": 32, // 11.8ε
};

const tol = (table: Record<string, number>, key: string) => (table[key] ?? table.default) * EPS;

const rows = fixture.cases.map((c, i) => {
  const pair = `${c.p.family}|${c.q.family}`;
  return {
    name: `#${i} ${c.p.family}‖${c.q.family}`,
    c,
    entropyTol: tol(ENTROPY_EPS, c.p.family),
    klTol: tol(KL_EPS, pair),
    crossTol: tol(CROSS_EPS, pair),
  };
});

describe("shared fixture parametric.json (PyTorch, float64)", () => {
  it("has all 18 families", () => {
    const families = new Set(fixture.cases.flatMap((c) => [c.p.family, c.q.family]));
    expect(families.size).toBe(18);
  });

  it.each(rows)("$name: entropy of p", ({ c, entropyTol }) => {
    const h = build(c.p).entropy();
    expect(relErr(h, c.entropy_p), `${h} vs ${c.entropy_p}`).toBeLessThanOrEqual(entropyTol);
  });

  it.each(rows)("$name: KL and cross entropy", ({ c, klTol, crossTol }) => {
    const p = build(c.p);
    const q = build(c.q);
    const expected = num(c.kl);
    const kl = parametricKlDivergence(p, q);
    if (expected === Number.POSITIVE_INFINITY) {
      expect(kl).toBe(Number.POSITIVE_INFINITY);
      expect(parametricCrossEntropy(p, q)).toBe(Number.POSITIVE_INFINITY);
      return;
    }
    expect(relErr(kl, expected), `${kl} vs ${expected}`).toBeLessThanOrEqual(klTol);
    // H(p, q) = H(p) + D(p‖q)
    const h = c.entropy_p + expected;
    const ce = parametricCrossEntropy(p, q);
    expect(Math.abs(ce - h) / Math.max(1, Math.abs(h)), `${ce} vs ${h}`).toBeLessThanOrEqual(
      crossTol,
    );
  });

  it("units: { base: 'bits' } divides by ln 2 (within 2ε)", () => {
    const c = fixture.cases.find((x) => x.p.family === "Normal" && x.q.family === "Normal")!;
    const bits = parametricKlDivergence(build(c.p), build(c.q), { base: "bits" });
    expect(relErr(bits, (c.kl as number) / Math.LN2)).toBeLessThanOrEqual(2 * EPS);
    expect(() => parametricKlDivergence(build(c.p), build(c.q), { base: 1 })).toThrow(
      SurprisalError,
    );
  });
});
