/**
 * The one-pass kernels behind every entropy, cross-entropy and KL computation, whole-array or
 * streamed. Each kernel accumulates a small state (a `Float64Array`) over a chunk; states of two
 * chunks merge by addition (after rescaling to a common reference), and a `finish*` function turns a
 * state into the measure in nats. The whole-array functions are one chunk of the same kernel.
 *
 * All sums are Neumaier-compensated; every summed term is non-negative or exactly cancelling, so the
 * result keeps full relative accuracy, also when P ≈ Q (see the numerical contract in DESIGN.md).
 */
import { twoProductError, twoSumError } from "./error-free.js";
import { fastHooks } from "./fast-hooks.js";
import { logAddExp } from "./log-sum-exp.js";
import { klTerm, klTermSplit, logRatio, phi, psi } from "./phi.js";
import { compensatedAdd, compensatedMerge, neumaierError } from "./sum.js";

/** Returned by chunk kernels when every element was valid. */
export const VALID = -1;

// ---------------------------------------------------------------------------------------------
// KL divergence of probabilities or counts
// ---------------------------------------------------------------------------------------------

/**
 * Layout of the KL state: G, Sp, Sq, δ as (hi, lo) pairs, the count of +∞ terms, the length, and a
 * scale λ applied to Q: the sums are G = Σ g(p, λq), Sq = Σ λq, δ = Σ (p − λq), where each product
 * λq is carried exactly as a double-double (Dekker's two-product), so p − λq keeps every digit.
 * Choosing λ = Σp/Σq for counts of different totals keeps G − Sq·φ(δ/Sq) free of cancellation;
 * for probabilities λ = 1 and the products are plain.
 */
export const KL = { G: 0, SP: 2, SQ: 4, D: 6, INF: 8, N: 9, LAMBDA: 10, SIZE: 11 } as const;

/** A fresh KL state (λ = 1). */
export function klState(): Float64Array {
  const s = new Float64Array(KL.SIZE);
  s[KL.LAMBDA] = 1;
  return s;
}

/** The scale λ = a/b for Q (a power of 2 when a/b is outside the double range; 1 when a or b is 0). */
export function scaleRatio(a: number, b: number): number {
  const r = a / b;
  if (r > 2.2250738585072014e-308 && r < Number.POSITIVE_INFINITY) return r;
  if (!(a > 0 && b > 0 && a < Number.POSITIVE_INFINITY && b < Number.POSITIVE_INFINITY)) return 1;
  // The ratio is outside the double range: the nearest representable power of 2.
  const e = Math.round(Math.log2(a) - Math.log2(b));
  return 2 ** Math.max(-1022, Math.min(1023, e));
}

/**
 * Accumulates G = Σ (p log(p/q) − p + q), Sp = Σ p, Sq = Σ q and δ = Σ (p − q) over
 * `p[start..end)`, `q[start..end)`. Returns {@link VALID} or the index of the first element of p or
 * q that is negative or not finite (state then partially updated: callers throw).
 */
