// Jensen–Shannon, total variation, Hellinger and Rényi of logits (or log-probabilities), row by row: the
// measure of softmax(z) and softmax(w) for each row of two row-major matrices, in three passes over
// the row (which stays in cache):
//   1. the maxima (and the validation: NaN or +∞ anywhere, or a row that is all −∞, fails the row);
//   2. Sq = Σ q̃, Sp = Σ p̃ and δ = Σ q̃·expm1(d) with q̃ = e^{w − max w}, d = (z − w) − c₀ formed with
//      the rounding of z − w restored, c₀ = max z − max w, p̃ = q̃·eᵈ (as kl-logits.ts); then the
//      exact log-normalizer difference ΔL = c₀ + log1p(δ/Sq), split as c₁ + r (c₁ = fl(ΔL), r tiny);
//   3. the terms, from x = log(p̂/q̂) = ((z − w) − c₁) + (e − r) (e the rounding of z − w; the first
//      difference is exact where p̂ ≈ q̂, by Sterbenz) and q̂ = q̃/Sq:
//        JS: Σ q̂·(2 + eˣ − 1)/4·j(s), s = expm1(x)/(expm1(x) + 2), j(s) = (1 + s)·log1p(s) + (1 − s)·log1p(−s);
//        TV: ½·Σ q̂·|expm1(x)|;   Hellinger: √(½·Σ q̂·expm1(x/2)²), expm1(x/2) = expm1(x)/(1 + √eˣ).
// The TypeScript twin is the per-row path of src/measures/rows.ts (linearPair of the log kinds, then
// the measure's loop); test/fast/logit-rows.test.ts compares them.
//
// Record of a row at out + r·32: f64 [value, log Σ e^z, log Σ e^w, 0].

import { acc, flush } from "./accumulate";
import { BLOCK, kv } from "./constants";
import { expReduce, polyQ, redScale } from "./exp";
import { jLog2, jSeries2 } from "./js";
import { lane0, load1, load2 } from "./loads";
import { logDiff1, logDiff2, subErr1 } from "./log-diff";
import { logitMaxima, maxW, maxZ } from "./logit-maxima";
import { ACC, ROW_STATE, clearAcc } from "./memory";

/** Bytes of one row's record. */
const RECORD: usize = 32;
const TWO_LN2: f64 = 1.3862943611198906;

// Per-term outputs of the scalar term of pass 2.
let tQ: f64 = 0;
let tP: f64 = 0;
let tD: f64 = 0;

/** One term of pass 2 in scalar arithmetic (−∞ entries, extreme differences). */
function sums1(a: f64, b: f64, c: f64, r0: f64, k: f64, mz: f64): void {
  tQ = 0;
  tP = 0;
  tD = 0;
  if (b == -Infinity) {
    if (a > -Infinity) {
      tP = Math.exp(a - mz);
      tD = tP;
    }
    return;
  }
  const qt = Math.exp(b - k);
  tQ = qt;
  if (a == -Infinity) {
    tD = -qt;
    return;
  }
  const d = logDiff1(a, b, c, r0); // (z − w) − (max z − max w), roundings restored
  const pt = Math.exp(a - mz);
  tP = pt;
  tD = d > 700 ? pt - qt : qt * Math.expm1(d);
}

/** j(s) = (1 + s)·log1p(s) + (1 − s)·log1p(−s) in scalar arithmetic, 2·ln 2 at |s| ≥ 1. */
function j1(s: f64): f64 {
  if (s < 0.25 && s > -0.25) {
    const u = s * s;
    return u * f64x2.extract_lane(jSeries2(f64x2.splat(u)), 0);
  }
  if (s >= 1 || s <= -1) return TWO_LN2;
  return (1 + s) * Math.log1p(s) + (1 - s) * Math.log1p(-s);
}

/**
 * One term of pass 3 in scalar arithmetic, in units of Sq (JS: of 4·Sq): `mode` 0 JS, 1 TV,
 * 2 Hellinger. p̃ = e^{a − max z} and ratio = Sq/Sp give p̂·Sq where q̂ = 0 or eˣ overflows.
 */
