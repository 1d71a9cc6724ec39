// Cross-entropy of probabilities or counts in one pass over memory, as a sum of non-negative terms:
// with M ≥ every qᵢ, −log q̂ᵢ = log(M/qᵢ) + log(Sq/M) (q̂ = q/Sq), so
//   H(P, Q) = Σ pᵢ·log(M/qᵢ) / Sp + log(Sq/M),
// both parts ≥ 0: no cancellation, full relative accuracy. Per chunk (small enough to stay in the
// cache) its own maximum m of q first, then B = Σ p·log(m/q) relative to it; the JavaScript side
// merges the chunk states in chunk order, raising each to the common reference
// (B += Sp·log(M/m)), as entropy-fused.ts does for the entropy.

import { acc, flush, twoSumLo } from "./accumulate";
import { BLOCK, kv } from "./constants";
import { lane0, load1, load2 } from "./loads";
import { logRatio1, logRatio2 } from "./log-ratio";
import { ACC, clearAcc } from "./memory";

/** Outcomes with pᵢ > 0 = qᵢ seen by crossTerm1 (+∞ terms), per call. */
let infinite: i32 = 0;

/** One term p·log(m/q) in scalar arithmetic (zeros and subnormals of q); +∞ terms are counted. */
function crossTerm1(a: f64, b: f64, m: f64): f64 {
  if (a == 0) return 0;
  if (b == 0) {
    infinite++;
    return 0;
  }
  if (b == m) return 0;
  return a * logRatio1(m, b);
}


/**
 * State at st (64 bytes): [m, Sp_hi, Sp_lo, Sq_hi, Sq_lo, B_hi, B_lo, K] with m the chunk's largest
 * qᵢ and K the count of outcomes with pᵢ > 0 = qᵢ. Returns 0, or 1 when an element may be negative,
 * NaN or infinite, or m is beyond 2^1000 (the caller then takes the TypeScript path). Pass 1 reads
 * the chunk from memory: the maximum of q, the minima of p and q, and Sp, Sq compensated element by
 * element (TwoSum: the result uses Sq − M, which cancels when one qᵢ dominates). Pass 2 reads it
 * again from the cache: B, on the branch-free vector path for blocks whose qᵢ are all ≥ MIN_FAST.
 */
function crossFused<T>(p: usize, q: usize, n: i32, st: usize): i32 {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  const zero = f64x2.splat(0);
  let hi = zero;
  let loP = kv(48 /* Infinity */);
  let loQ = kv(48 /* Infinity */);
  let pH = zero;
  let pL = zero;
  let qH = zero;
  let qL = zero;
  let i = 0;
  for (; i < n; i += 2) {
    let pv: v128;
    let qv: v128;
    if (i < even) {
      pv = load2<T>(p + <usize>i * sz);
      qv = load2<T>(q + <usize>i * sz);
      loQ = f64x2.pmin(loQ, qv);
    } else {
      pv = lane0(load1<T>(p + <usize>i * sz));
      qv = lane0(load1<T>(q + <usize>i * sz));
      loQ = f64x2.pmin(loQ, f64x2.replace_lane(qv, 1, Infinity));
    }
    hi = f64x2.pmax(hi, qv);
    loP = f64x2.pmin(loP, pv);
    let t = f64x2.add(pH, pv);
    pL = f64x2.add(pL, twoSumLo(pH, pv, t));
    pH = t;
    t = f64x2.add(qH, qv);
    qL = f64x2.add(qL, twoSumLo(qH, qv, t));
    qH = t;
  }
  const m = max(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1));
  const mnP = min(f64x2.extract_lane(loP, 0), f64x2.extract_lane(loP, 1));
  const mnQ = min(f64x2.extract_lane(loQ, 0), f64x2.extract_lane(loQ, 1));
  clearAcc();
  v128.store(ACC, pH);
  v128.store(ACC, pL, 16);
  v128.store(ACC + 32, qH);
  v128.store(ACC + 32, qL, 16);
  store<f64>(st, m);
  flush(ACC, st + 8, 0);
  flush(ACC + 32, st + 8, 2);
  const sp = load<f64>(st, 8) + load<f64>(st, 16);
  const sq = load<f64>(st, 24) + load<f64>(st, 32);
  // 2^1000: log(m/q) of the vector path needs m well inside the double range (log-ratio.ts).
  if (!(mnP >= 0 && mnQ >= 0 && m < 1.0715086071862673e301 && sp - sp == 0 && sq - sq == 0))
    return 1;
  infinite = 0;
  const mv = f64x2.splat(m);
  const minFast = kv(87 /* MIN_FAST */);
  i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    const start = i;
    let bS = zero;
    let mn = kv(48 /* Infinity */);
    if (mnQ >= f64x2.extract_lane(minFast, 0)) {
      for (; i < end; i += 2) {
        const qv = load2<T>(q + <usize>i * sz);
        bS = f64x2.add(bS, f64x2.mul(load2<T>(p + <usize>i * sz), logRatio2(mv, qv)));
      }
    } else {
      // Branch-free first, confirmed by the block's minimum of q; a block with zeros or
      // subnormals is redone element pair by element pair.
      for (; i < end; i += 2) {
        const qv = load2<T>(q + <usize>i * sz);
        mn = f64x2.pmin(mn, qv);
        bS = f64x2.add(bS, f64x2.mul(load2<T>(p + <usize>i * sz), logRatio2(mv, qv)));
      }
      if (v128.any_true(f64x2.lt(mn, minFast))) {
        i = start;
        bS = zero;
        for (; i < end; i += 2) {
          const pv = load2<T>(p + <usize>i * sz);
          const qv = load2<T>(q + <usize>i * sz);
          if (v128.any_true(f64x2.lt(qv, minFast))) {
            bS = f64x2.add(
              bS,
              f64x2.replace_lane(
                f64x2.splat(crossTerm1(f64x2.extract_lane(pv, 0), f64x2.extract_lane(qv, 0), m)),
                1,
                crossTerm1(f64x2.extract_lane(pv, 1), f64x2.extract_lane(qv, 1), m),
              ),
            );
          } else {
            bS = f64x2.add(bS, f64x2.mul(pv, logRatio2(mv, qv)));
          }
        }
      }
    }
    if (i == even && i < n) {
      const a = load1<T>(p + <usize>i * sz);
      const b = load1<T>(q + <usize>i * sz);
      bS = f64x2.add(bS, lane0(crossTerm1(a, b, m)));
      i = n;
    }
    acc(ACC + 64, bS);
  }
  flush(ACC + 64, st + 8, 4);
  store<f64>(st, <f64>infinite, 56);
  return 0;
}

