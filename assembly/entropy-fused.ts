// Entropy of probabilities or counts in one pass over memory: per chunk (small enough to stay in
// the cache) its own maximum m, then S = Σx and B = Σ x·log(m/x) relative to it. The JavaScript side
// merges the chunk states in chunk order, raising each to the common reference (B += S·log(M/m)),
// as entropyMerge of src/numeric/entropy-kernel.ts does. One read of the inputs from memory instead
// of two (maximum, then sums), and for copied inputs one copy instead of two.

import { acc, flush } from "./accumulate";
import { BLOCK, kv } from "./constants";
import { lane0, load1, load2 } from "./loads";
import { logRatio2 } from "./log-ratio";
import { ACC, clearAcc } from "./memory";
import { entropyRangeB, entropyTerm1 } from "./entropy";

/**
 * State at st (40 bytes): [m, S_hi, S_lo, B_hi, B_lo]. Returns 0, or 1 when an element may be
 * negative, NaN or infinite (the caller re-scans). Pass 1 reads the chunk from memory: its maximum
 * and minimum (pmax/pmin, one instruction each; a NaN shows in S) and S, compensated element by
 * element (TwoSum; the entropy uses S − M, which cancels when one value dominates). Pass 2 reads
 * it again from the cache: B, on the branch-free vector path when the minimum allows it.
 */
function entropyFused<T>(x: usize, n: i32, st: usize): i32 {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  let hi = f64x2.splat(0);
  let lo = kv(48 /* Infinity */);
  let sH = f64x2.splat(0);
  let sL = f64x2.splat(0);
  let i = 0;
  for (; i < even; i += 2) {
    const v = load2<T>(x + <usize>i * sz);
    hi = f64x2.pmax(hi, v);
    lo = f64x2.pmin(lo, v);
    const t = f64x2.add(sH, v);
    const bp = f64x2.sub(t, sH);
    sL = f64x2.add(sL, f64x2.add(f64x2.sub(sH, f64x2.sub(t, bp)), f64x2.sub(v, bp)));
    sH = t;
  }
  if (i < n) {
    const v = lane0(load1<T>(x + <usize>i * sz));
    hi = f64x2.pmax(hi, v);
    lo = f64x2.pmin(lo, f64x2.replace_lane(v, 1, Infinity));
    const t = f64x2.add(sH, v);
    const bp = f64x2.sub(t, sH);
    sL = f64x2.add(sL, f64x2.add(f64x2.sub(sH, f64x2.sub(t, bp)), f64x2.sub(v, bp)));
    sH = t;
  }
  const m = max(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1));
  const mn = min(f64x2.extract_lane(lo, 0), f64x2.extract_lane(lo, 1));
  clearAcc();
  v128.store(ACC, sH);
  v128.store(ACC, sL, 16);
  store<f64>(st, m);
  flush(ACC, st + 8, 0);
  const s = load<f64>(st, 8) + load<f64>(st, 16);
  if (!(mn >= 0 && m < Infinity && s == s)) return 1;
  if (m == 0) return 0;
  if (mn >= f64x2.extract_lane(kv(87 /* MIN_FAST */), 0)) {
    // Every element is on the vector path: no minimum to track, no block to redo.
    const mv = f64x2.splat(m);
    i = 0;
    while (i < even) {
      const end = min(i + 2 * BLOCK, even);
      let bS = f64x2.splat(0);
      for (; i < end; i += 2) {
        const v = load2<T>(x + <usize>i * sz);
        bS = f64x2.add(bS, f64x2.mul(v, logRatio2(mv, v)));
      }
      acc(ACC + 32, bS);
    }
    if (i < n) {
      const a = load1<T>(x + <usize>i * sz);
      if (a != m) acc(ACC + 32, lane0(f64x2.extract_lane(f64x2.mul(f64x2.splat(a), logRatio2(mv, f64x2.splat(a))), 0)));
    }
    flush(ACC + 32, st + 8, 2);
  } else {
    entropyRangeB<T>(x, n, m, st + 8);
  }
  return 0;
}

export function entropyFusedF64(x: usize, n: i32, st: usize): i32 {
  return entropyFused<f64>(x, n, st);
}

export function entropyFusedF32(x: usize, n: i32, st: usize): i32 {
  return entropyFused<f32>(x, n, st);
}

/**
 * The entropy states of `rows` rows of `n` elements (row-major at x) at out + 40·r, each cleared and
 * formed as entropyFused forms a vector's (src/fast/hooks.ts, entropyRowsFast); returns 1 when some
 * element may be invalid, else 0.
 */
function entropyRowsRange<T>(x: usize, n: i32, rows: i32, out: usize, m: f64): i32 {
  const rowBytes = <usize>n * sizeof<T>();
  let flag = 0;
  for (let r = 0; r < rows; r++) {
    flag |= entropyAuto<T>(x + <usize>r * rowBytes, n, m, out + <usize>r * 40);
  }
  return flag;
}

export function entropyRowsF64(x: usize, n: i32, rows: i32, out: usize, m: f64): i32 {
  return entropyRowsRange<f64>(x, n, rows, out, m);
}

export function entropyRowsF32(x: usize, n: i32, rows: i32, out: usize, m: f64): i32 {
  return entropyRowsRange<f32>(x, n, rows, out, m);
}

/**
 * The entropy state of x[0..n) at st (cleared here): against the known bound `m` in one pass
 * (entropyKnown) where m > 0 (1 for probabilities), else, or where an element exceeds m or may be
 * invalid, by entropyFused (its own maximum; its flag). The kernel of every entropy of
 * probabilities or counts: of a vector's chunk and of each row (the same bits for both).
 */
