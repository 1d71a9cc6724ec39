import { SurprisalError } from "../errors.js";
import { klTerm } from "../numeric/phi.js";
import { expm1MinusX, lgamma, lgammaBregman } from "../numeric/special.js";
import { CompensatedSum } from "../numeric/sum.js";
import { fromNats } from "../numeric/units.js";
import type { Base } from "../types.js";
import { type Expectation, ParametricDistribution, type SupportKind } from "./base.js";
import {
  Beta,
  Cauchy,
  Exponential,
  Gamma,
  Gumbel,
  HalfNormal,
  Laplace,
  LogNormal,
  Normal,
  Pareto,
  Uniform,
} from "./continuous.js";
import {
  Bernoulli,
  Binomial,
  bernoulliKl,
  Categorical,
  FiniteDiscrete,
  Geometric,
  Poisson,
} from "./discrete.js";
import { Dirichlet, forwardSolve, MultivariateNormal } from "./multivariate.js";
import type { Distribution } from "./types.js";

const INF = Number.POSITIVE_INFINITY;

/** Options of {@link parametricKlDivergence} and {@link parametricCrossEntropy}. */
export interface ParametricMeasureOptions {
  /** Unit of the result: `"nats"` (default), `"bits"`, `"dits"` or a number > 0, ≠ 1. */
  base?: Base;
}

/** A KL function for one ordered pair of families, in nats. */
export type KlFunction = (p: Distribution, q: Distribution) => number;

/** Every built-in family, by name. */
export const FAMILIES = {
  Bernoulli,
  Binomial,
  Geometric,
  Poisson,
  Categorical,
  Normal,
  LogNormal,
  Exponential,
  Gamma,
  Beta,
  Dirichlet,
  Laplace,
  Uniform,
  Cauchy,
  Gumbel,
  HalfNormal,
  Pareto,
  MultivariateNormal,
} as const;

/** Name of a built-in family. */
export type FamilyName = keyof typeof FAMILIES;

/** u − ln(1 + u) ≥ 0, with a series for small |u|. */
function uMinusLog1p(u: number): number {
  if (Math.abs(u) < 0.1) {
    let sum = 0;
    let pow = u;
    for (let n = 2; n < 30; n++) {
      pow *= -u;
      sum -= pow / n;
    }
    return sum;
  }
  return u - Math.log1p(u);
}

/** ½(r − 1 − ln r) + ½δ² for the ratio r = ((σp/σq))² written through u = (σp − σq)/σq. */
function gaussianKl(mp: number, sp: number, mq: number, sq: number): number {
  const u = (sp - sq) / sq;
  const d = (mp - mq) / sq;
  return 0.5 * u * u + uMinusLog1p(u) + 0.5 * d * d;
}

