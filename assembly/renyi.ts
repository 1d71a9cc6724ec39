// Rényi divergence of order α = 1 − β of probabilities or counts: the sums and extremes of a range
// from which src/measures/renyi.ts finishes the divergence, as its loops do. With p̂ᵢ = pᵢ/Sp,
// q̂ᵢ = qᵢ/Sq and ℓᵢ = log(q̂ᵢ/p̂ᵢ) = shift − log(pᵢ/λqᵢ) (λ = Sp/Sq for counts of different totals,
// else 1; shift = log1p(δ/SqL), δ = Σ(p − λq); the log ratio with exact exponents, and λq carried
// exactly, so ℓ keeps its digits for close values):
//   ψ-sum   Σ_{p>0} p̂ᵢ·ψβ(ℓᵢ), ψβ(ℓ) = expm1(βℓ) − β·expm1(ℓ) (a series for small ℓ; β − 1 where q = 0),
//           only while every block so far had |β|·max|ℓ| ≤ 1 (else the caller takes the other form;
//           with bit 4 of the exported kernels' `mode`, ≤ 600: the caller asks for it where the other
//           form's sum is near 1, see src/measures/renyi.ts);
//   e-sum   Σ_{p>0,q>0} p̂ᵢ·e^{βℓᵢ} (valid for |βℓ| ≤ 700; the caller checks |β|·max|ℓ|);
//   Q₀, Q_in  Σ q̂ᵢ where p = 0, and where p > 0; max ℓ, min ℓ over p, q > 0; the count of q = 0 < p.
// `mode` 0 forms ℓ and e^{βℓ} for any β (a log and an exponential per element). Modes 1 (α = 2,
// β = −1) and 2 (α = ½) avoid both: the e-sum is then Σ p̂·(p/q) or Σ ip·√p·√q, which lacks the
// factor e^{β·shift} (the caller adds β·shift to its log), and the slots of max ℓ and min ℓ hold
// max p/q and min p/q (ℓ = shift − log(p/q): the caller takes the logs, for its choice of form).
// Inputs were validated by the caller (finite, ≥ 0).

import { acc, flush, storeTotals, twoSumLo } from "./accumulate";
import { BLOCK, kv } from "./constants";
import { logRatioScaled1, prodErr2, splitHigh, splits } from "./exact-product";
import { expm1Reduced, expReduce, expScale, polyQ, redScale } from "./exp";
import { lane0, load1, load2 } from "./loads";
import { logRatio1, logRatio2 } from "./log-ratio";
import { ACC, clearAcc } from "./memory";

// State slots (f64): ψ-sum, e-sum, Q₀, Q_in as (hi, lo) pairs, then max ℓ, min ℓ, the count of
// q = 0 < p, the flags (1: some block had |β|·max|ℓ| > 1 (600 with mode bit 4), the ψ-sum is
// incomplete; 2: |ℓ| > 700 in
// a ψ block, beyond the vector expm1), then the 23 series coefficients (β^k − β)/k!, k = 2..24.
const MAXL = 8;
const MINL = 9;
const RULED = 10;
const FLAGS = 11;
const COEF = 12;

/** expm1(x) for |x| ≤ 700: 2^n·expm1(r) + (2^n − 1), exact reduction x = n·ln2 + r. */
// @ts-ignore: decorator
@inline
function expm1v(x: v128): v128 {
  const e = expm1Reduced(x);
  return f64x2.add(f64x2.mul(expScale, e), f64x2.sub(expScale, kv(16 /* 1.0 */)));
}

/** eˣ for |x| ≤ 700: 2^n·(1 + r + r²·Q(r)). */
// @ts-ignore: decorator
@inline
function expv(x: v128): v128 {
  const r = expReduce(x);
  const s = redScale;
  const e = f64x2.add(kv(16 /* 1.0 */), f64x2.add(r, f64x2.mul(f64x2.mul(r, r), polyQ(r))));
  return f64x2.mul(s, e);
}

