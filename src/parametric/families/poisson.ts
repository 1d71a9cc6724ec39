import { klTerm } from "../../numeric/phi.js";

import { logPoissonPmf } from "../../numeric/special.js";
import {
  checkSampleSize,
  type Expectation,
  fail,
  finiteParam,
  ParametricDistribution,
  readParams,
  type Support,
  type SupportKind,
  samplerRng,
} from "../base.js";
import { ASYMPTOTIC_VARIANCE, entropyBySum, integerPoint } from "../discrete-sums.js";
import { NormalSource, poissonVariate } from "../samplers.js";
import type { SampleOptions } from "../types.js";

const INF = Number.POSITIVE_INFINITY;
const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * The Poisson distribution with the given rate λ: P(X = k) = λᵏe^{−λ}/k!.
 * Masses by Loader's saddle-point form; entropy by summation over the range holding the mass,
 * or ½ln(2πeλ) − 1/(12λ) − 1/(24λ²) − 19/(360λ³) once λ > 1e7 (finite for every λ, unlike a
 * naive sum). Sampling is exact for any rate.
 *
 * Rate 0 is the point mass at 0 (the limit λ → 0, as PyTorch's `Poisson(0)`): P(X = 0) = 1,
 * entropy 0, every draw 0; D(Poisson(0)‖Poisson(μ)) = μ and D(Poisson(λ)‖Poisson(0)) = +∞ for λ > 0.
 *
 * @param params - `{ rate }`, rate ≥ 0.
 * @example
 * ```ts
 * new Poisson({ rate: 100 }).entropy(); // 3.7206860722602593
 * ```
 */
export class Poisson extends ParametricDistribution {
  readonly family = "Poisson";
  readonly discrete = true;
  static override readonly supportKind: SupportKind = "naturals";
  readonly params: { readonly rate: number };
  static override readonly needs: readonly Expectation[] = [];
  constructor(params: { rate: number }) {
    super();
    const p = readParams("Poisson", params);
    const rate = finiteParam("Poisson", p, "rate");
    if (!(rate >= 0)) {
      fail("Poisson", "rate", rate, "rate must be >= 0 (0 is the point mass at 0)");
    }
    this.params = Object.freeze({ rate });
  }
  support(): Support {
    return { lo: 0, hi: this.params.rate === 0 ? 0 : INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const k = integerPoint(this.scalar(x));
    if (k < 0) return NEG_INF;
    if (this.params.rate === 0) return k === 0 ? 0 : NEG_INF; // the point mass at 0
    return logPoissonPmf(k, this.params.rate);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    checkSampleSize(n);
    const src = new NormalSource(samplerRng(options));
    const out = new Float64Array(n);
    if (this.params.rate === 0) return out; // every draw is 0
    for (let i = 0; i < n; i++) out[i] = poissonVariate(this.params.rate, src);
    return out;
  }
  entropy(): number {
    const l = this.params.rate;
    if (l === 0) return 0;
    if (l > ASYMPTOTIC_VARIANCE) {
      return (
        0.5 * Math.log(2 * Math.PI * Math.E * l) -
        1 / (12 * l) -
        1 / (24 * l * l) -
        19 / (360 * l ** 3)
      );
    }
    const sd = Math.sqrt(l);
    const lo = Math.max(0, Math.floor(l - 40 * sd - 20));
    const hi = Math.ceil(l + 40 * sd + 60);
    return entropyBySum(lo, hi, (k) => logPoissonPmf(k, l));
  }
  get mean(): number {
    return this.params.rate;
  }
  get variance(): number {
    return this.params.rate;
  }
}

/** D(p‖q) of two Poisson distributions in nats, in closed form (exactly 0 for identical parameters). */
export function poissonKl(p: Poisson, q: Poisson): number {
  return klTerm(p.params.rate, q.params.rate);
}
