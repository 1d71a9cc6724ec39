/**
 * Log-sum-exp: log Σ exp(xᵢ) without overflow or underflow of the exponentials, the normalizer of
 * log-probabilities and logits (softmax).
 *
 * @module
 */
import { CompensatedSum } from "./sum.js";

/**
 * log(eᵃ + eᵇ), for a, b ≥ −∞ (−∞ stands for a zero weight): max(a, b) + log1p(e^{−|a−b|}).
 *
 * @example
 * ```ts
 * logAddExp(1000, 1000); // 1000.6931471805599 (Math.log(Math.exp(1000) * 2) is ∞)
 * logAddExp(Number.NEGATIVE_INFINITY, 0); // 0
 * ```
 */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * log Σᵢ exp(xᵢ) = m + log1p(Σᵢ e^{xᵢ−m} − 1) with m = max xᵢ: the largest term contributes exactly
 * 1, so the sum of the others, kept in a {@link CompensatedSum}, is what log1p sees, and the result
 * keeps its relative accuracy also when one term dominates. −∞ entries are zero weights; an empty
 * vector, or one of only −∞, gives −∞; a +∞ gives +∞; a NaN gives NaN.
 *
 * @example
 * ```ts
 * logSumExp([Math.log(0.25), Math.log(0.75)]); // 5.551115123125783e-17: 0 but for the rounding of the two logs
 * logSumExp([1000, 1000]); // 1000.6931471805599
 * logSumExp([-1e4, -1e4 + Math.log(3)]); // -9998.61370563888, correctly rounded (the exponentials alone underflow to 0)
 * ```
 */
export function logSumExp(values: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) return x;
    if (x > m) m = x;
  }
  if (m === Number.NEGATIVE_INFINITY || m === Number.POSITIVE_INFINITY) return m;
  const rest = new CompensatedSum();
  let top = false;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x === m && !top)
      top = true; // the maximum's own term, e⁰ = 1, enters through log1p
    else rest.add(Math.exp(x - m));
  }
  return m + Math.log1p(rest.value());
}
