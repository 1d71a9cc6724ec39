// Entropy of logits, row by row: H(softmax(z)) for each row of a row-major matrix, as the TypeScript
// loop of src/numeric/entropy-log-kernel.ts forms it: with m the row's largest logit,
// S = Σ e^{z−m} and T = Σ e^{z−m}·(m − z), H = log1p(S − 1) + T/S. Every term is ≥ 0 (S ≥ 1 holds
// the maximum's own term 1), so the sums keep full relative accuracy; S − 1 is summed without the
// maximum's terms (counted apart), so it keeps its digits when H is tiny.

import { acc, flush } from "./accumulate";
import { BLOCK, kv } from "./constants";
import { expm1Reduced, expReduce, redScale } from "./exp";
import { lane0, load1, load2 } from "./loads";
import { ACC, ROW_STATE, clearAcc } from "./memory";

/** e^x for two lanes with −700 ≤ x ≤ 0: 2^n·(1 + expm1(r)), the reduction of exp.ts. */
// @ts-ignore: decorator
@inline
function exp2v(x: v128): v128 {
  const r = expReduce(x);
  const s = redScale;
  return f64x2.mul(s, f64x2.add(kv(16 /* 1.0 */), expm1Reduced(r)));
}

/**
 * The terms e^{z−m} and e^{z−m}·(m − z) of one logit in scalar arithmetic (−∞ gives none); a logit
 * equal to the maximum gives no tS but counts in tK (its term is exactly 1).
 */
let tS: f64 = 0;
let tT: f64 = 0;
let tK: f64 = 0;
function term1(a: f64, m: f64): void {
  tS = 0;
  tT = 0;
  tK = 0;
  if (a == -Infinity) return;
  const u = m - a;
  if (u == 0) {
    tK = 1;
    return;
  }
  const e = Math.exp(-u);
  tS = e;
  tT = e * u;
}

/**
 * H of one row of n logits in nats, or NaN when the row holds NaN or +∞ or is all −∞ (the caller
 * then takes the TypeScript path, which names the element).
 */
/**
 * The sums of one row (or chunk) of n logits into the globals below: its maximum m, the count k of
 * logits equal to it, rest = Σ e^{z−m} over the others and T = Σ e^{z−m}·(m − z) (rest and T as
 * hi/lo pairs at ROW_STATE); false when the row holds NaN or +∞ or is all −∞.
 */
function rowSums<T>(z: usize, n: i32): bool {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  let hi = kv(45 /* -Infinity */);
  let bad = f64x2.splat(0);
  let i = 0;
  for (; i < even; i += 2) {
    const v = load2<T>(z + <usize>i * sz);
    hi = f64x2.pmax(hi, v);
    bad = f64x2.add(bad, f64x2.sub(v, v)); // NaN for NaN and ±∞ (−∞ is checked below)
  }
  let m = max(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1));
  let tailBad = false;
  if (i < n) {
    const a = load1<T>(z + <usize>i * sz);
    if (a != a || a == Infinity) tailBad = true;
    if (a > m) m = a;
  }
  // Lanes with NaN/±∞ show as NaN in `bad`; −∞ alone is a valid logit (probability 0).
  const b0 = f64x2.extract_lane(bad, 0);
  const b1 = f64x2.extract_lane(bad, 1);
  if (tailBad || !(m < Infinity) || m == -Infinity) return false;
  if (b0 != b0 || b1 != b1) {
    for (let j = 0; j < even; j++) {
      const a = load1<T>(z + <usize>j * sz);
      if (a != a || a == Infinity) return false;
    }
  }
  // S − 1 must keep its digits when the maximum holds nearly all the mass (H is then tiny): the
  // logits equal to the maximum are counted (k, each term exactly 1) and only the others summed.
  clearAcc();
  const mv = f64x2.splat(m);
  const lim = f64x2.splat(-700);
  const zero = f64x2.splat(0);
  const one = kv(16 /* 1.0 */);
  let kS = zero;
  i = 0;
  while (i < even) {
    const end = min(i + 2 * BLOCK, even);
    let sS = zero;
    let tS2 = zero;
    for (; i < end; i += 2) {
      const zv = load2<T>(z + <usize>i * sz);
      const x = f64x2.sub(zv, mv); // z − m ≤ 0
      if (v128.any_true(f64x2.lt(x, lim))) {
        // Far below the maximum, or −∞: the scalar exponential (exact underflow, no 0·∞).
        term1(f64x2.extract_lane(zv, 0), m);
        const s0 = tS;
        const t0 = tT;
        const k0 = tK;
        term1(f64x2.extract_lane(zv, 1), m);
        sS = f64x2.add(sS, f64x2.replace_lane(f64x2.splat(s0), 1, tS));
        tS2 = f64x2.add(tS2, f64x2.replace_lane(f64x2.splat(t0), 1, tT));
        kS = f64x2.add(kS, f64x2.replace_lane(f64x2.splat(k0), 1, tK));
      } else {
        const top = f64x2.eq(x, zero);
        const e = exp2v(x);
        sS = f64x2.add(sS, v128.andnot(e, top));
        tS2 = f64x2.sub(tS2, f64x2.mul(e, x));
        kS = f64x2.add(kS, v128.and(one, top));
      }
    }
    acc(ACC, sS);
    acc(ACC + 32, tS2);
  }
  if (i < n) {
    term1(load1<T>(z + <usize>i * sz), m);
    acc(ACC, lane0(tS));
    acc(ACC + 32, lane0(tT));
    kS = f64x2.add(kS, lane0(tK));
  }
  const k = f64x2.extract_lane(kS, 0) + f64x2.extract_lane(kS, 1); // ≥ 1: the maximum itself
  const st = ROW_STATE;
  store<f64>(st, 0);
  store<f64>(st, 0, 8);
  store<f64>(st, 0, 16);
  store<f64>(st, 0, 24);
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  rowM = m;
  rowK = k;
  return true;
}

