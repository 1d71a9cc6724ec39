import { describeValue, SurprisalError } from "../errors.js";
import type { DistributionLike } from "../input/labels.js";
import { checkOptionKeys, MEASURE_OPTION_KEYS } from "../input/options.js";
import {
  balanced,
  type LinearPair,
  linearPair,
  normalizedLogRatio,
  type PairExtra,
  type PairTotals,
} from "../input/pair.js";
import { fastHooks } from "../numeric/fast-hooks.js";
import { logRatio } from "../numeric/phi.js";
import { CompensatedSum } from "../numeric/sum.js";
import type { MeasureOptions } from "../types.js";
import { hellingerSum } from "./hellinger.js";
import { klDivergence } from "./kl.js";
import { logitPair } from "./logit-pair-rows.js";

/**
 * Checks a Rényi order.
 * @throws {SurprisalError} `invalid-alpha` unless alpha is a number ≥ 0 (+∞ allowed).
 */
export function checkAlpha(alpha: unknown, argument = "alpha"): number {
  if (typeof alpha !== "number" || !(alpha >= 0)) {
    throw new SurprisalError(
      "invalid-alpha",
      `${argument} = ${describeValue(alpha)} is not a valid Rényi order: it must be a number >= 0 (Infinity allowed)`,
      { argument, value: alpha },
    );
  }
  return alpha;
}

/** ψβ(ℓ) = expm1(βℓ) − β·expm1(ℓ), by its series Σ_{k≥2} (βᵏ − β)·ℓᵏ/k! when |ℓ| and |βℓ| are small. */
function psiBeta(beta: number, l: number): number {
  if (l === 0) return 0;
  if (Math.abs(l) < 0.1 && Math.abs(beta * l) < 0.5) {
    let sum = 0;
    let lk = l; // ℓ^k / k!
    let bk = beta; // β^k
    for (let k = 2; k <= 24; k++) {
      lk *= l / k;
      bk *= beta;
      sum += (bk - beta) * lk;
    }
    return sum;
  }
  return Math.expm1(beta * l) - beta * Math.expm1(l);
}

/** Options of {@link renyiDivergence}: the order α and the options of every measure. */
export interface RenyiOptions extends MeasureOptions {
  /** The order α ≥ 0 (0, 1 and Infinity allowed). */
  alpha: number;
}

/**
 * The order and the measure options from either call form, `(p, q, { alpha, ...options })` or the
 * deprecated `(p, q, alpha, options)`.
 * @throws {SurprisalError} `invalid-alpha` unless the order is a number ≥ 0.
 */
export function splitAlpha<O extends MeasureOptions>(
  alphaOrOptions: unknown,
  positionalOptions?: O,
  extraKeys: readonly string[] = [],
): [number, O | undefined] {
  if (alphaOrOptions !== null && typeof alphaOrOptions === "object") {
    checkOptionKeys(alphaOrOptions, [...MEASURE_OPTION_KEYS, "alpha", ...extraKeys]);
    const { alpha, ...options } = alphaOrOptions as O & { alpha: unknown };
    return [checkAlpha(alpha), options as unknown as O];
  }
  return [checkAlpha(alphaOrOptions), positionalOptions];
}

/**
 * Rényi divergence of order α of Q from P (P the truth, Q its approximation):
 * D_α(P‖Q) = log(Σᵢ pᵢ^α·qᵢ^(1−α)) / (α − 1), for every α ≥ 0, with the limits
 * D₀ = −log Q(supp P), D₁ = D(P‖Q) (KL) and D_∞ = log maxᵢ pᵢ/qᵢ.
 *
 * Non-decreasing in α; 0 for identical inputs; +∞ for α ≥ 1 where Q rules out what P allows (for
 * α < 1 such outcomes only lower the sum). D_½ = −2·log Σ√(pq) (related to Hellinger and
 * Bhattacharyya), D₂ = log Σ p²/q (related to χ²).
 *
 * Accuracy: with ℓᵢ = log(q̂ᵢ/p̂ᵢ) formed exactly for close values, Σ p̂ᵢ·q̂ᵢ^(1−α)p̂ᵢ^(α−1) − 1 is
 * written as Σ p̂ᵢ·ψβ(ℓᵢ) − β·Q₀ (β = 1 − α, Q₀ = Q's mass outside P's support), a sum of terms of one
 * sign, so close distributions keep their digits; for large |β·ℓ| a log-sum-exp is used.
 *
 * Reference: T. van Erven and P. Harremoës, "Rényi Divergence and Kullback–Leibler Divergence",
 * IEEE Trans. Inf. Theory 60 (2014).
 *
 * @param options - `alpha`, the order, ≥ 0 (0, 1 and Infinity allowed); `base`, `input`,
 * `tolerance`, `threads` as for every measure.
 * @throws {SurprisalError} `invalid-alpha`; the input errors of {@link klDivergence}; `not-finite` for
 * counts whose sums overflow and that span more than the double range.
 * @example
 * ```ts
 * renyiDivergence([0.5, 0.5], [0.9, 0.1], { alpha: 0.5 }); // 0.22314355131420982 nats
 * renyiDivergence([0.5, 0.5], [0.9, 0.1], { alpha: 2 });   // 1.0216512475319814
 * renyiDivergence([0.5, 0.5], [0.9, 0.1], { alpha: 1 });   // 0.5108256237659907 (= KL)
 * ```
 */
