// KL divergence of logits (log-domain inputs), row by row: D(P̂‖Q̂) of softmax(z) and softmax(w)
// for each row of two row-major matrices.

import { acc, flush } from "./accumulate";
import { BLOCK, kv } from "./constants";
import { expReduce, expScale, expm1Reduced, polyQ, redN, redScale } from "./exp";
import { infCount } from "./kl";
import { lane0, load1, load2 } from "./loads";
import { logDiff1, logDiff2 } from "./log-diff";
import { logitMaxima, maxW, maxZ } from "./logit-maxima";
import { gC1, gMw, gSq, rowNormalizers } from "./logit-pair-rows";
import { phi1, psi1, psiSeries2 } from "./phi";
import { ACC, ROW_STATE, clearAcc } from "./memory";

// Per-term outputs of the scalar log-domain term.
let tG: f64 = 0;
let tD: f64 = 0;
let tP: f64 = 0;
let tQ: f64 = 0;

/** One log-domain term in scalar arithmetic, as the loop of klLogChunk (src/numeric/kernels.ts). */
function logTerm1(a: f64, b: f64, c: f64, k: f64): void {
  tG = 0;
  tD = 0;
  tP = 0;
  tQ = 0;
  if (b == -Infinity) {
    if (a > -Infinity) {
      infCount += 1;
      const e = Math.exp(a - c - k);
      tP = e;
      tD = e;
    }
    return;
  }
  const qt = Math.exp(b - k);
  tQ = qt;
  if (a == -Infinity) {
    tG = qt;
    tD = -qt;
    return;
  }
  const d = logDiff1(a, b, c, 0); // (z − w) − c with the rounding of z − w restored
  tP = Math.exp(a - c - k);
  // q̃·ψ(d) = p̃·(d − 1) + q̃ where eᵈ overflows (ψ's own form would give ∞ − ∞ = NaN).
  tG = d > 700 ? tP * (d - 1) + qt : qt * psi1(d);
  tD = d > 700 ? tP - qt : qt * Math.expm1(d);
}

/**
 * The terms of D over z[0..n), w[0..n) with offset c and scale k: G = Σ q̃·ψ(d), Sp = Σ p̃, Sq = Σ q̃,
 * δ = Σ q̃·expm1(d) with q̃ = e^{w − k}, d = (z − w) − c (the rounding of z − w restored) and
 * p̃ = q̃·eᵈ, into the workspace (ACC, + 32, + 64, + 96; cleared here) and `infCount` (p > 0 = q).
 */
