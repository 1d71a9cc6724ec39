import { describeValue, SurprisalError } from "../errors.js";
import type { Label } from "../input/labels.js";
import { entropy } from "../measures/entropy.js";
import { digamma } from "../numeric/special.js";
import { CompensatedSum } from "../numeric/sum.js";
import type { Base } from "../types.js";
import {
  bootstrapInterval,
  type CiOptions,
  intervalWarnings,
  resampleCounts,
  resolveCi,
  scaleInterval,
} from "./bootstrap.js";
import { type CheckedCounts, type CountsInput, checkCounts, countsOfSamples } from "./counts.js";
import { nsbPosterior } from "./nsb.js";
import { checkWhole, type EstimateBase, type EstimateWarning, unitOf } from "./result.js";

/** The discrete entropy estimators, by name. */
export type EntropyEstimator =
  | "plugin"
  | "miller-madow"
  | "jackknife"
  | "grassberger"
  | "chao-shen"
  | "nsb"
  | "james-stein";

/** Every {@link EntropyEstimator}, in the order of the docs. */
export const ENTROPY_ESTIMATORS: readonly EntropyEstimator[] = [
  "plugin",
  "miller-madow",
  "jackknife",
  "grassberger",
  "chao-shen",
  "nsb",
  "james-stein",
];

/** Options of {@link estimateEntropy}. */
export interface EntropyEstimateOptions {
  /** Which estimator (default `"plugin"`, the maximum-likelihood estimate). */
  estimator?: EntropyEstimator;
  /** Unit of the result (default nats). */
  base?: Base;
  /**
   * Alphabet size K (number of possible categories, seen or not) for NSB and James–Stein, and for
   * the small-sample warning. Default: the length of a count vector (zeros included), or the
   * number of labels seen.
   */
  categories?: number;
  /** A bootstrap interval: `true` for the defaults (BCa, 0.95, 1000 replicates, seed 42). */
  ci?: CiOptions | boolean;
}

/** An entropy estimate and what it was computed from. */
export interface EntropyEstimate extends EstimateBase {
  estimator: EntropyEstimator;
  /** Categories seen (non-zero counts). */
  observed: number;
  /** Alphabet size K used. */
  categories: number;
  /** Estimator-specific figures: `lambda` (James–Stein), `coverage` (Chao–Shen), `betaMode` (NSB: the β of largest posterior weight). */
  details?: Record<string, number>;
}

/** @internal */
export function checkEntropyEstimator(x: unknown, argument = "estimator"): EntropyEstimator {
  if (x === undefined) return "plugin";
  if (ENTROPY_ESTIMATORS.includes(x as EntropyEstimator)) return x as EntropyEstimator;
  throw new SurprisalError(
    "invalid-option",
    `${argument} = ${describeValue(x)} is not an entropy estimator: use one of ${ENTROPY_ESTIMATORS.join(", ")}`,
    { argument, value: x },
  );
}

/** Result of one estimator in nats. @internal */
export interface NatsEstimate {
  value: number;
  se?: number;
  details?: Record<string, number>;
}

/** Plug-in entropy and its delta-method standard error, in nats. */
function plugin(counts: Float64Array, n: number): NatsEstimate {
  const h = entropy(counts, { input: "counts" });
  // Var(Ĥ) ≈ (Σ p ln²p − H²)/n = Σ p (ln p + H)² / n.
  const v = new CompensatedSum();
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0) {
      const p = c / n;
      const d = Math.log(p) + h;
      v.add(p * d * d);
    }
  }
  return { value: h, se: Math.sqrt(v.value() / n) };
}

/** Observed categories (non-zero counts). */
function observedOf(counts: Float64Array): number {
  let m = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) m++;
  return m;
}

/**
 * Grassberger's G(n) = ψ(n) + ½(−1)ⁿ(ψ((n + 1)/2) − ψ(n/2)) (Grassberger 2003, eq. 35), the
 * correction that replaces ln n in the plug-in sum.
 *
 * @example
 * ```ts
 * grassbergerG(1); // -1.2703628454614777 (= −γ − ln 2)
 * ```
 */
