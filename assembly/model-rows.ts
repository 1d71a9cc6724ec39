// Two language models' rows compared in one kernel (the model-comparison report of src/models): per
// pair of rows of logits z (base, P) and w (other, Q), everything the report reads, in two or three
// passes over the row:
//   1. the top-k of both rows (descending, the lower index first among equal values), their maxima,
//      and the validation (NaN or +∞ anywhere, or a row that is all −∞, fails the row);
//   2. the sums of the log-domain KL kernel (kl-logits.ts): G = Σ q̃·ψ(d), Sp, Sq, δ = Σ q̃·expm1(d),
//      plus G' = Σ q̃·(expm1(d) − d) = Σ p̃·ψ(−d) for the reverse KL, with q̃ = e^{w − max w},
//      d = z − w − c, c = max z − max w, p̃ = q̃·eᵈ. From them: D(P̂‖Q̂) = (G − Sq·φ(δ/Sq))/Sp,
//      D(Q̂‖P̂) = (G' − Sp·φ(−δ/Sp))/Sq, log Σ e^z = max z + log Sp, log Σ e^w = max w + log Sq,
//      and the exact log-normalizer difference ΔL = c + log1p(δ/Sq);
//   3. (when asked) Jensen–Shannon, Σ q̂·(1 + eˣ)/4·j(s) with x = d − log1p(δ/Sq) = log(p̂/q̂),
//      s = tanh(x/2) = expm1(x)/(expm1(x) + 2), j(s) = (1 + s)·log1p(s) + (1 − s)·log1p(−s).
// The TypeScript twin is ModelComparison's per-row path (src/models/comparison.ts: scanRow,
// klDivergenceRows, jsDivergenceRows, logNormalizerCorrection); test/models/fused.test.ts compares them.
//
// Record of a row at out + r·recordBytes(k): f64 [kld, reverse, js, lseP, lseQ, c, corr, token],
// then f64 top values of P (k), of Q (k), then i32 top indices of P (k), of Q (k). The caller
// writes the row's next token (i32 at byte 56, −1 when none) before the call: where its log-ratio
// or the top-1's is much smaller than corr, c becomes c + corr and corr its (tiny) correction.

import { acc, flush } from "./accumulate";
import { BLOCK, kv } from "./constants";
import { expReduce, expScale, expm1Reduced, polyQ, redN, redScale } from "./exp";
import { jLog2, jSeries2 } from "./js";
import { lane0, load1, load2 } from "./loads";
import { ACC, ROW_STATE } from "./memory";
import { phi1, psi1 } from "./phi";

/** Bytes of one row's record for top-k of k (a multiple of 16). */
// @ts-ignore: decorator
@inline
function recordBytes(k: i32): usize {
  return (<usize>(64 + 24 * k) + 15) & ~(<usize>15);
}

// This instance's row scratch (set per job by the JavaScript side, one per thread): where pass 2
// keeps q̃ and expm1(d) of every element for pass 3, which then needs no exponential.
let SCRATCH: usize = 0;
let SCRATCH_BYTES: usize = 0;

/** Sets this instance's row scratch (16 bytes per column are needed; 0 bytes: pass 3 recomputes). */
export function setRowScratch(ptr: usize, bytes: usize): void {
  SCRATCH = ptr;
  SCRATCH_BYTES = bytes;
}

// Per-term outputs of the scalar term.
let tG: f64 = 0;
let tD: f64 = 0;
let tP: f64 = 0;
let tQ: f64 = 0;
let tR: f64 = 0;
let kInf: i32 = 0;
let rInf: i32 = 0;

/** expm1(d) − d without cancellation (d²·Q(d) for |d| < 0.1). */
function emMinus(d: f64): f64 {
  if (d < 0.1 && d > -0.1) return d * d * f64x2.extract_lane(polyQ(f64x2.splat(d)), 0);
  return Math.expm1(d) - d;
}