/**
 * ℓ = shift − log(p/q) for two lanes; lanes that are not `both` (p = 0 or q = 0) give 0. Values
 * outside [MIN_FAST, 1e307] take the scalar log ratio.
 */
// @ts-ignore: decorator
@inline
function ell2(pv: v128, qv: v128, both: v128, shift: v128): v128 {
  const one = kv(16 /* 1.0 */);
  const a = v128.bitselect(pv, one, both);
  const b = v128.bitselect(qv, one, both);
  const lo = f64x2.lt(f64x2.pmin(a, b), kv(87 /* MIN_FAST */));
  const hi = f64x2.gt(f64x2.pmax(a, b), kv(89 /* 1e307 */));
  if (!v128.any_true(v128.or(lo, hi))) return f64x2.sub(shift, logRatio2(a, b));
  const s = f64x2.extract_lane(shift, 0);
  const l0 = s - logRatio1(f64x2.extract_lane(a, 0), f64x2.extract_lane(b, 0));
  const l1 = s - logRatio1(f64x2.extract_lane(a, 1), f64x2.extract_lane(b, 1));
  return v128.and(f64x2.replace_lane(f64x2.splat(l0), 1, l1), both);
}

/**
 * ℓ = shift − log(p/λq) for two lanes (λ ≠ 1, split λ = lh + ll): log(p/b) − bl/b with λq = b + bl
 * exactly (log1p(bl/b) = bl/b to 2^-106), so close values keep their digits. Lanes that are not
 * `both` give 0; values outside [MIN_FAST, 1e300] take {@link logRatioScaled1}.
 */
// @ts-ignore: decorator
@inline
function ellScaled2(
  pv: v128,
  qv: v128,
  both: v128,
  shift: v128,
  lam: v128,
  lh: v128,
  ll: v128,
  exact: bool,
): v128 {
  const one = kv(16 /* 1.0 */);
  const a = v128.bitselect(pv, one, both);
  const qq = v128.bitselect(qv, one, both);
  const b = f64x2.mul(qq, lam);
  const lo = f64x2.lt(f64x2.pmin(f64x2.pmin(a, b), qq), kv(87 /* MIN_FAST */));
  const hi = f64x2.gt(f64x2.pmax(f64x2.pmax(a, b), qq), f64x2.splat(1e300));
  if (!v128.any_true(v128.or(lo, hi))) {
    // bl = 0 where λ does not split (as twoProductError).
    const lr = exact ? f64x2.sub(logRatio2(a, b), f64x2.div(prodErr2(qq, b, lh, ll), b)) : logRatio2(a, b);
    return v128.and(f64x2.sub(shift, lr), both);
  }
  const s = f64x2.extract_lane(shift, 0);
  const lamS = f64x2.extract_lane(lam, 0);
  const lhS = f64x2.extract_lane(lh, 0);
  const llS = f64x2.extract_lane(ll, 0);
  const l0 = s - logRatioScaled1(f64x2.extract_lane(a, 0), f64x2.extract_lane(qq, 0), lamS, lhS, llS);
  const l1 = s - logRatioScaled1(f64x2.extract_lane(a, 1), f64x2.extract_lane(qq, 1), lamS, lhS, llS);
  return v128.and(f64x2.replace_lane(f64x2.splat(l0), 1, l1), both);
}

/** ψβ(ℓ): the series Σ_{k=2..24} cₖ·ℓᵏ where |ℓ| < 0.1 and |βℓ| < 0.5, else expm1(βℓ) − β·expm1(ℓ). */
// @ts-ignore: decorator
@inline
function psi2(l: v128, bv: v128, st: usize): v128 {
  let c = v128.load64_splat(st + <usize>(COEF + 22) * 8);
  for (let k = 21; k >= 0; k--) {
    c = f64x2.add(f64x2.mul(c, l), v128.load64_splat(st + <usize>(COEF + k) * 8));
  }
  const series = f64x2.mul(f64x2.mul(l, l), c);
  const bl = f64x2.mul(bv, l);
  const direct = f64x2.sub(expm1v(bl), f64x2.mul(bv, expm1v(l)));
  const small = v128.and(
    f64x2.lt(f64x2.abs(l), kv(15 /* 0.1 */)),
    f64x2.lt(f64x2.abs(bl), kv(30 /* 0.5 */)),
  );
  return v128.bitselect(series, direct, small);
}

