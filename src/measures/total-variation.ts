import type { DistributionLike } from "../input/labels.js";
import { linearPair, normalizedDifference, type PairExtra, pairSums } from "../input/pair.js";
import { fastPairSum, fusedPairSum } from "../numeric/pair-sum-kernel.js";
import { CompensatedSum } from "../numeric/sum.js";
import type { MeasureOptions } from "../types.js";
import { logitPair } from "./logit-pair-rows.js";

/**
 * Total variation distance: TV(P, Q) = ½·Σᵢ |pᵢ − qᵢ| = the largest difference between the
 * probabilities P and Q give to any one event. A metric, in [0, 1], unitless (`base` is ignored).
 *
 * Differences p̂ᵢ − q̂ᵢ of the normalized inputs are formed exactly for close values, so the
 * distance keeps its digits when P ≈ Q.
 *
 * Reference: https://en.wikipedia.org/wiki/Total_variation_distance_of_probability_measures
 *
 * @example
 * ```ts
 * totalVariation([0.5, 0.5], [0.9, 0.1]); // 0.4
 * ```
 */
export function totalVariation(
  p: DistributionLike,
  q: DistributionLike,
  options?: MeasureOptions,
): number {
  const logits = logitPair(p, q, options, 1);
  if (logits !== undefined) return logits;
  const extra: PairExtra = { mode: 1 };
  const pair = linearPair(p, q, options, extra);
  const fused = fusedPairSum(pairSums(pair), 1, extra.sums);
  if (fused !== undefined) return Math.min(0.5 * fused, 1);
  const fast = fastPairSum(pairSums(pair), 0);
  if (fast !== undefined) return Math.min(0.5 * (fast[0] + fast[1]), 1);
  const sum = new CompensatedSum();
  for (let i = 0; i < pair.p.length; i++) sum.add(Math.abs(normalizedDifference(pair, i)));
  const v = 0.5 * sum.value();
  return Math.min(v, 1);
}