/** One term of pass 2 in scalar arithmetic (−∞ entries, extreme differences). */
function term1(a: f64, b: f64, c: f64, k: f64): void {
  tG = 0;
  tD = 0;
  tP = 0;
  tQ = 0;
  tR = 0;
  if (b == -Infinity) {
    if (a > -Infinity) {
      kInf += 1;
      const e = Math.exp(a - c - k);
      tP = e;
      tD = e;
      tR = e; // p̃·ψ(−∞) = p̃
    }
    return;
  }
  const qt = Math.exp(b - k);
  tQ = qt;
  if (a == -Infinity) {
    tG = qt;
    tD = -qt;
    rInf += 1;
    return;
  }
  const d = a - b - c;
  tP = Math.exp(a - c - k);
  tG = d > 700 ? tP * (d - 1) + qt : qt * psi1(d);
  tD = d > 700 ? tP - qt : qt * Math.expm1(d);
  tR = d > 700 ? tP - qt * (1 + d) : qt * emMinus(d);
}

/** j(s) = (1 + s)·log1p(s) + (1 − s)·log1p(−s) in scalar arithmetic, 2·ln 2 at |s| = 1. */
function j1(s: f64): f64 {
  if (s < 0.25 && s > -0.25) {
    const u = s * s;
    return u * f64x2.extract_lane(jSeries2(f64x2.splat(u)), 0);
  }
  if (s >= 1 || s <= -1) return 1.3862943611198906;
  return (1 + s) * Math.log1p(s) + (1 - s) * Math.log1p(-s);
}

/** One JS term (in units of 4·Sq) in scalar arithmetic. */
function jsTerm1(a: f64, b: f64, c: f64, k: f64, corr: f64, sp: f64, sq: f64): f64 {
  if (b == -Infinity) {
    if (a == -Infinity) return 0;
    return 1.3862943611198906 * sq * (Math.exp(a - c - k) / sp);
  }
  const qt = Math.exp(b - k);
  if (a == -Infinity) return 1.3862943611198906 * qt;
  const x = a - b - c - corr;
  if (x > 700) return 1.3862943611198906 * (qt + Math.exp(a - c - k) * (sq / sp));
  const em = Math.expm1(x);
  return qt * (2 + em) * j1(em / (em + 2));
}

/** Inserts v (column i) into the descending top list (val, idx) of cnt ≤ k entries; returns cnt. */
// @ts-ignore: decorator
@inline
function insert(v: f64, i: i32, val: usize, idx: usize, cnt: i32, k: i32): i32 {
  let j = cnt < k ? cnt++ : k - 1;
  while (j > 0 && load<f64>(val + (<usize>(j - 1) << 3)) < v) {
    store<f64>(val + (<usize>j << 3), load<f64>(val + (<usize>(j - 1) << 3)));
    store<i32>(idx + (<usize>j << 2), load<i32>(idx + (<usize>(j - 1) << 2)));
    j--;
  }
  store<f64>(val + (<usize>j << 3), v);
  store<i32>(idx + (<usize>j << 2), i);
  return cnt;
}

/** Pass 1 over one row x: its top kk (kk ≥ 1) into (val, idx); returns the maximum, NaN when invalid. */
function topRow<T>(x: usize, n: i32, kk: i32, val: usize, idx: usize): f64 {
  const sz = <usize>sizeof<T>();
  let cnt = 0;
  let bad = false;
  for (let i = 0; i < kk; i++) {
    const v = load1<T>(x + <usize>i * sz);
    if (!(v < Infinity)) bad = true;
    cnt = insert(v, i, val, idx, cnt, kk);
  }
  let th = load<f64>(val + (<usize>(kk - 1) << 3));
  let i = kk;
  if (sizeof<T>() == 4) {
    let mx = f32x4.splat(-Infinity);
    const end = kk + ((n - kk) & ~3);
    let thv = f32x4.splat(<f32>th);
    for (; i < end; i += 4) {
      const v = v128.load(x + <usize>i * sz);
      mx = f32x4.max(mx, v);
      if (v128.any_true(f32x4.gt(v, thv))) {
        for (let j = i; j < i + 4; j++) {
          const e = load1<T>(x + <usize>j * sz);
          if (e > th) {
            cnt = insert(e, j, val, idx, cnt, kk);
            th = load<f64>(val + (<usize>(kk - 1) << 3));
          }
        }
        thv = f32x4.splat(<f32>th);
      }
    }
    const m = max(
      max(<f64>f32x4.extract_lane(mx, 0), <f64>f32x4.extract_lane(mx, 1)),
      max(<f64>f32x4.extract_lane(mx, 2), <f64>f32x4.extract_lane(mx, 3)),
    );
    if (!(m < Infinity)) bad = true;
  } else {
    let mx = f64x2.splat(-Infinity);
    const end = kk + ((n - kk) & ~1);
    let thv = f64x2.splat(th);
    for (; i < end; i += 2) {
      const v = v128.load(x + <usize>i * sz);
      mx = f64x2.max(mx, v);
      if (v128.any_true(f64x2.gt(v, thv))) {
        for (let j = i; j < i + 2; j++) {
          const e = load1<T>(x + <usize>j * sz);
          if (e > th) {
            cnt = insert(e, j, val, idx, cnt, kk);
            th = load<f64>(val + (<usize>(kk - 1) << 3));
          }
        }
        thv = f64x2.splat(th);
      }
    }
    const m = max(f64x2.extract_lane(mx, 0), f64x2.extract_lane(mx, 1));
    if (!(m < Infinity)) bad = true;
  }
  for (; i < n; i++) {
    const e = load1<T>(x + <usize>i * sz);
    if (!(e < Infinity)) bad = true;
    if (e > th) {
      cnt = insert(e, i, val, idx, cnt, kk);
      th = load<f64>(val + (<usize>(kk - 1) << 3));
    }
  }
  const top = load<f64>(val);
  if (bad || !(top > -Infinity)) return NaN;
  return top;
}