/** The ψ-series coefficients (β^k − β)/k!, k = 2..24, at st's COEF slots. */
function storeCoefs(st: usize, betaS: f64): void {
  let bk = betaS;
  let fk = 1.0;
  for (let k = 2; k <= 24; k++) {
    bk *= betaS;
    fk *= <f64>k;
    store<f64>(st + <usize>(COEF + k - 2) * 8, (bk - betaS) / fk);
  }
}

/** Two lanes from element i (one element and a zero lane at an odd end). */
// @ts-ignore: decorator
@inline
function pair2<T>(x: usize, i: i32, n: i32): v128 {
  const sz = <usize>sizeof<T>();
  if (i + 1 < n) return load2<T>(x + <usize>i * sz);
  return lane0(load1<T>(x + <usize>i * sz));
}

/**
 * The Rényi sums of p[0..n), q[0..n) at st (see above). With `tot` ≠ 0 the same pass also forms the
 * totals of pair-totals.ts (Sp, Sq, δ compensated element by element, at tot[0..6)) and returns 1
 * when an element may be negative or not finite (else 0), so that the pair is read once.
 */
export function renyiRange<T>(
  p: usize,
  q: usize,
  n: i32,
  ipS: f64,
  iqS: f64,
  shiftS: f64,
  betaS: f64,
  mode: i32,
  st: usize,
  tot: usize = 0,
  lambdaS: f64 = 1,
  farAt: f64 = 1,
  coef: bool = true,
): i32 {
  clearAcc();
  let mn = kv(48 /* Infinity */);
  let pH = f64x2.splat(0);
  let pL = f64x2.splat(0);
  let qH = f64x2.splat(0);
  let qL = f64x2.splat(0);
  let dH = f64x2.splat(0);
  let dL = f64x2.splat(0);
  if (coef) storeCoefs(st, betaS);
  const ip = f64x2.splat(ipS);
  const iq = f64x2.splat(iqS);
  const shift = f64x2.splat(shiftS);
  const bv = f64x2.splat(betaS);
  const bm1 = f64x2.splat(betaS - 1);
  const one = kv(16 /* 1.0 */);
  const absB = Math.abs(betaS);
  // Counts of different totals (λ ≠ 1): ℓ = shift − log(p/λq) with λq carried exactly; in modes 1
  // and 2 the e-sum's 1/Sp takes the factor λ^β (1/λ for β = −1, √λ for β = ½) and the extremes of
  // p/q turn into those of ℓ with shift + log λ.
  const scaled = lambdaS != 1;
  const exact = splits(lambdaS);
  const lam = f64x2.splat(lambdaS);
  const lhS = splitHigh(lambdaS);
  const lh = f64x2.splat(lhS);
  const ll = f64x2.splat(lambdaS - lhS);
  const ipE = !scaled
    ? ip
    : f64x2.splat(mode == 1 ? ipS / lambdaS : mode == 2 ? ipS * Math.sqrt(lambdaS) : ipS);
  const shiftE = scaled ? shiftS + Math.log(lambdaS) : shiftS;
  let far = 0;
  let flags = 0.0;
  let maxV = kv(45 /* -Infinity */);
  let minV = kv(48 /* Infinity */);
  let ruledV = f64x2.splat(0);
  let qInS = f64x2.splat(0);
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  // Modes 1 and 2 first run a block on the branch-free path for p, q > 0 everywhere (no masks: where
  // every pᵢ and qᵢ is positive, the masked terms are the same numbers and the masked-out sums add
  // +0, which leaves their bits as they are); a block with a zero (or a negative value) has its
  // sums redone from the cache on the masked path (the totals, which no mask touches, are kept), so
  // the result is the same bits either way. (pmin passes over NaN, so a block with a NaN may stay on this path: its
  // result is never used, as the totals' sums turn NaN or infinite and the caller takes the
  // TypeScript path, which names the element; the sums passes read validated inputs.) After a redo
  // the masked path runs first until a block without zeros (sparse inputs then pay no redo).
  let masked = mode == 0;
  let i = 0;
  while (i < n) {
    const start = i;
    const end = min(i + 2 * BLOCK, n);
    let eS = f64x2.splat(0);
    let q0S = f64x2.splat(0);
    let bMax = kv(45 /* -Infinity */);
    let bMin = kv(48 /* Infinity */);
    // Set when the block is redone: its totals (the same with or without masks) are already summed.
    let redo = false;
    if (!masked && end <= even) {
      const qIn0 = qInS;
      let blk = kv(48 /* Infinity */);
      for (; i < end; i += 2) {
        const pv = load2<T>(p + <usize>i * sz);
        const qv = load2<T>(q + <usize>i * sz);
        const m2 = f64x2.pmin(pv, qv);
        blk = f64x2.pmin(blk, m2);
        if (tot != 0) {
          mn = f64x2.pmin(mn, m2);
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
        qInS = f64x2.add(qInS, f64x2.mul(qv, iq));
        const l = f64x2.div(pv, qv);
        const term =
          mode == 1
            ? f64x2.mul(f64x2.mul(pv, ipE), l)
            : f64x2.mul(ipE, f64x2.mul(f64x2.sqrt(pv), f64x2.sqrt(qv)));
        bMax = f64x2.pmax(bMax, l);
        bMin = f64x2.pmin(bMin, l);
        eS = f64x2.add(eS, term);
      }
      if (!i64x2.all_true(f64x2.gt(blk, f64x2.splat(0)))) {
        // A zero or a negative value: the block's sums again on the masked path.
        qInS = qIn0;
        redo = true;
        eS = f64x2.splat(0);
        bMax = kv(45 /* -Infinity */);
        bMin = kv(48 /* Infinity */);
        i = start;
        masked = true;
      }
    }
    let blkM = kv(48 /* Infinity */);
    for (; i < end; i += 2) {
      const pv = pair2<T>(p, i, n);
      const qv = pair2<T>(q, i, n);
      if (tot != 0 && !redo) {
        mn = f64x2.pmin(mn, f64x2.pmin(pv, qv));
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
      if (mode != 0) blkM = f64x2.pmin(blkM, f64x2.pmin(pv, qv));
      const mA = f64x2.gt(pv, f64x2.splat(0));
      const mB = f64x2.gt(qv, f64x2.splat(0));
      const both = v128.and(mA, mB);
      const qh = f64x2.mul(qv, iq);
      q0S = f64x2.add(q0S, v128.andnot(qh, mA));
      qInS = f64x2.add(qInS, v128.and(qh, mA));
      ruledV = f64x2.add(ruledV, v128.and(v128.andnot(mA, mB), one));
      let l: v128; // ℓ (mode 0) or p/q (modes 1, 2)
      let t: v128;
      if (mode == 0) {
        l = scaled ? ellScaled2(pv, qv, both, shift, lam, lh, ll, exact) : ell2(pv, qv, both, shift);
        t = f64x2.mul(f64x2.mul(pv, ip), expv(f64x2.mul(bv, l)));
      } else {
        l = f64x2.div(v128.bitselect(pv, one, both), v128.bitselect(qv, one, both));
        if (mode == 1) t = f64x2.mul(f64x2.mul(pv, ipE), l);
        else t = f64x2.mul(ipE, f64x2.mul(f64x2.sqrt(pv), f64x2.sqrt(qv)));
      }
      bMax = f64x2.pmax(bMax, v128.bitselect(l, kv(45 /* -Infinity */), both));
      bMin = f64x2.pmin(bMin, v128.bitselect(l, kv(48 /* Infinity */), both));
      eS = f64x2.add(eS, v128.and(t, both));
    }
    // A masked block without zeros: the next one tries the branch-free path again.
    if (masked && mode != 0 && i64x2.all_true(f64x2.gt(blkM, f64x2.splat(0)))) masked = false;
    acc(ACC + 32, eS);
    acc(ACC + 64, q0S);
    maxV = f64x2.pmax(maxV, bMax);
    minV = f64x2.pmin(minV, bMin);
    if (far == 0 && betaS != 0) {
      let hiL = max(f64x2.extract_lane(bMax, 0), f64x2.extract_lane(bMax, 1));
      let loL = min(f64x2.extract_lane(bMin, 0), f64x2.extract_lane(bMin, 1));
      const blockEmpty = hiL == -Infinity; // no p, q > 0 in the block
      if (mode != 0 && !blockEmpty) {
        // Extremes of p/q to extremes of ℓ = shift − log(p/q).
        const a = shiftE - Math.log(loL);
        loL = shiftE - Math.log(hiL);
        hiL = a;
      }
      const lm = max(Math.abs(hiL), Math.abs(loL));
      if (!blockEmpty && absB * lm > farAt) far = 1;
      else {
        if (!blockEmpty && lm > 700) flags = 2;
        // The block again (in cache): Σ p̂·ψβ(ℓ), and p̂·(β − 1) where q = 0 < p.
        let sS = f64x2.splat(0);
        for (i = start; i < end; i += 2) {
          const pv = pair2<T>(p, i, n);
          const qv = pair2<T>(q, i, n);
          const mA = f64x2.gt(pv, f64x2.splat(0));
          const both = v128.and(mA, f64x2.gt(qv, f64x2.splat(0)));
          const ph = f64x2.mul(pv, ip);
          let term = f64x2.mul(ph, bm1);
          if (v128.any_true(both)) {
            const l = scaled
              ? ellScaled2(pv, qv, both, shift, lam, lh, ll, exact)
              : ell2(pv, qv, both, shift);
            term = v128.bitselect(f64x2.mul(ph, psi2(l, bv, st)), term, both);
          }
          sS = f64x2.add(sS, v128.and(term, mA));
        }
        acc(ACC, sS);
      }
    }
    i = end;
  }
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  flush(ACC + 64, st, 4);
  store<f64>(st, f64x2.extract_lane(qInS, 0) + f64x2.extract_lane(qInS, 1), 48);
  store<f64>(st, 0, 56);
  store<f64>(st + MAXL * 8, max(f64x2.extract_lane(maxV, 0), f64x2.extract_lane(maxV, 1)));
  store<f64>(st + MINL * 8, min(f64x2.extract_lane(minV, 0), f64x2.extract_lane(minV, 1)));
  store<f64>(st + RULED * 8, f64x2.extract_lane(ruledV, 0) + f64x2.extract_lane(ruledV, 1));
  store<f64>(st + FLAGS * 8, <f64>far + flags);
  if (tot == 0) return 0;
  return storeTotals(ACC, tot, pH, pL, qH, qL, dH, dL, mn);
}

export function renyiF64(
  p: usize,
  q: usize,
  n: i32,
  ip: f64,
  iq: f64,
  shift: f64,
  beta: f64,
  mode: i32,
  st: usize,
  lambda: f64,
): void {
  renyiRange<f64>(p, q, n, ip, iq, shift, beta, mode & 3, st, 0, lambda, mode & 4 ? 600 : 1);
}

export function renyiF32(
  p: usize,
  q: usize,
  n: i32,
  ip: f64,
  iq: f64,
  shift: f64,
  beta: f64,
  mode: i32,
  st: usize,
  lambda: f64,
): void {
  renyiRange<f32>(p, q, n, ip, iq, shift, beta, mode & 3, st, 0, lambda, mode & 4 ? 600 : 1);
}

/**
 * Rényi rows, pass 1 (src/fast/hooks.ts, renyiRowsFast): for `rows` rows of `n` elements (row-major
 * at p, q), each row's totals and the Rényi sums of its raw inputs, as pairTotalsRenyiF64 forms a
 * vector's, into its 144-byte record at out + 144·r: Sp, Sq, δ as (hi, lo) pairs, then the 12 sums
 * and extremes of the state. `st` is this chunk's 280-byte scratch (the series coefficients). Returns
 * 1 when an element of some row may be invalid or a sum overflows, else 0.
 */
function renyiTotalsRows<T>(
  p: usize,
  q: usize,
  n: i32,
  rows: i32,
  beta: f64,
  mode: i32,
  out: usize,
  st: usize,
): i32 {
  const rowBytes = <usize>n * sizeof<T>();
  let flag = 0;
  storeCoefs(st, beta); // once for the chunk's rows (the same numbers each row would store)
  for (let r = 0; r < rows; r++) {
    const rec = out + <usize>r * 144;
    memory.fill(rec, 0, 48); // the totals accumulate (flush)
    memory.fill(st, 0, 96);
    flag |= renyiRange<T>(
      p + <usize>r * rowBytes,
      q + <usize>r * rowBytes,
      n,
      1,
      1,
      0,
      beta,
      mode,
      st,
      rec,
      1,
      1,
      false,
    );
    memory.copy(rec + 48, st, 96);
  }
  return flag;
}

export function renyiTotalsRowsF64(p: usize, q: usize, n: i32, rows: i32, beta: f64, mode: i32, out: usize, st: usize): i32 {
  return renyiTotalsRows<f64>(p, q, n, rows, beta, mode, out, st);
}

export function renyiTotalsRowsF32(p: usize, q: usize, n: i32, rows: i32, beta: f64, mode: i32, out: usize, st: usize): i32 {
  return renyiTotalsRows<f32>(p, q, n, rows, beta, mode, out, st);
}

/**
 * Rényi rows, pass 2: for each row whose 128-byte record at out + 128·r holds its parameters
 * [1/Sp, 1/Sq, shift, λ] at bytes 96..128 (written by the caller from pass 1; 1/Sp = 0 skips the
 * row), the sums and extremes of the row as renyiF64 forms a vector's (`mode` with its bit 4) at
 * the record's first 96 bytes. `st` is this chunk's 280-byte scratch.
 */
function renyiRows<T>(p: usize, q: usize, n: i32, rows: i32, beta: f64, mode: i32, out: usize, st: usize): void {
  const rowBytes = <usize>n * sizeof<T>();
  storeCoefs(st, beta); // once for the chunk's rows
  for (let r = 0; r < rows; r++) {
    const rec = out + <usize>r * 128;
    const ip = load<f64>(rec, 96);
    if (ip == 0) continue;
    memory.fill(st, 0, 96);
    renyiRange<T>(
      p + <usize>r * rowBytes,
      q + <usize>r * rowBytes,
      n,
      ip,
      load<f64>(rec, 104),
      load<f64>(rec, 112),
      beta,
      mode & 3,
      st,
      0,
      load<f64>(rec, 120),
      mode & 4 ? 600 : 1,
      false,
    );
    memory.copy(rec, st, 96);
  }
}

export function renyiRowsF64(p: usize, q: usize, n: i32, rows: i32, beta: f64, mode: i32, out: usize, st: usize): void {
  renyiRows<f64>(p, q, n, rows, beta, mode, out, st);
}

export function renyiRowsF32(p: usize, q: usize, n: i32, rows: i32, beta: f64, mode: i32, out: usize, st: usize): void {
  renyiRows<f32>(p, q, n, rows, beta, mode, out, st);
}