function term1(a: f64, b: f64, mz: f64, c1: f64, er: f64, k: f64, ratio: f64, mode: i32): f64 {
  if (b == -Infinity) {
    if (a == -Infinity) return 0;
    const p = Math.exp(a - mz) * ratio;
    return mode == 0 ? TWO_LN2 * p : p;
  }
  const qt = Math.exp(b - k);
  if (a == -Infinity) return mode == 0 ? TWO_LN2 * qt : qt;
  const x = logDiff1(a, b, c1, er);
  if (x > 700) {
    const p = Math.exp(a - mz) * ratio;
    if (mode == 0) return TWO_LN2 * (qt + p);
    if (mode == 1) return p - qt;
    const h = (p - qt) / (Math.sqrt(p) + Math.sqrt(qt));
    return h * h;
  }
  const em = Math.expm1(x);
  if (mode == 0) return qt * (2 + em) * j1(em / (em + 2));
  if (mode == 1) return qt * Math.abs(em);
  const h = Math.expm1(0.5 * x); // not em/(1 + √(1 + em)): 1 + em loses digits where x ≪ 0
  return qt * h * h;
}

/** max of both lanes. */
// @ts-ignore: decorator
@inline
function hmax(v: v128): f64 {
  return max(f64x2.extract_lane(v, 0), f64x2.extract_lane(v, 1));
}

/** eˣ − 1 for |x| ≤ 700 (vector), with eˣ in `eX`. */
let eX: v128 = f64x2.splat(0);
// @ts-ignore: decorator
@inline
function expm1v(x: v128): v128 {
  const r = expReduce(x);
  const sc = redScale;
  const emr = f64x2.add(r, f64x2.mul(f64x2.mul(r, r), polyQ(r)));
  eX = f64x2.add(sc, f64x2.mul(sc, emr));
  return f64x2.add(f64x2.sub(sc, kv(16 /* 1.0 */)), f64x2.mul(sc, emr));
}

/** eˣ for |x| ≤ 700 (vector). */
// @ts-ignore: decorator
@inline
function expv(x: v128): v128 {
  const r = expReduce(x);
  const sc = redScale;
  return f64x2.add(sc, f64x2.mul(sc, f64x2.add(r, f64x2.mul(f64x2.mul(r, r), polyQ(r)))));
}

// The normalizers of the row rowNormalizers last computed (passes 1 and 2).
let gMz: f64 = 0;
export let gMw: f64 = 0;
let gK: f64 = 0;
export let gSq: f64 = 0;
let gSqHi: f64 = 0;
let gSqLo: f64 = 0;
let gSp: f64 = 0;
export let gC1: f64 = 0;
let gEr: f64 = 0;
let gRatio: f64 = 0;

/**
 * Passes 1 and 2 of one row pair of logits z, w (n columns): the maxima, Sq, Sp and the exact
 * log-normalizer difference c₁ + er, left in the globals above; false when the row holds NaN or +∞,
 * or is all −∞ on either side.
 */
export function rowNormalizers<T>(z: usize, w: usize, n: i32): bool {
  // Pass 1: the maxima and the validation (logit-maxima.ts).
  if (!logitMaxima<T>(z, w, n)) return false;
  const st = ROW_STATE;
  memory.fill(st, 0, 48);
  normalizerSums<T>(z, w, n, maxZ, maxW, st);
  finishNormalizers(maxZ, maxW, st);
  return true;
}

/**
 * Pass 2 over z[0..n), w[0..n) for the maxima mz, mw of the whole rows (a range of them, for one
 * long row spread over threads): Sq, Sp and δ as compensated (hi, lo) pairs added into st[0..6)
 * (zeroed by the caller).
 */
function normalizerSums<T>(z: usize, w: usize, n: i32, mz: f64, mw: f64, st: usize): void {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  let i = 0;
  // c₀ + r0 = max z − max w exactly, so that q̃·eᵈ = e^{z − max z} on every path.
  const c0 = mz - mw;
  const r0 = subErr1(mz, mw, c0);
  const k = mw;
  // Pass 2: Sq, Sp, δ.
  clearAcc();
  const cv = f64x2.splat(c0);
  const r0v = f64x2.splat(r0);
  const kvec = f64x2.splat(k);
  const lim = kv(46 /* 700 */);
  const nlim = kv(47 /* -700 */);
  const zero = f64x2.splat(0);
  i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let qS = zero;
    let pS = zero;
    let dS = zero;
    const start = i;
    let lowQ = zero;
    let highD = zero;
    for (; i < end; i += 2) {
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const xq = f64x2.sub(b, kvec);
      const d = logDiff2(a, b, cv, r0v);
      lowQ = f64x2.pmin(lowQ, xq);
      highD = f64x2.max(highD, f64x2.abs(d)); // max, not pmax: a NaN (z = −∞) must show
      const qt = expv(xq);
      const em = expm1v(d);
      qS = f64x2.add(qS, qt);
      pS = f64x2.add(pS, f64x2.mul(qt, eX));
      dS = f64x2.add(dS, f64x2.mul(qt, em));
    }
    // −∞ entries give NaN lanes above, which fail both comparisons: test the complement.
    if (!i64x2.all_true(v128.and(f64x2.ge(lowQ, nlim), f64x2.le(highD, lim)))) {
      qS = zero;
      pS = zero;
      dS = zero;
      for (i = start; i < end; i++) {
        sums1(load1<T>(z + <usize>i * sz), load1<T>(w + <usize>i * sz), c0, r0, k, mz);
        qS = f64x2.add(qS, lane0(tQ));
        pS = f64x2.add(pS, lane0(tP));
        dS = f64x2.add(dS, lane0(tD));
      }
    }
    if (i == even && i < n) {
      sums1(load1<T>(z + <usize>i * sz), load1<T>(w + <usize>i * sz), c0, r0, k, mz);
      qS = f64x2.add(qS, lane0(tQ));
      pS = f64x2.add(pS, lane0(tP));
      dS = f64x2.add(dS, lane0(tD));
      i = n;
    }
    acc(ACC, qS);
    acc(ACC + 32, pS);
    acc(ACC + 64, dS);
  }
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  flush(ACC + 64, st, 4);
}