/** Clears the five compensated lane pairs of pass 2 (ACC, and ACC + 208 for G'). */
// @ts-ignore: decorator
@inline
function clear5(): void {
  memory.fill(ACC, 0, 128);
  memory.fill(ACC + 208, 0, 32);
}

/** The whole comparison of one pair of rows into the record at rec; false when a row is invalid. */
function modelRow<T>(z: usize, w: usize, n: i32, k: i32, js: bool, rec: usize): bool {
  const sz = <usize>sizeof<T>();
  const kk = min(k, n);
  const valP = rec + 64;
  const valQ = valP + (<usize>k << 3);
  const idxP = valQ + (<usize>k << 3);
  const idxQ = idxP + (<usize>k << 2);
  const mz = topRow<T>(z, n, kk, valP, idxP);
  const mw = topRow<T>(w, n, kk, valQ, idxQ);
  if (isNaN(mz) || isNaN(mw)) return false;
  const c = mz - mw;
  const k0 = mw;
  // Pass 2.
  clear5();
  kInf = 0;
  rInf = 0;
  const even = n & ~1;
  const cv = f64x2.splat(c);
  const kvec = f64x2.splat(k0);
  const lim = kv(46 /* 700 */);
  const nlim = kv(47 /* -700 */);
  const onev = kv(12 /* 1 */);
  const zero = f64x2.splat(0);
  const RACC = ACC + 208;
  // Pass 3 reads q̃ and expm1(d) back from the scratch when it has room for the row (pairs of lanes
  // as [q̃ᵢ, q̃ᵢ₊₁, emᵢ, emᵢ₊₁] at SCRATCH + 16·i; q̃ = NaN marks a pair that pass 3 recomputes).
  const keep = js && SCRATCH_BYTES >= <usize>n << 4;
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let gS = zero;
    let pS = zero;
    let qS = zero;
    let dS = zero;
    let rS = zero;
    const start = i;
    let lowQ = zero;
    let highD = zero;
    for (; i < end; i += 2) {
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const xq = f64x2.sub(b, kvec);
      const d = f64x2.sub(f64x2.sub(a, b), cv);
      lowQ = f64x2.pmin(lowQ, xq);
      highD = f64x2.pmax(highD, f64x2.abs(d));
      const rq = expReduce(xq);
      const sq = redScale;
      const qq = polyQ(rq);
      const qt = f64x2.add(sq, f64x2.mul(sq, f64x2.add(rq, f64x2.mul(f64x2.mul(rq, rq), qq))));
      const rd = expReduce(d);
      const nd = redN;
      const sd = redScale;
      const qd = polyQ(rd);
      const rd2 = f64x2.mul(rd, rd);
      const emr = f64x2.add(rd, f64x2.mul(rd2, qd));
      const em = f64x2.add(f64x2.sub(sd, onev), f64x2.mul(sd, emr));
      const ed = f64x2.add(sd, f64x2.mul(sd, emr));
      const n0 = f64x2.eq(nd, zero);
      const psSmall = f64x2.mul(rd2, f64x2.add(onev, f64x2.mul(f64x2.sub(rd, onev), qd)));
      const psBig = f64x2.sub(f64x2.mul(d, ed), em);
      const ps = v128.bitselect(psSmall, psBig, n0);
      // expm1(d) − d: r²·Q(r) exactly where n = 0 (then r = d), else the difference.
      const rv = v128.bitselect(f64x2.mul(rd2, qd), f64x2.sub(em, d), n0);
      gS = f64x2.add(gS, f64x2.mul(qt, ps));
      dS = f64x2.add(dS, f64x2.mul(qt, em));
      pS = f64x2.add(pS, f64x2.mul(qt, ed));
      qS = f64x2.add(qS, qt);
      rS = f64x2.add(rS, f64x2.mul(qt, rv));
      if (keep) {
        v128.store(SCRATCH + (<usize>i << 4), qt);
        v128.store(SCRATCH + (<usize>i << 4), em, 16);
      }
    }
    if (v128.any_true(v128.or(f64x2.lt(lowQ, nlim), f64x2.gt(highD, lim)))) {
      if (keep) {
        const nan = f64x2.splat(NaN);
        for (let j = start; j < end; j += 2) v128.store(SCRATCH + (<usize>j << 4), nan);
      }
      // Redo the block term by term (−∞ entries or extreme differences).
      gS = zero;
      pS = zero;
      qS = zero;
      dS = zero;
      rS = zero;
      for (i = start; i < end; i++) {
        term1(load1<T>(z + <usize>i * sz), load1<T>(w + <usize>i * sz), c, k0);
        gS = f64x2.add(gS, lane0(tG));
        dS = f64x2.add(dS, lane0(tD));
        pS = f64x2.add(pS, lane0(tP));
        qS = f64x2.add(qS, lane0(tQ));
        rS = f64x2.add(rS, lane0(tR));
      }
    }
    if (i == even && i < n) {
      term1(load1<T>(z + <usize>i * sz), load1<T>(w + <usize>i * sz), c, k0);
      gS = f64x2.add(gS, lane0(tG));
      dS = f64x2.add(dS, lane0(tD));
      pS = f64x2.add(pS, lane0(tP));
      qS = f64x2.add(qS, lane0(tQ));
      rS = f64x2.add(rS, lane0(tR));
      i = n;
    }
    acc(ACC, gS);
    acc(ACC + 32, pS);
    acc(ACC + 64, qS);
    acc(ACC + 96, dS);
    acc(RACC, rS);
  }
  const st = ROW_STATE;
  memory.fill(st, 0, 80);
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  flush(ACC + 64, st, 4);
  flush(ACC + 96, st, 6);
  flush(RACC, st, 8);
  const g = load<f64>(st) + load<f64>(st, 8);
  const sp = load<f64>(st, 16) + load<f64>(st, 24);
  const sq = load<f64>(st, 32) + load<f64>(st, 40);
  const dd = load<f64>(st, 48) + load<f64>(st, 56);
  const gr = load<f64>(st, 64) + load<f64>(st, 72);
  const kld = kInf > 0 ? Infinity : max((g - sq * phi1(dd / sq)) / sp, 0);
  const rev = rInf > 0 ? Infinity : max((gr - sp * phi1(-dd / sp)) / sq, 0);
  const corr = Math.log1p(dd / sq);
  store<f64>(rec, kld);
  store<f64>(rec, rev, 8);
  store<f64>(rec, NaN, 16);
  store<f64>(rec, mz + Math.log(sp), 24);
  store<f64>(rec, mw + Math.log(sq), 32);
  store<f64>(rec, c, 40);
  store<f64>(rec, corr, 48);
  // The token's and the top-1's log-ratios z − w − ΔL lose ~ulp(corr) when they are much smaller
  // than corr (a crude reference c): then a second reference ΔL₁ = c + corr, whose correction is
  // tiny, as logNormalizerCorrection of src/models/row.ts does.
  const tok = load<i32>(rec, 56); // the row's next token, −1 when none (written by the caller)
  const tp = load<i32>(idxP);
  const lim2 = 0.1 * Math.abs(corr);
  const dTop = load1<T>(z + <usize>tp * sz) - load1<T>(w + <usize>tp * sz) - c - corr;
  let near = Math.abs(dTop) < lim2;
  if (tok >= 0 && tok < n) {
    const dTok = load1<T>(z + <usize>tok * sz) - load1<T>(w + <usize>tok * sz) - c - corr;
    if (Math.abs(dTok) < lim2) near = true;
  }
  if (near) {
    const ref = c + corr;
    store<f64>(rec, ref, 40);
    store<f64>(rec, correction<T>(z, w, n, k0, ref), 48);
  }
  if (js) {
    const jsd = keep ? jsRowKept<T>(z, w, n, c, k0, corr, sp, sq) : jsRow<T>(z, w, n, c, k0, corr, sp, sq);
    store<f64>(rec, jsd, 16);
  }
  return true;
}

