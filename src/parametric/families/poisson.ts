import { klTerm } from "../../numeric/phi.js";
import { rngFrom } from "../../numeric/rng.js";
import { logPoissonPmf } from "../../numeric/special.js";
import {
  checkSampleSize,
  type Expectation,
  ParametricDistribution,
  positiveParam,
  readParams,
  type Support,
  type SupportKind,
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
 * @param params - `{ rate }`, rate > 0.
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
    this.params = Object.freeze({ rate: positiveParam("Poisson", p, "rate") });
  }
  support(): Support {
    return { lo: 0, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const k = integerPoint(this.scalar(x));
    if (k < 0) return NEG_INF;
    return logPoissonPmf(k, this.params.rate);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    checkSampleSize(n);
    const src = new NormalSource(rngFrom(options));
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = poissonVariate(this.params.rate, src);
    return out;
  }
  entropy(): number {
    const l = this.params.rate;
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