export function renyiDivergence(
  p: DistributionLike,
  q: DistributionLike,
  options: RenyiOptions,
): number;
/**
 * The positional form of {@link renyiDivergence}.
 * @deprecated Since 0.2: pass the order in the options, `renyiDivergence(p, q, { alpha, ...options })`.
 */
export function renyiDivergence(
  p: DistributionLike,
  q: DistributionLike,
  alpha: number,
  options?: MeasureOptions,
): number;
export function renyiDivergence(
  p: DistributionLike,
  q: DistributionLike,
  alphaOrOptions: number | RenyiOptions,
  positionalOptions?: MeasureOptions,
): number {
  const [alpha, options] = splitAlpha(alphaOrOptions, positionalOptions);
  if (alpha === 1) return klDivergence(p, q, options);
  // Logits or log-probabilities in typed arrays: the logit-pair kernel as one row.
  const fast = logitPair(p, q, options, 3, alpha);
  if (fast !== undefined) return fast;
  // Finite orders other than 0 ask the totals pass for the sums of the far form too (fusedRenyi);
  // α = ½ for the Hellinger sums instead (halfOrder).
  const half = alpha === 0.5;
  const extra: PairExtra | undefined = half
    ? { mode: 2 }
    : alpha > 0 && alpha < Number.POSITIVE_INFINITY
      ? { mode: 3, renyi: { beta: 1 - alpha, mode: kernelMode(alpha) } }
      : undefined;
  const pair = linearPair(p, q, options, extra);
  if (pair.lossy) {
    throw new SurprisalError(
      "not-finite",
      "p, q: the sums of these counts are not finite (beyond 1.8e308) and the counts span more than the double range, so scaling them down would lose the smallest, which the Rényi divergence needs",
      { argument: "p", value: Number.POSITIVE_INFINITY },
    );
  }
  const v =
    (half ? halfOrder(pair, extra?.sums) : fusedRenyi(pair, alpha, extra?.sums)) ??
    renyiFast(pair, alpha) ??
    renyiLoop(pair, alpha);
  return renyiValue(v, pair.options.logBase);
}

/** D_α in the unit of `logBase` from nats: +0 for ≤ 0 (also −0); NaN is an internal error. */
export function renyiValue(v: number, logBase: number): number {
  if (Number.isNaN(v)) {
    throw new SurprisalError(
      "internal",
      "renyiDivergence: internal error (NaN); please report the inputs",
      { argument: "p" },
    );
  }
  return (v > 0 ? v : 0) / logBase;
}

/**
 * D_½ in nats from the Hellinger sum S = Σ (√p̂ᵢ − √q̂ᵢ)² = 2·(1 − Σ √(p̂ᵢq̂ᵢ)): D_½ = −2·log1p(−S/2),
 * where S/2 ≤ ½; undefined beyond (Σ √(p̂q̂) < ½ is then summed directly, by the Rényi forms). S is
 * the sum of hellinger(), terms of one sign with differences exact for close values, from the
 * totals pass (`sums`, mode 2), else the `pairSum` kernel, else the loop: one read of the inputs and
 * no log per element, and no log of a sum near 1 (which the far form's Σ √(p̂q̂) would take where D
 * is small but some outcome is far apart).
 */
function halfOrder(pair: LinearPair, sums: Float64Array | undefined): number | undefined {
  const h2 = 0.5 * hellingerSum(pair, sums);
  return h2 <= 0.5 ? -2 * Math.log1p(-h2) : undefined;
}

