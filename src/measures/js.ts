import type { DistributionLike } from "../input/labels.js";
import { balanced, type LinearPair, linearPair, normalizedDifference } from "../input/pair.js";
import { fastHooks } from "../numeric/fast-hooks.js";
import { CompensatedSum } from "../numeric/sum.js";
import type { MeasureOptions } from "../types.js";
import { logitPair } from "./logit-pair-rows.js";

/** Series coefficients of j(s)/s² = Σ_{n≥1} s^{2n−2}/(n(2n−1)), n = 1 … 10. */
const J_SERIES: readonly number[] = Array.from(
  { length: 10 },
  (_, i) => 1 / ((i + 1) * (2 * i + 1)),
);

/** j(s) = (1 + s)·log(1 + s) + (1 − s)·log(1 − s) ≥ 0 for s in [−1, 1]. */
function jTerm(s: number): number {
  const a = Math.abs(s);
  if (a < 0.1) {
    const u = s * s;
    let r = 0;
    for (let i = J_SERIES.length - 1; i >= 0; i--) r = r * u + J_SERIES[i];
    return r * u;
  }
  if (a >= 1) return 2 * Math.LN2;
  return (1 + s) * Math.log1p(s) + (1 - s) * Math.log1p(-s);
}

/** The sum Σ (mᵢ/4)·j(sᵢ) as a compensated [hi, lo] pair (the reference loop). */
function jsSum(pair: LinearPair): [number, number] {
  const total = new CompensatedSum();
  for (let i = 0; i < pair.p.length; i++) {
    const d = normalizedDifference(pair, i);
    if (d === 0) continue;
    const sum = pair.p[i] / pair.sp + pair.q[i] / pair.sq;
    total.add(0.25 * sum * jTerm(d / sum));
  }
  return [total.hi, total.lo];
}

/**
 * The sum Σ (mᵢ/4)·j(sᵢ) as [hi, lo] from the accelerated `jsSum` hook, for probabilities or counts
 * held in a Float64Array/Float32Array of at least `fastHooks.minLength` elements; undefined when
 * there is no hook, the inputs do not qualify (log kinds, plain arrays) or the hook declines.
 */
function fastSum(pair: LinearPair): Float64Array | undefined {
  const hook = fastHooks.jsSum;
  const { p, q } = pair;
  if (hook === undefined || pair.options.log) return undefined;
  if (!(p instanceof Float64Array || p instanceof Float32Array)) return undefined;
  if (!(q instanceof Float64Array || q instanceof Float32Array)) return undefined;
  if (p.length < (fastHooks.minLength ?? 0)) return undefined;
  const out = new Float64Array(2);
  const ok = hook(p, q, { ...pair, balanced: balanced(pair) }, out, pair.options.threads);
  return ok ? out : undefined;
}

/**
 * Jensen–Shannon divergence: JS(P, Q) = ½·D(P‖M) + ½·D(Q‖M) with the mixture M = (P + Q)/2.
 *
 * Symmetric, always finite, 0 for identical inputs and at most log 2 (1 bit) for disjoint supports.
 * Each outcome contributes mᵢ·j(sᵢ)/2 with sᵢ = (p̂ᵢ − q̂ᵢ)/(p̂ᵢ + q̂ᵢ) and
 * j(s) = (1 + s)·log(1 + s) + (1 − s)·log(1 − s) ≥ 0 (a series near 0), so close distributions keep
 * their digits.
 *
 * Reference: J. Lin, "Divergence measures based on the Shannon entropy", IEEE Trans. Inf. Theory 37 (1991);
 * https://en.wikipedia.org/wiki/Jensen%E2%80%93Shannon_divergence
 *
 * @example
 * ```ts
 * jsDivergence([0.5, 0.5], [0.9, 0.1]);               // 0.1017492250791967 nats
 * jsDivergence([1, 0], [0, 1], { base: "bits" });      // 1
 * ```
 */
export function jsDivergence(
  p: DistributionLike,
  q: DistributionLike,
  options?: MeasureOptions,
): number {
  const fast = logitPair(p, q, options, 0);
  if (fast !== undefined) return fast;
  const pair = linearPair(p, q, options);
  const [hi, lo] = fastSum(pair) ?? jsSum(pair);
  const v = hi + lo;
  const capped = Math.min(v, Math.LN2);
  return capped / pair.options.logBase;
}

/**
 * Jensen–Shannon distance: √JS(P, Q), a metric (the triangle inequality holds), in [0, √log 2] nats
 * or [0, 1] in bits. The square root is taken of the divergence in the chosen base, as scipy does.
 *
 * Reference: D. M. Endres and J. E. Schindelin, "A new metric for probability distributions", 2003.
 *
 * @example
 * ```ts
 * jsDistance([0.5, 0.5], [0.9, 0.1], { base: "bits" }); // 0.3831358798599422
 * ```
 */
export function jsDistance(
  p: DistributionLike,
  q: DistributionLike,
  options?: MeasureOptions,
): number {
  return Math.sqrt(jsDivergence(p, q, options));
}
