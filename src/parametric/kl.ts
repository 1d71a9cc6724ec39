import { SurprisalError } from "../errors.js";
import { checkOptionKeys } from "../input/options.js";
import { fromNats } from "../numeric/units.js";
import type { Base } from "../types.js";
import { ParametricDistribution } from "./base.js";
import { FiniteDiscrete, finiteSumKl } from "./finite-discrete.js";
import { dimensionError, noClosedForm } from "./pair-errors.js";
import { isMultivariateKind, sameFamilyKl } from "./pairs.js";
import { registeredKl } from "./registry.js";
import type { Distribution } from "./types.js";

const INF = Number.POSITIVE_INFINITY;

/** Options of {@link parametricKlDivergence} and {@link parametricCrossEntropy}. */
export interface ParametricMeasureOptions {
  /** Unit of the result: `"nats"` (default), `"bits"`, `"dits"` or a number > 0, ≠ 1. */
  base?: Base;
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

/** Whether a built-in distribution belongs to a multivariate family. */
function multivariate(d: ParametricDistribution): boolean {
  return isMultivariateKind(d.supportKind);
}

/** D(p‖q) in nats, and the cross entropy H(p, q) when it is computed directly. */
function klNats(p: Distribution, q: Distribution): number {
  const user = registeredKl(p.family, q.family);
  if (user) return user(p, q);
  if (!(p instanceof ParametricDistribution) || !(q instanceof ParametricDistribution)) {
    throw noClosedForm(p, q);
  }
  if (p.dimension !== q.dimension || multivariate(p) !== multivariate(q)) {
    throw dimensionError(p, q);
  }
  if (p.family === q.family) {
    return sameFamilyKl(p, q);
  }
  if (multivariate(p)) throw noClosedForm(p, q);
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
  if (p.discrete && sp.lo === sp.hi) return -q.logProb(sp.lo); // a point mass (Poisson(0)): −ln q(x₀)
  const needs = (q.constructor as typeof ParametricDistribution).needs;
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
  checkOptionKeys(options, ["base"], "parametricKlDivergence");
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
  checkOptionKeys(options, ["base"], "parametricCrossEntropy");
  const a = requireDistribution(p, "p");
  const b = requireDistribution(q, "q");
  let h: number;
  const user = registeredKl(a.family, b.family);
  if (
    !user &&
    a instanceof ParametricDistribution &&
    b instanceof ParametricDistribution &&
    a.family !== b.family &&
    a.dimension === b.dimension &&
    !multivariate(a) &&
    !multivariate(b)
  ) {
    h = crossEntropyNats(a, b);
  } else {
    const kl = klNats(a, b);
    h = kl === INF ? INF : a.entropy() + kl;
  }
  return fromNats(h, options?.base);
}
