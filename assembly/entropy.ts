// Entropy of probabilities or counts: the largest element (the reference M), and the sums
// S = Σx and B = Σ x·log(M/x) over a range.

import { acc, flush } from "./accumulate";
import { BLOCK, kv } from "./constants";
import { lane0, load1, load2 } from "./loads";
import { logRatio1, logRatio2 } from "./log-ratio";
import { ACC, clearAcc } from "./memory";

/**
 * The largest element of x[0..n) into st[0]; returns 0 when all are finite and ≥ 0, else 1.
 */
function maxRange<T>(x: usize, n: i32, st: usize): i32 {
  const sz = <usize>sizeof<T>();
  let hi = f64x2.splat(0);
  let lo = f64x2.splat(0);
  const even = n & ~1;
  let i = 0;
  for (; i < even; i += 2) {
    const v = load2<T>(x + <usize>i * sz);
    hi = f64x2.max(hi, v);
    lo = f64x2.min(lo, v);
  }
  if (i < n) {
    const v = lane0(load1<T>(x + <usize>i * sz));
    hi = f64x2.max(hi, v);
    lo = f64x2.min(lo, v);
  }
  const m = max(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1));
  const l = min(f64x2.extract_lane(lo, 0), f64x2.extract_lane(lo, 1));
  store<f64>(st, m);
  return l >= 0 && m < Infinity ? 0 : 1; // NaN fails both comparisons
}

export function maxF64(x: usize, n: i32, st: usize): i32 {
  return maxRange<f64>(x, n, st);
}

export function maxF32(x: usize, n: i32, st: usize): i32 {
  return maxRange<f32>(x, n, st);
}

/**
 * One entropy term x·log(M/x) in scalar arithmetic (zeros and subnormals), as
 * src/numeric/kernels.ts.
 */
export function entropyTerm1(x: f64, m: f64): f64 {
  if (x == 0 || x == m) return 0;
  return x * logRatio1(m, x);
}

/**
 * Accumulates S = Σx and B = Σ x·log(M/x) over x[0..n) (valid, ≤ M) into st[0..4) (hi/lo pairs).
 * S is compensated element by element (TwoSum): the entropy uses S − M, which cancels when one
 * value dominates, so S must be as exact as the TypeScript kernel's.
 */
function entropyRange<T>(x: usize, n: i32, m: f64, st: usize): void {
  clearAcc();
  const sz = <usize>sizeof<T>();
  const minFast = kv(87 /* MIN_FAST */);
  const mv = f64x2.splat(m);
  const even = n & ~1;
  let i = 0;
  let sH = f64x2.splat(0);
  let sL = f64x2.splat(0);
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    const start = i;
    const sH0 = sH;
    const sL0 = sL;
    let bS = f64x2.splat(0);
    // Fast pass without per-element branches (values of at least MIN_FAST), confirmed afterwards by
    // the block minimum; a block with zeros or subnormals is redone element pair by element pair.
    let mn = kv(48 /* Infinity */);
    for (; i < end; i += 2) {
      const v = load2<T>(x + <usize>i * sz);
      mn = f64x2.pmin(mn, v);
      const t = f64x2.add(sH, v);
      const bp = f64x2.sub(t, sH);
      sL = f64x2.add(sL, f64x2.add(f64x2.sub(sH, f64x2.sub(t, bp)), f64x2.sub(v, bp)));
      sH = t;
      bS = f64x2.add(bS, f64x2.mul(v, logRatio2(mv, v)));
    }
    if (v128.any_true(f64x2.lt(mn, minFast))) {
      i = start;
      sH = sH0;
      sL = sL0;
      bS = f64x2.splat(0);
    }
    for (; i < end; i += 2) {
      const v = load2<T>(x + <usize>i * sz);
      const t = f64x2.add(sH, v);
      const bp = f64x2.sub(t, sH);
      sL = f64x2.add(sL, f64x2.add(f64x2.sub(sH, f64x2.sub(t, bp)), f64x2.sub(v, bp)));
      sH = t;
      if (v128.any_true(f64x2.lt(v, minFast))) {
        bS = f64x2.add(
          bS,
          f64x2.replace_lane(
            f64x2.splat(entropyTerm1(f64x2.extract_lane(v, 0), m)),
            1,
            entropyTerm1(f64x2.extract_lane(v, 1), m),
          ),
        );
      } else {
        bS = f64x2.add(bS, f64x2.mul(v, logRatio2(mv, v)));
      }
    }
    if (i == even && i < n) {
      const a = lane0(load1<T>(x + <usize>i * sz));
      const t = f64x2.add(sH, a);
      const bp = f64x2.sub(t, sH);
      sL = f64x2.add(sL, f64x2.add(f64x2.sub(sH, f64x2.sub(t, bp)), f64x2.sub(a, bp)));
      sH = t;
      bS = f64x2.add(bS, lane0(entropyTerm1(f64x2.extract_lane(a, 0), m)));
      i = n;
    }
    acc(ACC + 32, bS);
  }
  v128.store(ACC, sH);
  v128.store(ACC, sL, 16);
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
}

export function entropyF64(x: usize, n: i32, m: f64, st: usize): void {
  entropyRange<f64>(x, n, m, st);
}

export function entropyF32(x: usize, n: i32, m: f64, st: usize): void {
  entropyRange<f32>(x, n, m, st);
}

/**
 * B = Σ x·log(M/x) alone over x[0..n) (valid, ≤ M) into st[2..4) (a hi/lo pair), accumulating in
 * the workspace's second lane pair (ACC + 32, cleared by the caller): the B half of entropyRange,
 * for entropy-fused.ts, which has summed S in its first pass.
 */
export function entropyRangeB<T>(x: usize, n: i32, m: f64, st: usize): void {
  const sz = <usize>sizeof<T>();
  const minFast = kv(87 /* MIN_FAST */);
  const mv = f64x2.splat(m);
  const even = n & ~1;
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    const start = i;
    let bS = f64x2.splat(0);
    let mn = kv(48 /* Infinity */);
    for (; i < end; i += 2) {
      const v = load2<T>(x + <usize>i * sz);
      mn = f64x2.pmin(mn, v);
      bS = f64x2.add(bS, f64x2.mul(v, logRatio2(mv, v)));
    }
    if (v128.any_true(f64x2.lt(mn, minFast))) {
      i = start;
      bS = f64x2.splat(0);
    }
    for (; i < end; i += 2) {
      const v = load2<T>(x + <usize>i * sz);
      if (v128.any_true(f64x2.lt(v, minFast))) {
        bS = f64x2.add(
          bS,
          f64x2.replace_lane(
            f64x2.splat(entropyTerm1(f64x2.extract_lane(v, 0), m)),
            1,
            entropyTerm1(f64x2.extract_lane(v, 1), m),
          ),
        );
      } else {
        bS = f64x2.add(bS, f64x2.mul(v, logRatio2(mv, v)));
      }
    }
    if (i == even && i < n) {
      bS = f64x2.add(bS, lane0(entropyTerm1(load1<T>(x + <usize>i * sz), m)));
      i = n;
    }
    acc(ACC + 32, bS);
  }
  flush(ACC + 32, st, 2);
}
