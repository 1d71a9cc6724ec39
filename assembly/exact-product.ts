// The product λ·q carried exactly as b + bl (b = fl(q·λ)): Veltkamp's split of λ and the rounding
// error of the vector product, as twoProductError of src/numeric/kernels.ts.

import { logRatio1 } from "./log-ratio";

export const SPLITTER: f64 = 134217729.0; // Veltkamp's splitter, 2^27 + 1
export const SPLIT_LIMIT: f64 = 1e300; // beyond it twoProductError (src/numeric/kernels.ts) gives 0

/**
 * Whether x splits without overflow (|SPLITTER·x| < SPLIT_LIMIT): where λ does not, twoProductError
 * gives 0 and the kernels take bl = 0 too.
 */
export function splits(x: f64): bool {
  return Math.abs(SPLITTER * x) < SPLIT_LIMIT;
}

/** Veltkamp split of λ: its high half (the low half is λ − high). */
export function splitHigh(x: f64): f64 {
  const c = SPLITTER * x;
  return c - (c - x);
}

/**
 * The rounding error of b = fl(q·λ), as twoProductError of src/numeric/kernels.ts (the same
 * operations in the same order, so the same bits): q·λ = b + error exactly. λ = lh + ll is split
 * beforehand; the error is 0 where SPLITTER·q is not below 1e300, as there.
 */
// @ts-ignore: decorator
@inline
export function prodErr2(q: v128, b: v128, lh: v128, ll: v128): v128 {
  const cq = f64x2.mul(f64x2.splat(SPLITTER), q);
  const qh = f64x2.sub(cq, f64x2.sub(cq, q));
  const ql = f64x2.sub(q, qh);
  let e = f64x2.sub(f64x2.mul(qh, lh), b);
  e = f64x2.add(e, f64x2.mul(qh, ll));
  e = f64x2.add(e, f64x2.mul(ql, lh));
  e = f64x2.add(e, f64x2.mul(ql, ll));
  return v128.and(e, f64x2.lt(f64x2.abs(cq), f64x2.splat(SPLIT_LIMIT)));
}

/**
 * log(p/λq) with every digit for counts of different totals (λ ≠ 1), as normalizedLogRatio of
 * src/input/pair.ts: λq = b + bl exactly (b = fl(λq)), and log(p/(b + bl)) = 2·atanh(s) with
 * s = (p − b − bl)/(p + b + bl) for close values, else the log of the ratio.
 */
export function logRatioScaled1(a: f64, q: f64, lambda: f64, lh: f64, ll: f64): f64 {
  const b = q * lambda;
  const bl = splits(lambda)
    ? f64x2.extract_lane(prodErr2(f64x2.splat(q), f64x2.splat(b), f64x2.splat(lh), f64x2.splat(ll)), 0)
    : 0;
  if (b == 0) return logRatio1(a, q) - Math.log(lambda); // λq underflowed
  const t = a + b + bl;
  const s =
    t == Infinity ? (a / 2 - b / 2 - bl / 2) / (a / 2 + b / 2 + bl / 2) : (a - b - bl) / t;
  return s < 0.5 && s > -0.5 ? 2 * Math.atanh(s) : logRatio1(a, b + bl);
}
