import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SurprisalError } from "../../src/errors.js";
import {
  closedFormPairs,
  type Distribution,
  distributions as d,
  FAMILIES,
  type FamilyName,
  isDistribution,
  parametricCrossEntropy,
  parametricKlDivergence,
  registerKl,
  unregisterKl,
} from "../../src/parametric/index.js";

const pos = (lo = 0.05, hi = 20) => fc.double({ min: lo, max: hi, noNaN: true });
const real = (r = 10) => fc.double({ min: -r, max: r, noNaN: true });
const prob = () => fc.double({ min: 0.001, max: 0.999, noNaN: true });

/** An arbitrary for every family (moderate parameters). */
const ARB: Record<FamilyName, fc.Arbitrary<Distribution>> = {
  Bernoulli: prob().map((p) => new d.Bernoulli({ p })),
  Binomial: fc
    .tuple(fc.integer({ min: 1, max: 200 }), prob())
    .map(([n, p]) => new d.Binomial({ n, p })),
  Geometric: prob().map((p) => new d.Geometric({ p })),
  Poisson: pos(0.01, 500).map((rate) => new d.Poisson({ rate })),
  Categorical: fc
    .array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 })
    .map((w) => {
      const s = w.reduce((a, b) => a + b, 0);
      return new d.Categorical({ probs: w.map((x) => x / s) });
    }),
  Normal: fc.tuple(real(), pos()).map(([mean, std]) => new d.Normal({ mean, std })),
  LogNormal: fc.tuple(real(3), pos(0.05, 3)).map(([mu, sigma]) => new d.LogNormal({ mu, sigma })),
  Exponential: pos().map((rate) => new d.Exponential({ rate })),
  Gamma: fc.tuple(pos(0.05, 50), pos()).map(([shape, rate]) => new d.Gamma({ shape, rate })),
  Beta: fc.tuple(pos(0.05, 50), pos(0.05, 50)).map(([alpha, beta]) => new d.Beta({ alpha, beta })),
  Dirichlet: fc
    .array(pos(0.05, 30), { minLength: 3, maxLength: 3 })
    .map((alpha) => new d.Dirichlet({ alpha })),
  Laplace: fc.tuple(real(), pos()).map(([loc, scale]) => new d.Laplace({ loc, scale })),
  Uniform: fc.tuple(real(), pos(0.01, 20)).map(([low, w]) => new d.Uniform({ low, high: low + w })),
  Cauchy: fc.tuple(real(), pos()).map(([loc, scale]) => new d.Cauchy({ loc, scale })),
  Gumbel: fc.tuple(real(), pos()).map(([loc, scale]) => new d.Gumbel({ loc, scale })),
  HalfNormal: pos().map((scale) => new d.HalfNormal({ scale })),
  Pareto: fc.tuple(pos(), pos(0.2, 10)).map(([scale, alpha]) => new d.Pareto({ scale, alpha })),
  MultivariateNormal: fc
    .tuple(fc.array(real(3), { minLength: 2, maxLength: 2 }), pos(0.1, 3), pos(0.1, 3), real(0.9))
    .map(
      ([mean, a, b, r]) =>
        new d.MultivariateNormal({
          mean,
          covariance: [
            [a * a, r * a * b],
            [r * a * b, b * b],
          ],
        }),
    ),
};

const NAMES = Object.keys(FAMILIES) as FamilyName[];

