/**
 * The dispatch of total variation and Hellinger to the accelerated `pairSum` hook (WebAssembly
 * kernels, threads): the sum Σ |p̂ᵢ − q̂ᵢ| or Σ ((p̂ᵢ − q̂ᵢ)/(√p̂ᵢ + √q̂ᵢ))² of a validated pair, as a
 * compensated [hi, lo] pair, or undefined where the TypeScript loop runs (no hook, log kinds, plain
 * arrays, short inputs, or the hook declines).
 */
import { fastHooks } from "./fast-hooks.js";

/** What the hook needs of a validated pair (src/input/pair.ts), with `balanced(pair)`. */
export interface PairSums {
  p: ArrayLike<number>;
  q: ArrayLike<number>;
  sp: number;
  sq: number;
  lambda: number;
  sqL: number;
  delta: number;
  balanced: boolean;
  log: boolean;
  threads: number | undefined;
}

/**
 * R of the totals pass (assembly/pair-totals.ts, mode 1): outcomes with 0 < qᵢ and |pᵢ − qᵢ| ≤ R·qᵢ
 * are counted there, as the normalization could flip the sign of their difference. R = 2^-32: float64
 * probabilities normalized in floating point have |r| = |δ/Sq| far below R/2, and among 10⁷ random
 * outcomes one falls within R of its counterpart with a chance of a few in a thousand.
 */
export const FLIP_RATIO = 2 ** -32;

/**
 * Σ |p̂ᵢ − q̂ᵢ| (total variation, `mode` 1) or Σ (√p̂ᵢ − √q̂ᵢ)² (Hellinger, 2) from the sums the
 * accelerated totals pass formed beside Sp, Sq and δ (`sums`, see PairExtra in src/input/pair.ts),
 * so that the measure reads its inputs once; undefined where the second pass (fastPairSum, or the
 * TypeScript loop) must run. For probabilities or counts of equal totals (λ = 1) with r = δ/Sq,
 * q̂ᵢ = qᵢ/Sq = qᵢ(1 + r)/Sp and dᵢ = pᵢ − qᵢ:
 * - total variation: Sp·(p̂ᵢ − q̂ᵢ) = dᵢ − r·qᵢ. Where |dᵢ| > R·qᵢ and |r| ≤ R/2 that has the sign of
 *   dᵢ, so Σ |p̂ᵢ − q̂ᵢ| = (A − r·B)/Sp with A = Σ |dᵢ|, B = Σ sign(dᵢ)·qᵢ, and |r·B| < A/2 (each
 *   qᵢ < |dᵢ|/R): no cancellation. Taken when no outcome has 0 < qᵢ, |dᵢ| ≤ R·qᵢ (K = 0).
 * - Hellinger: √Sp·(√p̂ᵢ − √q̂ᵢ) = uᵢ − e·√qᵢ with uᵢ = √pᵢ − √qᵢ and e = √(1 + r) − 1, so
 *   Σ (√p̂ᵢ − √q̂ᵢ)² = (A − 2e·B + e²·Sq)/Sp with A = Σ uᵢ², B = Σ uᵢ√qᵢ. Taken when the correction
 *   is at most R·A (it then moves no digit beyond R·ε of the sum).
 * Anything else (near-identical distributions, totals off by more than R/2, scaled counts) is
 * left to the second pass, which forms every p̂ᵢ − q̂ᵢ exactly.
 */
export function fusedPairSum(
  pair: { sp: number; sqL: number; delta: number; lambda: number; balanced: boolean },
  mode: 1 | 2,
  sums: Float64Array | undefined,
): number | undefined {
  if (sums === undefined || pair.lambda !== 1 || !pair.balanced) return undefined;
  const r = pair.delta / pair.sqL;
  const a = sums[6] + sums[7];
  const b = sums[8] + sums[9];
  if (mode === 1) {
    if (sums[10] !== 0 || !(Math.abs(r) <= FLIP_RATIO / 2)) return undefined;
    return (a - r * b) / pair.sp;
  }
  const e = r / (Math.sqrt(1 + r) + 1);
  const tail = e * e * pair.sqL;
  if (!(Math.abs(2 * e * b) + tail <= FLIP_RATIO * a) && !(e === 0)) return undefined;
  return (a - 2 * e * b + tail) / pair.sp;
}

/** The sum of `measure` (0: total variation, 1: Hellinger) from the `pairSum` hook, or undefined. */
export function fastPairSum(pair: PairSums, measure: 0 | 1): Float64Array | undefined {
  const hook = fastHooks.pairSum;
  const { p, q } = pair;
  if (hook === undefined || pair.log) return undefined;
  if (!(p instanceof Float64Array || p instanceof Float32Array)) return undefined;
  if (!(q instanceof Float64Array || q instanceof Float32Array)) return undefined;
  if (p.length < (fastHooks.minLength ?? 0)) return undefined;
  const out = new Float64Array(2);
  return hook(p, q, pair, measure, out, pair.threads) ? out : undefined;
}
