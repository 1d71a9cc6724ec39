import { describeValue, SurprisalError } from "../errors.js";
import { alignCounts, countLabels, type Label, type LabelledCounts } from "../input/labels.js";
import { jsDivergence } from "../measures/js.js";
import { klDivergence } from "../measures/kl.js";
import type { Base, Smoothing } from "../types.js";
import {
  bootstrapInterval,
  type CiOptions,
  intervalWarnings,
  resampleCounts,
  resolveCi,
  scaleInterval,
} from "./bootstrap.js";
import { jsBias, klBias } from "./divergence-bias.js";
import { type EstimateBase, type EstimateWarning, unitOf } from "./result.js";

/**
 * How categories unseen in one sample are handled: `"none"` (plain frequencies; D(P‖Q) = +∞ when
 * P has a category Q lacks), `"jeffreys"` (add ½ to every count of the union of labels),
 * `"laplace"` (add 1), or a number α ≥ 0 (add α).
 */
/**
 * The smoothing of two samples' counts: the library's {@link Smoothing} (a preset or
 * `{ pseudocount }`), `"none"` (the default), or a pseudocount α given as a number.
 */
export type SampleSmoothing = Smoothing | "none" | number;

/** Estimators of {@link klFromSamples} and {@link jsFromSamples}. */
export type SampleDivergenceEstimator = "plugin" | "miller-madow";

/** Options of {@link klFromSamples} and {@link jsFromSamples}. */
export interface SampleDivergenceOptions {
  /**
   * `"plugin"` (default): the divergence of the two samples' frequencies. `"miller-madow"`: the
   * plug-in minus its first-order sampling bias, (K_p − 1)/(2n) + (Σ p̂/q̂ − 1)/(2m) for KL and
   * (K_p − 1)/(4n) + (K_q − 1)/(4m) − ⅛·Σ [p̂(1 − p̂)/n + q̂(1 − q̂)/m]/m̂ for JS (computed on
   * the shares the estimate uses, smoothed if asked), so that two samples of one distribution give
   * about 0 instead of a positive number that shrinks only as 1/n. It can come out below 0
   * (returned as it is, with a `negative-estimate` warning).
   */
  estimator?: SampleDivergenceEstimator;
  /** Pseudo-counts for unseen categories (default `"none"`). */
  smoothing?: SampleSmoothing;
  /** Unit of the result (default nats). */
  base?: Base;
  /** Bootstrap interval (each sample resampled on its own); skipped when the value is +∞. */
  ci?: CiOptions | boolean;
}

/** A divergence between two samples, matched by label. */
export interface SampleDivergence extends EstimateBase {
  estimator: SampleDivergenceEstimator;
  /** Which divergence. */
  measure: "kl" | "js";
  /** The smoothing asked for and the pseudo-count α added to every label's count. */
  smoothing: "none" | "jeffreys" | "laplace" | "perks" | "add-alpha";
  pseudoCount: number;
  /** Size of the second sample (`n` is the first's). */
  m: number;
  /** The union of labels, in order of first appearance (P's, then Q's new ones). */
  labels: Label[];
  /** Labels seen in P and not in Q (KL), before smoothing. */
  unseenInQ: Label[];
  /** Labels seen in Q and not in P, before smoothing. */
  unseenInP: Label[];
  /** KL only: the first label that makes D = +∞ (no smoothing), else absent. */
  infiniteAt?: Label;
}

/** @internal */
export function checkSmoothing(
  s: unknown,
  categories = Number.NaN,
): { name: SampleDivergence["smoothing"]; alpha: number } {
  if (s === undefined || s === "none") return { name: "none", alpha: 0 };
  if (s === "perks" && categories > 0) return { name: "perks", alpha: 1 / categories };
  if (s !== null && typeof s === "object" && "pseudocount" in s) {
    return checkSmoothing((s as { pseudocount: unknown }).pseudocount);
  }
  if (s === "jeffreys") return { name: "jeffreys", alpha: 0.5 };
  if (s === "laplace") return { name: "laplace", alpha: 1 };
  if (typeof s === "number" && Number.isFinite(s) && s >= 0) {
    return s === 0 ? { name: "none", alpha: 0 } : { name: "add-alpha", alpha: s };
  }
  throw new SurprisalError(
    "invalid-option",
    `smoothing = ${describeValue(s)} is not valid: use "none", "jeffreys", "laplace", "perks", { pseudocount } or a number >= 0`,
    { argument: "smoothing", value: s },
  );
}

