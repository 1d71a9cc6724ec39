import { erf, HALF_LOG_2PI } from "../../numeric/special.js";
import {
  type Expectation,
  finiteParam,
  ParametricDistribution,
  positiveParam,
  readParams,
  type Support,
  type SupportKind,
} from "../base.js";
import { drawMany } from "../draw.js";
import { gaussianKl } from "../kl-terms.js";
import type { SampleOptions } from "../types.js";

const INF = Number.POSITIVE_INFINITY;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * The normal (Gaussian) distribution N(mean, std²), density e^{−(x−μ)²/(2σ²)}/(σ√(2π)).
 * Entropy ½ln(2πeσ²). Sampling: Marsaglia's polar method.
 *
 * @param params - `{ mean, std }`, std > 0.
 * @example
 * ```ts
 * new Normal({ mean: 0, std: 1 }).entropy(); // 1.4189385332046727
 * ```
 */
export class Normal extends ParametricDistribution {
  readonly family = "Normal";
  readonly discrete = false;
  static override readonly supportKind: SupportKind = "real";
  readonly params: { readonly mean: number; readonly std: number };
  static override readonly needs: readonly Expectation[] = ["expectSqDev"];
  constructor(params: { mean: number; std: number }) {
    super();
    const p = readParams("Normal", params);
    this.params = Object.freeze({
      mean: finiteParam("Normal", p, "mean"),
      std: positiveParam("Normal", p, "std"),
    });
  }
  support(): Support {
    return { lo: -INF, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const z = (this.scalar(x) - this.params.mean) / this.params.std;
    return -0.5 * z * z - Math.log(this.params.std) - HALF_LOG_2PI;
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { mean, std } = this.params;
    return drawMany(n, options, (s) => mean + std * s.next());
  }
  entropy(): number {
    return 0.5 + HALF_LOG_2PI + Math.log(this.params.std);
  }
  get mean(): number {
    return this.params.mean;
  }
  get variance(): number {
    return this.params.std * this.params.std;
  }
  /** E|X − c| = σ√(2/π)·e^{−d²/(2σ²)} + d·erf(d/(σ√2)), d = μ − c. */
  override expectAbsDev(c: number): number {
    const s = this.params.std;
    const d = this.params.mean - c;
    return s * SQRT_2_OVER_PI * Math.exp((-0.5 * d * d) / (s * s)) + d * erf(d / (s * Math.SQRT2));
  }
  /** E e^{−(X − loc)/b} = exp(−(μ − loc)/b + σ²/(2b²)). */
  override expectExpNeg(loc: number, b: number): number {
    const s = this.params.std;
    return Math.exp(-(this.params.mean - loc) / b + (s * s) / (2 * b * b));
  }
  /** H(p, N(μ, σ²)) = ln σ + ½ln 2π + E_p(X − μ)²/(2σ²). */
  override crossEntropyFrom(p: ParametricDistribution): number {
    const s = this.params.std;
    return Math.log(s) + HALF_LOG_2PI + p.expectSqDev(this.params.mean) / (2 * s * s);
  }
}

/** D(p‖q) of two Normal distributions in nats, in closed form (exactly 0 for identical parameters). */
export function normalKl(p: Normal, q: Normal): number {
  return gaussianKl(p.params.mean, p.params.std, q.params.mean, q.params.std);
}