/**
 * The normalizers from the maxima and the sums of pass 2 at st (see normalizerSums): Sq, Sp and the
 * exact log-normalizer difference c₁ + er, left in the globals above.
 */
function finishNormalizers(mz: f64, mw: f64, st: usize): void {
  const c0 = mz - mw;
  const r0 = subErr1(mz, mw, c0);
  const k = mw;
  gMz = mz;
  gMw = mw;
  const sq = load<f64>(st) + load<f64>(st, 8);
  const sp = load<f64>(st, 16) + load<f64>(st, 24);
  const dd = load<f64>(st, 32) + load<f64>(st, 40);
  // log(Sp/Sq): by log1p where Sp ≈ Sq (δ carries the digits), else from the ratio (1 + δ/Sq
  // would lose them when δ ≈ −Sq, one side's maximum far above the other's).
  const rd = dd / sq;
  const corr = rd < 0.5 && rd > -0.5 ? Math.log1p(rd) : Math.log(sp / sq);
  const c1 = c0 + corr;
  const er = subErr1(c0, -corr, c1) + r0; // c₀ + r0 + corr = c₁ + er (TwoSum)
  gK = k;
  gSq = sq;
  gSqLo = load<f64>(st, 8);
  gSqHi = load<f64>(st);
  gSp = sp;
  gC1 = c1;
  gEr = er;
  gRatio = sq / sp;
}

/**
 * The measure (`mode` 0 JS, 1 TV, 2 Hellinger) of one row pair of logits z, w (n columns) into the
 * record at rec; false when the row holds NaN or +∞, or is all −∞ on either side.
 */
function pairRow<T>(z: usize, w: usize, n: i32, mode: i32, rec: usize): bool {
  if (!rowNormalizers<T>(z, w, n)) return false;
  const st = ROW_STATE;
  memory.fill(st, 0, 16);
  pairTerms<T>(z, w, n, mode, st);
  pairFinish(mode, st, rec);
  return true;
}

/**
 * Pass 3 of {@link pairRow} over z[0..n), w[0..n) (a range of the rows, for one long row spread
 * over threads), with the normalizers in the globals: the sum of the terms as a compensated (hi, lo)
 * pair added into st[0..2) (zeroed by the caller).
 */
