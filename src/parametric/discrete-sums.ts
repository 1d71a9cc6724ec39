import { CompensatedSum } from "../numeric/sum.js";

const NEG_INF = Number.NEGATIVE_INFINITY;

/** Variance above which the Poisson and binomial entropies use their asymptotic series. */
export const ASYMPTOTIC_VARIANCE = 1e7;

/** A non-negative integer point, or −1 for anything else. */
export function integerPoint(v: number): number {
  return v >= 0 && Number.isInteger(v) ? v : -1;
}

/** −Σ p·ln p over k in [lo, hi] for a log-mass function (compensated). */
export function entropyBySum(lo: number, hi: number, logPmf: (k: number) => number): number {
  const s = new CompensatedSum();
  for (let k = lo; k <= hi; k++) {
    const lp = logPmf(k);
    if (lp > NEG_INF) s.add(-Math.exp(lp) * lp);
  }
  return s.value();
}