/**
 * The Rényi kernel's mode for order α: 1 for α = 2 (and α = 0, which needs no ℓ), 2 for α = ½ (no
 * log or exponential per element), 0 otherwise (see assembly/renyi.ts).
 */
function kernelMode(alpha: number): 0 | 1 | 2 {
  return alpha === 2 || alpha === 0 ? 1 : alpha === 0.5 ? 2 : 0;
}

/**
 * Turns the Rényi kernel's extremes at s[o + 8], s[o + 9] into max ℓ and min ℓ in place (modes 1, 2
 * hold max and min p/q: ℓ = shift − log(p/q); mode 0 holds ℓ less `moved`, the shift the kernel did
 * not apply) and returns max |ℓ|, 0 when no outcome has p, q > 0.
 */
function ellExtremes(
  s: Float64Array,
  o: number,
  mode: 0 | 1 | 2,
  shift: number,
  moved: number,
): number {
  if (s[o + 8] === Number.NEGATIVE_INFINITY) return 0; // no outcome with p, q > 0
  if (mode !== 0) {
    const hi = shift - Math.log(s[o + 9] as number); // max ℓ from min p/q
    s[o + 9] = shift - Math.log(s[o + 8] as number);
    s[o + 8] = hi;
  } else if (moved !== 0) {
    s[o + 8] = (s[o + 8] as number) + moved;
    s[o + 9] = (s[o + 9] as number) + moved;
  }
  return Math.max(Math.abs(s[o + 8] as number), Math.abs(s[o + 9] as number));
}

/**
 * D_α from the Rényi sums the totals pass formed over the raw inputs (`sums`, 18 numbers, see
 * PairExtra in src/input/pair.ts: the sums with 1/Sp = 1/Sq = 1 and shift 0 at sums[6..18)), so
 * that the divergence reads its inputs once; undefined where the second pass (renyiFast) must run.
 * The far form is homogeneous in the totals: with ℓ₀ = −log(p/q) and shift = log1p(δ/Sq),
 * Σ p̂·e^{βℓ} = e^{β·shift}·Σ p·e^{βℓ₀}/Sp (modes 1, 2 sum p·(p/q) and √(p·q) instead, which is the
 * same), and the extremes of ℓ are those of ℓ₀ moved by shift (modes 1, 2: of p/q, unmoved). It is
 * taken where renyiFast takes the far form (|β|·max|ℓ| > 1 and every e^{βℓ₀} in range); the near
 * form (the ψ-sum, which depends on shift term by term) is left to the second pass.
 */
function fusedRenyi(
  pair: LinearPair,
  alpha: number,
  sums: Float64Array | undefined,
): number | undefined {
  if (sums === undefined || pair.options.log) return undefined;
  return renyiOfTotalsSums(pair, alpha, sums, 0);
}

/**
 * fusedRenyi of the totals `t` and the 18 numbers of the totals pass at `sums[o .. o + 18)` (a
 * vector's, or a row's of the rows kernel; the extremes there are turned into those of ℓ in place).
 */
export function renyiOfTotalsSums(
  t: PairTotals,
  alpha: number,
  sums: Float64Array,
  o: number,
): number | undefined {
  if (t.lambda !== 1 || !balanced(t)) return undefined;
  const beta = 1 - alpha;
  const mode = kernelMode(alpha);
  const shift = Math.log1p(t.delta / t.sqL); // balanced: |δ/SqL| < 1/8
  const lmax = ellExtremes(sums, o + 6, mode, shift, shift); // the kernel ran with shift 0
  if ((sums[o + 16] as number) > 0 && alpha > 1) return Number.POSITIVE_INFINITY; // Q rules out what P allows
  if (!(Math.abs(beta) * lmax > 1)) return undefined; // the near form: the second pass
  if (Math.abs(beta) * (lmax + Math.abs(shift)) > 600) return undefined;
  const eh = sums[o + 8] as number;
  const el = sums[o + 9] as number;
  const e = (eh + el) / t.sp; // Σ p̂·e^{βℓ₀}
  if (!(e > 1e-200 && e < Number.POSITIVE_INFINITY)) return undefined;
  // log e, by log1p near 1 with e − 1 = ((E − Sp) + E_lo)/Sp (E − Sp exact there).
  const logE = e > 0.5 && e < 2 ? Math.log1p((eh - t.sp + el) / t.sp) : Math.log(e);
  if (Math.abs(beta * shift + logE) < NEAR_ONE_LOG) return undefined; // the ψ-sum: renyiFast
  return (beta * shift + logE) / (alpha - 1);
}

