import { exactProduct, twoProductError, twoSumError } from "../numeric/error-free.js";
import { fastHooks } from "../numeric/fast-hooks.js";
import { scaleRatio } from "../numeric/kernels.js";
import type { PairSums } from "../numeric/pair-sum-kernel.js";
import { logRatio, logRatioAccurate } from "../numeric/phi.js";
import { neumaierError } from "../numeric/sum.js";
import type { MeasureOptions, Vector } from "../types.js";
import type { DistributionLike } from "./labels.js";
import { matchPair, needsMatching } from "./match.js";
import { checkDistribution } from "./normalize.js";
import { type ResolvedOptions, resolveOptions } from "./options.js";
import { checkMass, checkSameLength, checkVector } from "./validate.js";

/**
 * What total variation (mode 1), Hellinger (mode 2) or Rényi (mode 3) asks of the accelerated totals
 * pass: `sums` is set (to the 11 or 18 numbers of the `pairTotals` hook) when that pass ran with
 * the measure's sums (see fusedPairSum in src/numeric/pair-sum-kernel.ts, fusedRenyi in
 * src/measures/renyi.ts), and stays undefined otherwise.
 */
export interface PairExtra {
  /** 1: total variation, 2: Hellinger, 3: Rényi (with `renyi`). */
  mode: 1 | 2 | 3;
  /** Mode 3: β = 1 − α and the Rényi kernel's mode (see src/measures/renyi.ts). */
  renyi?: { beta: number; mode: 0 | 1 | 2 };
  sums?: Float64Array;
}

/**
 * A validated pair of distributions as unnormalized measures p and q, with what is needed to form
 * p̂ᵢ − q̂ᵢ and log(p̂ᵢ/q̂ᵢ) of the normalized distributions without losing digits:
 * - Q is scaled by λ (1 for probabilities; Σp/Σq for counts), each product λqᵢ carried exactly;
 * - Sp = Σp, Sq = Σq, SqL = Σλq and δ = Σ(p − λq), compensated;
 * - for log-probabilities and logits, p̃ᵢ = q̂ᵢ·e^{dᵢ} with dᵢ = (zᵢ − wᵢ) − (Lz − Lw) formed exactly,
 *   and the exact differences p̃ᵢ − q̂ᵢ = q̂ᵢ·expm1(dᵢ) and logs dᵢ are kept per outcome.
 * Then p̂ᵢ − q̂ᵢ = ((pᵢ − λqᵢ) − λqᵢ·δ/SqL)/Sp and log(p̂ᵢ/q̂ᵢ) = log(pᵢ/λqᵢ) − log1p(δ/SqL).
 */
export interface LinearPair {
  p: Vector;
  q: Vector;
  sp: number;
  sq: number;
  lambda: number;
  sqL: number;
  delta: number;
  /** For log kinds: pᵢ − qᵢ formed exactly. */
  diff: Float64Array | undefined;
  /** For log kinds: log(pᵢ/qᵢ) formed exactly. */
  logRatio: Float64Array | undefined;
  /**
   * True when counts whose sum overflows had to be scaled down so far that some nonzero count
   * fell below the normal range (see checkDistribution): their digits are lost.
   */
  lossy: boolean;
  options: ResolvedOptions;
}

/**
 * Validates P and Q and brings them to measure form (log kinds are exponentiated and normalized
 * exactly; linear kinds are read in place). `extra`: see {@link PairExtra}.
 * @throws {SurprisalError} for any invalid element, a length mismatch, an empty input or a bad sum.
 */
