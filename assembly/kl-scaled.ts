// KL divergence with Q scaled by λ (counts of different totals): the terms g(p, λq) with λq carried
// exactly, and the one-pass state of a range.

import { acc, accLo } from "./accumulate";
import { BLOCK, kv } from "./constants";
import { prodErr2, splitHigh } from "./exact-product";
import { finishKl, infCount, invalid, klRange, klSeries2, klTerm1, klTerm2 } from "./kl";
import { finite2, lane0, load1, load2 } from "./loads";
import { logRatio1 } from "./log-ratio";
import { ACC, clearAcc } from "./memory";

/**
 * g(p, b + bl) for positive normal finite p, b (vectors), |bl| ≤ ulp(b)/2: with r = bl/b,
 * g(p, b(1 + r)) = g(p, b) − r·(p − b) + p·r²/2 − p·r³/3 + …, the last term below 2^-159·p
 * (negligible). Where p − b − bl is not 0, |p − b − bl| is at least about |bl| (p − b is a multiple
 * of an ulp), so the three terms cancel by a small factor at most: every digit of p − λq counts.
 */
// @ts-ignore: decorator
@inline
function klTermScaled2(p: v128, b: v128, bl: v128): v128 {
  const e = f64x2.sub(p, b);
  const r = f64x2.div(bl, b);
  const g0 = klTerm2(p, b);
  const c = f64x2.mul(r, f64x2.sub(f64x2.mul(f64x2.mul(kv(30 /* 0.5 */), r), p), e));
  return f64x2.add(g0, c);
}

/**
 * One scaled KL term in scalar arithmetic, as the loop of klChunk: g(p, b + bl) for λq = b + bl
 * (klTermSplit of src/numeric/phi.ts); where λq underflows to 0 for q > 0,
 * p·(log(p/q) − log λ) − p; +∞ (counted) where q = 0 < p. Validity is checked on q itself (a
 * negative subnormal q may give b = −0).
 */
function klTermScaled1(p: f64, q: f64, b: f64, bl: f64, lambda: f64): f64 {
  if (!(p >= 0 && q >= 0)) {
    invalid = true; // negative (NaN also shows in the sums)
    return 0;
  }
  if (b == 0 && p > 0) {
    if (q == 0) {
      infCount += 1;
      return 0;
    }
    return p * (logRatio1(p, q) - Math.log(lambda)) - p;
  }
  if (bl == 0) return klTerm1(p, b);
  if (p == 0) return b + bl;
  const d = p - b - bl;
  if (d == 0) return 0;
  const t = p + b + bl;
  if (t == Infinity) return 2 * klTermScaled1(p / 2, q / 2, b / 2, bl / 2, lambda);
  const s = d / t;
  if (s < 0.1 && s > -0.1) {
    return f64x2.extract_lane(klSeries2(f64x2.splat(d), f64x2.splat(t)), 0);
  }
  return p * logRatio1(p, b + bl) - d;
}

/**
 * {@link klRange} with Q scaled by λ (positive normal, SPLITTER·λ < 1e300): G = Σ g(p, λq),
 * Sq = Σ λq, δ = Σ (p − λq), each product λq carried exactly as b + bl (b = fl(q·λ)), as klChunk
 * of src/numeric/kernels.ts for a state with λ ≠ 1. Sq gets the bl in its lo part.
 */