/** Same-family closed forms (nats). Each gives exactly 0 for identical parameters. */
const SAME_FAMILY: { [K in FamilyName]: (p: never, q: never) => number } = {
  Bernoulli: (p: Bernoulli, q: Bernoulli) => bernoulliKl(p.params.p, q.params.p),
  Binomial: (p: Binomial, q: Binomial) =>
    p.params.n === q.params.n
      ? p.params.n === 0
        ? 0
        : p.params.n * bernoulliKl(p.params.p, q.params.p)
      : finiteSumKl(p, q),
  Geometric: (p: Geometric, q: Geometric) => {
    const a = p.params.p;
    const b = q.params.p;
    if (b === 1) return a === 1 ? 0 : INF;
    return bernoulliKl(a, b) / a;
  },
  Poisson: (p: Poisson, q: Poisson) => klTerm(p.params.rate, q.params.rate),
  Categorical: (p: Categorical, q: Categorical) => {
    const a = p.params.probs;
    const b = q.params.probs;
    const s = new CompensatedSum();
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const t = klTerm(i < a.length ? a[i] : 0, i < b.length ? b[i] : 0);
      if (t === INF) return INF;
      s.add(t);
    }
    return s.value();
  },
  Normal: (p: Normal, q: Normal) =>
    gaussianKl(p.params.mean, p.params.std, q.params.mean, q.params.std),
  LogNormal: (p: LogNormal, q: LogNormal) =>
    gaussianKl(p.params.mu, p.params.sigma, q.params.mu, q.params.sigma),
  Exponential: (p: Exponential, q: Exponential) =>
    uMinusLog1p((q.params.rate - p.params.rate) / p.params.rate),
  Gamma: (p: Gamma, q: Gamma) => {
    // B(kp, kq) + kq·(u − ln(1 + u)) + (kp − kq)·u, u = (rq − rp)/rp, B the Bregman divergence of ln Γ
    const { shape: kp, rate: rp } = p.params;
    const { shape: kq, rate: rq } = q.params;
    const u = (rq - rp) / rp;
    return Math.max(0, lgammaBregman(kp, kq) + kq * uMinusLog1p(u) + (kp - kq) * u);
  },
  Beta: (p: Beta, q: Beta) => {
    // B(αp, αq) + B(βp, βq) − B(αp + βp, αq + βq)
    const { alpha: ap, beta: bp } = p.params;
    const { alpha: aq, beta: bq } = q.params;
    if (ap === aq && bp === bq) return 0;
    return Math.max(
      0,
      lgammaBregman(ap, aq) + lgammaBregman(bp, bq) - lgammaBregman(ap + bp, aq + bq),
    );
  },
  Dirichlet: (p: Dirichlet, q: Dirichlet) => {
    const a = p.params.alpha;
    const b = q.params.alpha;
    if (a.length !== b.length) throw dimensionError(p, q);
    let same = true;
    for (let i = 0; i < a.length; i++) same &&= a[i] === b[i];
    if (same) return 0;
    // Σᵢ B(aᵢ, bᵢ) − B(a₀, b₀)
    const s = new CompensatedSum();
    for (let i = 0; i < a.length; i++) s.add(lgammaBregman(a[i], b[i]));
    s.add(-lgammaBregman(p.total, q.total));
    return Math.max(0, s.value());
  },
  Laplace: (p: Laplace, q: Laplace) => {
    const { loc: lp, scale: sp } = p.params;
    const { loc: lq, scale: sq } = q.params;
    const u = (sp - sq) / sq;
    const a = Math.abs(lp - lq) / sp;
    return uMinusLog1p(u) + (1 + u) * expm1MinusX(-a);
  },
  Uniform: (p: Uniform, q: Uniform) => {
    const { low: lp, high: hp } = p.params;
    const { low: lq, high: hq } = q.params;
    if (lp < lq || hp > hq) return INF;
    return Math.log((hq - lq) / (hp - lp));
  },
  Cauchy: (p: Cauchy, q: Cauchy) => {
    const { loc: lp, scale: sp } = p.params;
    const { loc: lq, scale: sq } = q.params;
    const ds = sp - sq;
    const dl = lp - lq;
    return Math.log1p((ds * ds + dl * dl) / (4 * sp * sq));
  },
  Gumbel: (p: Gumbel, q: Gumbel) => {
    const { loc: lp, scale: sp } = p.params;
    const { loc: lq, scale: sq } = q.params;
    if (lp === lq && sp === sq) return 0;
    // (u − ln(1 + u)) + B(2, 1 + ρ) + (eʷ − 1 − w), ρ = σp/σq = 1 + u, w = −(μp − μq)/σq + ln Γ(1 + ρ)
    const u = (sp - sq) / sq;
    const rho = sp / sq;
    const w = -(lp - lq) / sq + lgamma(1 + rho);
    return uMinusLog1p(u) + lgammaBregman(2, 1 + rho) + expm1MinusX(w);
  },
  HalfNormal: (p: HalfNormal, q: HalfNormal) => gaussianKl(0, p.params.scale, 0, q.params.scale),
  Pareto: (p: Pareto, q: Pareto) => {
    const { scale: sp, alpha: ap } = p.params;
    const { scale: sq, alpha: aq } = q.params;
    if (sp < sq) return INF;
    return aq * Math.log(sp / sq) + uMinusLog1p((aq - ap) / ap);
  },
  MultivariateNormal: (p: MultivariateNormal, q: MultivariateNormal) => {
    const d = p.dimension;
    if (q.dimension !== d) throw dimensionError(p, q);
    // M = Lq⁻¹Lp; D = ½[Σᵢ (Mᵢᵢ² − 1 − ln Mᵢᵢ²) + Σ_{i≠j} Mᵢⱼ² + |Lq⁻¹(μq − μp)|²]
    const lp = p.choleskyFactor;
    const lq = q.choleskyFactor;
    const s = new CompensatedSum();
    const col = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < d; i++) col[i] = lp[i * d + j];
      forwardSolve(lq, d, col);
      for (let i = 0; i < d; i++) {
        if (i === j) {
          const m2 = col[i] * col[i];
          s.add(0.5 * (m2 - 1 - Math.log(m2)));
        } else s.add(0.5 * col[i] * col[i]);
      }
    }
    const delta = new Float64Array(d);
    for (let i = 0; i < d; i++) delta[i] = q.params.mean[i] - p.params.mean[i];
    forwardSolve(lq, d, delta);
    for (let i = 0; i < d; i++) s.add(0.5 * delta[i] * delta[i]);
    return s.value();
  },
};

