// Logarithm of a ratio log(p/q): the vector reduction with exact exponents (two lanes), and the
// scalar form without overflow or underflow of the quotient.

import { MIN_NORMAL, ki, kv } from "./constants";

// Reduction shared by the log kernels, for positive normal finite p and q with q in
// [MIN_FAST, MAX/1.5]: k = round((bits(p) − bits(q))/2^52), the exponent difference plus the
// difference of the mantissa fields, a piecewise-linear log2 of p/q that is off by at most 0.0861,
// so r = p·2^-k/q lies in [2^-0.5861, 2^0.5861] = [0.666, 1.501]. Then mp = p·2^-k (exact: an
// integer subtraction from the exponent field), t = mp + q and s = (mp − q)/t with |s| ≤ 0.2004
// (mp − q is exact by Sterbenz's lemma). With u = s² and B(u) = Σ_{j≥0} u^j/(2j+3),
// atanh(s)/s = A(u) = 1 + u·B(u) and log(p/q) = k·ln2 + 2s·A(u). Where k = 0, mp = p: s is
// (p − q)/(p + q) correctly rounded, however close p and q are. About 10 operations for two lanes
// and one division. It is written out in each user (a helper returning several vectors would pass
// them through globals, which V8 keeps in memory):
//   kb = (bits(p) − bits(q) + HALF_EXP + 2^63) >>> 52   (k + 2048: a logical shift, as x64 has no
//                                                        arithmetic shift of 64-bit lanes)
//   mp = bits(p) − ((kb << 52) ^ 2^63)                    (as (k + 2048)·2^52 ≡ k·2^52 + 2^63)
//   kf = f64(kb + MAGIC_BITS) − (MAGIC + 2048)            (k as a double)

// @ts-ignore: decorator
@inline
export function polyB(u: v128): v128 {
  // Degree 7, Chebyshev fit of B on [0, 0.0402] (scripts/gen_log_poly.py, mpmath): relative error
  // of B̃ below 6e-17 (the rounding of its coefficients). Estrin's scheme keeps the dependency
  // chains short.
  const u2 = f64x2.mul(u, u);
  const e01 = f64x2.add(kv(62), f64x2.mul(kv(63), u));
  const e23 = f64x2.add(kv(64), f64x2.mul(kv(65), u));
  const e45 = f64x2.add(kv(66), f64x2.mul(kv(67), u));
  const e67 = f64x2.add(kv(68), f64x2.mul(kv(85), u));
  const u4 = f64x2.mul(u2, u2);
  const f0 = f64x2.add(e01, f64x2.mul(e23, u2));
  const f1 = f64x2.add(e45, f64x2.mul(e67, u2));
  return f64x2.add(f0, f64x2.mul(f1, u4));
}

/** log(p/q) for positive normal finite p, q (vectors; q as for the reduction), exact exponents. */
// @ts-ignore: decorator
@inline
export function logRatio2(p: v128, q: v128): v128 {
  const kb = i64x2.shr_u(i64x2.add(i64x2.sub(p, q), ki(2 /* HALF_EXP + 2^63 */)), 52);
  const mp = i64x2.sub(p, v128.xor(i64x2.shl(kb, 52), ki(3 /* 2^63 */)));
  const s = f64x2.div(f64x2.sub(mp, q), f64x2.add(mp, q));
  const kf = f64x2.sub(i64x2.add(kb, ki(0 /* MAGIC_BITS */)), kv(88 /* MAGIC + 2048 */));
  const u = f64x2.mul(s, s);
  const a = f64x2.add(kv(12 /* 1 */), f64x2.mul(u, polyB(u)));
  return f64x2.add(
    f64x2.mul(kf, kv(13 /* LN2_HI */)),
    f64x2.add(f64x2.mul(kf, kv(14 /* LN2_LO */)), f64x2.mul(f64x2.add(s, s), a)),
  );
}

/** log(a/b) for positive a, b without overflow or underflow of the quotient (as logRatio). */
export function logRatio1(a: f64, b: f64): f64 {
  const r = a / b;
  if (r > 0 && r < Infinity && r > MIN_NORMAL) return Math.log(r);
  return Math.log(a) - Math.log(b);
}