/**
 * D_α in nats from the accelerated `renyiSums` hook (WebAssembly kernels, threads), for
 * probabilities or counts held in a Float64Array/Float32Array of at least `fastHooks.minLength`
 * elements, with the forms and branches of {@link renyiLoop} (for counts of different totals, λq
 * carried exactly as there); undefined where the loop runs (no hook, log kinds, plain arrays,
 * unbalanced totals, the hook declines,
 * or the sums leave the kernel's range: |β|·max|ℓ| > 600, an exponential sum below 1e-200, or
 * |ℓ| > 700 where the series form is needed).
 */
function renyiFast(pair: LinearPair, alpha: number): number | undefined {
  const hook = fastHooks.renyiSums;
  const { p, q } = pair;
  if (hook === undefined || pair.options.log) return undefined;
  if (!(p instanceof Float64Array || p instanceof Float32Array)) return undefined;
  if (!(q instanceof Float64Array || q instanceof Float32Array)) return undefined;
  if (p.length < (fastHooks.minLength ?? 0)) return undefined;
  const k = renyiKernelInputs(pair, alpha);
  if (k === undefined) return undefined;
  const s = new Float64Array(12);
  const sums = { sp: pair.sp, sq: pair.sq, shift: k.shift, lambda: pair.lambda };
  if (!hook(p, q, sums, k.beta, k.mode, s, pair.options.threads)) return undefined;
  const v = renyiOfKernelSums(alpha, k.shift, pair.lambda, s, 0);
  if (v !== PSI_PASS) return v;
  // The far form's sum is near 1: the ψ-sum over every block instead (mode bit 4), as renyiLoop.
  if (!hook(p, q, sums, k.beta, k.mode | 4, s, pair.options.threads)) return undefined;
  return renyiOfPsiSums(alpha, k.shift, s, 0);
}

/**
 * What the Rényi kernel takes for the totals `t` and order α: β (0 for α = 0, ∞, which need only
 * the sums of Q and the extremes of ℓ), the kernel's mode and shift = log1p(δ/SqL); undefined for
 * unbalanced totals (the loop runs).
 */
export function renyiKernelInputs(
  t: PairTotals,
  alpha: number,
): { beta: number; mode: 0 | 1 | 2; shift: number } | undefined {
  if (!balanced(t)) return undefined;
  const ends = alpha === 0 || alpha === Number.POSITIVE_INFINITY;
  // Mode 1 (α = 2; also α = 0, which needs no ℓ) and 2 (α = ½): the e-sum without a log and an
  // exponential per element, extremes of p/q instead of ℓ (see assembly/renyi.ts).
  return {
    beta: ends ? 0 : 1 - alpha,
    mode: kernelMode(alpha),
    shift: Math.log1p(t.delta / t.sqL), // balanced: |δ/SqL| < 1/8
  };
}

/** renyiOfKernelSums: the far form's sum is near 1, the ψ-sum pass (mode bit 4) must decide. */
export const PSI_PASS = -1;

/**
 * D_α in nats from the Rényi kernel's 12 sums and extremes at `s[o .. o + 12)`, for the `shift` and
 * scale `lambda` the kernel ran with (renyiKernelInputs; the extremes there are turned into those of
 * ℓ in place), with the forms and branches of
 * {@link renyiLoop}; undefined where the loop must run (the sums leave the kernel's range), or
 * {@link PSI_PASS} where the kernel's ψ-sum pass must decide ({@link renyiOfPsiSums}).
 */
