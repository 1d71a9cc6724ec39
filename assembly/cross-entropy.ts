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

export function crossEntropyF64(p: usize, q: usize, n: i32, st: usize): i32 {
  return crossFused<f64>(p, q, n, st);
}

export function crossEntropyF32(p: usize, q: usize, n: i32, st: usize): i32 {
  return crossFused<f32>(p, q, n, st);
}

/**
 * Cross-entropy states of `rows` rows of `n` elements (row-major at p, q), each as
 * crossEntropyF64 forms a vector's, row r at out + 64·r (src/fast/hooks.ts, crossRowsFast). Returns
 * 1 when some row's kernel returned 1 (an element may be invalid, or its largest q is beyond 2^1000),
 * else 0.
 */
function crossRows<T>(p: usize, q: usize, n: i32, rows: i32, out: usize): i32 {
  const rowBytes = <usize>n * sizeof<T>();
  let flag = 0;
  for (let r = 0; r < rows; r++) {
    const st = out + <usize>r * 64;
    memory.fill(st, 0, 64);
    flag |= crossFused<T>(p + <usize>r * rowBytes, q + <usize>r * rowBytes, n, st);
  }
  return flag;
}

export function crossRowsF64(p: usize, q: usize, n: i32, rows: i32, out: usize): i32 {
  return crossRows<f64>(p, q, n, rows, out);
}

export function crossRowsF32(p: usize, q: usize, n: i32, rows: i32, out: usize): i32 {
  return crossRows<f32>(p, q, n, rows, out);
}
