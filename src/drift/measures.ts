import { jsBias, klBias } from "../estimators/divergence-bias.js";
import { hellinger } from "../measures/hellinger.js";
import { jsDivergence } from "../measures/js.js";
import { klDivergence } from "../measures/kl.js";
import { totalVariation } from "../measures/total-variation.js";
import { chiSquareSf } from "./stats.js";

/**
 * The measures of two binned columns that depend only on the bin counts, in nats (the report
 * converts to the unit asked for). Reference is P, current is Q.
 * @internal
 */
export interface BinnedMeasures {
  psi: number;
  klReferenceCurrent: number;
  klCurrentReference: number;
  jsDivergence: number;
  hellinger: number;
  totalVariation: number;
  lInfinity: number;
  /** First-order bias-corrected JS and KL(reference‖current) (see {@link correctedJs}). */
  jsCorrected: number;
  klCorrected: number;
}

/** Smoothed counts: every bin gets `alpha` more. */
export function smooth(counts: Float64Array, alpha: number): Float64Array {
  if (alpha === 0) return counts;
  const out = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) out[i] = counts[i] + alpha;
  return out;
}

function total(c: Float64Array): number {
  let s = 0;
  for (let i = 0; i < c.length; i++) s += c[i];
  return s;
}

/**
 * Every binned measure of reference counts `r` and current counts `c` (already smoothed), with
 * `n`, `m` the rows behind them (for the bias corrections). All in nats; PSI = KL(P‖Q) + KL(Q‖P).
 * @internal
 */
export function binnedMeasures(
  r: Float64Array,
  c: Float64Array,
  n: number,
  m: number,
): BinnedMeasures {
  const opts = { input: "counts" as const };
  const klrc = klDivergence(r, c, opts);
  const klcr = klDivergence(c, r, opts);
  const js = jsDivergence(r, c, opts);
  const sr = total(r);
  const sc = total(c);
  let linf = 0;
  for (let i = 0; i < r.length; i++) {
    const d = Math.abs(r[i] / sr - c[i] / sc);
    if (d > linf) linf = d;
  }
  return {
    psi: klrc + klcr,
    klReferenceCurrent: klrc,
    klCurrentReference: klcr,
    jsDivergence: js,
    hellinger: hellinger(r, c, opts),
    totalVariation: totalVariation(r, c, opts),
    lInfinity: linf,
    jsCorrected: js - jsBias(r, c, n, m),
    klCorrected: klrc - klBias(r, c, n, m),
  };
}

/**
 * Per-bin terms of JS (½·p·ln(2p/(p+q)) + ½·q·ln(2q/(p+q)), ≥ 0) and of PSI ((q − p)·ln(q/p),
 * ≥ 0, +∞ where one share is 0), in nats, from smoothed counts.
 * @internal
 */
export function binTerms(
  r: Float64Array,
  c: Float64Array,
): { js: Float64Array; psi: Float64Array } {
  const sr = total(r);
  const sc = total(c);
  const js = new Float64Array(r.length);
  const psi = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) {
    const p = r[i] / sr;
    const q = c[i] / sc;
    const mid = (p + q) / 2;
    let t = 0;
    if (p > 0) t += 0.5 * p * Math.log(p / mid);
    if (q > 0) t += 0.5 * q * Math.log(q / mid);
    js[i] = Math.max(0, t);
    psi[i] =
      p === q ? 0 : p === 0 || q === 0 ? Number.POSITIVE_INFINITY : (q - p) * Math.log(q / p);
  }
  return { js, psi };
}

/**
 * Pearson's χ² test of homogeneity on the 2 × K table of raw bin counts (bins empty in both
 * tables dropped; no continuity correction): statistic, degrees of freedom K' − 1, p-value.
 * scipy's `chi2_contingency(table, correction=False)`. For two bins it equals the pooled
 * two-proportion z-test (z² = χ²).
 * @internal
 */
export function chiSquareTest(
  r: Float64Array,
  c: Float64Array,
): { statistic: number; df: number; pValue: number } {
  const n = total(r);
  const m = total(c);
  const N = n + m;
  let stat = 0;
  let k = 0;
  for (let i = 0; i < r.length; i++) {
    const t = r[i] + c[i];
    if (t === 0) continue;
    k++;
    const er = (t * n) / N;
    const ec = (t * m) / N;
    stat += (r[i] - er) ** 2 / er + (c[i] - ec) ** 2 / ec;
  }
  const df = Math.max(0, k - 1);
  return { statistic: stat, df, pValue: df === 0 ? 1 : chiSquareSf(stat, df) };
}
