// Jensen–Shannon divergence of probabilities or counts: the vector term (mᵢ/4)·j(sᵢ) and the
// compensated sum over a range.

import { acc, flush } from "./accumulate";
import { BLOCK, kv } from "./constants";
import { prodErr2, splitHigh } from "./exact-product";
import { lane0, load1, load2 } from "./loads";
import { logRatio2 } from "./log-ratio";
import { ACC, clearAcc } from "./memory";

/**
 * j(s)/s² = Σ_{n=1..14} u^{n−1}/(n(2n−1)), u = s², by Estrin's scheme. For |s| < 0.25 the first
 * omitted term is below 7e-19 relative (the TypeScript series stops at n = 10 for |s| < 0.1, where
 * the terms beyond are below 1e-22).
 */
// @ts-ignore: decorator
@inline
export function jSeries2(u: v128): v128 {
  const u2 = f64x2.mul(u, u);
  const e0 = f64x2.add(kv(69), f64x2.mul(kv(70), u));
  const e1 = f64x2.add(kv(71), f64x2.mul(kv(72), u));
  const e2 = f64x2.add(kv(73), f64x2.mul(kv(74), u));
  const e3 = f64x2.add(kv(75), f64x2.mul(kv(76), u));
  const e4 = f64x2.add(kv(77), f64x2.mul(kv(78), u));
  const e5 = f64x2.add(kv(79), f64x2.mul(kv(80), u));
  const e6 = f64x2.add(kv(81), f64x2.mul(kv(82), u));
  const u4 = f64x2.mul(u2, u2);
  const f0 = f64x2.add(e0, f64x2.mul(e1, u2));
  const f1 = f64x2.add(e2, f64x2.mul(e3, u2));
  const f2 = f64x2.add(e4, f64x2.mul(e5, u2));
  const u8 = f64x2.mul(u4, u4);
  const g0 = f64x2.add(f0, f64x2.mul(f1, u4));
  const g1 = f64x2.add(f2, f64x2.mul(e6, u4));
  return f64x2.add(g0, f64x2.mul(g1, u8));
}

/**
 * x·log x for x = xh + xl (xh positive normal, |xl| ≤ ulp(xh)/2), to first order in xl:
 * xh·L + xl·(L + 1) with L = log(xh) (the neglected term, xl²/(2xh), is below 2^-107·xh).
 */
// @ts-ignore: decorator
@inline
function xLogX2(xh: v128, xl: v128): v128 {
  const l = logRatio2(xh, kv(16 /* 1.0 */));
  return f64x2.add(f64x2.mul(xh, l), f64x2.mul(xl, f64x2.add(l, kv(16 /* 1.0 */))));
}

/**
 * j(s) = (1 + s)·log(1 + s) + (1 − s)·log(1 − s) for 0 < |s| < 1, with 1 ± s formed exactly as
 * double-doubles (Fast2Sum: |s| < 1), so only the two logarithms round. Lanes with |s| ≥ 1 give
 * garbage (the caller selects 2·ln 2 there).
 */
// @ts-ignore: decorator
@inline
export function jLog2(s: v128): v128 {
  const one = kv(16 /* 1.0 */);
  const ah = f64x2.add(one, s);
  const al = f64x2.add(f64x2.sub(one, ah), s);
  const bh = f64x2.sub(one, s);
  const bl = f64x2.sub(f64x2.sub(one, bh), s);
  return f64x2.add(xLogX2(ah, al), xLogX2(bh, bl));
}

/**
 * One JS term (mᵢ/4)·j(sᵢ) for two outcomes, as the loop of jsDivergence (src/measures/js.ts):
 * mᵢ = pᵢ/Sp + qᵢ/Sq, sᵢ = (p̂ᵢ − q̂ᵢ)/mᵢ, with p̂ᵢ − q̂ᵢ by `mode`:
 * 0: ((pᵢ − qᵢ) − qᵢ·r)/Sp (balanced, λ = 1); 1: ((pᵢ − λqᵢ) − λqᵢ·r)/Sp with λqᵢ = b + bl exact
 * (balanced, λ ≠ 1); 2: pᵢ/Sp − qᵢ/Sq (unbalanced). r = δ/SqL; ip = 1/Sp, iq = 1/Sq. 0 where
 * p̂ᵢ − q̂ᵢ = 0 (also for pᵢ = qᵢ = 0), 2·ln 2·mᵢ/4 where |sᵢ| ≥ 1 (a zero on one side). IEEE
 * arithmetic on subnormal pᵢ, qᵢ is exact as in the TypeScript loop: no scalar path is needed.
 */