/** D(p‖q) = Σ_k p(k)·(ln p(k) − ln q(k)) over p's (finite) support. */
function finiteSumKl(p: FiniteDiscrete, q: Distribution): number {
  const { lo, hi } = p.support();
  // A mass of p where q has none makes the divergence infinite, however small the mass.
  if (q instanceof ParametricDistribution) {
    const sq = q.support();
    if (lo < sq.lo || hi > sq.hi) return INF;
  }
  const [a, b] = p.sumRange();
  if (b - a > 2e7) {
    // ~80 standard deviations of a Binomial with variance > 6e10: too many terms to sum.
    throw new SurprisalError(
      "no-closed-form",
      `D(${p.family}‖${q.family}) would need a sum over ${b - a + 1} outcomes: estimate it by Monte Carlo with estimateKl(p, q, { samples, seed })`,
      { argument: "p", value: b - a + 1 },
    );
  }
  const s = new CompensatedSum();
  for (let k = Math.max(a, lo); k <= Math.min(b, hi); k++) {
    const lp = p.logProb(k);
    if (lp === Number.NEGATIVE_INFINITY) continue;
    const lq = q.logProb(k);
    if (lq === Number.NEGATIVE_INFINITY) return INF;
    s.add(Math.exp(lp) * (lp - lq));
  }
  return Math.max(0, s.value());
}

function dimensionError(p: Distribution, q: Distribution): SurprisalError {
  return new SurprisalError(
    "length-mismatch",
    `p (${p.family}, dimension ${p.dimension}) and q (${q.family}, dimension ${q.dimension}) have different dimensions: the divergence is undefined`,
    { argument: "q", value: q.dimension },
  );
}

function noClosedForm(p: Distribution, q: Distribution): SurprisalError {
  return new SurprisalError(
    "no-closed-form",
    `no closed form is known for D(${p.family}‖${q.family}): estimate it by Monte Carlo with estimateKl(p, q, { samples, seed }) (closedFormPairs() lists the supported pairs)`,
    { argument: "q", value: q.family },
  );
}

/** User-registered pairs: "P|Q" → function. */
const registry = new Map<string, KlFunction>();

/**
 * Registers (or replaces) the KL divergence of an ordered pair of families, in nats. It takes
 * precedence over the built-in formulas, and lets custom `Distribution` objects (any object with
 * that `family` name) join {@link parametricKlDivergence}, {@link parametricCrossEntropy} and
 * {@link closedFormPairs}.
 *
 * @param familyP - the `family` of the first argument (the truth, P).
 * @param familyQ - the `family` of the second argument (Q).
 * @param fn - `(p, q) => D(p‖q)` in nats (+∞ allowed).
 * @example
 * ```ts
 * registerKl("Normal", "Cauchy", (p, q) => myNormalCauchyKl(p, q)); // your own formula, in nats
 * registerKl("Normal", "Cauchy", () => 0.25);
 * parametricKlDivergence(new distributions.Normal({ mean: 0, std: 1 }), new distributions.Cauchy({ loc: 0, scale: 1 })); // 0.25
 * unregisterKl("Normal", "Cauchy"); // true
 * ```
 */