function klScaledRange<T>(p: usize, q: usize, n: i32, lambda: f64, st: usize): i32 {
  clearAcc();
  infCount = 0;
  invalid = false;
  const sz = <usize>sizeof<T>();
  const minFast = kv(87 /* MIN_FAST */);
  const lhs = splitHigh(lambda);
  const lh = f64x2.splat(lhs);
  const ll = f64x2.splat(lambda - lhs);
  const lam = f64x2.splat(lambda);
  const even = n & ~1;
  let i = 0;
  while (i < n) {
    const start = i;
    const end = min(i + 2 * BLOCK, even);
    let gS = f64x2.splat(0);
    let pS = f64x2.splat(0);
    let qS = f64x2.splat(0);
    let lS = f64x2.splat(0);
    let dS = f64x2.splat(0);
    // Fast pass without per-element branches, valid where p and b = fl(λq) lie in
    // [MIN_FAST, MAX/1.5], which the block minimum and a finite block sum confirm afterwards.
    let mn = kv(48 /* Infinity */);
    for (; i + 4 <= end; i += 4) {
      const pa = load2<T>(p + <usize>i * sz);
      const pb = load2<T>(p + <usize>(i + 2) * sz);
      const qa = load2<T>(q + <usize>i * sz);
      const qb = load2<T>(q + <usize>(i + 2) * sz);
      const ba = f64x2.mul(qa, lam);
      const bb = f64x2.mul(qb, lam);
      const la = prodErr2(qa, ba, lh, ll);
      const lb = prodErr2(qb, bb, lh, ll);
      mn = f64x2.pmin(mn, f64x2.pmin(f64x2.pmin(pa, ba), f64x2.pmin(pb, bb)));
      pS = f64x2.add(pS, f64x2.add(pa, pb));
      qS = f64x2.add(qS, f64x2.add(ba, bb));
      lS = f64x2.add(lS, f64x2.add(la, lb));
      dS = f64x2.add(
        dS,
        f64x2.add(f64x2.sub(f64x2.sub(pa, ba), la), f64x2.sub(f64x2.sub(pb, bb), lb)),
      );
      gS = f64x2.add(gS, f64x2.add(klTermScaled2(pa, ba, la), klTermScaled2(pb, bb, lb)));
    }
    for (; i < end; i += 2) {
      const pv = load2<T>(p + <usize>i * sz);
      const qv = load2<T>(q + <usize>i * sz);
      const b = f64x2.mul(qv, lam);
      const bl = prodErr2(qv, b, lh, ll);
      mn = f64x2.pmin(mn, f64x2.pmin(pv, b));
      pS = f64x2.add(pS, pv);
      qS = f64x2.add(qS, b);
      lS = f64x2.add(lS, bl);
      dS = f64x2.add(dS, f64x2.sub(f64x2.sub(pv, b), bl));
      gS = f64x2.add(gS, klTermScaled2(pv, b, bl));
    }
    if (v128.any_true(f64x2.lt(mn, minFast)) || !finite2(gS)) {
      // Zeros, tiny or huge values, negatives or NaN in this block: redo it pair by pair.
      i = start;
      gS = f64x2.splat(0);
      pS = f64x2.splat(0);
      qS = f64x2.splat(0);
      lS = f64x2.splat(0);
      dS = f64x2.splat(0);
      for (; i < end; i += 2) {
        const pv = load2<T>(p + <usize>i * sz);
        const qv = load2<T>(q + <usize>i * sz);
        const b = f64x2.mul(qv, lam);
        const bl = prodErr2(qv, b, lh, ll);
        pS = f64x2.add(pS, pv);
        qS = f64x2.add(qS, b);
        lS = f64x2.add(lS, bl);
        dS = f64x2.add(dS, f64x2.sub(f64x2.sub(pv, b), bl));
        const tiny = v128.any_true(f64x2.lt(f64x2.pmin(pv, b), minFast));
        let g = f64x2.splat(0);
        if (!tiny) g = klTermScaled2(pv, b, bl);
        if (tiny || !finite2(g)) {
          g = f64x2.replace_lane(
            f64x2.splat(
              klTermScaled1(
                f64x2.extract_lane(pv, 0),
                f64x2.extract_lane(qv, 0),
                f64x2.extract_lane(b, 0),
                f64x2.extract_lane(bl, 0),
                lambda,
              ),
            ),
            1,
            klTermScaled1(
              f64x2.extract_lane(pv, 1),
              f64x2.extract_lane(qv, 1),
              f64x2.extract_lane(b, 1),
              f64x2.extract_lane(bl, 1),
              lambda,
            ),
          );
        }
        gS = f64x2.add(gS, g);
      }
    }
    if (i == even && i < n) {
      // Odd tail: one element in lane 0.
      const a = load1<T>(p + <usize>i * sz);
      const qv = lane0(load1<T>(q + <usize>i * sz));
      const b = f64x2.mul(qv, lam);
      const bl = prodErr2(qv, b, lh, ll);
      const b0 = f64x2.extract_lane(b, 0);
      const bl0 = f64x2.extract_lane(bl, 0);
      pS = f64x2.add(pS, lane0(a));
      qS = f64x2.add(qS, b);
      lS = f64x2.add(lS, bl);
      dS = f64x2.add(dS, lane0(a - b0 - bl0));
      gS = f64x2.add(gS, lane0(klTermScaled1(a, f64x2.extract_lane(qv, 0), b0, bl0, lambda)));
      i = n;
    }
    acc(ACC, gS);
    acc(ACC + 32, pS);
    acc(ACC + 64, qS);
    accLo(ACC + 64, lS);
    acc(ACC + 96, dS);
  }
  return finishKl(st);
}