export function renyiOfKernelSums(
  alpha: number,
  shift: number,
  lambda: number,
  s: Float64Array,
  o: number,
): number | undefined {
  const ends = alpha === 0 || alpha === Number.POSITIVE_INFINITY;
  const beta = ends ? 0 : 1 - alpha;
  const mode = kernelMode(alpha);
  const q0 = (s[o + 4] as number) + (s[o + 5] as number);
  const qIn = (s[o + 6] as number) + (s[o + 7] as number);
  const none = s[o + 8] === Number.NEGATIVE_INFINITY; // no outcome with p, q > 0
  // Modes 1, 2: the extremes of p/q, ℓ = shift + log λ − log(p/q) (only the choice of form uses it).
  const lmax = ellExtremes(s, o, mode, lambda === 1 ? shift : shift + Math.log(lambda), 0);
  const ruledOut = (s[o + 10] as number) > 0;
  if (alpha === 0) return q0 < 0.5 ? -Math.log1p(-q0) : -Math.log(qIn);
  if (ends)
    return ruledOut
      ? Number.POSITIVE_INFINITY
      : none
        ? Number.NEGATIVE_INFINITY
        : -(s[o + 9] as number);
  if (ruledOut && alpha > 1) return Number.POSITIVE_INFINITY;
  const e = (s[o + 2] as number) + (s[o + 3] as number); // Σ p̂·e^{βℓ} over p, q > 0 (times e^{−β·shift} in modes 1, 2)
  const logE = (mode === 0 ? 0 : beta * shift) + logOfSum(s[o + 2] as number, s[o + 3] as number);
  const flags = s[o + 11] as number;
  if (Math.abs(beta) * lmax <= 1 && (flags & 1) === 0) {
    if ((flags & 2) !== 0) return undefined;
    const x1 = (s[o] as number) + (s[o + 1] as number) - beta * q0;
    if (x1 > -0.5) return Math.log1p(x1) / (alpha - 1);
    return e > 0 ? logE / (alpha - 1) : Number.POSITIVE_INFINITY;
  }
  if (Math.abs(beta) * lmax > 600 || !(e > 1e-200 && e < Number.POSITIVE_INFINITY))
    return undefined;
  if (!(Math.abs(logE) < NEAR_ONE_LOG)) return logE / (alpha - 1);
  return PSI_PASS;
}

/**
 * D_α in nats from the kernel's sums of the ψ-sum pass (mode bit 4) at `s[o .. o + 12)` for the
 * totals `t`, where the first pass gave {@link PSI_PASS}; undefined where the loop decides (some
 * |β·ℓ| > 600 or |ℓ| > 700). Where 1 + X is small, the far form's log Σ (the same e-sum as the
 * first pass's).
 */
export function renyiOfPsiSums(
  alpha: number,
  shift: number,
  s: Float64Array,
  o: number,
): number | undefined {
  if (((s[o + 11] as number) & 3) !== 0) return undefined;
  const beta = 1 - alpha;
  const q0 = (s[o + 4] as number) + (s[o + 5] as number);
  const x1 = (s[o] as number) + (s[o + 1] as number) - beta * q0;
  if (x1 > -0.5) return Math.log1p(x1) / (alpha - 1);
  const logE =
    (kernelMode(alpha) === 0 ? 0 : beta * shift) + logOfSum(s[o + 2] as number, s[o + 3] as number);
  return logE / (alpha - 1);
}

/** log(hi + lo) of a compensated sum, by log1p((hi − 1) + lo) near 1 (hi − 1 is exact there). */
function logOfSum(hi: number, lo: number): number {
  return hi > 0.5 && hi < 2 ? Math.log1p(hi - 1 + lo) : Math.log(hi + lo);
}

/**
 * Where the far form's log Σ p̂·e^{βℓ} is within this of 0, the ψ-sum decides (see renyiLoop): each
 * term of the far form is within ~2ε of its value, so that D is within ~2ε/|log Σ| (relative) even
 * where all those errors have one sign (outcomes that share one ratio), ≤ 64ε beyond this bound.
 * The ψ-sum costs a log and two exponentials per element; on random inputs log Σ is rarely this
 * small unless D is (and then the near form, the ψ-sum of the first pass, applies anyway).
 */
const NEAR_ONE_LOG = 1 / 32;

/**
 * log Σ_{p>0} p̂·e^{βℓ} by the ψ-sum: X = Σ_{p>0} p̂·ψβ(ℓ) − β·Q₀, all terms of one sign (ψβ ≤ 0 for
 * 0 < β < 1, ≥ 0 for β < 0, for every ℓ), and log1p(X); outcomes that Q rules out (only reached for
 * α < 1) have ℓ = −∞ and ψβ(−∞) = β − 1. Valid while every |β·ℓ| and |ℓ| ≤ 700 (ψβ's exponentials).
 * Where 1 + X is small, log1p(X) would cancel: the positive terms Σ p̂·e^{βℓ} are summed directly
 * (−∞ when there are none).
 */
function psiForm(pair: LinearPair, beta: number, q0: number): number {
  const { p: x, q: y, sp } = pair;
  const n = x.length;
  const sum = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const a = x[i];
    if (a === 0) continue;
    sum.add((a / sp) * psiBeta(beta, -normalizedLogRatio(pair, i)));
  }
  const x1 = sum.hi + sum.lo - beta * q0;
  if (x1 > -0.5) return Math.log1p(x1);
  let direct = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (a === 0 || b === 0) continue;
    direct += (a / sp) * Math.exp(beta * -normalizedLogRatio(pair, i));
  }
  return direct > 0 ? Math.log(direct) : Number.NEGATIVE_INFINITY;
}