function klTerms<T>(z: usize, w: usize, n: i32, c: f64, k: f64): void {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  clearAcc();
  infCount = 0;
  const cv = f64x2.splat(c);
  const zero = f64x2.splat(0);
  const kvec = f64x2.splat(k);
  const lim = kv(46 /* 700 */);
  const nlim = kv(47 /* -700 */);
  const tenth = kv(15 /* 0.1 */);
  const onev = kv(12 /* 1 */);
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let gS = f64x2.splat(0);
    let pS = f64x2.splat(0);
    let qS = f64x2.splat(0);
    let dS = f64x2.splat(0);
    // Fast pass without per-element branches, valid while b − k ≥ −700 and |d| ≤ 700 (no −∞),
    // which the block's extremes confirm afterwards; else the block is redone term by term.
    const start = i;
    let lowQ = f64x2.splat(0);
    let highD = f64x2.splat(0);
    for (; i < end; i += 2) {
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const xq = f64x2.sub(b, kvec);
      const d = logDiff2(a, b, cv, zero);
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
      const psSmall = f64x2.mul(rd2, f64x2.add(onev, f64x2.mul(f64x2.sub(rd, onev), qd)));
      const psBig = f64x2.sub(f64x2.mul(d, ed), em);
      const ps = v128.bitselect(psSmall, psBig, f64x2.eq(nd, f64x2.splat(0)));
      gS = f64x2.add(gS, f64x2.mul(qt, ps));
      dS = f64x2.add(dS, f64x2.mul(qt, em));
      pS = f64x2.add(pS, f64x2.mul(qt, ed));
      qS = f64x2.add(qS, qt);
    }
    // A −∞ logit gives d = NaN, which pmax does not carry into highD but the sums do: a NaN sum
    // (gS ≠ gS) redoes the block term by term too.
    if (
      v128.any_true(
        v128.or(v128.or(f64x2.lt(lowQ, nlim), f64x2.gt(highD, lim)), f64x2.ne(gS, gS)),
      )
    ) {
      i = start;
      gS = f64x2.splat(0);
      pS = f64x2.splat(0);
      qS = f64x2.splat(0);
      dS = f64x2.splat(0);
    }
    for (; i < end; i += 2) {
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const xq = f64x2.sub(b, kvec);
      const d = logDiff2(a, b, cv, zero);
      if (
        v128.any_true(
          v128.or(v128.or(f64x2.lt(xq, nlim), f64x2.gt(f64x2.abs(d), lim)), f64x2.ne(d, d)),
        )
      ) {
        logTerm1(f64x2.extract_lane(a, 0), f64x2.extract_lane(b, 0), c, k);
        const g0 = tG;
        const d0 = tD;
        const p0 = tP;
        const q0 = tQ;
        logTerm1(f64x2.extract_lane(a, 1), f64x2.extract_lane(b, 1), c, k);
        gS = f64x2.add(gS, f64x2.replace_lane(f64x2.splat(g0), 1, tG));
        dS = f64x2.add(dS, f64x2.replace_lane(f64x2.splat(d0), 1, tD));
        pS = f64x2.add(pS, f64x2.replace_lane(f64x2.splat(p0), 1, tP));
        qS = f64x2.add(qS, f64x2.replace_lane(f64x2.splat(q0), 1, tQ));
        continue;
      }
      const er = expm1Reduced(xq);
      const qt = f64x2.add(expScale, f64x2.mul(expScale, er));
      const emr = expm1Reduced(d);
      const scale = expScale;
      const em = f64x2.add(f64x2.sub(scale, onev), f64x2.mul(scale, emr));
      const ed = f64x2.add(scale, f64x2.mul(scale, emr));
      const small = f64x2.lt(f64x2.abs(d), tenth);
      let ps: v128;
      if (i64x2.all_true(small)) {
        ps = psiSeries2(d);
      } else if (!v128.any_true(small)) {
        ps = f64x2.sub(f64x2.mul(d, ed), em);
      } else {
        ps = v128.bitselect(psiSeries2(d), f64x2.sub(f64x2.mul(d, ed), em), small);
      }
      gS = f64x2.add(gS, f64x2.mul(qt, ps));
      dS = f64x2.add(dS, f64x2.mul(qt, em));
      pS = f64x2.add(pS, f64x2.mul(qt, ed));
      qS = f64x2.add(qS, qt);
    }
    if (i == even && i < n) {
      logTerm1(load1<T>(z + <usize>i * sz), load1<T>(w + <usize>i * sz), c, k);
      gS = f64x2.add(gS, lane0(tG));
      dS = f64x2.add(dS, lane0(tD));
      pS = f64x2.add(pS, lane0(tP));
      qS = f64x2.add(qS, lane0(tQ));
      i = n;
    }
    acc(ACC, gS);
    acc(ACC + 32, pS);
    acc(ACC + 64, qS);
    acc(ACC + 96, dS);
  }
}

/**
 * D(P̂‖Q̂) in nats of one row of logits z (P) and w (Q), n columns; NaN when the row holds NaN or
 * +∞, or is all −∞ on either side (the caller then takes the TypeScript path).
 */
