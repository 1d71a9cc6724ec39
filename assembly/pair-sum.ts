// Total variation and Hellinger of a validated pair of probabilities or counts: the sums
// Σ |p̂ᵢ − q̂ᵢ| and Σ ((p̂ᵢ − q̂ᵢ)/(√p̂ᵢ + √q̂ᵢ))², with p̂ᵢ − q̂ᵢ formed as in js.ts (exact for close
// values), as the loops of src/measures/total-variation.ts and hellinger.ts.

import { acc, flush } from "./accumulate";
import { BLOCK } from "./constants";
import { prodErr2, splitHigh } from "./exact-product";
import { lane0, load1, load2 } from "./loads";
import { ACC, clearAcc } from "./memory";

/**
 * One term for two outcomes. `mode` & 3 forms d = p̂ − q̂ as jsTerm2 of js.ts (0: balanced, λ = 1;
 * 1: balanced, λ ≠ 1, λq exact; 2: unbalanced), `mode` >> 2 the measure: 0 |d| (total variation),
 * 1 (d/(√(p·ip) + √(q·iq)))² (Hellinger; 0 where d = 0, also for p = q = 0).
 */
// @ts-ignore: decorator
@inline
function pairTerm2(
  pv: v128,
  qv: v128,
  mode: i32,
  ip: v128,
  iq: v128,
  r: v128,
  lam: v128,
  lh: v128,
  ll: v128,
): v128 {
  const m = mode & 3;
  let d: v128;
  if (m == 0) {
    d = f64x2.mul(f64x2.sub(f64x2.sub(pv, qv), f64x2.mul(qv, r)), ip);
  } else if (m == 1) {
    const b = f64x2.mul(qv, lam);
    const bl = prodErr2(qv, b, lh, ll);
    const raw = f64x2.sub(f64x2.sub(pv, b), bl);
    d = f64x2.mul(f64x2.sub(raw, f64x2.mul(f64x2.add(b, bl), r)), ip);
  } else {
    d = f64x2.sub(f64x2.mul(pv, ip), f64x2.mul(qv, iq));
  }
  if (mode >> 2 == 0) return f64x2.abs(d);
  const h = f64x2.div(d, f64x2.add(f64x2.sqrt(f64x2.mul(pv, ip)), f64x2.sqrt(f64x2.mul(qv, iq))));
  return v128.andnot(f64x2.mul(h, h), f64x2.eq(d, f64x2.splat(0)));
}

/**
 * Σ of the terms over p[0..n), q[0..n) (validated by the caller) into st[0..2) as a compensated
 * (hi, lo) pair: plain sums of non-negative terms over blocks of BLOCK vectors, each block sum
 * added with TwoSum.
 */
function pairRange<T>(
  p: usize,
  q: usize,
  n: i32,
  ipS: f64,
  iqS: f64,
  lambda: f64,
  rS: f64,
  mode: i32,
  st: usize,
): void {
  clearAcc();
  const sz = <usize>sizeof<T>();
  const ip = f64x2.splat(ipS);
  const iq = f64x2.splat(iqS);
  const r = f64x2.splat(rS);
  const lam = f64x2.splat(lambda);
  const lhs = splitHigh(lambda);
  const lh = f64x2.splat(lhs);
  const ll = f64x2.splat(lambda - lhs);
  const even = n & ~1;
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let xS = f64x2.splat(0);
    for (; i < end; i += 2) {
      const pv = load2<T>(p + <usize>i * sz);
      const qv = load2<T>(q + <usize>i * sz);
      xS = f64x2.add(xS, pairTerm2(pv, qv, mode, ip, iq, r, lam, lh, ll));
    }
    if (i == even && i < n) {
      const pv = lane0(load1<T>(p + <usize>i * sz));
      const qv = lane0(load1<T>(q + <usize>i * sz));
      xS = f64x2.add(xS, pairTerm2(pv, qv, mode, ip, iq, r, lam, lh, ll));
      i = n;
    }
    acc(ACC, xS);
  }
  flush(ACC, st, 0);
}

export function pairSumF64(
  p: usize,
  q: usize,
  n: i32,
  ip: f64,
  iq: f64,
  lambda: f64,
  r: f64,
  mode: i32,
  st: usize,
): void {
  pairRange<f64>(p, q, n, ip, iq, lambda, r, mode, st);
}

export function pairSumF32(
  p: usize,
  q: usize,
  n: i32,
  ip: f64,
  iq: f64,
  lambda: f64,
  r: f64,
  mode: i32,
  st: usize,
): void {
  pairRange<f32>(p, q, n, ip, iq, lambda, r, mode, st);
}