export function klScaledF64(p: usize, q: usize, n: i32, lambda: f64, st: usize): i32 {
  return klScaledRange<f64>(p, q, n, lambda, st);
}

export function klScaledF32(p: usize, q: usize, n: i32, lambda: f64, st: usize): i32 {
  return klScaledRange<f32>(p, q, n, lambda, st);
}

/**
 * The KL states of `rows` rows of `n` elements (row-major at p, q) at out + 80·r (src/fast/hooks.ts,
 * klRowsFast), each cleared and formed as klDivergence forms a vector's: probabilities by klRange;
 * with `counts`, Q scaled by λ = Σp/Σq (plain sums in element order, as klAdd of
 * src/measures/kl.ts; λ = 1 when they are 1 or equal) by klScaledRange. λ is stored at slot 9 of
 * the row's state, NaN where Σp/Σq is not a normal double (the caller then computes that row as
 * klDivergence does, with its rescue). Returns 1 when some element may be invalid, else 0.
 */
function klRowsRange<T>(p: usize, q: usize, n: i32, rows: i32, out: usize, counts: i32): i32 {
  const sz = <usize>sizeof<T>();
  const rowBytes = <usize>n * sz;
  let flag = 0;
  for (let r = 0; r < rows; r++) {
    const st = out + <usize>r * 80;
    const pr = p + <usize>r * rowBytes;
    const qr = q + <usize>r * rowBytes;
    memory.fill(st, 0, 80);
    let lambda: f64 = 1;
    if (counts != 0) {
      let sp: f64 = 0;
      let sq: f64 = 0;
      for (let i = 0; i < n; i++) {
        sp += load1<T>(pr + <usize>i * sz);
        sq += load1<T>(qr + <usize>i * sz);
      }
      const ratio = sp / sq;
      if (ratio > 2.2250738585072014e-308 && ratio < Infinity) lambda = ratio;
      else if (sp > 0 && sq > 0 && sp < Infinity && sq < Infinity) lambda = NaN;
    }
    flag |= lambda == 1 || lambda != lambda ? klRange<T>(pr, qr, n, st) : klScaledRange<T>(pr, qr, n, lambda, st);
    store<f64>(st, lambda, 72);
  }
  return flag;
}

export function klRowsF64(p: usize, q: usize, n: i32, rows: i32, out: usize, counts: i32): i32 {
  return klRowsRange<f64>(p, q, n, rows, out, counts);
}

export function klRowsF32(p: usize, q: usize, n: i32, rows: i32, out: usize, counts: i32): i32 {
  return klRowsRange<f32>(p, q, n, rows, out, counts);
}
