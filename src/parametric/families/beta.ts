import {
  digamma,
  digammaRemainder,
  HALF_LOG_2PI,
  lbeta,
  lgamma,
  lgammaBregman,
  stirlingRemainder,
  trigamma,
} from "../../numeric/special.js";
import {
  type Expectation,
  ParametricDistribution,
  positiveParam,
  readParams,
  type Support,
  type SupportKind,
} from "../base.js";
import { drawMany } from "../draw.js";
import { betaVariate } from "../samplers.js";
import type { SampleOptions } from "../types.js";

/** (x − 1)·(1/(2x) + S₂(x)) = −(x − 1)·(ψ(x) − ln x), for x ≥ 10. */
function psiTail(x: number, coef: number): number {
  return coef * (0.5 / x + digammaRemainder(x));
}

/**
 * Entropy of Beta(a, b): ln B(a, b) − (a − 1)ψ(a) − (b − 1)ψ(b) + (a + b − 2)ψ(a + b), with the
 * ln-terms of the Stirling forms combined analytically when arguments are ≥ 10 (so Beta(1e10, 1e10)
 * and Beta(1e10, 0.5) keep their digits).
 *
 * @example
 * ```ts
 * betaEntropy(1, 1); // 0 (uniform on [0, 1])
 * betaEntropy(2, 3); // -0.2349066497879999
 * ```
 */
export function betaEntropy(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const c = lo + hi;
  if (lo >= 10) {
    return (
      HALF_LOG_2PI +
      0.5 * Math.log(lo) +
      0.5 * Math.log(hi) -
      1.5 * Math.log(c) +
      stirlingRemainder(lo) +
      stirlingRemainder(hi) -
      stirlingRemainder(c) +
      psiTail(lo, lo - 1) +
      psiTail(hi, hi - 1) -
      psiTail(c, c - 2)
    );
  }
  if (hi >= 10) {
    return (
      lgamma(lo) -
      (lo - 1) * digamma(lo) +
      0.5 * Math.log(hi) -
      1.5 * Math.log(c) +
      lo +
      stirlingRemainder(hi) -
      stirlingRemainder(c) +
      psiTail(hi, hi - 1) -
      psiTail(c, c - 2)
    );
  }
  return lbeta(a, b) - (a - 1) * digamma(a) - (b - 1) * digamma(b) + (c - 2) * digamma(c);
}

/**
 * The beta distribution on [0, 1]: density x^{α−1}(1−x)^{β−1}/B(α, β).
 * Entropy ln B(α, β) − (α−1)ψ(α) − (β−1)ψ(β) + (α+β−2)ψ(α+β), accurate for tiny and huge shapes.
 *
 * @param params - `{ alpha, beta }`, both > 0.
 * @example
 * ```ts
 * new Beta({ alpha: 2, beta: 2 }).entropy(); // -0.125092802561388
 * ```
 */
export class Beta extends ParametricDistribution {
  readonly family = "Beta";
  readonly discrete = false;
  static override readonly supportKind: SupportKind = "unit";
  readonly params: { readonly alpha: number; readonly beta: number };
  static override readonly needs: readonly Expectation[] = ["expectLog", "expectLog1m"];
  constructor(params: { alpha: number; beta: number }) {
    super();
    const p = readParams("Beta", params);
    this.params = Object.freeze({
      alpha: positiveParam("Beta", p, "alpha"),
      beta: positiveParam("Beta", p, "beta"),
    });
  }
  support(): Support {
    return { lo: 0, hi: 1 };
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    const { alpha: a, beta: b } = this.params;
    if (!(v >= 0 && v <= 1)) return Number.NEGATIVE_INFINITY;
    const ta = a === 1 ? 0 : (a - 1) * Math.log(v);
    const tb = b === 1 ? 0 : (b - 1) * Math.log1p(-v);
    return ta + tb - lbeta(a, b);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { alpha, beta } = this.params;
    return drawMany(n, options, (s) => betaVariate(alpha, beta, s));
  }
  entropy(): number {
    return betaEntropy(this.params.alpha, this.params.beta);
  }
  get mean(): number {
    const { alpha: a, beta: b } = this.params;
    return a / (a + b);
  }
  get variance(): number {
    const { alpha: a, beta: b } = this.params;
    const c = a + b;
    return (a * b) / (c * c * (c + 1));
  }
  override expectLog(): number {
    const { alpha: a, beta: b } = this.params;
    return digamma(a) - digamma(a + b);
  }
  override expectLog1m(): number {
    const { alpha: a, beta: b } = this.params;
    return digamma(b) - digamma(a + b);
  }
  override expectSqDevLog(m: number): number {
    const { alpha: a, beta: b } = this.params;
    const d = this.expectLog() - m;
    return trigamma(a) - trigamma(a + b) + d * d;
  }
  /** H(p, Beta(α, β)) = ln B(α, β) − (α − 1)·E ln X − (β − 1)·E ln(1 − X). */
  override crossEntropyFrom(p: ParametricDistribution): number | undefined {
    if (!p.expectLog || !p.expectLog1m) return undefined;
    const { alpha: a, beta: b } = this.params;
    const ta = a === 1 ? 0 : (a - 1) * p.expectLog();
    const tb = b === 1 ? 0 : (b - 1) * p.expectLog1m();
    return lbeta(a, b) - ta - tb;
  }
}

/** D(p‖q) of two Beta distributions in nats, in closed form (exactly 0 for identical parameters). */
export function betaKl(p: Beta, q: Beta): number {
  // B(αp, αq) + B(βp, βq) − B(αp + βp, αq + βq)
  const { alpha: ap, beta: bp } = p.params;
  const { alpha: aq, beta: bq } = q.params;
  if (ap === aq && bp === bq) return 0;
  return Math.max(
    0,
    lgammaBregman(ap, aq) + lgammaBregman(bp, bq) - lgammaBregman(ap + bp, aq + bq),
  );
}