export function registerKl(familyP: string, familyQ: string, fn: KlFunction): void {
  if (typeof familyP !== "string" || typeof familyQ !== "string" || typeof fn !== "function") {
    throw new SurprisalError(
      "invalid-option",
      "registerKl(familyP, familyQ, fn) needs two family names and a function",
      { argument: "fn", value: fn },
    );
  }
  registry.set(`${familyP}|${familyQ}`, fn);
}

/**
 * Removes a pair added by {@link registerKl}; returns whether it was there.
 *
 * @example
 * ```ts
 * unregisterKl("Normal", "Cauchy"); // false unless registered
 * ```
 */
export function unregisterKl(familyP: string, familyQ: string): boolean {
  return registry.delete(`${familyP}|${familyQ}`);
}

/**
 * Is p's support inside q's? "always", "never" or "depends" on the parameters, from the families
 * alone (used to list pairs).
 */
function containment(p: SupportKind, q: SupportKind): "always" | "never" | "depends" {
  const table: Record<SupportKind, Partial<Record<SupportKind, "always" | "depends">>> = {
    real: {
      real: "always",
      positive: "always",
      unit: "always",
      interval: "always",
      tail: "always",
    },
    positive: { positive: "always", unit: "always", tail: "always", interval: "depends" },
    unit: { unit: "always", interval: "depends" },
    interval: { unit: "depends", interval: "depends" },
    tail: { tail: "depends", interval: "depends" },
    naturals: { naturals: "always", finite: "always" },
    finite: { finite: "depends" },
    simplex: { simplex: "always" },
    vector: { vector: "always" },
  };
  return table[q][p] ?? "never";
}

/** Which expectations a family provides (has a method for). */
function provides(cls: (typeof FAMILIES)[FamilyName], e: Expectation): boolean {
  return typeof (cls.prototype as unknown as Record<string, unknown>)[e] === "function";
}

const DISCRETE = new Set<string>(["Bernoulli", "Binomial", "Geometric", "Poisson", "Categorical"]);
const MULTI = new Set<string>(["Dirichlet", "MultivariateNormal"]);
const KIND: Record<FamilyName, SupportKind> = {
  Bernoulli: "finite",
  Binomial: "finite",
  Categorical: "finite",
  Geometric: "naturals",
  Poisson: "naturals",
  Normal: "real",
  Laplace: "real",
  Cauchy: "real",
  Gumbel: "real",
  LogNormal: "positive",
  Exponential: "positive",
  Gamma: "positive",
  HalfNormal: "positive",
  Beta: "unit",
  Uniform: "interval",
  Pareto: "tail",
  Dirichlet: "simplex",
  MultivariateNormal: "vector",
};

/** How a supported pair is computed. */
export type PairKind =
  /** A formula for this pair of families (same family, or a cross-entropy from expectations). */
  | "closed-form"
  /** A finite sum over p's support (p Bernoulli, Binomial or Categorical). */
  | "finite-sum"
  /** Always +∞: q gives zero density or mass on part of p's support. */
  | "infinite"
  /** Registered by the user with {@link registerKl}. */
  | "registered";

/** One supported ordered pair. */
export interface ClosedFormPair {
  p: string;
  q: string;
  kind: PairKind;
  /** True when the value is +∞ for some parameters (q's support may not cover p's). */
  mayBeInfinite: boolean;
}

