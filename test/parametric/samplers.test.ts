/**
 * Goodness of fit of the samplers, with fixed seeds. Kolmogorov–Smirnov where the CDF is
 * elementary, χ² over bins otherwise (bin probabilities from the mass function, or from Simpson
 * integration of the density). Critical values are set for a false-alarm probability of about
 * 1e-6 per test, so a failure means a wrong sampler, not bad luck.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/numeric/rng.js";
import { erf } from "../../src/numeric/special.js";
import { type Distribution, distributions as d } from "../../src/parametric/index.js";

const N = 20_000;

/** KS statistic sup |F_n − F|. */
function ksStatistic(x: Float64Array, cdf: (v: number) => number): number {
  const s = Float64Array.from(x).sort();
  let dmax = 0;
  for (let i = 0; i < s.length; i++) {
    const f = cdf(s[i]);
    dmax = Math.max(dmax, Math.abs(f - i / s.length), Math.abs((i + 1) / s.length - f));
  }
  return dmax;
}

/** KS critical value at α = 1e-6: √(−ln(α/2)/(2n)). */
const ksCritical = (n: number) => Math.sqrt(-Math.log(0.5e-6) / (2 * n));

/** χ² upper quantile at p ≈ 1e-6 (Wilson–Hilferty, z = 4.753). */
function chiCritical(df: number): number {
  const z = 4.753;
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** χ² statistic of counts against probabilities (last bin takes the remainder). */
function chiSquare(counts: number[], probs: number[], n: number): number {
  let s = 0;
  for (let i = 0; i < counts.length; i++) {
    const e = n * probs[i];
    s += (counts[i] - e) ** 2 / e;
  }
  return s;
}

/**
 * Simpson integral of exp(logProb) over [a, b], after the substitution x = a + (b − a)·s^power
 * (power > 1 smooths an integrable x^{k−1} singularity at a).
 */
function integrate(dist: Distribution, a: number, b: number, power = 1, m = 2000): number {
  const h = 1 / m;
  let s = 0;
  for (let i = 0; i <= m; i++) {
    const t = i * h;
    const w = i === 0 || i === m ? 1 : i % 2 === 1 ? 4 : 2;
    const jac = power === 1 ? b - a : (b - a) * power * t ** (power - 1);
    if (jac === 0) continue;
    s += w * Math.exp(dist.logProb(a + (b - a) * t ** power)) * jac;
  }
  return (s * h) / 3;
}

/**
 * χ² test of a continuous sampler: bins [edges[i], edges[i+1]) with edges[0] the lower end of the
 * support, plus the open last bin [edges.at(-1), ∞) whose probability is the remainder.
 */
function chiContinuous(dist: Distribution, edges: number[], seed: number, power: number) {
  const x = dist.sample(N, { seed });
  const probs: number[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    probs.push(integrate(dist, edges[i], edges[i + 1], i === 0 ? power : 1));
  }
  probs.push(Math.max(1 - probs.reduce((a, b) => a + b, 0), 0));
  const counts = new Array(probs.length).fill(0);
  for (const v of x) {
    expect(v >= edges[0]).toBe(true);
    let k = 0;
    while (k + 1 < edges.length && v >= edges[k + 1]) k++;
    counts[k]++;
  }
  const keep = probs.map((p) => p * N >= 5);
  const c = counts.filter((_, i) => keep[i]);
  const p = probs.filter((_, i) => keep[i]);
  return { stat: chiSquare(c, p, N), df: c.length - 1 };
}

/** χ² test of a discrete sampler, bins k = lo … hi plus the two tails. */
function chiDiscrete(dist: Distribution, lo: number, hi: number, seed: number, n = N) {
  const x = dist.sample(n, { seed });
  const probs: number[] = [];
  for (let k = lo; k <= hi; k++) probs.push(Math.exp(dist.logProb(k)));
  const inner = probs.reduce((a, b) => a + b, 0);
  let below = 0;
  for (let k = Math.max(0, lo - 100000); k < lo; k++) below += Math.exp(dist.logProb(k));
  const all = [below, ...probs, Math.max(0, 1 - inner - below)];
  const counts = new Array(all.length).fill(0);
  for (const v of x) {
    expect(Number.isInteger(v)).toBe(true);
    counts[v < lo ? 0 : v > hi ? all.length - 1 : v - lo + 1]++;
  }
  const keep = all.map((p) => p * n >= 5);
  const c = counts.filter((_, i) => keep[i]);
  const p = all.filter((_, i) => keep[i]);
  return { stat: chiSquare(c, p, n), df: c.length - 1 };
}

const cdfNormal = (m: number, s: number) => (v: number) =>
  0.5 * (1 + erf((v - m) / (s * Math.SQRT2)));

describe("samplers: Kolmogorov–Smirnov (α = 1e-6)", () => {
  const cases: [string, Distribution, (v: number) => number][] = [
    ["Normal", new d.Normal({ mean: 1.5, std: 0.7 }), cdfNormal(1.5, 0.7)],
    [
      "LogNormal",
      new d.LogNormal({ mu: 0.3, sigma: 0.9 }),
      (v) => (v <= 0 ? 0 : cdfNormal(0.3, 0.9)(Math.log(v))),
    ],
    ["Exponential", new d.Exponential({ rate: 2.5 }), (v) => (v <= 0 ? 0 : -Math.expm1(-2.5 * v))],
    [
      "Laplace",
      new d.Laplace({ loc: -1, scale: 2 }),
      (v) => (v < -1 ? 0.5 * Math.exp((v + 1) / 2) : 1 - 0.5 * Math.exp(-(v + 1) / 2)),
    ],
    ["Uniform", new d.Uniform({ low: -2, high: 5 }), (v) => Math.min(1, Math.max(0, (v + 2) / 7))],
    [
      "Cauchy",
      new d.Cauchy({ loc: 3, scale: 0.5 }),
      (v) => 0.5 + Math.atan((v - 3) / 0.5) / Math.PI,
    ],
    ["Gumbel", new d.Gumbel({ loc: 1, scale: 2 }), (v) => Math.exp(-Math.exp(-(v - 1) / 2))],
    [
      "HalfNormal",
      new d.HalfNormal({ scale: 1.3 }),
      (v) => (v <= 0 ? 0 : erf(v / (1.3 * Math.SQRT2))),
    ],
    ["Pareto", new d.Pareto({ scale: 2, alpha: 1.5 }), (v) => (v < 2 ? 0 : 1 - (2 / v) ** 1.5)],
  ];
  it.each(cases)("%s", (_n, dist, cdf) => {
    const x = dist.sample(N, { seed: 11 });
    expect(x.length).toBe(N);
    expect(ksStatistic(x, cdf)).toBeLessThan(ksCritical(N));
  });

  it("detects a wrong sampler (the test has power)", () => {
    const x = new d.Normal({ mean: 0, std: 1.05 }).sample(N, { seed: 11 });
    expect(ksStatistic(x, cdfNormal(0, 1))).toBeGreaterThan(0.5 * ksCritical(N));
    const y = new d.Normal({ mean: 0.1, std: 1 }).sample(N, { seed: 11 });
    expect(ksStatistic(y, cdfNormal(0, 1))).toBeGreaterThan(ksCritical(N));
  });
});

describe("samplers: χ² (p ≈ 1e-6)", () => {
  const cont: [string, Distribution, number[], number][] = [
    [
      "Gamma(0.3, 2)",
      new d.Gamma({ shape: 0.3, rate: 2 }),
      [0, 0.001, 0.01, 0.03, 0.06, 0.1, 0.2, 0.35, 0.6, 1],
      4,
    ],
    [
      "Gamma(7.5, 0.5)",
      new d.Gamma({ shape: 7.5, rate: 0.5 }),
      [0, 6, 9, 11, 13, 15, 17, 20, 24, 30],
      1,
    ],
    [
      "Beta(0.5, 3)",
      new d.Beta({ alpha: 0.5, beta: 3 }),
      [0, 0.001, 0.01, 0.03, 0.06, 0.1, 0.2, 0.3, 0.5],
      3,
    ],
    [
      "Beta(20, 5)",
      new d.Beta({ alpha: 20, beta: 5 }),
      [0, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
      1,
    ],
  ];
  it.each(cont)("%s", (_n, dist, edges, power) => {
    const { stat, df } = chiContinuous(dist, edges, 5, power);
    expect(stat).toBeLessThan(chiCritical(df));
  });

  const disc: [string, Distribution, number, number][] = [
    ["Bernoulli", new d.Bernoulli({ p: 0.3 }), 0, 1],
    ["Binomial(12, 0.7)", new d.Binomial({ n: 12, p: 0.7 }), 3, 12],
    [
      "Binomial(10⁶, 0.3) (beta splitting)",
      new d.Binomial({ n: 1_000_000, p: 0.3 }),
      299_000,
      301_000,
    ],
    ["Geometric(0.2)", new d.Geometric({ p: 0.2 }), 0, 25],
    ["Poisson(3.5)", new d.Poisson({ rate: 3.5 }), 0, 12],
    ["Poisson(1e5) (gamma splitting)", new d.Poisson({ rate: 1e5 }), 99_000, 101_000],
    ["Categorical", new d.Categorical({ probs: [0.1, 0.05, 0.5, 0.35] }), 0, 3],
  ];
  it.each(disc)("%s", (_n, dist, lo, hi) => {
    const width = hi - lo;
    if (width > 100) {
      // Group the wide range into ~40 bins of equal width.
      const x = dist.sample(N, { seed: 6 });
      const nb = 40;
      const step = Math.ceil((width + 1) / nb);
      const probs = new Array(nb + 2).fill(0);
      for (let k = lo; k <= hi; k++)
        probs[1 + Math.floor((k - lo) / step)] += Math.exp(dist.logProb(k));
      const inner = probs.reduce((a, b) => a + b, 0);
      probs[0] = (1 - inner) / 2;
      probs[nb + 1] = (1 - inner) / 2;
      const counts = new Array(nb + 2).fill(0);
      for (const v of x) counts[v < lo ? 0 : v > hi ? nb + 1 : 1 + Math.floor((v - lo) / step)]++;
      const keep = probs.map((p) => p * N >= 5);
      const c = counts.filter((_, i) => keep[i]);
      const p = probs.filter((_, i) => keep[i]);
      expect(chiSquare(c, p, N)).toBeLessThan(chiCritical(c.length - 1));
      return;
    }
    const { stat, df } = chiDiscrete(dist, lo, hi, 6);
    expect(stat).toBeLessThan(chiCritical(df));
  });
});

describe("samplers: multivariate moments (5 standard errors)", () => {
  it("Dirichlet: rows on the simplex, means α/α₀", () => {
    const alpha = [0.5, 2, 4.5];
    const dist = new d.Dirichlet({ alpha });
    const x = dist.sample(N, { seed: 8 });
    const a0 = 7;
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let i = 0; i < N; i++) s += x[i * 3 + j];
      const m = alpha[j] / a0;
      const v = (m * (1 - m)) / (a0 + 1);
      expect(Math.abs(s / N - m)).toBeLessThan(5 * Math.sqrt(v / N));
    }
    for (let i = 0; i < 10; i++) expect(x[i * 3] + x[i * 3 + 1] + x[i * 3 + 2]).toBeCloseTo(1, 12);
  });

  it("MultivariateNormal: mean and covariance", () => {
    const dist = new d.MultivariateNormal({
      mean: [1, -2],
      covariance: [
        [2, 0.8],
        [0.8, 1],
      ],
    });
    const x = dist.sample(N, { seed: 8 });
    let m0 = 0;
    let m1 = 0;
    for (let i = 0; i < N; i++) {
      m0 += x[2 * i];
      m1 += x[2 * i + 1];
    }
    m0 /= N;
    m1 /= N;
    expect(Math.abs(m0 - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(m1 + 2)).toBeLessThan(5 * Math.sqrt(1 / N));
    let c01 = 0;
    for (let i = 0; i < N; i++) c01 += (x[2 * i] - m0) * (x[2 * i + 1] - m1);
    c01 /= N - 1;
    // Var of the sample covariance ≈ (σ₀₀σ₁₁ + σ₀₁²)/n
    expect(Math.abs(c01 - 0.8)).toBeLessThan(5 * Math.sqrt((2 + 0.64) / N));
  });
});

describe("sampler options", () => {
  it("same seed, same draws; an explicit rng wins; n = 0 is empty; bad n is refused", () => {
    const g = new d.Gamma({ shape: 2, rate: 1 });
    expect(g.sample(5, { seed: 3 })).toEqual(g.sample(5, { seed: 3 }));
    expect(g.sample(5, { seed: 3 })).not.toEqual(g.sample(5, { seed: 4 }));
    expect(g.sample(5, { seed: 99, rng: createRng(3) })).toEqual(g.sample(5, { seed: 3 }));
    expect(g.sample(0).length).toBe(0);
    expect(() => g.sample(-1)).toThrow(/sample count/);
    expect(() => g.sample(1.5)).toThrow(/sample count/);
  });

  it("tiny shapes stay finite (log-space gamma)", () => {
    const b = new d.Beta({ alpha: 1e-3, beta: 1e-3 }).sample(1000, { seed: 1 });
    for (const v of b) expect(v >= 0 && v <= 1).toBe(true);
    const dir = new d.Dirichlet({ alpha: [1e-3, 1e-3, 1e-3] }).sample(100, { seed: 1 });
    for (const v of dir) expect(Number.isFinite(v)).toBe(true);
  });
});
