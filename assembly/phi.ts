// ψ(d) = d·eᵈ − (eᵈ − 1) and φ(r) = (1 + r)·log1p(r) − r, as psi and phi of src/numeric/phi.ts: the
// vector series of ψ and the scalar forms.

import { kv } from "./constants";

/**
 * ψ(d) = d·eᵈ − (eᵈ − 1) by its series Σ_{k=1..14} k·d^{k+1}/(k+1)!, as psi of
 * src/numeric/phi.ts.
 */
// @ts-ignore: decorator
@inline
export function psiSeries2(d: v128): v128 {
  let s = kv(31 /* 14.0 / 1307674368000.0 */);
  s = f64x2.add(f64x2.mul(s, d), kv(32 /* 13.0 / 87178291200.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(33 /* 12.0 / 6227020800.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(34 /* 11.0 / 479001600.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(35 /* 10.0 / 39916800.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(36 /* 9.0 / 3628800.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(37 /* 8.0 / 362880.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(38 /* 7.0 / 40320.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(39 /* 6.0 / 5040.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(40 /* 5.0 / 720.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(41 /* 4.0 / 120.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(42 /* 3.0 / 24.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(43 /* 2.0 / 6.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(44 /* 1.0 / 2.0 */));
  return f64x2.mul(f64x2.mul(s, d), d);
}

/** Scalar ψ, as psi of src/numeric/phi.ts. */
export function psi1(d: f64): f64 {
  if (d == 0) return 0;
  if (d < 0.1 && d > -0.1) return f64x2.extract_lane(psiSeries2(f64x2.splat(d)), 0);
  if (d == Infinity) return d;
  if (d == -Infinity) return 1;
  return d * Math.exp(d) - Math.expm1(d);
}

/** φ(r) = (1 + r)·log1p(r) − r, as phi of src/numeric/phi.ts. */
export function phi1(r: f64): f64 {
  if (Math.abs(r) < 0.1) {
    let s: f64 = 0;
    for (let k = 18; k >= 2; k--) s = s * r + ((k & 1) == 0 ? 1.0 : -1.0) / <f64>(k * (k - 1));
    return s * r * r;
  }
  if (r == -1) return 1;
  if (r == Infinity) return r;
  return (1 + r) * Math.log1p(r) - r;
}