export function klChunk(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  start: number,
  end: number,
  s: Float64Array,
  threads?: number,
): number {
  const fast = fastHooks.klChunk;
  if (
    fast !== undefined &&
    end - start >= (fastHooks.minLength ?? 0) &&
    (p instanceof Float64Array || p instanceof Float32Array) &&
    (q instanceof Float64Array || q instanceof Float32Array)
  ) {
    const bad = fast(p, q, start, end, s, threads);
    if (bad === VALID) return VALID;
    return bad;
  }
  let gh = s[KL.G];
  let gl = s[KL.G + 1];
  let ph = s[KL.SP];
  let pl = s[KL.SP + 1];
  let qh = s[KL.SQ];
  let ql = s[KL.SQ + 1];
  let dh = s[KL.D];
  let dl = s[KL.D + 1];
  let inf = s[KL.INF];
  const lambda = s[KL.LAMBDA];
  let bad = VALID;
  // The four sums live in locals around neumaierError, not in CompensatedSum objects or the state
  // array: 1.1–1.25× faster here (bench/compensated.mjs).
  for (let i = start; i < end; i++) {
    const a = p[i];
    const qi = q[i];
    // Rejects NaN, ±∞ and negatives in one comparison each.
    if (!(a >= 0 && a < Number.POSITIVE_INFINITY && qi >= 0 && qi < Number.POSITIVE_INFINITY)) {
      bad = i;
      break;
    }
    const b = qi * lambda;
    const bl = lambda === 1 ? 0 : twoProductError(qi, lambda, b); // λq = b + bl exactly
    let t: number;
    if (b === 0 && a > 0) {
      if (qi === 0) inf++;
      else {
        // λq underflowed (q subnormal, λ < 1): g = p·(log(p/q) − log λ) − p + λq, with λq ≈ 0.
        const g = a * (logRatio(a, qi) - Math.log(lambda)) - a;
        t = gh + g;
        gl += neumaierError(gh, g, t);
        gh = t;
      }
    } else {
      const g = bl === 0 ? klTerm(a, b) : klTermSplit(a, b, bl);
      t = gh + g;
      gl += neumaierError(gh, g, t);
      gh = t;
    }
    t = ph + a;
    pl += neumaierError(ph, a, t);
    ph = t;
    t = qh + b;
    ql += neumaierError(qh, b, t) + bl;
    qh = t;
    const d = a - b - bl;
    t = dh + d;
    dl += neumaierError(dh, d, t);
    dh = t;
  }
  s[KL.G] = gh;
  s[KL.G + 1] = gl;
  s[KL.SP] = ph;
  s[KL.SP + 1] = pl;
  s[KL.SQ] = qh;
  s[KL.SQ + 1] = ql;
  s[KL.D] = dh;
  s[KL.D + 1] = dl;
  s[KL.INF] = inf;
  if (bad === VALID) s[KL.N] += end - start;
  return bad;
}

/**
 * Merges KL state `b` into `a` (both of probabilities/counts), converting b to a's scale λ when they
 * differ (μ = λa/λb): G(μλ) = G(λ) − Sp·log μ + (μ − 1)·Sq(λ), which is well conditioned for a
 * balanced state (Sp ≈ Sq).
 */
export function klMerge(a: Float64Array, b0: Float64Array): void {
  let b = b0;
  if (a[KL.N] === 0 && a[KL.INF] === 0) a[KL.LAMBDA] = b[KL.LAMBDA];
  const mu = a[KL.LAMBDA] / b[KL.LAMBDA];
  if (mu !== 1) {
    // G(μλ) = G(λ) − Sp·log μ + (μ − 1)·Sq(λ); Sq(μλ) = μ·Sq(λ); δ(μλ) = δ(λ) − (μ − 1)·Sq(λ).
    b = new Float64Array(b0);
    const sp = b[KL.SP] + b[KL.SP + 1];
    const sq = b[KL.SQ] + b[KL.SQ + 1];
    const g = b[KL.G] + b[KL.G + 1] - sp * Math.log(mu) + (mu - 1) * sq;
    b[KL.G] = g;
    b[KL.G + 1] = 0;
    b[KL.SQ] *= mu;
    b[KL.SQ + 1] *= mu;
    b[KL.D] = b[KL.D] + b[KL.D + 1] - (mu - 1) * sq;
    b[KL.D + 1] = 0;
  }
  for (const i of [KL.G, KL.SP, KL.SQ, KL.D]) compensatedMerge(a, i, b[i], b[i + 1]);
  a[KL.INF] += b[KL.INF];
  a[KL.N] += b[KL.N];
}

/**
 * D(P̂‖Q̂) in nats from a KL state: (G − Sq·φ(δ/Sq)) / Sp, or +∞ when Q rules out an outcome P allows.
 * Callers have already checked that Sp and Sq are positive.
 */
export function klFinish(s: Float64Array): number {
  if (s[KL.INF] > 0) return Number.POSITIVE_INFINITY;
  const g = s[KL.G] + s[KL.G + 1];
  const sp = s[KL.SP] + s[KL.SP + 1];
  const sq = s[KL.SQ] + s[KL.SQ + 1];
  const d = s[KL.D] + s[KL.D + 1];
  const v = (g - sq * phi(d / sq)) / sp;
  return Math.max(v, 0);
}