// @ts-ignore: decorator
@inline
function entropyAuto<T>(x: usize, n: i32, m: f64, st: usize): i32 {
  memory.fill(st, 0, 40);
  if (m > 0 && entropyKnown<T>(x, n, m, st) == 0) return 0;
  memory.fill(st, 0, 40);
  return entropyFused<T>(x, n, st);
}

export function entropyAutoF64(x: usize, n: i32, m: f64, st: usize): i32 {
  return entropyAuto<f64>(x, n, m, st);
}

export function entropyAutoF32(x: usize, n: i32, m: f64, st: usize): i32 {
  return entropyAuto<f32>(x, n, m, st);
}

/**
 * The entropy state [m, S_hi, S_lo, B_hi, B_lo] of x[0..n) against a reference `m` known to bound
 * every element (m = 1 for probabilities, whose elements cannot exceed their sum), in one pass
 * from memory: S = Σx compensated element by element (as entropyFused) and B = Σ x·log(m/x) on the
 * branch-free vector path, a block whose minimum is below MIN_FAST redone from the cache with the
 * scalar terms (as entropyRange). No pass for the maximum: ~10 % less time than entropyFused at
 * 10⁷ here. Returns 1 when an element may be negative, NaN or infinite, or exceeds m (the caller
 * then takes entropyFused), else 0.
 */
/**
 * x·log(m/x) of two lanes: the vector terms, and the scalar term (entropyTerm1) in a lane below
 * MIN_FAST (zeros, subnormals) only. A normal lane keeps the vector term even beside a zero: its
 * log ratio has exact exponents, where the scalar log(m/x) of a rounded quotient m/x would lose the
 * digits of a value just below the bound (x = 1 − 10⁻¹², a near-certain outcome: 10⁻⁴ of its term,
 * 4·10⁻⁶ of H, found by test/fast/entropy-bound.test.ts).
 */
// @ts-ignore: decorator
@inline
function knownTerm2(v: v128, mv: v128, m: f64, minFast: v128): v128 {
  const small = f64x2.lt(v, minFast);
  const vec = f64x2.mul(v, logRatio2(mv, v));
  if (!v128.any_true(small)) return vec;
  const scalar = f64x2.replace_lane(
    f64x2.splat(entropyTerm1(f64x2.extract_lane(v, 0), m)),
    1,
    entropyTerm1(f64x2.extract_lane(v, 1), m),
  );
  return v128.bitselect(scalar, vec, small);
}

function entropyKnown<T>(x: usize, n: i32, m: f64, st: usize): i32 {
  clearAcc();
  const sz = <usize>sizeof<T>();
  const minFast = kv(87 /* MIN_FAST */);
  const mv = f64x2.splat(m);
  const even = n & ~1;
  let hi = f64x2.splat(0);
  let lo = kv(48 /* Infinity */);
  let sH = f64x2.splat(0);
  let sL = f64x2.splat(0);
  let i = 0;
  while (i < even) {
    const end = min(i + 2 * BLOCK, even);
    const start = i;
    let bS = f64x2.splat(0);
    let mn = kv(48 /* Infinity */);
    for (; i < end; i += 2) {
      const v = load2<T>(x + <usize>i * sz);
      mn = f64x2.pmin(mn, v);
      hi = f64x2.pmax(hi, v);
      const t = f64x2.add(sH, v);
      const bp = f64x2.sub(t, sH);
      sL = f64x2.add(sL, f64x2.add(f64x2.sub(sH, f64x2.sub(t, bp)), f64x2.sub(v, bp)));
      sH = t;
      bS = f64x2.add(bS, f64x2.mul(v, logRatio2(mv, v)));
    }
    lo = f64x2.pmin(lo, mn);
    if (v128.any_true(f64x2.lt(mn, minFast))) {
      // Zeros or subnormals in the block: B again from the cache, lane by lane where needed (S
      // is summed above, whatever the terms).
      bS = f64x2.splat(0);
      for (let j = start; j < end; j += 2)
        bS = f64x2.add(bS, knownTerm2(load2<T>(x + <usize>j * sz), mv, m, minFast));
    }
    acc(ACC + 32, bS);
  }
  if (i < n) {
    const a = load1<T>(x + <usize>i * sz);
    const v = lane0(a);
    hi = f64x2.pmax(hi, v);
    lo = f64x2.pmin(lo, f64x2.replace_lane(v, 1, Infinity));
    const t = f64x2.add(sH, v);
    const bp = f64x2.sub(t, sH);
    sL = f64x2.add(sL, f64x2.add(f64x2.sub(sH, f64x2.sub(t, bp)), f64x2.sub(v, bp)));
    sH = t;
    if (a >= 0 && a <= m) acc(ACC + 32, lane0(f64x2.extract_lane(knownTerm2(v, mv, m, minFast), 0)));
  }
  v128.store(ACC, sH);
  v128.store(ACC, sL, 16);
  store<f64>(st, m);
  flush(ACC, st + 8, 0);
  flush(ACC + 32, st + 8, 2);
  const top = max(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1));
  const mn = min(f64x2.extract_lane(lo, 0), f64x2.extract_lane(lo, 1));
  const s = load<f64>(st, 8) + load<f64>(st, 16);
  const b = load<f64>(st, 24) + load<f64>(st, 32);
  return mn >= 0 && top <= m && s == s && s < Infinity && b == b ? 0 : 1;
}

export function entropyKnownF64(x: usize, n: i32, m: f64, st: usize): i32 {
  return entropyKnown<f64>(x, n, m, st);
}

export function entropyKnownF32(x: usize, n: i32, m: f64, st: usize): i32 {
  return entropyKnown<f32>(x, n, m, st);
}
