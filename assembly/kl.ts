// KL divergence of probabilities or counts: the vector and scalar terms
// g(p, q) = p·log(p/q) − p + q, and the one-pass state (G, Sp, Sq, δ, count of +∞ terms) of a
// range of p and q.

import { acc, flush } from "./accumulate";
import { BLOCK, ki, kv } from "./constants";
import { finite2, lane0, load1, load2 } from "./loads";
import { logRatio1, polyB } from "./log-ratio";
import { ACC, clearAcc } from "./memory";

// State of the current call (KL of probabilities, scaled or of logits), set by the scalar terms:
// the count of +∞ terms (q = 0 < p) and whether a negative element was seen.
export let infCount: f64 = 0;
export let invalid = false;

/**
 * g(p, q) = p·log(p/q) − p + q for positive normal finite p, q (vectors; q as for the reduction).
 * With mp = p·2^-k, qk = q·2^k (both exact: integer arithmetic on the exponent fields; qk ≈ p/r
 * is a normal number as p is), t = mp + q, s = (mp − q)/t, u = s² and
 * log(p/q) = k·ln2 + 2s·(1 + u·B): 2ps − (p − q) = 2^k·(2mp·s − (mp − q)) + q − qk
 * = (p + qk)·u + q − qk, so
 *   g = p·k·ln2 + (q − qk) + (p + qk)·u + 2ps·u·B.
 * Where k = 0 (p and q within a factor of about 1.5) qk = q and this is (p + q)·u + 2ps·u·B: two
 * terms of the same sign and no cancellation, however close p and q are. Where k ≠ 0,
 * |log(p/q)| > 0.28 and the terms cancel by a factor of 15 at most (a few ulps of g). One formula
 * for all lanes, no select. Lanes whose mp or qk would overflow come out NaN (the caller checks).
 */
// @ts-ignore: decorator
@inline
export function klTerm2(p: v128, q: v128): v128 {
  const kb = i64x2.shr_u(i64x2.add(i64x2.sub(p, q), ki(2 /* HALF_EXP + 2^63 */)), 52);
  const ks = v128.xor(i64x2.shl(kb, 52), ki(3 /* 2^63 */)); // k·2^52
  const mp = i64x2.sub(p, ks);
  const qk = i64x2.add(q, ks);
  const s = f64x2.div(f64x2.sub(mp, q), f64x2.add(mp, q));
  const kf = f64x2.sub(i64x2.add(kb, ki(0 /* MAGIC_BITS */)), kv(88 /* MAGIC + 2048 */));
  const u = f64x2.mul(s, s);
  // Everything but the last two operations is independent of B (shorter dependency chains).
  const sp2u = f64x2.mul(f64x2.mul(f64x2.add(s, s), p), u);
  const c = f64x2.add(f64x2.mul(p, f64x2.mul(kf, kv(86 /* LN2 */))), f64x2.sub(q, qk));
  const x = f64x2.add(c, f64x2.mul(f64x2.add(p, qk), u));
  return f64x2.add(x, f64x2.mul(sp2u, polyB(u)));
}

/** g = t·u·(A(u) + s·B(u)), s = d/t, u = s² (the series of klTerm, same degree). */
export function klSeries2(d: v128, t: v128): v128 {
  const s = f64x2.div(d, t);
  const u = f64x2.mul(s, s);
  let a = kv(3 /* 1.0 / 19.0 */);
  let b = kv(1 /* 1.0 / 21.0 */);
  a = f64x2.add(f64x2.mul(a, u), kv(5 /* 1.0 / 17.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(3 /* 1.0 / 19.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(7 /* 1.0 / 15.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(5 /* 1.0 / 17.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(9 /* 1.0 / 13.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(7 /* 1.0 / 15.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(0 /* 1.0 / 11.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(9 /* 1.0 / 13.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(2 /* 1.0 / 9.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(0 /* 1.0 / 11.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(4 /* 1.0 / 7.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(2 /* 1.0 / 9.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(6 /* 1.0 / 5.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(4 /* 1.0 / 7.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(8 /* 1.0 / 3.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(6 /* 1.0 / 5.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(16 /* 1.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(8 /* 1.0 / 3.0 */));
  return f64x2.mul(f64x2.mul(t, u), f64x2.add(a, f64x2.mul(s, b)));
}

/**
 * One KL term in scalar arithmetic, as klTerm of src/numeric/phi.ts (zeros, subnormals); counts
 * +∞ terms.
 */
