import type { DistributionLike } from "../input/labels.js";
import {
  type LinearPair,
  linearPair,
  normalizedDifference,
  type PairExtra,
  pairSums,
} from "../input/pair.js";
import { fastPairSum, fusedPairSum } from "../numeric/pair-sum-kernel.js";
import { CompensatedSum } from "../numeric/sum.js";
import type { MeasureOptions } from "../types.js";
import { logitPair } from "./logit-pair-rows.js";

/**
 * Hellinger distance: H(P, Q) = √(1 − Σᵢ √(pᵢ·qᵢ)) = √(½·Σᵢ (√pᵢ − √qᵢ)²). A metric, in [0, 1],
 * unitless (`base` is ignored); 0 for identical inputs, 1 for disjoint supports.
 *
 * Computed as √(½·Σ (p̂ᵢ − q̂ᵢ)²/(√p̂ᵢ + √q̂ᵢ)²), whose terms are non-negative and whose differences
 * are exact for close values, so it keeps its digits when P ≈ Q (1 − Σ√(pq) loses them).
 *
 * Reference: https://en.wikipedia.org/wiki/Hellinger_distance
 *
 * @example
 * ```ts
 * hellinger([0.5, 0.5], [0.9, 0.1]); // 0.32491969623290634
 * ```
 */
export function hellinger(
  p: DistributionLike,
  q: DistributionLike,
  options?: MeasureOptions,
): number {
  const logits = logitPair(p, q, options, 2);
  if (logits !== undefined) return logits;
  const extra: PairExtra = { mode: 2 };
  const pair = linearPair(p, q, options, extra);
  return Math.min(Math.sqrt(0.5 * hellingerSum(pair, extra.sums)), 1);
}

/**
 * S = Σ (√p̂ᵢ − √q̂ᵢ)² = Σ (p̂ᵢ − q̂ᵢ)²/(√p̂ᵢ + √q̂ᵢ)² of a validated pair (H² = S/2): from the sums of
 * the totals pass (`sums`, PairExtra mode 2) where they decide it, else the `pairSum` kernel, else
 * the loop; terms of one sign, differences exact for close values.
 */
export function hellingerSum(pair: LinearPair, sums: Float64Array | undefined): number {
  const ps = pairSums(pair);
  const fused = fusedPairSum(ps, 2, sums);
  if (fused !== undefined) return fused;
  const fast = fastPairSum(ps, 1);
  if (fast !== undefined) return fast[0] + fast[1];
  const sum = new CompensatedSum();
  for (let i = 0; i < pair.p.length; i++) {
    const d = normalizedDifference(pair, i);
    if (d === 0) continue;
    const r = Math.sqrt(pair.p[i] / pair.sp) + Math.sqrt(pair.q[i] / pair.sq);
    sum.add((d / r) * (d / r));
  }
  return sum.value();
}