function divergenceOf(
  measure: "kl" | "js",
  p: LabelledCounts,
  q: LabelledCounts,
  n: number,
  m: number,
  options: SampleDivergenceOptions | undefined,
): SampleDivergence {
  const { labels, counts } = alignCounts([p, q], ["p", "q"]);
  const { name, alpha } = checkSmoothing(options?.smoothing, labels.length);
  const { scale, unit } = unitOf(options?.base);
  const [cp, cq] = counts;
  const unseenInQ: Label[] = [];
  const unseenInP: Label[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (cp[i] > 0 && cq[i] === 0) unseenInQ.push(labels[i]);
    if (cq[i] > 0 && cp[i] === 0) unseenInP.push(labels[i]);
  }
  const f =
    measure === "kl"
      ? (a: Float64Array, b: Float64Array) => klDivergence(a, b, { input: "counts" })
      : (a: Float64Array, b: Float64Array) => jsDivergence(a, b, { input: "counts" });
  const estimator = checkEstimator(options?.estimator);
  const corrected = estimator === "miller-madow";
  const bias = measure === "kl" ? klBias : jsBias;
  const sp = Float64Array.from(cp, (c) => c + alpha);
  const sq = Float64Array.from(cq, (c) => c + alpha);
  const plugin = f(sp, sq);
  const nats = corrected && Number.isFinite(plugin) ? plugin - bias(sp, sq, n, m) : plugin;
  const warnings: EstimateWarning[] = [];
  if (nats < 0) warnings.push({ code: "negative-estimate", value: nats * scale });
  const out: SampleDivergence = {
    estimator,
    measure,
    value: nats * scale,
    unit,
    n,
    m,
    smoothing: name,
    pseudoCount: alpha,
    labels,
    unseenInQ,
    unseenInP,
    warnings,
  };
  if (measure === "kl" && alpha === 0 && unseenInQ.length > 0) {
    out.infiniteAt = unseenInQ[0];
    warnings.push({ code: "unseen-category", label: unseenInQ[0], count: unseenInQ.length });
  }
  const ci = resolveCi(options?.ci);
  if (ci !== undefined && Number.isFinite(nats)) {
    const integral = cp.every(Number.isInteger) && cq.every(Number.isInteger);
    if (!integral) {
      throw new SurprisalError("not-integer", "the bootstrap needs whole counts of observations", {
        argument: "ci",
        value: true,
      });
    }
    const cum = (c: Float64Array) => {
      const out = new Float64Array(c.length);
      let a = 0;
      for (let i = 0; i < c.length; i++) out[i] = a += c[i];
      return out;
    };
    const kp = cum(cp);
    const kq = cum(cq);
    const bp = new Float64Array(cp.length);
    const bq = new Float64Array(cq.length);
    const smooth = (c: Float64Array) => {
      for (let i = 0; i < c.length; i++) c[i] += alpha;
      return c;
    };
    // Replicates of the same estimator: the plug-in, or the plug-in minus its bias.
    const g = corrected
      ? (a: Float64Array, b: Float64Array) => {
          const v = f(a, b);
          return Number.isFinite(v) ? v - bias(a, b, n, m) : v;
        }
      : f;
    const values: number[] = [];
    const weights: number[] = [];
    for (const [own, w] of [
      [cp, n],
      [cq, m],
    ] as const) {
      if (w < 2) continue;
      for (let i = 0; i < own.length; i++) {
        if (own[i] === 0) continue;
        const a = smooth(Float64Array.from(cp));
        const b = smooth(Float64Array.from(cq));
        (own === cp ? a : b)[i] -= 1;
        values.push(g(a, b));
        weights.push(own[i]);
      }
    }
    out.ci = scaleInterval(
      bootstrapInterval(
        nats,
        (rng) => g(smooth(resampleCounts(kp, n, rng, bp)), smooth(resampleCounts(kq, m, rng, bq))),
        values.length > 0 ? { values, weights } : undefined,
        ci,
      ),
      scale,
    );
    out.warnings.push(...intervalWarnings(out.ci));
  }
  return out;
}