/** The static classification of one built-in pair, or undefined when there is no closed form. */
function classify(pName: FamilyName, qName: FamilyName): ClosedFormPair | undefined {
  const pair = (kind: PairKind, mayBeInfinite: boolean): ClosedFormPair => ({
    p: pName,
    q: qName,
    kind,
    mayBeInfinite,
  });
  if (MULTI.has(pName) || MULTI.has(qName)) {
    return pName === qName ? pair("closed-form", false) : undefined;
  }
  const dp = DISCRETE.has(pName);
  const dq = DISCRETE.has(qName);
  if (dp !== dq) return pair("infinite", true);
  const c = containment(KIND[pName], KIND[qName]);
  if (pName === qName) {
    const may = ["Uniform", "Pareto", "Binomial", "Categorical", "Bernoulli", "Geometric"].includes(
      pName,
    );
    return pair("closed-form", may);
  }
  if (c === "never") return pair("infinite", true);
  if (KIND[pName] === "finite") return pair("finite-sum", true);
  const needs = (FAMILIES[qName] as unknown as { needs: readonly Expectation[] }).needs;
  if (typeof FAMILIES[qName].prototype.crossEntropyFrom !== "function") return undefined;
  if (!needs.every((e) => provides(FAMILIES[pName], e))) return undefined;
  // A Cauchy p has no finite E(X − m)², E|X − c| or E e^{−X/b}: always +∞ against these.
  if (pName === "Cauchy" && qName !== "Uniform") return pair("infinite", true);
  // Heavy tails (Pareto moments, Laplace against a narrower Gumbel) can make the value +∞.
  return pair("closed-form", c === "depends" || pName === "Pareto" || pName === "Laplace");
}

/**
 * Every ordered pair of families with a closed form (or a known +∞), built-in and registered.
 * `kind` says how it is computed; `mayBeInfinite` whether some parameters give +∞.
 *
 * @example
 * ```ts
 * closedFormPairs()
 *   .filter((x) => x.p === "Normal" && x.kind !== "infinite")
 *   .map((x) => x.q); // ["Normal", "Laplace", "Gumbel"]
 * ```
 */
export function closedFormPairs(): ClosedFormPair[] {
  const names = Object.keys(FAMILIES) as FamilyName[];
  const out: ClosedFormPair[] = [];
  const seen = new Set<string>();
  for (const [key] of registry) {
    const [p, q] = key.split("|");
    out.push({ p, q, kind: "registered", mayBeInfinite: true });
    seen.add(key);
  }
  for (const p of names) {
    for (const q of names) {
      if (seen.has(`${p}|${q}`)) continue;
      const c = classify(p, q);
      if (c) out.push(c);
    }
  }
  return out;
}

/** Checks that a value is a Distribution, with a clear error otherwise. */
function requireDistribution(x: unknown, argument: string): Distribution {
  if (!isDistribution(x)) {
    throw new SurprisalError(
      "invalid-input",
      `${argument} is not a distribution: pass e.g. new distributions.Normal({ mean: 0, std: 1 })`,
      { argument, value: x },
    );
  }
  return x;
}

/**
 * Whether a value is a {@link Distribution}: an object with a `family` name, a `dimension`, a
 * `discrete` flag and the methods `logProb`, `logProbMany`, `sample` and `entropy`.
 *
 * @example
 * ```ts
 * isDistribution(new distributions.Normal({ mean: 0, std: 1 })); // true
 * isDistribution([0.5, 0.5]); // false
 * ```
 */
export function isDistribution(x: unknown): x is Distribution {
  if (x === null || typeof x !== "object") return false;
  const d = x as Record<string, unknown>;
  return (
    typeof d.family === "string" &&
    typeof d.dimension === "number" &&
    typeof d.discrete === "boolean" &&
    typeof d.logProb === "function" &&
    typeof d.logProbMany === "function" &&
    typeof d.sample === "function" &&
    typeof d.entropy === "function"
  );
}

/** D(p‖q) in nats, and the cross entropy H(p, q) when it is computed directly. */
function klNats(p: Distribution, q: Distribution): number {
  const user = registry.get(`${p.family}|${q.family}`);
  if (user) return user(p, q);
  if (!(p instanceof ParametricDistribution) || !(q instanceof ParametricDistribution)) {
    throw noClosedForm(p, q);
  }
  if (p.dimension !== q.dimension || MULTI.has(p.family) !== MULTI.has(q.family)) {
    throw dimensionError(p, q);
  }
  if (p.family === q.family) {
    return (SAME_FAMILY[p.family as FamilyName] as (a: Distribution, b: Distribution) => number)(
      p,
      q,
    );
  }
  if (MULTI.has(p.family)) throw noClosedForm(p, q);
  const h = crossEntropyNats(p, q);
  if (h === INF) return INF;
  return Math.max(0, h - p.entropy());
}