function klLogitsRow<T>(z: usize, w: usize, n: i32): f64 {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  // Pass 1: the maxima and the validation (logit-maxima.ts).
  if (!logitMaxima<T>(z, w, n)) return NaN;
  const mz = maxZ;
  const mw = maxW;
  const c = mz - mw;
  const k = mw;
  // Pass 2.
  klTerms<T>(z, w, n, c, k);
  const st = ROW_STATE;
  memory.fill(st, 0, 64);
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  flush(ACC + 64, st, 4);
  flush(ACC + 96, st, 6);
  const g = load<f64>(st) + load<f64>(st, 8);
  const sp = load<f64>(st, 16) + load<f64>(st, 24);
  const sq = load<f64>(st, 32) + load<f64>(st, 40);
  const dd = load<f64>(st, 48) + load<f64>(st, 56);
  // The rows' log masses log Σ e^z = max z + log Σ e^{z − max z} (sp and sq are those sums), for
  // the caller's check of log-probabilities.
  rowLz = mz + Math.log(sp);
  rowLw = mw + Math.log(sq);
  if (infCount > 0) return Infinity;
  const v = (g - sq * phi1(dd / sq)) / sp;
  return max(v, 0);
}

/** log Σ e^z and log Σ e^w of the last row klLogitsRow computed. */
let rowLz: f64 = 0;
let rowLw: f64 = 0;

/**
 * Row-wise KL of logits over rows [r0, r1) of z and w (rows × n, row-major): out[4r ..] = [D,
 * log Σ e^z, log Σ e^w, 0] (f64). Returns −1 when every row was valid, else the first row that was
 * not (rows before it are done).
 */
function klLogitsRange<T>(z: usize, w: usize, n: i32, r0: i32, r1: i32, out: usize): i32 {
  const rowBytes = <usize>n * <usize>sizeof<T>();
  for (let r = r0; r < r1; r++) {
    const v = klLogitsRow<T>(z + <usize>r * rowBytes, w + <usize>r * rowBytes, n);
    if (isNaN(v)) return r;
    const o = out + (<usize>r << 5);
    store<f64>(o, v);
    store<f64>(o, rowLz, 8);
    store<f64>(o, rowLw, 16);
    store<f64>(o, 0, 24);
  }
  return -1;
}

export function klLogitsF64(z: usize, w: usize, n: i32, r0: i32, r1: i32, out: usize): i32 {
  return klLogitsRange<f64>(z, w, n, r0, r1, out);
}

export function klLogitsF32(z: usize, w: usize, n: i32, r0: i32, r1: i32, out: usize): i32 {
  return klLogitsRange<f32>(z, w, n, r0, r1, out);
}

/**
 * The log-domain KL state of one chunk, as klLogChunk of src/numeric/kl-log-kernel.ts forms it, at
 * st (104 bytes): [G, Sp, Sq, δ (hi, lo each), INF, N, c, k, INIT] with the chunk's own offset
 * c = Lz − Lw and scale k = Lw (its log-normalizers, from logit-pair-rows.ts's passes 1 and 2),
 * then the terms (klTerms). Returns 0, or 1 when the chunk holds NaN or +∞ or one side is all −∞
 * (the caller then runs the TypeScript loop, which handles the latter and names the former).
 */
function klLogChunkRange<T>(z: usize, w: usize, n: i32, st: usize): i32 {
  if (!rowNormalizers<T>(z, w, n)) return 1;
  const c = gC1;
  const k = gMw + Math.log(gSq);
  klTerms<T>(z, w, n, c, k);
  memory.fill(st, 0, 104);
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  flush(ACC + 64, st, 4);
  flush(ACC + 96, st, 6);
  store<f64>(st, <f64>infCount, 64);
  store<f64>(st, <f64>n, 72);
  store<f64>(st, c, 80);
  store<f64>(st, k, 88);
  store<f64>(st, 1, 96);
  return 0;
}

export function klLogChunkF64(z: usize, w: usize, n: i32, st: usize): i32 {
  return klLogChunkRange<f64>(z, w, n, st);
}

export function klLogChunkF32(z: usize, w: usize, n: i32, st: usize): i32 {
  return klLogChunkRange<f32>(z, w, n, st);
}
