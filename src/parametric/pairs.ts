import type { Expectation, ParametricDistribution, SupportKind } from "./base.js";
import { bernoulliKl } from "./families/bernoulli.js";
import { betaKl } from "./families/beta.js";
import { binomialKl } from "./families/binomial.js";
import { categoricalKl } from "./families/categorical.js";
import { cauchyKl } from "./families/cauchy.js";
import { dirichletKl } from "./families/dirichlet.js";
import { exponentialKl } from "./families/exponential.js";
import { gammaKl } from "./families/gamma.js";
import { geometricKl } from "./families/geometric.js";
import { gumbelKl } from "./families/gumbel.js";
import { halfNormalKl } from "./families/half-normal.js";
import { laplaceKl } from "./families/laplace.js";
import { logNormalKl } from "./families/log-normal.js";
import { multivariateNormalKl } from "./families/multivariate-normal.js";
import { normalKl } from "./families/normal.js";
import { paretoKl } from "./families/pareto.js";
import { poissonKl } from "./families/poisson.js";
import { uniformKl } from "./families/uniform.js";
import { FAMILIES, type FamilyName } from "./family-table.js";
import { registeredPairs } from "./registry.js";

/**
 * The same-family closed forms D(p‖q) in nats, one per family (each written beside its class in
 * `families/`). Each gives exactly 0 for identical parameters.
 */
export const SAME_FAMILY_KL: {
  readonly [K in FamilyName]: (
    p: InstanceType<(typeof FAMILIES)[K]>,
    q: InstanceType<(typeof FAMILIES)[K]>,
  ) => number;
} = {
  Bernoulli: bernoulliKl,
  Binomial: binomialKl,
  Geometric: geometricKl,
  Poisson: poissonKl,
  Categorical: categoricalKl,
  Normal: normalKl,
  LogNormal: logNormalKl,
  Exponential: exponentialKl,
  Gamma: gammaKl,
  Beta: betaKl,
  Dirichlet: dirichletKl,
  Laplace: laplaceKl,
  Uniform: uniformKl,
  Cauchy: cauchyKl,
  Gumbel: gumbelKl,
  HalfNormal: halfNormalKl,
  Pareto: paretoKl,
  MultivariateNormal: multivariateNormalKl,
};

/** D(p‖q) of two distributions of the same built-in family, in nats. */
export function sameFamilyKl(p: ParametricDistribution, q: ParametricDistribution): number {
  return (
    SAME_FAMILY_KL[p.family as FamilyName] as (
      a: ParametricDistribution,
      b: ParametricDistribution,
    ) => number
  )(p, q);
}

/** Whether a support shape belongs to a discrete family (a mass function). */
export function isDiscreteKind(kind: SupportKind): boolean {
  return kind === "finite" || kind === "naturals";
}

/** Whether a support shape belongs to a multivariate family (Dirichlet, MultivariateNormal). */
export function isMultivariateKind(kind: SupportKind): boolean {
  return kind === "simplex" || kind === "vector";
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
  const kp = FAMILIES[pName].supportKind;
  const kq = FAMILIES[qName].supportKind;
  if (isMultivariateKind(kp) || isMultivariateKind(kq)) {
    return pName === qName ? pair("closed-form", false) : undefined;
  }
  if (isDiscreteKind(kp) !== isDiscreteKind(kq)) return pair("infinite", true);
  const c = containment(kp, kq);
  if (pName === qName) {
    const may = ["Uniform", "Pareto", "Binomial", "Categorical", "Bernoulli", "Geometric"].includes(
      pName,
    );
    return pair("closed-form", may);
  }
  if (c === "never") return pair("infinite", true);
  if (kp === "finite") return pair("finite-sum", true);
  const needs = FAMILIES[qName].needs;
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
  for (const [p, q] of registeredPairs()) {
    out.push({ p, q, kind: "registered", mayBeInfinite: true });
    seen.add(`${p}|${q}`);
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