// @ts-ignore: decorator
@inline
function jsTerm2(
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
  const mp = f64x2.mul(pv, ip);
  const sum = f64x2.add(mp, f64x2.mul(qv, iq));
  let d: v128;
  if (mode == 0) {
    d = f64x2.mul(f64x2.sub(f64x2.sub(pv, qv), f64x2.mul(qv, r)), ip);
  } else if (mode == 1) {
    const b = f64x2.mul(qv, lam);
    const bl = prodErr2(qv, b, lh, ll);
    const raw = f64x2.sub(f64x2.sub(pv, b), bl);
    d = f64x2.mul(f64x2.sub(raw, f64x2.mul(f64x2.add(b, bl), r)), ip);
  } else {
    d = f64x2.sub(mp, f64x2.mul(qv, iq));
  }
  const s = f64x2.div(d, sum);
  const u = f64x2.mul(s, s);
  const a = f64x2.abs(s);
  const small = f64x2.lt(a, kv(84 /* 0.25 */));
  // Close distributions take the series alone; otherwise both forms and a select (lanes of mixed
  // sizes are common there, and a branch on them would be mispredicted often).
  let j = f64x2.mul(jSeries2(u), u);
  if (!i64x2.all_true(small)) {
    const big = f64x2.ge(a, kv(16 /* 1.0 */));
    j = v128.bitselect(j, v128.bitselect(kv(83 /* 2·ln 2 */), jLog2(s), big), small);
  }
  const x = f64x2.mul(f64x2.mul(kv(84 /* 0.25 */), sum), j);
  return v128.andnot(x, f64x2.eq(d, f64x2.splat(0)));
}

/**
 * Σ (mᵢ/4)·j(sᵢ) over p[0..n), q[0..n) (inputs validated by the caller) into st[0..2) as a
 * compensated (hi, lo) pair: plain sums of non-negative terms over blocks of BLOCK vectors, each
 * block sum added with TwoSum. See {@link jsTerm2} for the parameters.
 */
export function jsRange<T>(
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
      xS = f64x2.add(xS, jsTerm2(pv, qv, mode, ip, iq, r, lam, lh, ll));
    }
    if (i == even && i < n) {
      // Odd tail: one element in lane 0 (lane 1 holds p = q = 0, a term of 0).
      const pv = lane0(load1<T>(p + <usize>i * sz));
      const qv = lane0(load1<T>(q + <usize>i * sz));
      xS = f64x2.add(xS, jsTerm2(pv, qv, mode, ip, iq, r, lam, lh, ll));
      i = n;
    }
    acc(ACC, xS);
  }
  flush(ACC, st, 0);
}

export function jsF64(
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
  jsRange<f64>(p, q, n, ip, iq, lambda, r, mode, st);
}

export function jsF32(
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
  jsRange<f32>(p, q, n, ip, iq, lambda, r, mode, st);
}

/**
 * Σ (mᵢ/4)·j(sᵢ) of `rows` rows of `n` elements (row-major at p, q) into their records at out +
 * 56·r: [hi, lo, 1/Sp, 1/Sq, λ, r, mode], the last five written by the caller from the row's totals
 * (src/fast/hooks.ts, jsRowsFast), the sum as jsF64 forms a vector's.
 */
function jsRowsRange<T>(p: usize, q: usize, n: i32, rows: i32, out: usize): void {
  const rowBytes = <usize>n * sizeof<T>();
  for (let r = 0; r < rows; r++) {
    const rec = out + <usize>r * 56;
    memory.fill(rec, 0, 16);
    jsRange<T>(
      p + <usize>r * rowBytes,
      q + <usize>r * rowBytes,
      n,
      load<f64>(rec, 16),
      load<f64>(rec, 24),
      load<f64>(rec, 32),
      load<f64>(rec, 40),
      <i32>load<f64>(rec, 48),
      rec,
    );
  }
}

export function jsRowsF64(p: usize, q: usize, n: i32, rows: i32, out: usize): void {
  jsRowsRange<f64>(p, q, n, rows, out);
}

export function jsRowsF32(p: usize, q: usize, n: i32, rows: i32, out: usize): void {
  jsRowsRange<f32>(p, q, n, rows, out);
}