/** q̃·expm1(a − b − ref) = p̃ − q̃ in scalar arithmetic (q̃ = e^{b − k0}, p̃ = e^{a − ref − k0}). */
function corrTerm1(a: f64, b: f64, k0: f64, ref: f64): f64 {
  if (b == -Infinity) return a == -Infinity ? 0 : Math.exp(a - ref - k0);
  const qt = Math.exp(b - k0);
  if (a == -Infinity) return -qt;
  const d = a - b - ref;
  return d > 700 ? Math.exp(a - ref - k0) - qt : qt * Math.expm1(d);
}

/**
 * log1p(Σ q̃·expm1(z − w − ref) / Σ q̃), q̃ = e^{w − k0}: the log-normalizer difference ΔL − ref, exact
 * for any reference (the extra pass of rows whose token or top-1 log-ratio is tiny).
 */
function correction<T>(z: usize, w: usize, n: i32, k0: f64, ref: f64): f64 {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  const rv = f64x2.splat(ref);
  const kvec = f64x2.splat(k0);
  const lim = kv(46 /* 700 */);
  const nlim = kv(47 /* -700 */);
  const onev = kv(12 /* 1 */);
  const zero = f64x2.splat(0);
  memory.fill(ACC, 0, 64);
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let dS = zero;
    let qS = zero;
    for (; i < end; i += 2) {
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const xq = f64x2.sub(b, kvec);
      const d = f64x2.sub(f64x2.sub(a, b), rv);
      if (v128.any_true(v128.or(f64x2.lt(xq, nlim), f64x2.gt(f64x2.abs(d), lim)))) {
        const a0 = f64x2.extract_lane(a, 0);
        const a1 = f64x2.extract_lane(a, 1);
        const b0 = f64x2.extract_lane(b, 0);
        const b1 = f64x2.extract_lane(b, 1);
        const t = f64x2.replace_lane(f64x2.splat(corrTerm1(a0, b0, k0, ref)), 1, corrTerm1(a1, b1, k0, ref));
        const q0 = b0 == -Infinity ? 0 : Math.exp(b0 - k0);
        const q1 = b1 == -Infinity ? 0 : Math.exp(b1 - k0);
        dS = f64x2.add(dS, t);
        qS = f64x2.add(qS, f64x2.replace_lane(f64x2.splat(q0), 1, q1));
        continue;
      }
      const er = expm1Reduced(xq);
      const qt = f64x2.add(expScale, f64x2.mul(expScale, er));
      const emr = expm1Reduced(d);
      const em = f64x2.add(f64x2.sub(expScale, onev), f64x2.mul(expScale, emr));
      dS = f64x2.add(dS, f64x2.mul(qt, em));
      qS = f64x2.add(qS, qt);
    }
    if (i == even && i < n) {
      const a = load1<T>(z + <usize>i * sz);
      const b = load1<T>(w + <usize>i * sz);
      dS = f64x2.add(dS, lane0(corrTerm1(a, b, k0, ref)));
      qS = f64x2.add(qS, lane0(b == -Infinity ? 0 : Math.exp(b - k0)));
      i = n;
    }
    acc(ACC, dS);
    acc(ACC + 32, qS);
  }
  const st = ROW_STATE;
  memory.fill(st, 0, 32);
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  return Math.log1p((load<f64>(st) + load<f64>(st, 8)) / (load<f64>(st, 16) + load<f64>(st, 24)));
}