// ---------------------------------------------------------------------------------------------
// KL divergence of log-probabilities or logits
// ---------------------------------------------------------------------------------------------

/**
 * Layout of the log-domain KL state. The measures are p̃ = exp(z − c − k), q̃ = exp(w − k), with an
 * offset c and a scale k chosen so that Σp̃ ≈ Σq̃ ≈ 1 (balanced: the normalization correction then
 * stays free of cancellation). G, Sp, Sq, δ as in {@link KL}; then c, k and a flag "has mass".
 */
export const KLL = {
  G: 0,
  SP: 2,
  SQ: 4,
  D: 6,
  INF: 8,
  N: 9,
  C: 10,
  K: 11,
  INIT: 12,
  SIZE: 13,
} as const;

/** A fresh log-domain KL state. */
export function klLogState(): Float64Array {
  return new Float64Array(KLL.SIZE);
}

/** True when x may stand for a log-probability or logit: finite or −∞ (a zero probability). */
function isLogValue(x: number): boolean {
  return x < Number.POSITIVE_INFINITY; // false for NaN and +∞
}

/** Scratch state for one chunk (the kernels are synchronous, so one suffices). */
const chunkState = new Float64Array(KLL.SIZE);

/**
 * Accumulates the log-domain KL state over z = log p and w = log q (each up to a constant).
 * Three passes over the chunk: maxima (and validation), log-sum-exp of each side, then the terms
 * g = q̃·ψ(d) and δ += q̃·expm1(d) with d = (z − w) − c exact for close values, in a state whose
 * offset c = Lz − Lw normalizes the chunk exactly. The chunk state then merges into `s` by the chain
 * rule (see {@link klLogMerge}).
 */
export function klLogChunk(
  z: ArrayLike<number>,
  w: ArrayLike<number>,
  start: number,
  end: number,
  s: Float64Array,
): number {
  let mz = Number.NEGATIVE_INFINITY;
  let mw = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i++) {
    const a = z[i];
    const b = w[i];
    if (!isLogValue(a) || !isLogValue(b)) return i;
    if (a > mz) mz = a;
    if (b > mw) mw = b;
  }
  const t = chunkState;
  t.fill(0);
  t[KLL.N] = end - start;
  if (mz === Number.NEGATIVE_INFINITY && mw === Number.NEGATIVE_INFINITY) {
    klLogMerge(s, t);
    return VALID;
  }
  let sz = 0;
  let sw = 0;
  for (let i = start; i < end; i++) {
    sz += Math.exp(z[i] - mz);
    sw += Math.exp(w[i] - mw);
  }
  const lz = mz + Math.log(sz);
  const lw = mw + Math.log(sw);
  const c = lz > Number.NEGATIVE_INFINITY && lw > Number.NEGATIVE_INFINITY ? lz - lw : 0;
  const k = lw > Number.NEGATIVE_INFINITY ? lw : lz;
  t[KLL.C] = c;
  t[KLL.K] = k;
  t[KLL.INIT] = 1;
  for (let i = start; i < end; i++) {
    const a = z[i];
    const b = w[i];
    if (b === Number.NEGATIVE_INFINITY) {
      if (a > Number.NEGATIVE_INFINITY) {
        t[KLL.INF]++;
        const pt = Math.exp(a - c - k);
        compensatedAdd(t, KLL.SP, pt);
        compensatedAdd(t, KLL.D, pt);
      }
      continue;
    }
    const qt = Math.exp(b - k);
    compensatedAdd(t, KLL.SQ, qt);
    if (a === Number.NEGATIVE_INFINITY) {
      compensatedAdd(t, KLL.G, qt);
      compensatedAdd(t, KLL.D, -qt);
      continue;
    }
    const zw = a - b;
    const d = zw - c + twoSumError(a, -b, zw); // (z − w) − c with the rounding of z − w restored
    const pt = Math.exp(a - c - k);
    if (d > 700) {
      // e^d would overflow: g = p̃·(d − 1) + q̃, which has no cancellation this far apart.
      compensatedAdd(t, KLL.G, pt * (d - 1) + qt);
      compensatedAdd(t, KLL.D, pt - qt);
    } else {
      compensatedAdd(t, KLL.G, qt * psi(d));
      compensatedAdd(t, KLL.D, qt * Math.expm1(d));
    }
    compensatedAdd(t, KLL.SP, pt);
  }
  klLogMerge(s, t);
  return VALID;
}