/** D_α in nats by the TypeScript loops (the reference the fast path follows). */
function renyiLoop(pair: LinearPair, alpha: number): number {
  const { p: x, q: y, sp, sq } = pair;
  const n = x.length;
  const beta = 1 - alpha;
  // ℓᵢ = log(q̂ᵢ/p̂ᵢ), formed exactly for close values (see normalizedLogRatio).
  let q0 = 0; // Q̂'s mass where P is 0
  let qIn = 0; // Q̂'s mass where P > 0
  let lmax = 0;
  let ruledOut = false; // some p > 0 with q = 0
  let maxLogRatio = Number.NEGATIVE_INFINITY; // max log(p̂/q̂) over p > 0
  for (let i = 0; i < n; i++) {
    const a = x[i];
    const b = y[i];
    if (a === 0) {
      q0 += b / sq;
      continue;
    }
    qIn += b / sq;
    if (b === 0) {
      ruledOut = true;
      continue;
    }
    const l = -normalizedLogRatio(pair, i);
    if (Math.abs(l) > lmax) lmax = Math.abs(l);
    if (-l > maxLogRatio) maxLogRatio = -l;
  }
  let v: number;
  if (alpha === 0) {
    v = q0 < 0.5 ? -Math.log1p(-q0) : -Math.log(qIn);
  } else if (alpha === Number.POSITIVE_INFINITY) {
    v = ruledOut ? Number.POSITIVE_INFINITY : maxLogRatio;
  } else if (ruledOut && alpha > 1) {
    v = Number.POSITIVE_INFINITY;
  } else if (
    Math.abs(beta) * lmax <= 1 ||
    (pair.logRatio !== undefined && Math.abs(beta) * lmax <= 600)
  ) {
    // Logits and log-probabilities take the ψ-sum also where |β|·max|ℓ| > 1, as their kernel does
    // (assembly/logit-pair-rows.ts): the far form's log of a sum near 1 was 103ε off on the shared
    // fixture "logits" at α = ½.
    v = psiForm(pair, beta, q0);
    v = v === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : v / (alpha - 1);
  } else if (Math.abs(beta) * lmax <= 600) {
    // Every e^{βℓ} in range: Σ p̂·e^{βℓ} over p, q > 0 (q = 0 terms vanish for β > 0) as a
    // compensated sum, and its log by log1p near 1 (log of a sum near 1 would cancel).
    const sum = new CompensatedSum();
    for (let i = 0; i < n; i++) {
      const a = x[i];
      const b = y[i];
      if (a === 0 || b === 0) continue;
      sum.add((a / sp) * Math.exp(beta * -normalizedLogRatio(pair, i)));
    }
    const logE = sum.hi > 0 ? logOfSum(sum.hi, sum.lo) : Number.NEGATIVE_INFINITY;
    // Near 1 the sum's own rounding decides the digits of its log: each term e^{βℓ} ≈ 1 is rounded
    // to ±ε/2, and where many outcomes share one ratio (counts that are multiples of each other)
    // those errors add up instead of averaging out (7.5e-12 relative at α = 40, D ≈ 3e-7, in a test).
    // The ψ-sum, whose terms have one sign and carry no rounding of 1, keeps them.
    v = Math.abs(logE) < NEAR_ONE_LOG ? psiForm(pair, beta, q0) : logE;
    v = v === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : v / (alpha - 1);
  } else {
    // log Σ exp(log p̂ᵢ + β·ℓᵢ) by log-sum-exp over p > 0 (q = 0 terms vanish for β > 0).
    let m = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const a = x[i];
      const b = y[i];
      if (a === 0 || b === 0) continue;
      const e = logRatio(a, sp) + beta * -normalizedLogRatio(pair, i);
      if (e > m) m = e;
    }
    let s = 0;
    for (let i = 0; i < n; i++) {
      const a = x[i];
      const b = y[i];
      if (a === 0 || b === 0) continue;
      s += Math.exp(logRatio(a, sp) + beta * -normalizedLogRatio(pair, i) - m);
    }
    v = m === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : (m + Math.log(s)) / (alpha - 1);
  }
  return v;
}