/** The maximum and the count of logits equal to it of the last row rowSums took. */
let rowM: f64 = 0;
let rowK: f64 = 0;

/**
 * H of one row of n logits in nats, or NaN when the row holds NaN or +∞ or is all −∞ (the caller
 * then takes the TypeScript path, which names the element).
 */
function entropyLogitsRow<T>(z: usize, n: i32): f64 {
  if (!rowSums<T>(z, n)) return NaN;
  const st = ROW_STATE;
  const k = rowK;
  const rest = load<f64>(st) + load<f64>(st, 8); // Σ of the terms below the maximum
  rowL = rowM + Math.log1p(k - 1 + rest); // log Σ e^z, for the caller's check of log-probabilities
  const h = Math.log1p(k - 1 + rest) + (load<f64>(st, 16) + load<f64>(st, 24)) / (k + rest);
  return max(h, 0);
}

/**
 * The log-domain entropy state of one chunk as entropyLogChunk of src/numeric/entropy-log-kernel.ts
 * sums it, relative to the chunk's own maximum, at st (48 bytes): [m, k, rest_hi, rest_lo, T_hi,
 * T_lo] (S = k + rest; the JavaScript side forms it exactly and merges). Returns 0, or 1 when the
 * chunk holds NaN or +∞ or is all −∞ (the caller then runs the TypeScript loop).
 */
function entropyLogChunkRange<T>(z: usize, n: i32, st: usize): i32 {
  if (!rowSums<T>(z, n)) return 1;
  store<f64>(st, rowM);
  store<f64>(st, rowK, 8);
  memory.copy(st + 16, ROW_STATE, 32);
  return 0;
}

export function entropyLogChunkF64(z: usize, n: i32, st: usize): i32 {
  return entropyLogChunkRange<f64>(z, n, st);
}

export function entropyLogChunkF32(z: usize, n: i32, st: usize): i32 {
  return entropyLogChunkRange<f32>(z, n, st);
}

/** log Σ e^z of the last row entropyLogitsRow computed. */
let rowL: f64 = 0;

/**
 * H of rows [r0, r1) of rows of n logits: out[4r ..] = [H, log Σ e^z, 0, 0] (f64); −1, or the first
 * row that is not valid.
 */
function entropyLogitsRange<T>(z: usize, n: i32, r0: i32, r1: i32, out: usize): i32 {
  const sz = <usize>sizeof<T>();
  for (let r = r0; r < r1; r++) {
    const h = entropyLogitsRow<T>(z + <usize>r * <usize>n * sz, n);
    if (h != h) return r;
    const o = out + (<usize>r << 5);
    store<f64>(o, h);
    store<f64>(o, rowL, 8);
    store<f64>(o, 0, 16);
    store<f64>(o, 0, 24);
  }
  return -1;
}

export function entropyLogitsF64(z: usize, n: i32, r0: i32, r1: i32, out: usize): i32 {
  return entropyLogitsRange<f64>(z, n, r0, r1, out);
}

export function entropyLogitsF32(z: usize, n: i32, r0: i32, r1: i32, out: usize): i32 {
  return entropyLogitsRange<f32>(z, n, r0, r1, out);
}