/** H(p, q) for a cross-family pair, by the expectation route (or a finite sum). */
function crossEntropyNats(p: ParametricDistribution, q: ParametricDistribution): number {
  if (p.discrete !== q.discrete) return INF;
  if (p instanceof FiniteDiscrete) {
    const kl = finiteSumKl(p, q);
    return kl === INF ? INF : p.entropy() + kl;
  }
  const sp = p.support();
  const sq = q.support();
  if (sp.lo < sq.lo || sp.hi > sq.hi) return INF;
  const needs = (q.constructor as unknown as { needs: readonly Expectation[] }).needs;
  if (!q.crossEntropyFrom || !needs.every((e) => typeof p[e] === "function")) {
    throw noClosedForm(p, q);
  }
  const h = q.crossEntropyFrom(p);
  if (h === undefined) throw noClosedForm(p, q);
  return h;
}

/**
 * The Kullback–Leibler divergence D(p‖q) = E_p[ln p(X) − ln q(X)] between two parametric
 * distributions, in closed form (P, the truth, first).
 *
 * Same-family pairs use their textbook formulas, written as sums of non-negative terms so that
 * D(p‖p) = 0 exactly and near-identical pairs keep their digits. Cross-family pairs use
 * D = H(p, q) − H(p), with H(p, q) = −E_p[ln q(X)] from expectations of p in closed form
 * (E X, E(X − m)², E ln X, E|X − c|, E e^{−X/b}, …); p Bernoulli/Binomial/Categorical use the
 * finite sum. +∞ where q has no density on part of p's support (incl. a discrete p against a
 * continuous q and vice versa). See `docs/parametric.md` for the table of pairs and sources.
 *
 * @param p - the truth P (a {@link Distribution}).
 * @param q - the model Q.
 * @param options - `{ base }`: unit of the result, default nats.
 * @throws {SurprisalError} `no-closed-form` (the message names `estimateKl`) when no formula is
 *   known; `length-mismatch` for different dimensions; `invalid-input` for a non-distribution.
 * @example
 * ```ts
 * const p = new distributions.Normal({ mean: 0, std: 1 });
 * const q = new distributions.Normal({ mean: 1, std: 2 });
 * parametricKlDivergence(p, q); // 0.4431471805599453
 * parametricKlDivergence(p, q, { base: "bits" }); // 0.6393262397777592
 * ```
 */
export function parametricKlDivergence(
  p: Distribution,
  q: Distribution,
  options?: ParametricMeasureOptions,
): number {
  const a = requireDistribution(p, "p");
  const b = requireDistribution(q, "q");
  return fromNats(klNats(a, b), options?.base);
}

/**
 * The cross entropy H(p, q) = −E_p[ln q(X)] = H(p) + D(p‖q) between two parametric
 * distributions (differential for continuous ones), in closed form. +∞ where q has no density on
 * part of p's support.
 *
 * @param p - the truth P.
 * @param q - the model Q.
 * @param options - `{ base }`: unit of the result, default nats.
 * @throws {SurprisalError} `no-closed-form` (naming `estimateKl`) when no formula is known.
 * @example
 * ```ts
 * const p = new distributions.Uniform({ low: 0, high: 1 });
 * parametricCrossEntropy(p, new distributions.Exponential({ rate: 2 })); // 0.3068528194400547
 * ```
 */
export function parametricCrossEntropy(
  p: Distribution,
  q: Distribution,
  options?: ParametricMeasureOptions,
): number {
  const a = requireDistribution(p, "p");
  const b = requireDistribution(q, "q");
  let h: number;
  const user = registry.get(`${a.family}|${b.family}`);
  if (
    !user &&
    a instanceof ParametricDistribution &&
    b instanceof ParametricDistribution &&
    a.family !== b.family &&
    a.dimension === b.dimension &&
    !MULTI.has(a.family) &&
    !MULTI.has(b.family)
  ) {
    h = crossEntropyNats(a, b);
  } else {
    const kl = klNats(a, b);
    h = kl === INF ? INF : a.entropy() + kl;
  }
  return fromNats(h, options?.base);
}