/** log Σp̃ + c + k and log Σq̃ + k of a state: the log-masses of P and Q it holds. */
function logMasses(s: Float64Array): [number, number] {
  const sp = s[KLL.SP] + s[KLL.SP + 1];
  const sq = s[KLL.SQ] + s[KLL.SQ + 1];
  return [
    sp > 0 ? Math.log(sp) + s[KLL.C] + s[KLL.K] : Number.NEGATIVE_INFINITY,
    sq > 0 ? Math.log(sq) + s[KLL.K] : Number.NEGATIVE_INFINITY,
  ];
}

/**
 * Re-expresses a state with offset c* and scale k* (in place). With μ = e^{c − c*} and λ = e^{k − k*}:
 * G' = λ·(μG + Sq·φ(μ − 1) + μ·δ·log μ), Sp' = λμSp, Sq' = λSq, δ' = λ·((μ − 1)·Sq + μδ): the
 * generalized KL of a rescaled measure, every term of which is small or non-negative when the state
 * is balanced (δ ≈ 0).
 */
function klLogRebase(s: Float64Array, cStar: number, kStar: number): void {
  const delta = s[KLL.C] - cStar;
  const lambda = Math.exp(s[KLL.K] - kStar);
  const mu = Math.exp(delta);
  const muM1 = Math.expm1(delta);
  const g = s[KLL.G] + s[KLL.G + 1];
  const sp = s[KLL.SP] + s[KLL.SP + 1];
  const sq = s[KLL.SQ] + s[KLL.SQ + 1];
  const d = s[KLL.D] + s[KLL.D + 1];
  let g2: number;
  let d2: number;
  if (sp === 0) {
    g2 = sq; // no P mass: every term is q̃
    d2 = -sq;
  } else if (delta === 0) {
    g2 = g;
    d2 = d;
  } else {
    g2 = mu * g + sq * phi(muM1) + mu * d * delta;
    d2 = muM1 * sq + mu * d;
  }
  s[KLL.G] = lambda * g2;
  s[KLL.G + 1] = 0;
  s[KLL.SP] = lambda * mu * sp;
  s[KLL.SP + 1] = 0;
  s[KLL.SQ] = lambda * sq;
  s[KLL.SQ + 1] = 0;
  s[KLL.D] = lambda * d2;
  s[KLL.D + 1] = 0;
  s[KLL.C] = cStar;
  s[KLL.K] = kStar;
}

/**
 * Merges log-domain KL state `b` into `a` by the chain rule: both are re-expressed with the offset and
 * scale that balance the merged masses (Σp̃ = Σq̃ = 1), then added. The divergence of the whole is
 * then the mass-weighted divergences of the parts plus the divergence between the parts' masses.
 */
export function klLogMerge(a: Float64Array, b: Float64Array): void {
  const n = a[KLL.N] + b[KLL.N];
  const inf = a[KLL.INF] + b[KLL.INF];
  if (b[KLL.INIT] === 0) {
    a[KLL.N] = n;
    a[KLL.INF] = inf;
    return;
  }
  if (a[KLL.INIT] === 0) {
    a.set(b);
    a[KLL.N] = n;
    a[KLL.INF] = inf;
    return;
  }
  const [pa, qa] = logMasses(a);
  const [pb, qb] = logMasses(b);
  const lp = logAddExp(pa, pb);
  const lq = logAddExp(qa, qb);
  const kStar = lq > Number.NEGATIVE_INFINITY ? lq : lp;
  const cStar = lp > Number.NEGATIVE_INFINITY && lq > Number.NEGATIVE_INFINITY ? lp - lq : 0;
  const t = new Float64Array(b);
  klLogRebase(a, cStar, kStar);
  klLogRebase(t, cStar, kStar);
  for (const i of [KLL.G, KLL.SP, KLL.SQ, KLL.D]) compensatedAdd(a, i, t[i]);
  a[KLL.N] = n;
  a[KLL.INF] = inf;
}

