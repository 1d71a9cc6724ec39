import { SurprisalError } from "../errors.js";
import { CompensatedSum } from "../numeric/sum.js";
import { ParametricDistribution, type SupportKind } from "./base.js";
import type { Distribution } from "./types.js";

const INF = Number.POSITIVE_INFINITY;

/** Discrete families whose support is finite: the KL against any discrete q is a finite sum. */
export abstract class FiniteDiscrete extends ParametricDistribution {
  readonly discrete = true;
  static override readonly supportKind: SupportKind = "finite";
  /** The k range outside which the mass is below ~1e-300 (and so contributes nothing). */
  abstract sumRange(): [number, number];
}

/** D(p‖q) = Σ_k p(k)·(ln p(k) − ln q(k)) over p's (finite) support. */
export function finiteSumKl(p: FiniteDiscrete, q: Distribution): number {
  const { lo, hi } = p.support();
  // A mass of p where q has none makes the divergence infinite, however small the mass.
  if (q instanceof ParametricDistribution) {
    const sq = q.support();
    if (lo < sq.lo || hi > sq.hi) return INF;
  }
  const [a, b] = p.sumRange();
  if (b - a > 2e7) {
    // ~80 standard deviations of a Binomial with variance > 6e10: too many terms to sum.
    throw new SurprisalError(
      "no-closed-form",
      `D(${p.family}‖${q.family}) would need a sum over ${b - a + 1} outcomes: estimate it by Monte Carlo with estimateKl(p, q, { samples, seed })`,
      { argument: "p", value: b - a + 1 },
    );
  }
  const s = new CompensatedSum();
  for (let k = Math.max(a, lo); k <= Math.min(b, hi); k++) {
    const lp = p.logProb(k);
    if (lp === Number.NEGATIVE_INFINITY) continue;
    const lq = q.logProb(k);
    if (lq === Number.NEGATIVE_INFINITY) return INF;
    s.add(Math.exp(lp) * (lp - lq));
  }
  return Math.max(0, s.value());
}
