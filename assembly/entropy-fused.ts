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
import { entropyRangeB } from "./entropy";

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
function entropyRowsRange<T>(x: usize, n: i32, rows: i32, out: usize): i32 {
  const rowBytes = <usize>n * sizeof<T>();
  let flag = 0;
  for (let r = 0; r < rows; r++) {
    const st = out + <usize>r * 40;
    memory.fill(st, 0, 40);
    flag |= entropyFused<T>(x + <usize>r * rowBytes, n, st);
  }
  return flag;
}

export function entropyRowsF64(x: usize, n: i32, rows: i32, out: usize): i32 {
  return entropyRowsRange<f64>(x, n, rows, out);
}

export function entropyRowsF32(x: usize, n: i32, rows: i32, out: usize): i32 {
  return entropyRowsRange<f32>(x, n, rows, out);
}