function pairTerms<T>(z: usize, w: usize, n: i32, mode: i32, st: usize): void {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  const mz = gMz;
  const k = gK;
  const c1 = gC1;
  const er = gEr;
  const ratio = gRatio;
  const kvec = f64x2.splat(k);
  const lim = kv(46 /* 700 */);
  const nlim = kv(47 /* -700 */);
  const zero = f64x2.splat(0);
  let i = 0;
  // Pass 3: the terms.
  memory.fill(ACC, 0, 32);
  const c1v = f64x2.splat(c1);
  const erv = f64x2.splat(er);
  const onev = kv(16 /* 1.0 */);
  const two = f64x2.add(onev, onev);
  const quarter = kv(84 /* 0.25 */);
  const sixteenth = f64x2.mul(quarter, quarter);
  i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let tS = zero;
    for (; i < end; i += 2) {
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const xq = f64x2.sub(b, kvec);
      const x = logDiff2(a, b, c1v, erv);
      if (!i64x2.all_true(v128.and(f64x2.ge(xq, nlim), f64x2.le(f64x2.abs(x), lim)))) {
        const t0 = term1(f64x2.extract_lane(a, 0), f64x2.extract_lane(b, 0), mz, c1, er, k, ratio, mode);
        const t1 = term1(f64x2.extract_lane(a, 1), f64x2.extract_lane(b, 1), mz, c1, er, k, ratio, mode);
        tS = f64x2.add(tS, f64x2.replace_lane(f64x2.splat(t0), 1, t1));
        continue;
      }
      const qt = expv(xq);
      const em = expm1v(x);
      if (mode == 0) {
        const sj = f64x2.div(em, f64x2.add(em, two));
        const u = f64x2.mul(sj, sj);
        const small = f64x2.lt(u, sixteenth);
        let j: v128;
        if (i64x2.all_true(small)) j = f64x2.mul(u, jSeries2(u));
        else {
          const big = v128.bitselect(kv(83 /* 2·ln 2 */), jLog2(sj), f64x2.ge(u, onev));
          j = v128.bitselect(f64x2.mul(u, jSeries2(u)), big, small);
        }
        tS = f64x2.add(tS, f64x2.mul(f64x2.mul(qt, f64x2.add(two, em)), j));
      } else if (mode == 1) {
        tS = f64x2.add(tS, f64x2.mul(qt, f64x2.abs(em)));
      } else {
        const h = f64x2.div(em, f64x2.add(onev, f64x2.sqrt(eX)));
        tS = f64x2.add(tS, f64x2.mul(qt, f64x2.mul(h, h)));
      }
    }
    if (i == even && i < n) {
      const a = load1<T>(z + <usize>i * sz);
      const b = load1<T>(w + <usize>i * sz);
      tS = f64x2.add(tS, lane0(term1(a, b, mz, c1, er, k, ratio, mode)));
      i = n;
    }
    acc(ACC, tS);
  }
  flush(ACC, st, 0);
}

/** The measure from the normalizers in the globals and the sum of the terms at st into rec. */
function pairFinish(mode: i32, st: usize, rec: usize): void {
  const mz = gMz;
  const mw = gMw;
  const sq = gSq;
  const sp = gSp;
  const t = load<f64>(st) + load<f64>(st, 8);
  let v: f64;
  if (mode == 0) v = t / (4 * sq);
  else if (mode == 1) v = (0.5 * t) / sq;
  else v = Math.sqrt((0.5 * t) / sq);
  store<f64>(rec, v);
  store<f64>(rec, mz + Math.log(sp), 8);
  store<f64>(rec, mw + Math.log(sq), 16);
  store<f64>(rec, 0, 24);
}

// Rényi divergence of order α (mode 3; α ≠ 1), as renyiLoop of src/measures/renyi.ts forms it with
// ℓ = log(q̂/p̂) = −x and β = 1 − α, from one pass over the terms (the row is in cache):
//   N = Σ_{p>0} p̂·ψβ(ℓ)  (ψβ(ℓ) = expm1(βℓ) − β·expm1(ℓ), by its series for small |ℓ|, |βℓ|; β − 1
//                         where q̂ = 0), F = Σ_{p,q>0} p̂·e^{βℓ}, Q₀ = Σ_{p=0} q̂, Q_in = Σ_{p>0} q̂,
//   max |ℓ| and max x over p, q > 0, and whether Q rules out what P allows;
// then D_α = log1p(N − β·Q₀)/(α − 1) (the near form: terms of one sign) where N − β·Q₀ > −½, else
// log(F/Sq)/(α − 1); D₀ = −log(1 − Q₀) (every outcome with a finite logit counts in P's support,
// also where its probability underflows, which the loop's p̂ = q̂·eᵈ loses), D_∞ = max x. Rows whose
// |β|·max|ℓ| exceeds 600 (e^{βℓ} out of range: the loop's log-sum-exp) are declined, as are invalid
// rows.

/** 1/k for the ψβ series, k = 0..24. */
const INV_K: usize = memory.data<f64>([
  0, 1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7, 1.0 / 8, 1.0 / 9, 1.0 / 10, 1.0 / 11,
  1.0 / 12, 1.0 / 13, 1.0 / 14, 1.0 / 15, 1.0 / 16, 1.0 / 17, 1.0 / 18, 1.0 / 19, 1.0 / 20,
  1.0 / 21, 1.0 / 22, 1.0 / 23, 1.0 / 24,
]);