function checkEstimator(e: unknown): SampleDivergenceEstimator {
  if (e === undefined || e === "plugin") return "plugin";
  if (e === "miller-madow") return e;
  throw new SurprisalError(
    "invalid-option",
    `estimator = ${describeValue(e)} is not an estimator of a divergence between samples: use "plugin" or "miller-madow"`,
    { argument: "estimator", value: e },
  );
}

function total(h: LabelledCounts): number {
  let s = 0;
  for (const v of h instanceof Map ? h.values() : Object.values(h)) s += v as number;
  return s;
}

/**
 * The KL divergence D(P‖Q) between the distributions of two samples, matched by label (the union
 * of both samples' categories, never by position), with a stated handling of unseen categories.
 *
 * D = Σₗ p̂ₗ·ln(p̂ₗ/q̂ₗ), p̂ₗ = (nₗ + α)/(n + αL), q̂ₗ = (mₗ + α)/(m + αL), L labels in the union,
 * computed by the library's KL kernel (1e-12 contract). With α = 0 a label of P absent from Q
 * gives +∞, named in `infiniteAt` and in an `unseen-category` warning. Pseudo-counts bias the
 * estimate towards 0; Jeffreys (α = ½) is the usual compromise (Krichevsky–Trofimov).
 *
 * Reference: Kullback & Leibler (1951); for add-α, e.g. Hausser & Strimmer (2009) §2.
 *
 * @param p - sample of P (the truth), labels.
 * @param q - sample of Q (the belief), labels.
 * @param options - `smoothing`, `base`, `ci`.
 * @throws {SurprisalError} `empty` for an empty sample, `not-finite` for a NaN label,
 *   `invalid-option` for a bad smoothing.
 * @example
 * ```ts
 * klFromSamples(["a", "a", "b"], ["a", "b", "b"]).value; // 0.23104906018664842
 * klFromSamples(["a", "c"], ["a", "b"]).infiniteAt; // "c"
 * klFromSamples(["a", "c"], ["a", "b"], { smoothing: "jeffreys" }).value; // 0.3138892253337456
 * // the plug-in minus its first-order bias (K_p − 1)/(2n) + (Σ p̂/q̂ − 1)/(2m):
 * klFromSamples(["a", "a", "b"], ["a", "b", "b"], { estimator: "miller-madow" }).value; // -0.1856176064800182
 * ```
 */
export function klFromSamples(
  p: ArrayLike<Label>,
  q: ArrayLike<Label>,
  options?: SampleDivergenceOptions,
): SampleDivergence {
  return divergenceOf("kl", countLabels(p, "p"), countLabels(q, "q"), p.length, q.length, options);
}

/**
 * The Jensen–Shannon divergence between the distributions of two samples, matched by label
 * (see {@link klFromSamples} for matching and smoothing). Always finite.
 *
 * @example
 * ```ts
 * jsFromSamples(["a", "a", "b"], ["a", "b", "b"], { base: "bits" }).value; // 0.08170416594551043
 * ```
 */
export function jsFromSamples(
  p: ArrayLike<Label>,
  q: ArrayLike<Label>,
  options?: SampleDivergenceOptions,
): SampleDivergence {
  return divergenceOf("js", countLabels(p, "p"), countLabels(q, "q"), p.length, q.length, options);
}

/**
 * D(P‖Q) from two labelled histograms (counts by label), matched by label; see
 * {@link klFromSamples}.
 *
 * @example
 * ```ts
 * klFromHistograms({ a: 2, b: 1 }, { b: 2, a: 1 }).value; // 0.23104906018664842
 * ```
 */
export function klFromHistograms(
  p: LabelledCounts,
  q: LabelledCounts,
  options?: SampleDivergenceOptions,
): SampleDivergence {
  return divergenceOf("kl", p, q, total(p), total(q), options);
}

/**
 * JS divergence from two labelled histograms, matched by label; see {@link jsFromSamples}.
 *
 * @example
 * ```ts
 * jsFromHistograms({ a: 1 }, { b: 1 }, { base: "bits" }).value; // 1
 * ```
 */
export function jsFromHistograms(
  p: LabelledCounts,
  q: LabelledCounts,
  options?: SampleDivergenceOptions,
): SampleDivergence {
  return divergenceOf("js", p, q, total(p), total(q), options);
}
