import { EULER_GAMMA } from "../../numeric/special.js";
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
 * The exponential distribution with rate λ: density λe^{−λx} on x ≥ 0. Entropy 1 − ln λ.
 *
 * @param params - `{ rate }`, rate > 0.
 * @example
 * ```ts
 * new Exponential({ rate: 2 }).mean; // 0.5
 * ```
 */
export class Exponential extends ParametricDistribution {
  readonly family = "Exponential";
  readonly discrete = false;
  static override readonly supportKind: SupportKind = "positive";
  readonly params: { readonly rate: number };
  static override readonly needs: readonly Expectation[] = ["expectX"];
  constructor(params: { rate: number }) {
    super();
    const p = readParams("Exponential", params);
    this.params = Object.freeze({ rate: positiveParam("Exponential", p, "rate") });
  }
  support(): Support {
    return { lo: 0, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    if (!(v >= 0)) return Number.NEGATIVE_INFINITY;
    return Math.log(this.params.rate) - this.params.rate * v;
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const r = this.params.rate;
    return drawMany(n, options, (s) => -Math.log(uniformOpen0(s.rng)) / r);
  }
  entropy(): number {
    return 1 - Math.log(this.params.rate);
  }
  get mean(): number {
    return 1 / this.params.rate;
  }
  get variance(): number {
    return 1 / this.params.rate ** 2;
  }
  override expectLog(): number {
    return -EULER_GAMMA - Math.log(this.params.rate);
  }
  override expectSqDevLog(m: number): number {
    const d = this.expectLog() - m;
    return (Math.PI * Math.PI) / 6 + d * d;
  }
  override expectAbsDev(c: number): number {
    const r = this.params.rate;
    if (c <= 0) return 1 / r - c;
    return c - 1 / r + (2 * Math.exp(-r * c)) / r;
  }
  override expectExpNeg(loc: number, b: number): number {
    return Math.exp(loc / b - Math.log1p(1 / (this.params.rate * b)));
  }
  /** H(p, Exp(λ)) = −ln λ + λ·E_p X. */
  override crossEntropyFrom(p: ParametricDistribution): number {
    const r = this.params.rate;
    return -Math.log(r) + r * p.expectX();
  }
}

/** D(p‖q) of two Exponential distributions in nats, in closed form (exactly 0 for identical parameters). */
export function exponentialKl(p: Exponential, q: Exponential): number {
  return uMinusLog1p((q.params.rate - p.params.rate) / p.params.rate);
}