/** Pass 3: Jensen–Shannon of the row pair, from pass 2's c, max w, correction, Sp and Sq. */
function jsRow<T>(z: usize, w: usize, n: i32, c: f64, k0: f64, corr: f64, sp: f64, sq: f64): f64 {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  const cv = f64x2.splat(c);
  const kvec = f64x2.splat(k0);
  const corrv = f64x2.splat(corr);
  const lim = kv(46 /* 700 */);
  const nlim = kv(47 /* -700 */);
  const onev = kv(12 /* 1 */);
  const two = f64x2.add(onev, onev);
  const quarter = kv(84 /* 0.25 */);
  const zero = f64x2.splat(0);
  memory.fill(ACC, 0, 32);
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let jS = zero;
    for (; i < end; i += 2) {
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const xq = f64x2.sub(b, kvec);
      const x = f64x2.sub(f64x2.sub(f64x2.sub(a, b), cv), corrv);
      if (v128.any_true(v128.or(f64x2.lt(xq, nlim), f64x2.gt(f64x2.abs(x), lim)))) {
        const t0 = jsTerm1(f64x2.extract_lane(a, 0), f64x2.extract_lane(b, 0), c, k0, corr, sp, sq);
        const t1 = jsTerm1(f64x2.extract_lane(a, 1), f64x2.extract_lane(b, 1), c, k0, corr, sp, sq);
        jS = f64x2.add(jS, f64x2.replace_lane(f64x2.splat(t0), 1, t1));
        continue;
      }
      const rq = expReduce(xq);
      const sq2 = redScale;
      const qt = f64x2.add(
        sq2,
        f64x2.mul(sq2, f64x2.add(rq, f64x2.mul(f64x2.mul(rq, rq), polyQ(rq)))),
      );
      const rx = expReduce(x);
      const sx = redScale;
      const emr = f64x2.add(rx, f64x2.mul(f64x2.mul(rx, rx), polyQ(rx)));
      const em = f64x2.add(f64x2.sub(sx, onev), f64x2.mul(sx, emr));
      const s = f64x2.div(em, f64x2.add(em, two));
      const u = f64x2.mul(s, s);
      const small = f64x2.lt(u, f64x2.mul(quarter, quarter));
      let j: v128;
      if (i64x2.all_true(small)) j = f64x2.mul(u, jSeries2(u));
      else {
        const big = v128.bitselect(kv(83 /* 2·ln 2 */), jLog2(s), f64x2.ge(u, onev));
        j = v128.bitselect(f64x2.mul(u, jSeries2(u)), big, small);
      }
      jS = f64x2.add(jS, f64x2.mul(f64x2.mul(qt, f64x2.add(two, em)), j));
    }
    if (i == even && i < n) {
      jS = f64x2.add(
        jS,
        lane0(jsTerm1(load1<T>(z + <usize>i * sz), load1<T>(w + <usize>i * sz), c, k0, corr, sp, sq)),
      );
      i = n;
    }
    acc(ACC, jS);
  }
  const st = ROW_STATE;
  memory.fill(st, 0, 16);
  flush(ACC, st, 0);
  return (load<f64>(st) + load<f64>(st, 8)) / (4 * sq);
}