export function linearPair(
  p: DistributionLike,
  q: DistributionLike,
  options: MeasureOptions | undefined,
  extra?: PairExtra,
): LinearPair {
  if (needsMatching(p, q, options)) {
    const m = matchPair(p, q, options); // by label, and smoothing
    p = m.p;
    q = m.q;
    options = m.options;
  }
  const o = resolveOptions(options);
  checkVector(p, "p");
  checkVector(q, "q");
  const fast = fastLinearPair(p, q, o, extra);
  if (fast !== undefined) return fast;
  const cp = checkDistribution(p, "p", options);
  checkSameLength(p.length, q.length);
  const cq = checkDistribution(q, "q", options);
  const n = p.length;
  let lp: Vector = p;
  let lq: Vector = q;
  let diff: Float64Array | undefined;
  let logRatioArr: Float64Array | undefined;
  let lambda = 1;
  if (o.log) {
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    diff = new Float64Array(n);
    logRatioArr = new Float64Array(n);
    const c = cp.mass - cq.mass;
    for (let i = 0; i < n; i++) {
      const z = p[i];
      const w = q[i];
      if (w === Number.NEGATIVE_INFINITY) {
        a[i] = Math.exp(z - cp.mass);
        diff[i] = a[i];
        logRatioArr[i] = z === Number.NEGATIVE_INFINITY ? 0 : Number.POSITIVE_INFINITY;
        continue;
      }
      b[i] = Math.exp(w - cq.mass);
      if (z === Number.NEGATIVE_INFINITY) {
        diff[i] = -b[i];
        logRatioArr[i] = Number.NEGATIVE_INFINITY;
        continue;
      }
      const s = z - w;
      const d = s - c + twoSumError(z, -w, s);
      logRatioArr[i] = d;
      if (d < 0.5 && d > -0.5) {
        diff[i] = b[i] * Math.expm1(d); // exact for close values
        a[i] = b[i] + diff[i];
      } else {
        a[i] = Math.exp(z - cp.mass); // far apart: no cancellation, and no underflow through q̂
        diff[i] = a[i] - b[i];
      }
    }
    lp = a;
    lq = b;
  } else if (o.input === "counts") {
    lp = cp.scaled; // differs from p only for counts whose sum overflows
    lq = cq.scaled;
    lambda = scaleRatio(cp.mass, cq.mass);
  }
  let ph = 0;
  let pl = 0;
  let qh = 0;
  let ql = 0;
  let dh = 0;
  let dl = 0;
  // Locals around neumaierError, as in klChunk (bench/compensated.mjs). δ is summed here for λ = 1
  // (pᵢ − qᵢ, exact for close values); for λ ≠ 1 it comes from the totals (scaledTotals).
  for (let i = 0; i < n; i++) {
    const a = lp[i];
    const b = lq[i];
    let t = ph + a;
    pl += neumaierError(ph, a, t);
    ph = t;
    t = qh + b;
    ql += neumaierError(qh, b, t);
    qh = t;
    const d = diff ? diff[i] : a - b;
    t = dh + d;
    dl += neumaierError(dh, d, t);
    dh = t;
  }
  let sqL = qh + ql;
  let delta = dh + dl;
  if (lambda !== 1) [sqL, delta] = scaledTotals(ph, pl, qh, ql, lambda);
  return {
    p: lp,
    q: lq,
    sp: ph + pl,
    sq: qh + ql,
    lambda,
    sqL,
    delta,
    diff,
    logRatio: logRatioArr,
    lossy: cp.lossy || cq.lossy,
    options: o,
  };
}

/**
 * The pair of probabilities or counts held in Float64Array/Float32Array from one pass of the
 * accelerated `pairTotals` hook, which validates every element and forms Sp, Sq and δ = Σ(p − q)
 * compensated, as the loops of checkDistribution and linearPair do (for counts of different totals,
 * λ = Sp/Sq, SqL = λ·Sq and δ = Sp − λ·Sq from those sums). Undefined where those loops run: no
 * hook, log kinds, plain arrays, short or mismatched inputs, an invalid element (the loops then
 * raise the precise error) or sums that overflow.
 * @throws {SurprisalError} from checkMass: probabilities whose sum is off 1, all-zero counts.
 */
function fastLinearPair(
  p: Vector,
  q: Vector,
  o: ResolvedOptions,
  extra: PairExtra | undefined,
): LinearPair | undefined {
  const hook = fastHooks.pairTotals;
  if (hook === undefined || o.log) return undefined;
  if (!(p instanceof Float64Array || p instanceof Float32Array)) return undefined;
  if (!(q instanceof Float64Array || q instanceof Float32Array)) return undefined;
  const n = p.length;
  if (n === 0 || q.length !== n || n < (fastHooks.minLength ?? 0)) return undefined;
  const s = new Float64Array(extra === undefined ? 6 : extra.mode === 3 ? 18 : 11);
  if (!hook(p, q, s, o.threads, extra?.mode ?? 0, extra?.renyi)) return undefined;
  const t = totalsOfSums(s, 0, o);
  if (extra !== undefined) extra.sums = s;
  return { p, q, ...t, diff: undefined, logRatio: undefined, lossy: false, options: o };
}

/** The totals of a pair of probabilities or counts: Sp, Sq, λ, SqL = λ·Sq and δ = Sp − SqL. */
export type PairTotals = Pick<LinearPair, "sp" | "sq" | "lambda" | "sqL" | "delta">;

/**
 * The totals of a pair from the compensated sums [Sp, Sq, δ = Σ(p − q)] as (hi, lo) pairs at
 * `s[at .. at + 6)` (the `pairTotals` hook's layout; a row's of the rows kernels), checked as the
 * loops check them; for counts of different totals λ = Sp/Sq, SqL = λ·Sq and δ = Sp − λ·Sq. Written
 * into `into` where given (the rows functions reuse one object), else into a new object.
 * @throws {SurprisalError} from checkMass: probabilities whose sum is off 1, all-zero counts.
 */
export function totalsOfSums(
  s: Float64Array,
  at: number,
  o: ResolvedOptions,
  into: PairTotals = { sp: 0, sq: 0, lambda: 1, sqL: 0, delta: 0 },
): PairTotals {
  const sp = (s[at] as number) + (s[at + 1] as number);
  const sq = (s[at + 2] as number) + (s[at + 3] as number);
  checkMass(sp, "p", o.input, o.tolerance);
  checkMass(sq, "q", o.input, o.tolerance);
  const lambda = o.input === "counts" ? scaleRatio(sp, sq) : 1;
  into.sp = sp;
  into.sq = sq;
  into.lambda = lambda;
  // Counts of different totals (the extra sums assume λ = 1: the measures check pair.lambda).
  if (lambda !== 1) {
    [into.sqL, into.delta] = scaledTotals(s[at], s[at + 1], s[at + 2], s[at + 3], lambda);
  } else {
    into.sqL = sq;
    into.delta = (s[at + 4] as number) + (s[at + 5] as number);
  }
  return into;
}