/** D(P̂‖Q̂) in nats from a log-domain KL state. */
export function klLogFinish(s: Float64Array): number {
  if (s[KLL.INF] > 0) return Number.POSITIVE_INFINITY;
  const g = s[KLL.G] + s[KLL.G + 1];
  const sp = s[KLL.SP] + s[KLL.SP + 1];
  const sq = s[KLL.SQ] + s[KLL.SQ + 1];
  const d = s[KLL.D] + s[KLL.D + 1];
  const v = (g - sq * phi(d / sq)) / sp;
  return Math.max(v, 0);
}

/** log Σ exp(z) of the P side of a log-domain KL state (for the `logprobs` sum check). */
export function klLogMassP(s: Float64Array): number {
  return logMasses(s)[0];
}

/** log Σ exp(w) of the Q side of a log-domain KL state. */
export function klLogMassQ(s: Float64Array): number {
  return logMasses(s)[1];
}

// ---------------------------------------------------------------------------------------------
// Entropy of probabilities or counts
// ---------------------------------------------------------------------------------------------

/** Layout of the entropy state: the largest value M, S = Σ x, B = Σ x·log(M/x), the length. */
export const ENT = { M: 0, S: 1, B: 3, N: 5, SIZE: 6 } as const;

/** A fresh entropy state. */
export function entropyState(): Float64Array {
  return new Float64Array(ENT.SIZE);
}

/** Raises the reference M of an entropy state to `m`, rescaling B: B += S·log(m/M). */
export function entropyRaise(s: Float64Array, m: number): void {
  const m0 = s[ENT.M];
  if (m <= m0) return;
  if (m0 > 0) {
    const l = logRatio(m, m0);
    const sum = s[ENT.S] + s[ENT.S + 1];
    compensatedAdd(s, ENT.B, sum * l);
  }
  s[ENT.M] = m;
}

/**
 * Accumulates the entropy state over `x[start..end)`: two passes over the chunk (its maximum, then
 * the sums), all terms non-negative. Returns {@link VALID} or the first invalid index.
 */
export function entropyChunk(
  x: ArrayLike<number>,
  start: number,
  end: number,
  s: Float64Array,
  threads?: number,
): number {
  const fast = fastHooks.entropyChunk;
  if (
    fast !== undefined &&
    end - start >= (fastHooks.minLength ?? 0) &&
    (x instanceof Float64Array || x instanceof Float32Array)
  ) {
    return fast(x, start, end, s, threads);
  }
  let m = 0;
  for (let i = start; i < end; i++) {
    const a = x[i];
    if (!(a >= 0 && a < Number.POSITIVE_INFINITY)) return i;
    if (a > m) m = a;
  }
  entropyRaise(s, m);
  const mm = s[ENT.M];
  let sh = s[ENT.S];
  let sl = s[ENT.S + 1];
  let bh = s[ENT.B];
  let bl = s[ENT.B + 1];
  // Locals around neumaierError, as in klChunk (bench/compensated.mjs).
  for (let i = start; i < end; i++) {
    const a = x[i];
    if (a === 0) continue;
    let t = sh + a;
    sl += neumaierError(sh, a, t);
    sh = t;
    if (a === mm) continue;
    const b = a * logRatio(mm, a);
    t = bh + b;
    bl += neumaierError(bh, b, t);
    bh = t;
  }
  s[ENT.S] = sh;
  s[ENT.S + 1] = sl;
  s[ENT.B] = bh;
  s[ENT.B + 1] = bl;
  s[ENT.N] += end - start;
  return VALID;
}

/** Merges entropy state `b` into `a`. */
export function entropyMerge(a: Float64Array, b: Float64Array): void {
  const t = new Float64Array(b);
  const m = Math.max(a[ENT.M], t[ENT.M]);
  entropyRaise(a, m);
  entropyRaise(t, m);
  compensatedMerge(a, ENT.S, t[ENT.S], t[ENT.S + 1]);
  compensatedMerge(a, ENT.B, t[ENT.B], t[ENT.B + 1]);
  a[ENT.N] += t[ENT.N];
}