export function klTerm1(p: f64, q: f64): f64 {
  if (!(p >= 0 && q >= 0)) {
    invalid = true; // negative (NaN also shows in the sums)
    return 0;
  }
  if (p == q) return 0;
  if (p == 0) return q;
  if (q == 0) {
    infCount += 1;
    return 0;
  }
  const d = p - q;
  const t = p + q;
  if (t == Infinity) return 2 * klTerm1(p / 2, q / 2); // g(2a, 2b) = 2·g(a, b)
  const s = d / t;
  if (s < 0.1 && s > -0.1) {
    return f64x2.extract_lane(klSeries2(f64x2.splat(d), f64x2.splat(t)), 0);
  }
  return p * logRatio1(p, q) - d;
}

/**
 * Writes the KL workspace's four compensated lane pairs (G, Sp, Sq, δ) and the count of +∞ terms
 * into st; returns 0 when every element was valid, 1 when some may not be (NaN and ±∞ anywhere
 * make Sp or Sq non-finite; negatives set `invalid` or show in the block minimum).
 */
export function finishKl(st: usize): i32 {
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  flush(ACC + 64, st, 4);
  flush(ACC + 96, st, 6);
  store<f64>(st, load<f64>(st, 64) + infCount, 64);
  const sp = load<f64>(st, 16) + load<f64>(st, 24);
  const sq = load<f64>(st, 32) + load<f64>(st, 40);
  if (invalid || !(sp - sp == 0) || !(sq - sq == 0)) return 1;
  return 0;
}

/**
 * Accumulates the KL state over n elements of p and q into st (f64 slots: G, Sp, Sq, δ as hi/lo
 * pairs, then the count of +∞ terms). Returns 0 when every element was valid (finite, ≥ 0), 1 when
 * some element may not be (the caller then scans exactly; the state is then meaningless).
 */
export function klRange<T>(p: usize, q: usize, n: i32, st: usize): i32 {
  clearAcc();
  infCount = 0;
  const sz = <usize>sizeof<T>();
  const minFast = kv(87 /* MIN_FAST */);
  invalid = false;
  const even = n & ~1;
  let i = 0;
  while (i < n) {
    const start = i;
    const end = min(i + 2 * BLOCK, even);
    // One pass: the sums, the minimum and the terms (valid for values in [MIN_FAST, MAX/1.5],
    // confirmed afterwards by the minimum and a finite sum of the terms).
    let pS = f64x2.splat(0);
    let qS = f64x2.splat(0);
    let dS = f64x2.splat(0);
    let mn = kv(48 /* Infinity */);
    let gS = f64x2.splat(0);
    for (; i < end; i += 2) {
      const pv = load2<T>(p + <usize>i * sz);
      const qv = load2<T>(q + <usize>i * sz);
      mn = f64x2.pmin(mn, f64x2.pmin(pv, qv));
      pS = f64x2.add(pS, pv);
      qS = f64x2.add(qS, qv);
      dS = f64x2.add(dS, f64x2.sub(pv, qv));
      gS = f64x2.add(gS, klTerm2(pv, qv));
    }
    const slow = v128.any_true(f64x2.lt(mn, minFast)) || !finite2(gS);
    if (slow) {
      // Zeros, tiny or huge values, negatives or NaN in this block: redo it pair by pair.
      gS = f64x2.splat(0);
      for (i = start; i < end; i += 2) {
        const pv = load2<T>(p + <usize>i * sz);
        const qv = load2<T>(q + <usize>i * sz);
        const m = f64x2.pmin(pv, qv);
        let g = f64x2.splat(0);
        if (!v128.any_true(f64x2.lt(m, minFast))) g = klTerm2(pv, qv);
        if (v128.any_true(f64x2.lt(m, minFast)) || !finite2(g)) {
          g = f64x2.replace_lane(
            f64x2.splat(klTerm1(f64x2.extract_lane(pv, 0), f64x2.extract_lane(qv, 0))),
            1,
            klTerm1(f64x2.extract_lane(pv, 1), f64x2.extract_lane(qv, 1)),
          );
        }
        gS = f64x2.add(gS, g);
      }
    }
    i = end;
    if (i == even && i < n) {
      // Odd tail: one element in lane 0.
      const a = load1<T>(p + <usize>i * sz);
      const b = load1<T>(q + <usize>i * sz);
      pS = f64x2.add(pS, lane0(a));
      qS = f64x2.add(qS, lane0(b));
      dS = f64x2.add(dS, lane0(a - b));
      gS = f64x2.add(gS, lane0(klTerm1(a, b)));
      i = n;
    }
    acc(ACC, gS);
    acc(ACC + 32, pS);
    acc(ACC + 64, qS);
    acc(ACC + 96, dS);
  }
  return finishKl(st);
}

export function klF64(p: usize, q: usize, n: i32, st: usize): i32 {
  return klRange<f64>(p, q, n, st);
}

export function klF32(p: usize, q: usize, n: i32, st: usize): i32 {
  return klRange<f32>(p, q, n, st);
}