export function grassbergerG(n: number): number {
  const s = n % 2 === 0 ? 1 : -1;
  return digamma(n) + 0.5 * s * (digamma((n + 1) / 2) - digamma(n / 2));
}

/**
 * h(c) = −(c − 1)·log1p(−1/c) − 1 = −Σ_{k≥1} 1/(k(k + 1)cᵏ) (the series for c ≥ 8), h(1) = −1.
 */
function jackknifeH(c: number): number {
  if (c === 1) return -1;
  if (c < 8) return -(c - 1) * Math.log1p(-1 / c) - 1;
  const r = 1 / c;
  let s = 0;
  let pow = r;
  for (let k = 1; k <= 40 && pow > 1e-18 * r; k++) {
    s += pow / (k * (k + 1));
    pow *= r;
  }
  return -s;
}

/** Δ(c) = c ln c − (c − 1) ln(c − 1) = ln c + 1 + h(c). */
function jackknifeDelta(c: number): number {
  return Math.log(c) + 1 + jackknifeH(c);
}

/** One estimator on checked counts, in nats. @internal */
export function entropyNats(
  estimator: EntropyEstimator,
  counts: Float64Array,
  n: number,
  categories: number,
): NatsEstimate {
  switch (estimator) {
    case "plugin":
      return plugin(counts, n);
    case "miller-madow": {
      const p = plugin(counts, n);
      return { value: p.value + (observedOf(counts) - 1) / (2 * n), se: p.se };
    }
    case "jackknife": {
      if (n < 2) {
        throw new SurprisalError(
          "invalid-option",
          "counts sum to 1: the jackknife needs at least 2 observations",
          { argument: "counts", value: n },
        );
      }
      // Leave-one-out entropies differ only by Δ(c)/(n − 1), Δ(c) = c ln c − (c − 1) ln(c − 1),
      // and n·Ĥ − (n − 1)·mean(Ĥ₋ⱼ) = Ĥ + h(n) − Σ p̂ᵢ h(nᵢ) with h(c) = Δ(c) − ln c − 1
      // (series below), which avoids the cancellation of n·Ĥ against (n − 1)·mean.
      const p = plugin(counts, n);
      const corr = new CompensatedSum().add(jackknifeH(n));
      const mean = new CompensatedSum();
      for (let i = 0; i < counts.length; i++) {
        const c = counts[i];
        if (c > 0) {
          corr.add((-c / n) * jackknifeH(c));
          mean.add((c / n) * jackknifeDelta(c));
        }
      }
      const m = mean.value();
      let v = 0;
      for (let i = 0; i < counts.length; i++) {
        const c = counts[i];
        if (c > 0) v += c * (jackknifeDelta(c) - m) ** 2;
      }
      return { value: p.value + corr.value(), se: Math.sqrt(((n - 1) / n) * v) / (n - 1) };
    }
    case "grassberger": {
      const lnN = Math.log(n);
      const s = new CompensatedSum();
      for (let i = 0; i < counts.length; i++) {
        const c = counts[i];
        if (c > 0) s.add((c / n) * (lnN - grassbergerG(c)));
      }
      return { value: s.value() };
    }
    case "chao-shen": {
      let f1 = 0;
      for (let i = 0; i < counts.length; i++) if (counts[i] === 1) f1++;
      if (f1 === n) f1 = n - 1;
      const coverage = 1 - f1 / n;
      const s = new CompensatedSum();
      for (let i = 0; i < counts.length; i++) {
        const c = counts[i];
        if (c > 0) {
          const pa = (coverage * c) / n;
          // −pa·ln pa / (1 − (1 − pa)^n)
          s.add((-pa * Math.log(pa)) / -Math.expm1(n * Math.log1p(-pa)));
        }
      }
      return { value: s.value(), details: { coverage } };
    }
    case "james-stein": {
      const K = categories;
      const m = observedOf(counts);
      const t = 1 / K;
      let sumSq = 0;
      let msp = (K - m) * t * t;
      for (let i = 0; i < counts.length; i++) {
        if (counts[i] > 0) {
          const u = counts[i] / n;
          sumSq += u * u;
          msp += (t - u) ** 2;
        }
      }
      let lambda = msp === 0 || n === 1 ? 1 : (1 - sumSq) / ((n - 1) * msp);
      lambda = Math.min(1, Math.max(0, lambda));
      const p = new Float64Array(K).fill(lambda * t);
      let j = 0;
      for (let i = 0; i < counts.length; i++) {
        if (counts[i] > 0) p[j++] = lambda * t + (1 - lambda) * (counts[i] / n);
      }
      return { value: entropy(p, { input: "counts" }), details: { lambda } };
    }
    case "nsb": {
      const r = nsbPosterior(counts, categories);
      return { value: r.mean, se: r.std, details: { betaMode: r.betaMode } };
    }
  }
}

