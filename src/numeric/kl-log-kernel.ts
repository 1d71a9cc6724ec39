/**
 * The KL kernel of log-probabilities or logits: the same state in the log domain, rebased to a common offset when chunks merge.
 *
 * Part of the one-pass kernels (see kernels.ts): all sums are Neumaier-compensated and every summed
 * term is non-negative or exactly cancelling (the numerical contract in DESIGN.md).
 */
import { twoSumError } from "./error-free.js";
import { fastHooks } from "./fast-hooks.js";
import { logAddExp } from "./log-sum-exp.js";
import { phi, psi } from "./phi.js";
import { compensatedAdd } from "./sum.js";
import { isLogValue, VALID } from "./valid.js";

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
  threads?: number,
): number {
  const fast = fastHooks.klLogChunk;
  if (
    fast !== undefined &&
    end - start >= (fastHooks.minLength ?? 0) &&
    (z instanceof Float64Array || z instanceof Float32Array) &&
    (w instanceof Float64Array || w instanceof Float32Array)
  ) {
    return fast(z, w, start, end, s, threads);
  }
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

/**
 * Merges many log-domain KL states into `a` at once (the chunk states of one call, in order): every
 * state is re-expressed once with the offset and scale of the merged masses and added, where
 * {@link klLogMerge} one by one would re-express the running state at every step (305 chunks of 10⁷
 * logits: 8ε from a long-double reference one by one, its last digit at once). Same result for any
 * thread count.
 */
export function klLogMergeAll(a: Float64Array, states: Float64Array[]): void {
  let n = a[KLL.N];
  let inf = a[KLL.INF];
  const parts: Float64Array[] = a[KLL.INIT] === 0 ? [] : [new Float64Array(a)];
  for (const b of states) {
    n += b[KLL.N];
    inf += b[KLL.INF];
    if (b[KLL.INIT] !== 0) parts.push(new Float64Array(b));
  }
  if (parts.length === 0) {
    a[KLL.N] = n;
    a[KLL.INF] = inf;
    return;
  }
  let lp = Number.NEGATIVE_INFINITY;
  let lq = Number.NEGATIVE_INFINITY;
  for (const t of parts) {
    const [pt, qt] = logMasses(t);
    lp = logAddExp(lp, pt);
    lq = logAddExp(lq, qt);
  }
  const kStar = lq > Number.NEGATIVE_INFINITY ? lq : lp;
  const cStar = lp > Number.NEGATIVE_INFINITY && lq > Number.NEGATIVE_INFINITY ? lp - lq : 0;
  a.fill(0);
  a[KLL.C] = cStar;
  a[KLL.K] = kStar;
  a[KLL.INIT] = 1;
  for (const t of parts) {
    klLogRebase(t, cStar, kStar);
    for (const i of [KLL.G, KLL.SP, KLL.SQ, KLL.D]) compensatedAdd(a, i, t[i]);
  }
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