/**
 * p·log(m/q) of two lanes: the vector terms, and the scalar term (crossTerm1: p = 0, q = 0 < p
 * counted as +∞, subnormals) in a lane whose q is below MIN_FAST only, so that a normal lane keeps
 * its log ratio with exact exponents beside a zero (see knownTerm2 of entropy-fused.ts).
 */
// @ts-ignore: decorator
@inline
function crossKnownTerm2(pv: v128, qv: v128, mv: v128, m: f64, minFast: v128): v128 {
  const small = f64x2.lt(qv, minFast);
  const vec = f64x2.mul(pv, logRatio2(mv, qv));
  if (!v128.any_true(small)) return vec;
  const scalar = f64x2.replace_lane(
    f64x2.splat(
      f64x2.extract_lane(small, 0) != 0
        ? crossTerm1(f64x2.extract_lane(pv, 0), f64x2.extract_lane(qv, 0), m)
        : 0,
    ),
    1,
    f64x2.extract_lane(small, 1) != 0
      ? crossTerm1(f64x2.extract_lane(pv, 1), f64x2.extract_lane(qv, 1), m)
      : 0,
  );
  return v128.bitselect(scalar, vec, small);
}

/**
 * The cross-entropy state of p[0..n), q[0..n) (as crossFused's) against a reference `m` known to
 * bound every qᵢ (m = 1 for probabilities) in one pass from memory: Sp, Sq compensated element by
 * element, B = Σ p·log(m/q) on the vector path, a block with a q below MIN_FAST redone from the
 * cache lane by lane. Returns 1 when an element may be invalid or some qᵢ exceeds m (the caller
 * then takes crossFused), else 0.
 */