/**
 * Pass 3 from the scratch that pass 2 filled: per element q̃ and em = expm1(d) are read back, and
 * expm1(x) = expm1(d − corr) = em·e^{−corr} + expm1(−corr) needs no exponential. That sum cancels
 * where |x| ≪ |corr| (absolute error ≲ 5ε·|corr|, from em's few ε and the two products): where
 * |x| < |corr|/16 expm1(x) is computed afresh, so expm1(x) keeps a relative error ≲ 85ε ≈ 2e-14 and
 * a term (∝ expm1(x)² for small x) ≲ 4e-14 in the worst case (the sum, of non-negative terms, no
 * more), within the 1e-13 that test/models/fused.test.ts holds it to against the TypeScript twin.
 */
function jsRowKept<T>(z: usize, w: usize, n: i32, c: f64, k0: f64, corr: f64, sp: f64, sq: f64): f64 {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  const cv = f64x2.splat(c);
  const corrv = f64x2.splat(corr);
  const kc = f64x2.splat(Math.exp(-corr));
  const kc1 = f64x2.splat(Math.expm1(-corr));
  const near = f64x2.splat(0.0625 * Math.abs(corr));
  const lim = kv(46 /* 700 */);
  const onev = kv(12 /* 1 */);
  const two = f64x2.add(onev, onev);
  const quarter = kv(84 /* 0.25 */);
  const zero = f64x2.splat(0);
  memory.fill(ACC, 0, 32);
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let jS = zero;
    for (; i < end; i += 2) {
      const qt = v128.load(SCRATCH + (<usize>i << 4));
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const x = f64x2.sub(f64x2.sub(f64x2.sub(a, b), cv), corrv);
      const ax = f64x2.abs(x);
      if (v128.any_true(v128.or(f64x2.ne(qt, qt), f64x2.gt(ax, lim)))) {
        const t0 = jsTerm1(f64x2.extract_lane(a, 0), f64x2.extract_lane(b, 0), c, k0, corr, sp, sq);
        const t1 = jsTerm1(f64x2.extract_lane(a, 1), f64x2.extract_lane(b, 1), c, k0, corr, sp, sq);
        jS = f64x2.add(jS, f64x2.replace_lane(f64x2.splat(t0), 1, t1));
        continue;
      }
      let em = f64x2.add(f64x2.mul(v128.load(SCRATCH + (<usize>i << 4), 16), kc), kc1);
      const fresh = f64x2.lt(ax, near);
      if (v128.any_true(fresh)) {
        const rx = expReduce(x);
        const sx = redScale;
        const emr = f64x2.add(rx, f64x2.mul(f64x2.mul(rx, rx), polyQ(rx)));
        em = v128.bitselect(f64x2.add(f64x2.sub(sx, onev), f64x2.mul(sx, emr)), em, fresh);
      }
      const s = f64x2.div(em, f64x2.add(em, two));
      const u = f64x2.mul(s, s);
      const small = f64x2.lt(u, f64x2.mul(quarter, quarter));
      let j: v128;
      if (i64x2.all_true(small)) j = f64x2.mul(u, jSeries2(u));
      else {
        const big = v128.bitselect(kv(83 /* 2·ln 2 */), jLog2(s), f64x2.ge(u, onev));
        j = v128.bitselect(f64x2.mul(u, jSeries2(u)), big, small);
      }
      jS = f64x2.add(jS, f64x2.mul(f64x2.mul(qt, f64x2.add(two, em)), j));
    }
    if (i == even && i < n) {
      jS = f64x2.add(
        jS,
        lane0(jsTerm1(load1<T>(z + <usize>i * sz), load1<T>(w + <usize>i * sz), c, k0, corr, sp, sq)),
      );
      i = n;
    }
    acc(ACC, jS);
  }
  const st = ROW_STATE;
  memory.fill(st, 0, 16);
  flush(ACC, st, 0);
  return (load<f64>(st) + load<f64>(st, 8)) / (4 * sq);
}