/** Estimates from checked counts (shared by the counts and samples forms). @internal */
export function estimateFromChecked(
  c: CheckedCounts,
  options: EntropyEstimateOptions | undefined,
): EntropyEstimate {
  const estimator = checkEntropyEstimator(options?.estimator);
  const { scale, unit } = unitOf(options?.base);
  const observed = observedOf(c.counts);
  const categories =
    options?.categories === undefined
      ? c.counts.length
      : checkWhole(options.categories, "categories", 1);
  if (categories < c.counts.length && categories < observed) {
    throw new SurprisalError(
      "invalid-option",
      `categories = ${categories} is less than the ${observed} categories seen`,
      { argument: "categories", value: categories },
    );
  }
  if (estimator === "nsb" && categories < 2) {
    throw new SurprisalError(
      "single-category",
      "counts have a single category: NSB needs an alphabet of 2 categories or more (set categories)",
      { argument: "categories", value: categories },
    );
  }
  // Estimators other than NSB and James–Stein see only the non-zero counts (same value).
  const r = entropyNats(estimator, c.counts, c.n, categories);
  const warnings: EstimateWarning[] = [];
  if (c.n < categories) {
    warnings.push({ code: "fewer-samples-than-categories", n: c.n, categories });
  }
  if (estimator === "nsb" && observed === c.n) warnings.push({ code: "no-coincidences", n: c.n });
  const out: EntropyEstimate = {
    estimator,
    value: r.value * scale,
    unit,
    n: c.n,
    observed,
    categories,
    warnings,
  };
  if (r.se !== undefined) out.se = r.se * scale;
  if (r.details !== undefined) out.details = r.details;
  const ci = resolveCi(options?.ci);
  if (ci !== undefined) {
    const k = c.counts.length;
    const cumulative = new Float64Array(k);
    let acc = 0;
    for (let i = 0; i < k; i++) {
      acc += c.counts[i];
      cumulative[i] = acc;
    }
    const buf = new Float64Array(k);
    const jv: number[] = [];
    const jw: number[] = [];
    if (c.n >= 2) {
      const seen = new Map<number, number>();
      for (let i = 0; i < k; i++) {
        const v = c.counts[i];
        if (v > 0) seen.set(v, (seen.get(v) ?? 0) + v);
      }
      for (const [v, w] of seen) {
        const j = c.counts.indexOf(v);
        const loo = Float64Array.from(c.counts);
        loo[j] -= 1;
        jv.push(entropyNats(estimator, loo, c.n - 1, categories).value);
        jw.push(w);
      }
    }
    out.ci = scaleInterval(
      bootstrapInterval(
        r.value,
        (rng) =>
          entropyNats(estimator, resampleCounts(cumulative, c.n, rng, buf), c.n, categories).value,
        jv.length > 0 ? { values: jv, weights: jw } : undefined,
        ci,
      ),
      scale,
    );
    out.warnings.push(...intervalWarnings(out.ci));
  }
  return out;
}