/** ψβ(ℓ) by its series Σ_{k=2..24} (βᵏ − β)·ℓᵏ/k! (|ℓ| < 0.1, |βℓ| < 0.5), two lanes. */
// @ts-ignore: decorator
@inline
function psiSeries2(beta: v128, l: v128): v128 {
  let sum = f64x2.splat(0);
  let lk = l;
  let bk = beta;
  for (let k = 2; k <= 24; k++) {
    lk = f64x2.mul(lk, f64x2.mul(l, v128.load64_splat(INV_K + (<usize>k << 3))));
    bk = f64x2.mul(bk, beta);
    sum = f64x2.add(sum, f64x2.mul(f64x2.sub(bk, beta), lk));
  }
  return sum;
}

/** ψβ(ℓ) in scalar arithmetic, as psiBeta of src/measures/renyi.ts. */
function psiBeta1(beta: f64, l: f64): f64 {
  if (l == 0) return 0;
  if (Math.abs(l) < 0.1 && Math.abs(beta * l) < 0.5) {
    let sum: f64 = 0;
    let lk = l;
    let bk = beta;
    for (let k = 2; k <= 24; k++) {
      lk *= l * load<f64>(INV_K + (<usize>k << 3));
      bk *= beta;
      sum += (bk - beta) * lk;
    }
    return sum;
  }
  return Math.expm1(beta * l) - beta * Math.expm1(l);
}

// Per-term outputs of the scalar Rényi term (in units of Sq): N, F, Q₀, Q_in; |ℓ|, x (or −∞ where
// the term has no ℓ) and whether Q rules the outcome out.
let rN: f64 = 0;
let rF: f64 = 0;
let rQ0: f64 = 0;
let rQin: f64 = 0;
let rAbs: f64 = 0;
let rX: f64 = -Infinity;
let rOut: bool = false;

/** One Rényi term in scalar arithmetic (−∞ entries, extreme differences). */
function renyiTerm1(a: f64, b: f64, mz: f64, c1: f64, er: f64, k: f64, ratio: f64, beta: f64): void {
  rN = 0;
  rF = 0;
  rQ0 = 0;
  rQin = 0;
  rAbs = 0;
  rX = -Infinity;
  rOut = false;
  if (a == -Infinity) {
    if (b > -Infinity) rQ0 = Math.exp(b - k);
    return;
  }
  const pS = Math.exp(a - mz) * ratio; // p̂·Sq
  if (b == -Infinity) {
    rOut = true;
    rN = pS * (beta - 1); // ψβ(−∞) = β − 1 (reached for α < 1 only)
    return;
  }
  rQin = Math.exp(b - k);
  const x = logDiff1(a, b, c1, er);
  rAbs = Math.abs(x);
  rX = x;
  rN = pS * psiBeta1(beta, -x);
  rF = pS * Math.exp(-beta * x);
}

/** D_α of one row pair of logits (see above) into the record at rec; false when declined. */
function renyiRow<T>(z: usize, w: usize, n: i32, alpha: f64, rec: usize): bool {
  if (!rowNormalizers<T>(z, w, n)) return false;
  const st = ROW_STATE;
  memory.fill(st, 0, RENYI_STATE);
  renyiTerms<T>(z, w, n, 1 - alpha, st);
  return renyiFinish(alpha, st, rec);
}

/** Bytes of the Rényi sums of a row or range: N, F, Q₀, Q_in (hi, lo), max |ℓ|, max x, Q rules out. */
const RENYI_STATE: i32 = 88;

/**
 * The Rényi pass over z[0..n), w[0..n) (a range of the rows, for one long row spread over threads),
 * with the normalizers in the globals: N, F, Q₀, Q_in as compensated (hi, lo) pairs added into
 * st[0..8) (zeroed by the caller), then max |ℓ|, max x and whether Q rules out what P allows (1 or
 * 0) at st[8..11).
 */