/**
 * SqL = Σ λqᵢ and δ = Σ (pᵢ − λqᵢ) of counts of different totals, from the compensated totals
 * Sp = ph + pl and Sq = qh + ql: SqL = λ·Sq and δ = Sp − λ·Sq (equal in real arithmetic) with an
 * exact product, within a few units of 2^-104·Sp of the exact sums. A sum of pᵢ − λqᵢ term by term
 * rounds each difference (~ε·Σ|pᵢ − λqᵢ| in all): δ/SqL sets the shift of every log ratio, and such a
 * δ put contributions 36ε off where this one gives 1.8ε (against mpmath, random counts).
 */
function scaledTotals(
  ph: number,
  pl: number,
  qh: number,
  ql: number,
  lambda: number,
): [number, number] {
  const [h, hq] = exactProduct(lambda, qh); // λ can be far beyond 1e291 (counts near the top)
  const hl = hq + lambda * ql;
  const d = ph - h;
  return [h + hl, d + (twoSumError(ph, -h, d) + (pl - hl))];
}

/** pᵢ − λqᵢ, with every digit, and λqᵢ. */
function rawDifference(pair: LinearPair, i: number): [number, number] {
  const a = pair.p[i];
  const q = pair.q[i];
  if (pair.diff) return [pair.diff[i], q];
  if (pair.lambda === 1) return [a - q, q];
  const b = q * pair.lambda;
  const bl = twoProductError(q, pair.lambda, b);
  return [a - b - bl, b + bl];
}

/** True when Sp and λ·Sq are close (|δ/SqL| < 1/8), so the exact-difference forms apply. */
export function balanced(pair: Pick<LinearPair, "delta" | "sqL">): boolean {
  const r = pair.delta / pair.sqL;
  return r < 0.125 && r > -0.125;
}

/**
 * p̂ᵢ − q̂ᵢ of the normalized distributions, exact for close values: ((pᵢ − λqᵢ) − λqᵢ·δ/SqL)/Sp
 * (or pᵢ/Sp − qᵢ/Sq when the totals could not be balanced, e.g. a ratio beyond the double range).
 */
export function normalizedDifference(pair: LinearPair, i: number): number {
  if (!balanced(pair)) return pair.p[i] / pair.sp - pair.q[i] / pair.sq;
  const [d, b] = rawDifference(pair, i);
  return (d - b * (pair.delta / pair.sqL)) / pair.sp;
}

/**
 * log(p̂ᵢ/q̂ᵢ) of the normalized distributions, accurate to a few ulps also when p̂ᵢ ≈ q̂ᵢ:
 * log(pᵢ/λqᵢ) − log(Sp/SqL). −∞ where pᵢ = 0 < qᵢ, +∞ where qᵢ = 0 < pᵢ, 0 where both are 0.
 */
export function normalizedLogRatio(pair: LinearPair, i: number): number {
  const r = pair.delta / pair.sqL;
  const shift = r < 0.5 && r > -0.5 ? Math.log1p(r) : logRatio(pair.sp, pair.sqL);
  if (pair.logRatio) return pair.logRatio[i] - shift;
  const a = pair.p[i];
  const q = pair.q[i];
  if (a === 0) return q === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (q === 0) return Number.POSITIVE_INFINITY;
  if (!balanced(pair)) return logRatio(a, q) - logRatio(pair.sp, pair.sq);
  if (pair.lambda === 1) return logRatioAccurate(a, q) - shift;
  const b = q * pair.lambda;
  const bl = twoProductError(q, pair.lambda, b);
  if (b === 0) return logRatio(a, q) - Math.log(pair.lambda) - shift; // λq underflowed
  const t = a + b + bl;
  const s =
    t === Number.POSITIVE_INFINITY
      ? (a / 2 - b / 2 - bl / 2) / (a / 2 + b / 2 + bl / 2) // near the largest double
      : (a - b - bl) / t;
  const l = s < 0.5 && s > -0.5 ? 2 * Math.atanh(s) : logRatio(a, b + bl);
  return l - shift;
}

/** What the accelerated pair sums (src/numeric/pair-sum-kernel.ts) need of a validated pair. */
export function pairSums(pair: LinearPair): PairSums {
  return {
    p: pair.p,
    q: pair.q,
    sp: pair.sp,
    sq: pair.sq,
    lambda: pair.lambda,
    sqL: pair.sqL,
    delta: pair.delta,
    balanced: balanced(pair),
    log: pair.options.log,
    threads: pair.options.threads,
  };
}