/**
 * Estimates the entropy of a discrete distribution from counts of observations, by the named
 * estimator, with its standard error where one exists and an optional bootstrap interval.
 *
 * With n = Σnᵢ observations, m categories seen, K in the alphabet, p̂ᵢ = nᵢ/n:
 * - `plugin` (maximum likelihood): Ĥ = −Σ p̂ᵢ ln p̂ᵢ. Biased low by about (m − 1)/(2n); fine when
 *   n ≫ K. SE = √((Σ p̂ ln²p̂ − Ĥ²)/n) (delta method).
 * - `miller-madow`: Ĥ + (m − 1)/(2n) (Miller 1955). Removes the first-order bias; good for n ≳ K.
 * - `jackknife`: n·Ĥ − (n − 1)/n·Σⱼ Ĥ₋ⱼ over leave-one-out samples (Zahl 1977; Efron & Stein
 *   1981); SE from the same jackknife. Similar to Miller–Madow, a little better for skewed P.
 * - `grassberger`: ln n − (1/n)Σ nᵢ G(nᵢ), G(n) = ψ(n) + ½(−1)ⁿ(ψ((n+1)/2) − ψ(n/2))
 *   (Grassberger 2003, "Entropy estimates from insufficient samplings", arXiv:physics/0307138,
 *   eq. 35). Less biased than Miller–Madow when many counts are small.
 * - `chao-shen`: coverage C = 1 − f₁/n (f₁ singletons, f₁ = n → n − 1), pᵢ = C·p̂ᵢ,
 *   Ĥ = −Σ pᵢ ln pᵢ / (1 − (1 − pᵢ)ⁿ) (Chao & Shen 2003, Environ. Ecol. Stat. 10:429). For
 *   n < K with unseen categories.
 * - `nsb`: the posterior mean of H under the mixture of Dirichlet priors flat in the prior mean
 *   entropy ξ(β) = ψ(Kβ + 1) − ψ(β + 1) (Nemenman, Shafee & Bialek 2002, NIPS 14,
 *   arXiv:physics/0108025); SE = the posterior standard deviation. Needs K; good deep in the
 *   undersampled regime when there are coincidences (counts ≥ 2).
 * - `james-stein`: the plug-in entropy of p = λ/K + (1 − λ)p̂, with the shrinkage intensity
 *   λ = (1 − Σp̂²)/((n − 1)Σ(1/K − p̂)²) clipped to [0, 1] (Hausser & Strimmer 2009, JMLR 10:1469).
 *   Good for n ~ K; needs K.
 *
 * @param counts - counts by position (zeros count as categories of the alphabet) or by label.
 * @param options - `estimator` (default `"plugin"`), `base`, `categories` (K), `ci`.
 * @returns the estimate record: value, unit, se (where analytic), n, observed, categories,
 *   warnings (`fewer-samples-than-categories` when n < K; `no-coincidences` for NSB), ci.
 * @throws {SurprisalError} `empty`, `negative`, `not-finite`, `zero` (all counts 0), `not-integer`
 *   (every estimator but plug-in needs whole counts), `single-category` (NSB with K < 2).
 * @example
 * ```ts
 * estimateEntropy([4, 2, 1, 1], { estimator: "miller-madow", base: "bits" }).value; // 2.0205053201666807
 * ```
 */
export function estimateEntropy(
  counts: CountsInput,
  options?: EntropyEstimateOptions,
): EntropyEstimate {
  const estimator = checkEntropyEstimator(options?.estimator);
  return estimateFromChecked(checkCounts(counts, "counts", estimator !== "plugin"), options);
}

/**
 * Estimates the entropy of a discrete distribution from a sample of labels (see
 * {@link estimateEntropy} for the estimators). K defaults to the number of labels seen.
 *
 * @param samples - observed categories (strings or numbers).
 * @throws {SurprisalError} `empty` for no samples, `not-finite` for a NaN label.
 * @example
 * ```ts
 * estimateEntropyFromSamples([1, 1, 2], { estimator: "nsb", base: "bits" }).value; // 0.8496661677840311
 * ```
 */
export function estimateEntropyFromSamples(
  samples: ArrayLike<Label>,
  options?: EntropyEstimateOptions,
): EntropyEstimate {
  return estimateFromChecked(countsOfSamples(samples, "samples"), options);
}