function renyiTerms<T>(z: usize, w: usize, n: i32, beta: f64, st: usize): void {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  const mz = gMz;
  const k = gK;
  const c1 = gC1;
  const er = gEr;
  const ratio = gRatio;
  const kvec = f64x2.splat(k);
  const c1v = f64x2.splat(c1);
  const erv = f64x2.splat(er);
  const bv = f64x2.splat(beta);
  const nbv = f64x2.neg(bv);
  const lim = kv(46 /* 700 */);
  const nlim = kv(47 /* -700 */);
  const tenth = kv(15 /* 0.1 */);
  const half = kv(30 /* 0.5 */);
  const zero = f64x2.splat(0);
  let absMax = zero;
  let xMax = kv(45 /* -Infinity */);
  let out = false;
  clearAcc();
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let nS = zero;
    let fS = zero;
    let q0S = zero;
    let qInS = zero;
    for (; i < end; i += 2) {
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const xq = f64x2.sub(b, kvec);
      const x = logDiff2(a, b, c1v, erv);
      // −∞ entries give NaN in x, which fails the comparisons: the scalar terms take them.
      if (!i64x2.all_true(v128.and(f64x2.ge(xq, nlim), f64x2.le(f64x2.abs(x), lim)))) {
        for (let j = 0; j < 2; j++) {
          const aj = j == 0 ? f64x2.extract_lane(a, 0) : f64x2.extract_lane(a, 1);
          const bj = j == 0 ? f64x2.extract_lane(b, 0) : f64x2.extract_lane(b, 1);
          renyiTerm1(aj, bj, mz, c1, er, k, ratio, beta);
          nS = f64x2.add(nS, lane0(rN));
          fS = f64x2.add(fS, lane0(rF));
          q0S = f64x2.add(q0S, lane0(rQ0));
          qInS = f64x2.add(qInS, lane0(rQin));
          absMax = f64x2.pmax(absMax, lane0(rAbs));
          xMax = f64x2.pmax(xMax, f64x2.splat(rX));
          out = out || rOut;
        }
        continue;
      }
      const qt = expv(xq);
      const em = expm1v(x); // eˣ in eX
      const pt = f64x2.mul(qt, eX); // p̂·Sq
      const ax = f64x2.abs(x);
      absMax = f64x2.pmax(absMax, ax);
      xMax = f64x2.pmax(xMax, x);
      // e^{βℓ} = e^{−βx} (clamped: rows with |β|·max|ℓ| > 600 are declined), and p̂·ψβ(ℓ) away from
      // 0 as p̂·expm1(−βx) + β·q̂·expm1(x) (p̂·expm1(ℓ) = q̂·(1 − eˣ)): no division, no other exp.
      const bx = f64x2.mul(nbv, x);
      const emb = expm1v(f64x2.pmax(f64x2.pmin(bx, lim), nlim));
      const ebx = eX;
      const small = v128.and(f64x2.lt(ax, tenth), f64x2.lt(f64x2.abs(bx), half));
      let term: v128;
      if (i64x2.all_true(small)) {
        term = f64x2.mul(pt, psiSeries2(bv, f64x2.neg(x)));
      } else {
        term = f64x2.add(f64x2.mul(pt, emb), f64x2.mul(bv, f64x2.mul(qt, em)));
        if (v128.any_true(small))
          term = v128.bitselect(f64x2.mul(pt, psiSeries2(bv, f64x2.neg(x))), term, small);
      }
      nS = f64x2.add(nS, term);
      fS = f64x2.add(fS, f64x2.mul(pt, ebx));
      qInS = f64x2.add(qInS, qt);
    }
    if (i == even && i < n) {
      renyiTerm1(load1<T>(z + <usize>i * sz), load1<T>(w + <usize>i * sz), mz, c1, er, k, ratio, beta);
      nS = f64x2.add(nS, lane0(rN));
      fS = f64x2.add(fS, lane0(rF));
      q0S = f64x2.add(q0S, lane0(rQ0));
      qInS = f64x2.add(qInS, lane0(rQin));
      absMax = f64x2.pmax(absMax, lane0(rAbs));
      xMax = f64x2.pmax(xMax, f64x2.splat(rX));
      out = out || rOut;
      i = n;
    }
    acc(ACC, nS);
    acc(ACC + 32, fS);
    acc(ACC + 64, q0S);
    acc(ACC + 96, qInS);
  }
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  flush(ACC + 64, st, 4);
  flush(ACC + 96, st, 6);
  store<f64>(st, hmax(absMax), 64);
  store<f64>(st, hmax(xMax), 72);
  store<f64>(st, out ? 1 : 0, 80);
}

