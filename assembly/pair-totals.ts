// Totals of a pair of probabilities or counts in one pass, for linearPair (src/input/pair.ts):
// Sp = Σp, Sq = Σq and δ = Σ(p − q), compensated element by element, and whether every element may
// be finite and ≥ 0. No logarithm: the pass runs at about the speed of memory.

import { flush } from "./accumulate";
import { kv } from "./constants";
import { lane0, load1, load2 } from "./loads";
import { ACC, clearAcc } from "./memory";

// @ts-ignore: decorator
@inline
function twoSumLo(s: v128, v: v128, t: v128): v128 {
  const bp = f64x2.sub(t, s);
  return f64x2.add(f64x2.sub(s, f64x2.sub(t, bp)), f64x2.sub(v, bp));
}

/**
 * Writes [Sp_hi, Sp_lo, Sq_hi, Sq_lo, δ_hi, δ_lo] to st, each sum compensated element by element
 * (TwoSum per lane, as the Neumaier loops of linearPair; the sums decide the error "probabilities
 * sum to …" and the normalization); returns 0 when every element is finite and ≥ 0, 1 when some
 * may not be (a negative shows in the minimum, NaN and ±∞ in the sums; sums that overflow also
 * return 1: the caller then takes the TypeScript loops).
 */
function totalsRange<T>(p: usize, q: usize, n: i32, st: usize): i32 {
  clearAcc();
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  let mn = kv(48 /* Infinity */);
  let pH = f64x2.splat(0);
  let pL = f64x2.splat(0);
  let qH = f64x2.splat(0);
  let qL = f64x2.splat(0);
  let dH = f64x2.splat(0);
  let dL = f64x2.splat(0);
  for (let i = 0; i < n; i += 2) {
    let pv: v128;
    let qv: v128;
    if (i < even) {
      pv = load2<T>(p + <usize>i * sz);
      qv = load2<T>(q + <usize>i * sz);
      mn = f64x2.pmin(mn, f64x2.pmin(pv, qv));
    } else {
      const a = load1<T>(p + <usize>i * sz);
      const b = load1<T>(q + <usize>i * sz);
      pv = lane0(a);
      qv = lane0(b);
      mn = f64x2.pmin(mn, lane0(min(a, b)));
    }
    const dv = f64x2.sub(pv, qv);
    let t = f64x2.add(pH, pv);
    pL = f64x2.add(pL, twoSumLo(pH, pv, t));
    pH = t;
    t = f64x2.add(qH, qv);
    qL = f64x2.add(qL, twoSumLo(qH, qv, t));
    qH = t;
    t = f64x2.add(dH, dv);
    dL = f64x2.add(dL, twoSumLo(dH, dv, t));
    dH = t;
  }
  v128.store(ACC, pH);
  v128.store(ACC, pL, 16);
  v128.store(ACC + 32, qH);
  v128.store(ACC + 32, qL, 16);
  v128.store(ACC + 64, dH);
  v128.store(ACC + 64, dL, 16);
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  flush(ACC + 64, st, 4);
  const m = min(f64x2.extract_lane(mn, 0), f64x2.extract_lane(mn, 1));
  const sp = load<f64>(st) + load<f64>(st, 8);
  const sq = load<f64>(st, 16) + load<f64>(st, 24);
  if (!(m >= 0) || !(sp - sp == 0) || !(sq - sq == 0)) return 1;
  return 0;
}

export function pairTotalsF64(p: usize, q: usize, n: i32, st: usize): i32 {
  return totalsRange<f64>(p, q, n, st);
}

export function pairTotalsF32(p: usize, q: usize, n: i32, st: usize): i32 {
  return totalsRange<f32>(p, q, n, st);
}