function crossKnown<T>(p: usize, q: usize, n: i32, m: f64, st: usize): i32 {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  const zero = f64x2.splat(0);
  const minFast = kv(87 /* MIN_FAST */);
  const mv = f64x2.splat(m);
  clearAcc();
  infinite = 0;
  let hi = zero;
  let loP = kv(48 /* Infinity */);
  let loQ = kv(48 /* Infinity */);
  let pH = zero;
  let pL = zero;
  let qH = zero;
  let qL = zero;
  let i = 0;
  while (i < even) {
    const end = min(i + 2 * BLOCK, even);
    const start = i;
    let bS = zero;
    let mnQ = kv(48 /* Infinity */);
    for (; i < end; i += 2) {
      const pv = load2<T>(p + <usize>i * sz);
      const qv = load2<T>(q + <usize>i * sz);
      mnQ = f64x2.pmin(mnQ, qv);
      hi = f64x2.pmax(hi, qv);
      loP = f64x2.pmin(loP, pv);
      let t = f64x2.add(pH, pv);
      pL = f64x2.add(pL, twoSumLo(pH, pv, t));
      pH = t;
      t = f64x2.add(qH, qv);
      qL = f64x2.add(qL, twoSumLo(qH, qv, t));
      qH = t;
      bS = f64x2.add(bS, f64x2.mul(pv, logRatio2(mv, qv)));
    }
    loQ = f64x2.pmin(loQ, mnQ);
    if (v128.any_true(f64x2.lt(mnQ, minFast))) {
      // Zeros or subnormals of q in the block: B again from the cache, lane by lane where needed
      // (the sums are summed above, whatever the terms).
      bS = zero;
      for (let j = start; j < end; j += 2) {
        const pv = load2<T>(p + <usize>j * sz);
        bS = f64x2.add(bS, crossKnownTerm2(pv, load2<T>(q + <usize>j * sz), mv, m, minFast));
      }
    }
    acc(ACC + 64, bS);
  }
  if (i < n) {
    const a = load1<T>(p + <usize>i * sz);
    const b = load1<T>(q + <usize>i * sz);
    const pv = lane0(a);
    const qv = lane0(b);
    hi = f64x2.pmax(hi, qv);
    loP = f64x2.pmin(loP, f64x2.replace_lane(pv, 1, Infinity));
    loQ = f64x2.pmin(loQ, f64x2.replace_lane(qv, 1, Infinity));
    let t = f64x2.add(pH, pv);
    pL = f64x2.add(pL, twoSumLo(pH, pv, t));
    pH = t;
    t = f64x2.add(qH, qv);
    qL = f64x2.add(qL, twoSumLo(qH, qv, t));
    qH = t;
    if (a >= 0 && b >= 0 && b <= m)
      acc(ACC + 64, lane0(f64x2.extract_lane(crossKnownTerm2(pv, qv, mv, m, minFast), 0)));
  }
  v128.store(ACC, pH);
  v128.store(ACC, pL, 16);
  v128.store(ACC + 32, qH);
  v128.store(ACC + 32, qL, 16);
  store<f64>(st, m);
  flush(ACC, st + 8, 0);
  flush(ACC + 32, st + 8, 2);
  flush(ACC + 64, st + 8, 4);
  store<f64>(st, <f64>infinite, 56);
  const top = max(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1));
  const mnP = min(f64x2.extract_lane(loP, 0), f64x2.extract_lane(loP, 1));
  const mnQ = min(f64x2.extract_lane(loQ, 0), f64x2.extract_lane(loQ, 1));
  const sp = load<f64>(st, 8) + load<f64>(st, 16);
  const sq = load<f64>(st, 24) + load<f64>(st, 32);
  const b = load<f64>(st, 40) + load<f64>(st, 48);
  return mnP >= 0 && mnQ >= 0 && top <= m && sp - sp == 0 && sq - sq == 0 && b == b ? 0 : 1;
}

/**
 * The cross-entropy state at st (cleared here): against the known bound `m` of q in one pass
 * (crossKnown) where m > 0 (1 for probabilities), else, or where some qᵢ exceeds m or an element may
 * be invalid, by crossFused (each chunk's own maximum; its flag). Of a vector's chunk and of each
 * row alike (the same bits for both).
 */
// @ts-ignore: decorator
@inline
function crossAuto<T>(p: usize, q: usize, n: i32, m: f64, st: usize): i32 {
  memory.fill(st, 0, 64);
  if (m > 0 && crossKnown<T>(p, q, n, m, st) == 0) return 0;
  memory.fill(st, 0, 64);
  return crossFused<T>(p, q, n, st);
}

export function crossEntropyF64(p: usize, q: usize, n: i32, m: f64, st: usize): i32 {
  return crossAuto<f64>(p, q, n, m, st);
}

export function crossEntropyF32(p: usize, q: usize, n: i32, m: f64, st: usize): i32 {
  return crossAuto<f32>(p, q, n, m, st);
}

/**
 * Cross-entropy states of `rows` rows of `n` elements (row-major at p, q), each as
 * crossEntropyF64 forms a vector's (`m`: its bound of q, 1 for probabilities, else 0), row r at out + 64·r (src/fast/hooks.ts, crossRowsFast). Returns
 * 1 when some row's kernel returned 1 (an element may be invalid, or its largest q is beyond 2^1000),
 * else 0.
 */
function crossRows<T>(p: usize, q: usize, n: i32, rows: i32, out: usize, m: f64): i32 {
  const rowBytes = <usize>n * sizeof<T>();
  let flag = 0;
  for (let r = 0; r < rows; r++) {
    const st = out + <usize>r * 64;
    flag |= crossAuto<T>(p + <usize>r * rowBytes, q + <usize>r * rowBytes, n, m, st);
  }
  return flag;
}

export function crossRowsF64(p: usize, q: usize, n: i32, rows: i32, out: usize, m: f64): i32 {
  return crossRows<f64>(p, q, n, rows, out, m);
}

export function crossRowsF32(p: usize, q: usize, n: i32, rows: i32, out: usize, m: f64): i32 {
  return crossRows<f32>(p, q, n, rows, out, m);
}