/** D_α from the normalizers in the globals and the sums at st (see renyiTerms) into rec; false when declined. */
function renyiFinish(alpha: f64, st: usize, rec: usize): bool {
  const beta = 1 - alpha;
  const mz = gMz;
  const sq = gSq;
  const nSum = (load<f64>(st) + load<f64>(st, 8)) / sq;
  const fHi = load<f64>(st, 16);
  const fLo = load<f64>(st, 24);
  const q0 = (load<f64>(st, 32) + load<f64>(st, 40)) / sq;
  const qIn = (load<f64>(st, 48) + load<f64>(st, 56)) / sq;
  const lmax = load<f64>(st, 64);
  const xm = load<f64>(st, 72);
  const out = load<f64>(st, 80) != 0;
  let v: f64;
  if (alpha == 0) {
    v = q0 < 0.5 ? -Math.log1p(-q0) : -Math.log(qIn);
  } else if (alpha == Infinity) {
    v = out ? Infinity : xm;
  } else if (out && alpha > 1) {
    v = Infinity;
  } else if (Math.abs(beta) * lmax > 600) {
    return false; // the loop's log-sum-exp form
  } else {
    // F/Sq, by log1p near 1: (F − Sq)/Sq with both compensated sums (F − Sq exact there).
    const fr = (fHi + fLo) / sq;
    const logF =
      fr > 0.5 && fr < 2 ? Math.log1p((fHi - gSqHi + (fLo - gSqLo)) / sq) : Math.log(fr);
    // The near form wherever 1 + X is not small (X = N − β·Q₀ = F/Sq − 1, a sum of terms of one
    // sign for every ℓ, as ψβ ≤ 0 for 0 < β < 1 and ≥ 0 for β < 0), not only where |β|·max|ℓ| ≤ 1
    // as in the loop: F/Sq − 1 from F would lose digits where F ≈ Sq (the loop's far form is 100ε off
    // on the shared fixture "logits", α = ½).
    const x1 = nSum - beta * q0;
    if (x1 > -0.5) v = Math.log1p(x1) / (alpha - 1);
    else v = fr > 0 ? logF / (alpha - 1) : Infinity;
  }
  if (v != v) return false;
  store<f64>(rec, v);
  store<f64>(rec, mz + Math.log(gSp), 8);
  store<f64>(rec, gMw + Math.log(sq), 16);
  store<f64>(rec, 0, 24);
  return true;
}

/**
 * The normalizers of one pair of logit vectors z, w (n elements) at st: [max z, Σ e^{z − max z},
 * max w, Σ e^{w − max w}, c₁, er] with c₁ + er = log Σ e^z − log Σ e^w (double-double), for the
 * contributions of logits (assembly/contributions.ts). Returns 0, or 1 for an invalid pair (NaN
 * or +∞, or all −∞ on either side).
 */
function normalizersRange<T>(z: usize, w: usize, n: i32, st: usize): i32 {
  if (!rowNormalizers<T>(z, w, n)) return 1;
  store<f64>(st, gMz);
  store<f64>(st, gSp, 8);
  store<f64>(st, gMw, 16);
  store<f64>(st, gSq, 24);
  store<f64>(st, gC1, 32);
  store<f64>(st, gEr, 40);
  return 0;
}

export function logitNormalizersF64(z: usize, w: usize, n: i32, st: usize): i32 {
  return normalizersRange<f64>(z, w, n, st);
}

export function logitNormalizersF32(z: usize, w: usize, n: i32, st: usize): i32 {
  return normalizersRange<f32>(z, w, n, st);
}

/**
 * Rows [r0, r1) of z and w (rows × n, row-major) into their records at out (record r at
 * out + (r − r0)·32). Returns −1 when every row was valid, else the first row that was not (rows
 * before it are done).
 */
function pairRange<T>(
  z: usize,
  w: usize,
  n: i32,
  r0: i32,
  r1: i32,
  out: usize,
  mode: i32,
  alpha: f64,
): i32 {
  const rowBytes = <usize>n * <usize>sizeof<T>();
  for (let r = r0; r < r1; r++) {
    const zr = z + <usize>r * rowBytes;
    const wr = w + <usize>r * rowBytes;
    const rec = out + <usize>(r - r0) * RECORD;
    const ok = mode == 3 ? renyiRow<T>(zr, wr, n, alpha, rec) : pairRow<T>(zr, wr, n, mode, rec);
    if (!ok) return r;
  }
  return -1;
}

export function logitPairRowsF64(
  z: usize,
  w: usize,
  n: i32,
  r0: i32,
  r1: i32,
  out: usize,
  mode: i32,
  alpha: f64,
): i32 {
  return pairRange<f64>(z, w, n, r0, r1, out, mode, alpha);
}

export function logitPairRowsF32(
  z: usize,
  w: usize,
  n: i32,
  r0: i32,
  r1: i32,
  out: usize,
  mode: i32,
  alpha: f64,
): i32 {
  return pairRange<f32>(z, w, n, r0, r1, out, mode, alpha);
}