/**
 * Rows [r0, r1) of z and w (rows × n, row-major) into their records at out (record r at
 * out + (r − r0)·recordBytes(k)). `mode` = 2·k + (1 when Jensen–Shannon is wanted). Returns −1 when
 * every row was valid, else the first row that was not (rows before it are done).
 */
function modelRange<T>(z: usize, w: usize, n: i32, r0: i32, r1: i32, out: usize, mode: i32): i32 {
  const rowBytes = <usize>n * <usize>sizeof<T>();
  const k = mode >> 1;
  const js = (mode & 1) != 0;
  const rb = recordBytes(k);
  for (let r = r0; r < r1; r++) {
    const ok = modelRow<T>(
      z + <usize>r * rowBytes,
      w + <usize>r * rowBytes,
      n,
      k,
      js,
      out + <usize>(r - r0) * rb,
    );
    if (!ok) return r;
  }
  return -1;
}

export function modelRowsF64(z: usize, w: usize, n: i32, r0: i32, r1: i32, out: usize, mode: i32): i32 {
  return modelRange<f64>(z, w, n, r0, r1, out, mode);
}

export function modelRowsF32(z: usize, w: usize, n: i32, r0: i32, r1: i32, out: usize, mode: i32): i32 {
  return modelRange<f32>(z, w, n, r0, r1, out, mode);
}