describe("laws", () => {
  it.each(NAMES)("D(p‖p) = 0 exactly and H(p, p) = H(p) for %s", (name) => {
    fc.assert(
      fc.property(ARB[name], (p) => {
        expect(parametricKlDivergence(p, p)).toBe(0);
        const h = parametricCrossEntropy(p, p);
        expect(Math.abs(h - p.entropy())).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(h)));
      }),
      { numRuns: 60, seed: 9 },
    );
  });

  it.each(NAMES)("D(p‖q) ≥ 0 for same-family pairs of %s", (name) => {
    fc.assert(
      fc.property(ARB[name], ARB[name], (p, q) => {
        const v = parametricKlDivergence(p, q);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(Number.isNaN(v)).toBe(false);
      }),
      { numRuns: 60, seed: 10 },
    );
  });

  it("every listed pair computes (finite ≥ 0 or +∞) on random parameters; unlisted ones throw no-closed-form", () => {
    const listed = new Set(closedFormPairs().map((x) => `${x.p}|${x.q}`));
    let checked = 0;
    for (const pn of NAMES) {
      for (const qn of NAMES) {
        const samples = fc.sample(fc.tuple(ARB[pn], ARB[qn]), { numRuns: 15, seed: 3 });
        for (const [p, q] of samples) {
          const multi = (n: string) => n === "Dirichlet" || n === "MultivariateNormal";
          if (multi(pn) !== multi(qn) || (pn !== qn && (multi(pn) || multi(qn)))) {
            expect(() => parametricKlDivergence(p, q)).toThrow(SurprisalError);
            continue;
          }
          if (listed.has(`${pn}|${qn}`)) {
            const v = parametricKlDivergence(p, q);
            expect(v >= 0, `${p} ‖ ${q} = ${v}`).toBe(true);
            checked++;
          } else {
            try {
              parametricKlDivergence(p, q);
              throw new Error(`expected no-closed-form for ${pn}‖${qn}`);
            } catch (e) {
              expect((e as SurprisalError).code).toBe("no-closed-form");
              expect((e as Error).message).toContain("estimateKl");
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it("covers every pair with a finite value in PyTorch's registry", () => {
    const torchFinite = [
      "Bernoulli|Poisson",
      "Beta|Exponential",
      "Beta|Gamma",
      "Beta|Normal",
      "Beta|Uniform",
      "Exponential|Gamma",
      "Exponential|Gumbel",
      "Exponential|Normal",
      "Gamma|Exponential",
      "Gamma|Gumbel",
      "Gamma|Normal",
      "Gumbel|Normal",
      "Laplace|Normal",
      "Normal|Gumbel",
      "Normal|Laplace",
      "Pareto|Exponential",
      "Pareto|Gamma",
      "Pareto|Normal",
      "Uniform|Beta",
      "Uniform|Exponential",
      "Uniform|Gamma",
      "Uniform|Gumbel",
      "Uniform|Normal",
      "Uniform|Pareto",
    ];
    const listed = new Set(closedFormPairs().map((x) => `${x.p}|${x.q}`));
    for (const pair of torchFinite) expect(listed.has(pair), pair).toBe(true);
    for (const n of NAMES) expect(listed.has(`${n}|${n}`)).toBe(true);
    const kinds = closedFormPairs().filter((x) => x.kind !== "infinite");
    expect(kinds.length).toBeGreaterThanOrEqual(80);
  });

  it("+∞ where q has no density on part of p's support", () => {
    const n = new d.Normal({ mean: 0, std: 1 });
    expect(parametricKlDivergence(n, new d.Exponential({ rate: 1 }))).toBe(Infinity);
    expect(
      parametricKlDivergence(new d.Poisson({ rate: 2 }), new d.Binomial({ n: 5, p: 0.5 })),
    ).toBe(Infinity);
    expect(
      parametricKlDivergence(new d.Binomial({ n: 10, p: 0.5 }), new d.Binomial({ n: 9, p: 0.5 })),
    ).toBe(Infinity);
    expect(parametricKlDivergence(new d.Bernoulli({ p: 0.5 }), n)).toBe(Infinity);
    expect(parametricKlDivergence(new d.Cauchy({ loc: 0, scale: 1 }), n)).toBe(Infinity);
    expect(
      parametricKlDivergence(
        new d.Pareto({ scale: 1, alpha: 1.5 }),
        new d.Normal({ mean: 0, std: 1 }),
      ),
    ).toBe(Infinity);
    expect(
      parametricKlDivergence(
        new d.Categorical({ probs: [0.5, 0.5] }),
        new d.Categorical({ probs: [1] }),
      ),
    ).toBe(Infinity);
  });

  it("no closed form: a clear error naming estimateKl", () => {
    const p = new d.Normal({ mean: 0, std: 1 });
    const q = new d.Cauchy({ loc: 0, scale: 1 });
    expect(() => parametricKlDivergence(p, q)).toThrow(/estimateKl/);
    expect(() => parametricCrossEntropy(p, q)).toThrow(/estimateKl/);
    expect(() =>
      parametricKlDivergence(new d.Geometric({ p: 0.3 }), new d.Poisson({ rate: 2 })),
    ).toThrow(expect.objectContaining({ code: "no-closed-form" }));
    expect(() =>
      parametricKlDivergence(
        new d.MultivariateNormal({
          mean: [0, 0],
          covariance: [
            [1, 0],
            [0, 1],
          ],
        }),
        new d.MultivariateNormal({ mean: [0], covariance: [[1]] }),
      ),
    ).toThrow(expect.objectContaining({ code: "length-mismatch" }));
    expect(() => parametricKlDivergence([0.5, 0.5] as never, p)).toThrow(/not a distribution/);
  });

  it("finite sums that would be too long are refused, not run for minutes", () => {
    const p = new d.Binomial({ n: 1e15, p: 0.5 });
    const q = new d.Poisson({ rate: 5e14 });
    expect(() => parametricKlDivergence(p, q)).toThrow(/estimateKl/);
    expect(parametricKlDivergence(p, new d.Binomial({ n: 1e15, p: 0.5 }))).toBe(0);
  });

  it("registerKl adds a pair and takes precedence; unregisterKl removes it", () => {
    const p = new d.Normal({ mean: 0, std: 1 });
    const q = new d.Cauchy({ loc: 0, scale: 1 });
    registerKl("Normal", "Cauchy", () => 0.25);
    try {
      expect(parametricKlDivergence(p, q)).toBe(0.25);
      expect(parametricCrossEntropy(p, q)).toBeCloseTo(p.entropy() + 0.25, 14);
      expect(closedFormPairs()).toContainEqual({
        p: "Normal",
        q: "Cauchy",
        kind: "registered",
        mayBeInfinite: true,
      });
    } finally {
      expect(unregisterKl("Normal", "Cauchy")).toBe(true);
    }
    expect(() => parametricKlDivergence(p, q)).toThrow(/estimateKl/);
    expect(() => registerKl("A", "B", 3 as never)).toThrow(SurprisalError);
  });

  it("isDistribution", () => {
    expect(isDistribution(new d.Gamma({ shape: 1, rate: 1 }))).toBe(true);
    expect(isDistribution({ family: "X" })).toBe(false);
    expect(isDistribution(null)).toBe(false);
    expect(isDistribution([0.5, 0.5])).toBe(false);
  });
});

/** Monte Carlo D(p‖q): mean of log p(x) − log q(x) over n draws from p, and its standard error. */
function monteCarloKl(p: Distribution, q: Distribution, n: number, seed: number) {
  const x = p.sample(n, { seed });
  const lp = p.logProbMany(x);
  const lq = q.logProbMany(x);
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const v = lp[i] - lq[i];
    const delta = v - mean;
    mean += delta / (i + 1);
    m2 += delta * (v - mean);
  }
  return { mean, se: Math.sqrt(m2 / (n - 1) / n) };
}

describe("closed form agrees with a seeded Monte Carlo estimate (5 standard errors, P(fail) < 1e-5 each)", () => {
  const pairs: [string, Distribution, Distribution][] = [];
  const add = (p: Distribution, q: Distribution) => pairs.push([`${p} ‖ ${q}`, p, q]);
  add(new d.Normal({ mean: 0.3, std: 1.2 }), new d.Normal({ mean: -0.5, std: 0.9 }));
  add(new d.Gamma({ shape: 2.5, rate: 1.5 }), new d.Gamma({ shape: 1.2, rate: 0.7 }));
  add(new d.Beta({ alpha: 2, beta: 5 }), new d.Beta({ alpha: 1.5, beta: 2.5 }));
  add(new d.Poisson({ rate: 12 }), new d.Poisson({ rate: 9 }));
  add(new d.Binomial({ n: 40, p: 0.3 }), new d.Binomial({ n: 40, p: 0.4 }));
  add(new d.Geometric({ p: 0.3 }), new d.Geometric({ p: 0.4 }));
  add(new d.Laplace({ loc: 0, scale: 1 }), new d.Normal({ mean: 0.5, std: 1.5 }));
  add(new d.Normal({ mean: 0, std: 1 }), new d.Gumbel({ loc: 0.2, scale: 1.3 }));
  add(new d.Gamma({ shape: 3, rate: 2 }), new d.LogNormal({ mu: 0.2, sigma: 0.7 }));
  add(new d.LogNormal({ mu: 0.1, sigma: 0.5 }), new d.Gamma({ shape: 3, rate: 2.5 }));
  add(new d.HalfNormal({ scale: 1.2 }), new d.Exponential({ rate: 0.8 }));
  add(new d.Pareto({ scale: 1, alpha: 3 }), new d.Pareto({ scale: 0.8, alpha: 2 }));
  add(new d.Cauchy({ loc: 0, scale: 1 }), new d.Cauchy({ loc: 1, scale: 2 }));
  add(new d.Gumbel({ loc: 0, scale: 1 }), new d.Gumbel({ loc: 0.5, scale: 1.4 }));
  add(new d.Dirichlet({ alpha: [2, 3, 4] }), new d.Dirichlet({ alpha: [1, 1, 2] }));
  add(
    new d.MultivariateNormal({
      mean: [0, 1],
      covariance: [
        [2, 0.5],
        [0.5, 1],
      ],
    }),
    new d.MultivariateNormal({
      mean: [0.5, 0],
      covariance: [
        [1, -0.2],
        [-0.2, 1.5],
      ],
    }),
  );
  add(new d.Exponential({ rate: 1.5 }), new d.Gamma({ shape: 2, rate: 2 }));
  add(new d.Uniform({ low: 0.2, high: 0.9 }), new d.Beta({ alpha: 2, beta: 2 }));
  add(new d.Binomial({ n: 20, p: 0.2 }), new d.Poisson({ rate: 3.5 }));
  add(new d.Poisson({ rate: 3 }), new d.Geometric({ p: 0.3 }));
  add(new d.Categorical({ probs: [0.1, 0.6, 0.3] }), new d.Binomial({ n: 2, p: 0.55 }));

  it.each(pairs)("%s", (_name, p, q) => {
    const exact = parametricKlDivergence(p, q);
    const { mean, se } = monteCarloKl(p, q, 40_000, 2024);
    expect(Math.abs(mean - exact), `MC ${mean} ± ${se}, closed form ${exact}`).toBeLessThanOrEqual(
      5 * se + 1e-12,
    );
  });
});
