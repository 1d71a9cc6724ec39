// Vector exponentials for the log-domain kernel: expm1 of a reduced argument, and the reduction
// x = n·ln2 + r with Q(r) for eʳ and ψ(r).

import { ki, kv } from "./constants";

export let expScale: v128 = f64x2.splat(0);

/**
 * Reduces x = n·ln2 + r (|r| ≤ ln2/2), returns expm1(r) and leaves 2^n in `expScale`.
 * Valid for |x| ≤ 700.
 */
// @ts-ignore: decorator
@inline
export function expm1Reduced(x: v128): v128 {
  const nf = f64x2.nearest(f64x2.mul(x, kv(18 /* LOG2E */)));
  const r = f64x2.sub(
    f64x2.sub(x, f64x2.mul(nf, kv(13 /* LN2_HI */))),
    f64x2.mul(nf, kv(14 /* LN2_LO */)),
  );
  expScale = i64x2.shl(
    i64x2.add(f64x2.add(nf, kv(11 /* MAGIC */)), ki(1 /* 1023 - MAGIC_BITS */)),
    52,
  );
  // expm1(r) = r·Σ_{k=0..12} r^k/(k+1)!; first omitted term < 5e-18 relative.
  let c = kv(19 /* 1.0 / 6227020800.0 */);
  c = f64x2.add(f64x2.mul(c, r), kv(20 /* 1.0 / 479001600.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(21 /* 1.0 / 39916800.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(22 /* 1.0 / 3628800.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(23 /* 1.0 / 362880.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(24 /* 1.0 / 40320.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(25 /* 1.0 / 5040.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(26 /* 1.0 / 720.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(27 /* 1.0 / 120.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(28 /* 1.0 / 24.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(29 /* 1.0 / 6.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(30 /* 0.5 */));
  c = f64x2.add(f64x2.mul(c, r), kv(16 /* 1.0 */));
  return f64x2.mul(r, c);
}

// Exponentials for the logits kernel: x = n·ln2 + r (|r| ≤ ln2/2), Q(r) = Σ_{j=0..12} r^j/(j+2)!,
// so that expm1(r) = r + r²·Q(r), eʳ = 1 + expm1(r) and ψ(r) = r·eʳ − (eʳ − 1) = r²·(1 + (r − 1)·Q(r))
// (no cancellation). The first omitted term of Q is below 1e-18 relative.

export let redN: v128 = f64x2.splat(0);
export let redScale: v128 = f64x2.splat(0);

/** Reduces x (|x| ≤ 700): returns r, leaves n in `redN` and 2^n in `redScale`. */
// @ts-ignore: decorator
@inline
export function expReduce(x: v128): v128 {
  const nf = f64x2.nearest(f64x2.mul(x, kv(18 /* LOG2E */)));
  redN = nf;
  redScale = i64x2.shl(i64x2.add(f64x2.add(nf, kv(11 /* MAGIC */)), ki(1 /* 1023 - MAGIC_BITS */)), 52);
  return f64x2.sub(f64x2.sub(x, f64x2.mul(nf, kv(13 /* LN2_HI */))), f64x2.mul(nf, kv(14 /* LN2_LO */)));
}

/** Q(r) by Estrin's scheme (short dependency chains). */
// @ts-ignore: decorator
@inline
export function polyQ(r: v128): v128 {
  const r2 = f64x2.mul(r, r);
  const e01 = f64x2.add(kv(49 /* 1/2! */), f64x2.mul(kv(50 /* 1/3! */), r));
  const e23 = f64x2.add(kv(51 /* 1/4! */), f64x2.mul(kv(52 /* 1/5! */), r));
  const e45 = f64x2.add(kv(53 /* 1/6! */), f64x2.mul(kv(54 /* 1/7! */), r));
  const e67 = f64x2.add(kv(55 /* 1/8! */), f64x2.mul(kv(56 /* 1/9! */), r));
  const e89 = f64x2.add(kv(57 /* 1/10! */), f64x2.mul(kv(58 /* 1/11! */), r));
  const eab = f64x2.add(kv(59 /* 1/12! */), f64x2.mul(kv(60 /* 1/13! */), r));
  const r4 = f64x2.mul(r2, r2);
  const f0 = f64x2.add(e01, f64x2.mul(e23, r2));
  const f1 = f64x2.add(e45, f64x2.mul(e67, r2));
  const f2 = f64x2.add(e89, f64x2.mul(eab, r2));
  const r8 = f64x2.mul(r4, r4);
  const g0 = f64x2.add(f0, f64x2.mul(f1, r4));
  const g1 = f64x2.add(f2, f64x2.mul(kv(61 /* 1/14! */), r4));
  return f64x2.add(g0, f64x2.mul(g1, r8));
}
