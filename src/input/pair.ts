import type { MeasureOptions, Vector } from "../types.js";
import { checkDistribution } from "./normalize.js";
import { type ResolvedOptions, resolveOptions } from "./options.js";
import { checkSameLength, checkVector } from "./validate.js";

/**
 * A validated pair of distributions in linear form (probabilities or counts, unnormalized), with
 * their compensated masses Sp, Sq and δ = Σ(p − q), so that measures can form p̂ᵢ − q̂ᵢ exactly:
 * p̂ᵢ − q̂ᵢ = ((pᵢ − qᵢ) − qᵢ·δ/Sq) / Sp.
 */
export interface LinearPair {
  p: Vector;
  q: Vector;
  sp: number;
  sq: number;
  /** Σ(pᵢ − qᵢ), compensated. */
  delta: number;
  options: ResolvedOptions;
}

/**
 * Validates P and Q and brings them to linear form (log kinds are exponentiated and normalized
 * exactly; linear kinds are read in place).
 * @throws {SurprisalError} for any invalid element, a length mismatch, an empty input or a bad sum.
 */
export function linearPair(p: Vector, q: Vector, options: MeasureOptions | undefined): LinearPair {
  const o = resolveOptions(options);
  checkVector(p, "p");
  checkVector(q, "q");
  const cp = checkDistribution(p, "p", options);
  checkSameLength(p.length, q.length);
  const cq = checkDistribution(q, "q", options);
  let lp: Vector = p;
  let lq: Vector = q;
  if (o.log) {
    const a = new Float64Array(p.length);
    const b = new Float64Array(q.length);
    for (let i = 0; i < a.length; i++) {
      a[i] = Math.exp(p[i] - cp.mass);
      b[i] = Math.exp(q[i] - cq.mass);
    }
    lp = a;
    lq = b;
  }
  let ph = 0;
  let pl = 0;
  let qh = 0;
  let ql = 0;
  let dh = 0;
  let dl = 0;
  for (let i = 0; i < lp.length; i++) {
    const a = lp[i];
    const b = lq[i];
    let t = ph + a;
    pl += ph >= a ? ph - t + a : a - t + ph;
    ph = t;
    t = qh + b;
    ql += qh >= b ? qh - t + b : b - t + qh;
    qh = t;
    const d = a - b;
    t = dh + d;
    dl += Math.abs(dh) >= Math.abs(d) ? dh - t + d : d - t + dh;
    dh = t;
  }
  return { p: lp, q: lq, sp: ph + pl, sq: qh + ql, delta: dh + dl, options: o };
}

/**
 * p̂ᵢ − q̂ᵢ. When the totals are close (|δ/Sq| < 1/8), ((pᵢ − qᵢ) − qᵢ·δ/Sq)/Sp, exact for close
 * values; otherwise pᵢ/Sp − qᵢ/Sq (the former would cancel).
 */
export function normalizedDifference(pair: LinearPair, i: number): number {
  const a = pair.p[i];
  const b = pair.q[i];
  const r = pair.delta / pair.sq;
  if (r < 0.125 && r > -0.125) return (a - b - b * r) / pair.sp;
  return a / pair.sp - b / pair.sq;
}

/**
 * log(Sp/Sq), accurate also when the totals are close: log1p(δ/Sq) for |δ/Sq| < 0.5 (δ = Sp − Sq
 * compensated), log(Sp/Sq) otherwise.
 */
export function logMassRatio(pair: LinearPair): number {
  const r = pair.delta / pair.sq;
  return r < 0.5 && r > -0.5 ? Math.log1p(r) : Math.log(pair.sp / pair.sq);
}