// One long row pair spread over threads (src/fast/hooks.ts, logitPairLongFast): the three passes of
// the row kernels over fixed ranges, each range's sums merged in range order by the caller, so the
// value does not depend on the thread count. Pass 1 (logitMaximaRange): the maxima of a range;
// pass 2 (logitSumsRange): its Sq, Sp, δ for the row's maxima; then logitSetNormalizers on the
// calling thread; pass 3 (logitTermsRange): its terms for those normalizers (given to every thread
// as parameters); logitPairFinish on the calling thread.

/** The maxima of a range at st[0], st[1] (−∞ where the range is all −∞); 1 for NaN or +∞, else 0. */
function maximaRange<T>(z: usize, w: usize, n: i32, st: usize): i32 {
  if (!logitMaxima<T>(z, w, n, true)) return 1;
  store<f64>(st, maxZ);
  store<f64>(st, maxW, 8);
  return 0;
}

export function logitMaximaRangeF64(z: usize, w: usize, n: i32, st: usize): i32 {
  return maximaRange<f64>(z, w, n, st);
}

export function logitMaximaRangeF32(z: usize, w: usize, n: i32, st: usize): i32 {
  return maximaRange<f32>(z, w, n, st);
}

/** Pass 2 of a range for the row's maxima mz, mw: Sq, Sp, δ (hi, lo) at st[0..6). */
export function logitSumsRangeF64(z: usize, w: usize, n: i32, mz: f64, mw: f64, st: usize): void {
  memory.fill(st, 0, 48);
  normalizerSums<f64>(z, w, n, mz, mw, st);
}

export function logitSumsRangeF32(z: usize, w: usize, n: i32, mz: f64, mw: f64, st: usize): void {
  memory.fill(st, 0, 48);
  normalizerSums<f32>(z, w, n, mz, mw, st);
}

/**
 * The normalizers of the row from its maxima and the merged sums of pass 2 at st, kept in this
 * instance's globals for logitPairFinish and written to out: [Sp, Sq, c₁, er, Sq/Sp].
 */
export function logitSetNormalizers(mz: f64, mw: f64, st: usize, out: usize): void {
  finishNormalizers(mz, mw, st);
  store<f64>(out, gSp);
  store<f64>(out, gSq, 8);
  store<f64>(out, gC1, 16);
  store<f64>(out, gEr, 24);
  store<f64>(out, gRatio, 32);
}

/** Sets the normalizers of pass 3 in this instance's globals (from logitSetNormalizers's out). */
function setTerms(mz: f64, mw: f64, c1: f64, er: f64, ratio: f64): void {
  gMz = mz;
  gMw = mw;
  gK = mw;
  gC1 = c1;
  gEr = er;
  gRatio = ratio;
}

/**
 * Pass 3 of a range (`mode` 0 JS, 1 TV, 2 Hellinger: the sum at st[0..2); 3 Rényi of order α: the
 * sums of renyiTerms at st[0..11)) for the row's normalizers.
 */
function termsRange<T>(
  z: usize,
  w: usize,
  n: i32,
  mode: i32,
  alpha: f64,
  mz: f64,
  mw: f64,
  c1: f64,
  er: f64,
  ratio: f64,
  st: usize,
): void {
  setTerms(mz, mw, c1, er, ratio);
  memory.fill(st, 0, RENYI_STATE);
  if (mode == 3) renyiTerms<T>(z, w, n, 1 - alpha, st);
  else pairTerms<T>(z, w, n, mode, st);
}

export function logitTermsRangeF64(
  z: usize,
  w: usize,
  n: i32,
  mode: i32,
  alpha: f64,
  mz: f64,
  mw: f64,
  c1: f64,
  er: f64,
  ratio: f64,
  st: usize,
): void {
  termsRange<f64>(z, w, n, mode, alpha, mz, mw, c1, er, ratio, st);
}

export function logitTermsRangeF32(
  z: usize,
  w: usize,
  n: i32,
  mode: i32,
  alpha: f64,
  mz: f64,
  mw: f64,
  c1: f64,
  er: f64,
  ratio: f64,
  st: usize,
): void {
  termsRange<f32>(z, w, n, mode, alpha, mz, mw, c1, er, ratio, st);
}

/**
 * The record of the row (as logitPairRows writes it) from the normalizers logitSetNormalizers left
 * in this instance and the merged sums of pass 3 at st; 1, or 0 where the Rényi form declines.
 */
export function logitPairFinish(mode: i32, alpha: f64, st: usize, rec: usize): i32 {
  if (mode == 3) return renyiFinish(alpha, st, rec) ? 1 : 0;
  pairFinish(mode, st, rec);
  return 1;
}