/** The total Σx of an entropy state. */
export function entropySum(s: Float64Array): number {
  return s[ENT.S] + s[ENT.S + 1];
}

/** H(P̂) in nats: log1p((S − M)/M) + B/S. Callers have checked S > 0. */
export function entropyFinish(s: Float64Array): number {
  const m = s[ENT.M];
  const sum = s[ENT.S] + s[ENT.S + 1];
  const rest = s[ENT.S] - m + s[ENT.S + 1];
  const b = s[ENT.B] + s[ENT.B + 1];
  const h = Math.log1p(rest / m) + b / sum;
  return Math.max(h, 0);
}

// ---------------------------------------------------------------------------------------------
// Entropy of log-probabilities or logits
// ---------------------------------------------------------------------------------------------

/** Layout: the largest log-value m, S = Σ e^{z−m}, T = Σ e^{z−m}·(m − z), the length. */
export const ENTL = { M: 0, S: 1, T: 3, N: 5, SIZE: 6 } as const;

/** A fresh log-domain entropy state (m = −∞). */
export function entropyLogState(): Float64Array {
  const s = new Float64Array(ENTL.SIZE);
  s[ENTL.M] = Number.NEGATIVE_INFINITY;
  return s;
}

function entropyLogRaise(s: Float64Array, m: number): void {
  const m0 = s[ENTL.M];
  if (m <= m0) return;
  if (m0 > Number.NEGATIVE_INFINITY) {
    const f = Math.exp(m0 - m);
    const sum = s[ENTL.S] + s[ENTL.S + 1];
    // T' = f·(T + (m − m0)·S), S' = f·S
    compensatedAdd(s, ENTL.T, (m - m0) * sum);
    s[ENTL.T] *= f;
    s[ENTL.T + 1] *= f;
    s[ENTL.S] *= f;
    s[ENTL.S + 1] *= f;
  }
  s[ENTL.M] = m;
}

/** Accumulates the log-domain entropy state over `z[start..end)`. */
export function entropyLogChunk(
  z: ArrayLike<number>,
  start: number,
  end: number,
  s: Float64Array,
): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i++) {
    const a = z[i];
    if (!isLogValue(a)) return i;
    if (a > m) m = a;
  }
  entropyLogRaise(s, m);
  const mm = s[ENTL.M];
  for (let i = start; i < end; i++) {
    const a = z[i];
    if (a === Number.NEGATIVE_INFINITY) continue;
    const u = mm - a;
    const e = Math.exp(-u);
    compensatedAdd(s, ENTL.S, e);
    if (u > 0) compensatedAdd(s, ENTL.T, e * u);
  }
  s[ENTL.N] += end - start;
  return VALID;
}

/** Merges log-domain entropy state `b` into `a`. */
export function entropyLogMerge(a: Float64Array, b: Float64Array): void {
  const t = new Float64Array(b);
  const m = Math.max(a[ENTL.M], t[ENTL.M]);
  entropyLogRaise(a, m);
  entropyLogRaise(t, m);
  compensatedMerge(a, ENTL.S, t[ENTL.S], t[ENTL.S + 1]);
  compensatedMerge(a, ENTL.T, t[ENTL.T], t[ENTL.T + 1]);
  a[ENTL.N] += t[ENTL.N];
}

/** log Σ e^z of a log-domain entropy state (−∞ when empty or all −∞). */
export function entropyLogMass(s: Float64Array): number {
  const m = s[ENTL.M];
  if (m === Number.NEGATIVE_INFINITY) return m;
  return m + Math.log1p(s[ENTL.S] - 1 + s[ENTL.S + 1]);
}

/** H in nats: log S + T/S, with log S = log1p(S − 1) (S ≥ 1 holds the maximum's own term 1). */
export function entropyLogFinish(s: Float64Array): number {
  const sum = s[ENTL.S] + s[ENTL.S + 1];
  const h = Math.log1p(s[ENTL.S] - 1 + s[ENTL.S + 1]) + (s[ENTL.T] + s[ENTL.T + 1]) / sum;
  return Math.max(h, 0);
}
