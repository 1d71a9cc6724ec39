import {
  type Expectation,
  ParametricDistribution,
  positiveParam,
  readParams,
  type Support,
  type SupportKind,
} from "../base.js";
import { drawMany } from "../draw.js";
import { uMinusLog1p } from "../kl-terms.js";
import { uniformOpen0 } from "../samplers.js";
import type { SampleOptions } from "../types.js";

const INF = Number.POSITIVE_INFINITY;

/**
 * The Pareto (type I) distribution on x ≥ scale: density α·scaleᵅ/x^{α+1}.
 * Entropy ln(scale/α) + 1/α + 1. The mean is +∞ for α ≤ 1, the variance +∞ for α ≤ 2.
 *
 * @param params - `{ scale, alpha }`, both > 0.
 * @example
 * ```ts
 * new Pareto({ scale: 1, alpha: 3 }).mean; // 1.5
 * ```
 */
export class Pareto extends ParametricDistribution {
  readonly family = "Pareto";
  readonly discrete = false;
  static override readonly supportKind: SupportKind = "tail";
  readonly params: { readonly scale: number; readonly alpha: number };
  static override readonly needs: readonly Expectation[] = ["expectLog"];
  constructor(params: { scale: number; alpha: number }) {
    super();
    const p = readParams("Pareto", params);
    this.params = Object.freeze({
      scale: positiveParam("Pareto", p, "scale"),
      alpha: positiveParam("Pareto", p, "alpha"),
    });
  }
  support(): Support {
    return { lo: this.params.scale, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    const { scale, alpha } = this.params;
    if (!(v >= scale)) return Number.NEGATIVE_INFINITY;
    return Math.log(alpha) + alpha * Math.log(scale) - (alpha + 1) * Math.log(v);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { scale, alpha } = this.params;
    return drawMany(n, options, (s) => scale * Math.exp(-Math.log(uniformOpen0(s.rng)) / alpha));
  }
  entropy(): number {
    const { scale, alpha } = this.params;
    return Math.log(scale / alpha) + 1 / alpha + 1;
  }
  get mean(): number {
    const { scale, alpha } = this.params;
    return alpha > 1 ? (alpha * scale) / (alpha - 1) : INF;
  }
  get variance(): number {
    const { scale, alpha } = this.params;
    return alpha > 2 ? (scale * scale * alpha) / ((alpha - 1) ** 2 * (alpha - 2)) : INF;
  }
  override expectLog(): number {
    return Math.log(this.params.scale) + 1 / this.params.alpha;
  }
  override expectSqDevLog(m: number): number {
    const d = this.expectLog() - m;
    return 1 / this.params.alpha ** 2 + d * d;
  }
  /** E|X − c|, with E(X − c)⁺ = c·(scale/c)^α/(α − 1) for c > scale. */
  override expectAbsDev(c: number): number {
    const { scale, alpha } = this.params;
    const mean = this.mean;
    if (mean === INF) return INF;
    if (c <= scale) return mean - c;
    const above = (c * (scale / c) ** alpha) / (alpha - 1);
    return 2 * above - (mean - c);
  }
  /** H(p, Pareto(m, α)) = −ln α − α ln m + (α + 1)·E_p ln X. */
  override crossEntropyFrom(p: ParametricDistribution): number | undefined {
    if (!p.expectLog) return undefined;
    const { scale, alpha } = this.params;
    return -Math.log(alpha) - alpha * Math.log(scale) + (alpha + 1) * p.expectLog();
  }
}

/** D(p‖q) of two Pareto distributions in nats, in closed form (exactly 0 for identical parameters). */
export function paretoKl(p: Pareto, q: Pareto): number {
  const { scale: sp, alpha: ap } = p.params;
  const { scale: sq, alpha: aq } = q.params;
  if (sp < sq) return INF;
  return aq * Math.log(sp / sq) + uMinusLog1p((aq - ap) / ap);
}
