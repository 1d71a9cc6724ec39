/**
 * The summary statistics of llama.cpp's `llama-perplexity --kl-divergence` report
 * (tools/perplexity/perplexity.cpp, `kl_divergence`), computed in float64 from per-token values:
 * a mean with its uncertainty, a covariance, and percentiles interpolated at f·(n − 1).
 */
import { fsum } from "../numeric/fsum.js";

/** A value with its one-sigma uncertainty (`value ± uncertainty`). */
export interface Estimate {
  value: number;
  uncertainty: number;
}

/** The percentile fractions llama.cpp prints for the KL divergence (the median apart). */
export const KLD_FRACTIONS: readonly number[] = [0.999, 0.99, 0.95, 0.9, 0.1, 0.05, 0.01, 0.001];

/** The percentile fractions llama.cpp prints for Δp (the median apart). */
export const DELTA_P_FRACTIONS: readonly number[] = [
  0.999, 0.99, 0.95, 0.9, 0.75, 0.25, 0.1, 0.05, 0.01, 0.001,
];

/** Σ (xᵢ − m)² − (Σ (xᵢ − m))²/n, compensated: n times the population variance about the mean m. */
function centredSquares(x: ArrayLike<number>, m: number): number {
  const n = x.length;
  const d = new Float64Array(n);
  const d2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = (x[i] as number) - m;
    d[i] = e;
    d2[i] = e * e;
  }
  const s = fsum(d);
  return Math.max(fsum(d2) - (s * s) / n, 0);
}

/**
 * The mean of n values with llama.cpp's uncertainty √((E[x²] − E[x]²)/(n − 1)), the standard
 * error of the mean: 0 when n ≤ 10 or the variance is not positive (as llama.cpp's
 * `mean_and_uncertainty`). The variance is formed from the centred values (compensated two-pass
 * sum), which is the same quantity without the cancellation of E[x²] − E[x]².
 *
 * @param x - the per-token values.
 * @returns `{ value, uncertainty }`; `{ 0, 0 }` for no values; `±∞` means give uncertainty `NaN`.
 * @example
 * ```ts
 * meanAndUncertainty(Float64Array.from({ length: 11 }, (_, i) => i)).value; // 5
 * meanAndUncertainty(Float64Array.from({ length: 11 }, (_, i) => i)).uncertainty; // 1: √((E[x²] − E[x]²)/(n − 1)) = √(10/10)
 * ```
 */
export function meanAndUncertainty(x: ArrayLike<number>): Estimate {
  const n = x.length;
  if (n < 1) return { value: 0, uncertainty: 0 };
  const m = fsum(x) / n;
  if (!Number.isFinite(m)) return { value: m, uncertainty: Number.NaN };
  const v = centredSquares(x, m) / n;
  return { value: m, uncertainty: v > 0 && n > 10 ? Math.sqrt(v / (n - 1)) : 0 };
}

/**
 * llama.cpp's covariance of two means, (E[ab] − E[a]E[b])/(n − 1), 0 when n < 10; formed from the
 * centred values (compensated).
 *
 * @example
 * ```ts
 * const a = Float64Array.from({ length: 10 }, (_, i) => i);
 * covarianceOfMeans(a, a); // 0.9166666666666666 = 8.25/9
 * ```
 */
export function covarianceOfMeans(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 10) return 0;
  const ma = fsum(a) / n;
  const mb = fsum(b) / n;
  const da = new Float64Array(n);
  const db = new Float64Array(n);
  const dab = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (a[i] as number) - ma;
    const y = (b[i] as number) - mb;
    da[i] = x;
    db[i] = y;
    dab[i] = x * y;
  }
  const c = fsum(dab) - (fsum(da) * fsum(db)) / n;
  return c / n / (n - 1);
}

/**
 * The percentile of sorted values at fraction f, linearly interpolated at position f·(n − 1)
 * (numpy's default "linear" method, and llama.cpp's `percentile` in float64): with p = f·(n − 1),
 * i = ⌊p⌋, t = p − i, the value (1 − t)·x[i] + t·x[min(i + 1, n − 1)]. f ≤ 0 gives the minimum,
 * f ≥ 1 the maximum; the median (f = ½) is the mean of the two middle values for even n.
 *
 * @param sorted - ascending values (not checked).
 * @param fraction - f in [0, 1].
 * @returns the percentile; NaN for no values.
 * @example
 * ```ts
 * percentileSorted(Float64Array.from([1, 2, 3, 4]), 0.5); // 2.5
 * percentileSorted(Float64Array.from([1, 2, 3, 4]), 0.9); // 3.7
 * ```
 */
export function percentileSorted(sorted: ArrayLike<number>, fraction: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (fraction <= 0) return sorted[0] as number;
  if (fraction >= 1) return sorted[n - 1] as number;
  let p = fraction * (n - 1);
  const i = Math.floor(p);
  p -= i;
  const a = sorted[i] as number;
  const b = sorted[Math.min(i + 1, n - 1)] as number;
  if (p === 0 || a === b) return a;
  return (1 - p) * a + p * b;
}

/** The median as llama.cpp prints it: the middle value, or the mean of the two middle values. */
export function medianSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = n >> 1;
  if (n % 2 === 1) return sorted[h] as number;
  const a = sorted[h - 1] as number;
  const b = sorted[h] as number;
  return a === b ? a : 0.5 * a + 0.5 * b;
}
