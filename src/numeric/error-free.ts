/**
 * Error-free transformations: the exact rounding error of one floating-point sum or product, so
 * that a + b = s + e and x·y = p + e hold exactly (barring overflow). They are the building blocks
 * of the compensated and exact sums ({@link CompensatedSum}, {@link fsum}) and of the double-double
 * products the KL kernels use for λ·q.
 *
 * References: D. E. Knuth, TAOCP vol. 2, §4.2.2 (two-sum); T. J. Dekker, "A floating-point
 * technique for extending the available precision", Numer. Math. 18 (1971) 224–242 (fast two-sum,
 * two-product with Veltkamp's splitting). No fused multiply-add is used: JavaScript has none.
 *
 * @module
 */

/**
 * The rounding error of s = fl(a + b), for any a and b (Knuth's two-sum, six operations):
 * a + b = s + twoSumError(a, b, s) exactly, unless s overflows (then NaN).
 *
 * @example
 * ```ts
 * const s = 1e16 + 1; // 1e16
 * twoSumError(1e16, 1, s); // 1
 * ```
 */
export function twoSumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

/**
 * The rounding error of s = fl(a + b) when |a| ≥ |b| (or a = 0), Dekker's fast two-sum (two
 * operations): a + b = s + fastTwoSumError(a, b, s) exactly. With |a| < |b| the result may be
 * wrong; {@link CompensatedSum} picks the order by comparing magnitudes (Neumaier's step).
 *
 * @example
 * ```ts
 * fastTwoSumError(1, 1e-17, 1); // 1e-17
 * ```
 */
export function fastTwoSumError(a: number, b: number, s: number): number {
  return a - s + b;
}

/** Veltkamp's splitter 2^27 + 1: x·SPLITTER splits a double into two halves of 26 bits. */
export const SPLITTER = 134217729;

/**
 * The rounding error of the product p = fl(x·y) (Dekker's two-product with Veltkamp's splitting,
 * 17 operations, no FMA): x·y = p + twoProductError(x, y, p) exactly. Returns 0 when splitting x
 * or y would overflow (|x·2^27| or |y·2^27| ≥ 1e300): callers then keep the rounded product; an
 * underflowing error term is not representable either.
 *
 * @example
 * ```ts
 * const x = 1 + 2 ** -30;
 * twoProductError(x, x, x * x); // 8.673617379884035e-19 = 2^-60 (x² = 1 + 2^-29 + 2^-60 does not fit a double)
 * ```
 */
export function twoProductError(x: number, y: number, p: number): number {
  const cx = SPLITTER * x;
  const cy = SPLITTER * y;
  if (!(Math.abs(cx) < 1e300 && Math.abs(cy) < 1e300)) return 0;
  const xh = cx - (cx - x);
  const xl = x - xh;
  const yh = cy - (cy - y);
  const yl = y - yh;
  return xh * yh - p + xh * yl + xl * yh + xl * yl;
}

/** x·2^k for an integer k in [−2148, 2046], in two steps (2^k itself need not be a double). */
function timesPowerOf2(x: number, k: number): number {
  const a = k >> 1;
  return x * 2 ** a * 2 ** (k - a);
}

/**
 * The product x·y as hi + lo exactly (hi = fl(x·y)), for finite x, y of any magnitude: both are
 * scaled by powers of 2 to [1, 2) first, so that Dekker's product applies where
 * {@link twoProductError} alone would return 0 (|x| or |y| beyond ~7e291). Exact unless hi or lo
 * leaves the range of normal doubles.
 *
 * @example
 * ```ts
 * exactProduct(1e300, 1 + 2 ** -30); // [1.0000000009313226e300, 1.859188099005748e283]: twoProductError gives 0
 * ```
 */
export function exactProduct(x: number, y: number): [number, number] {
  if (x === 0 || y === 0) return [x * y, 0];
  const ex = Math.floor(Math.log2(Math.abs(x)));
  const ey = Math.floor(Math.log2(Math.abs(y)));
  const xs = timesPowerOf2(x, -ex);
  const ys = timesPowerOf2(y, -ey);
  const p = xs * ys;
  const e = twoProductError(xs, ys, p);
  return [timesPowerOf2(p, ex + ey), timesPowerOf2(e, ex + ey)];
}
