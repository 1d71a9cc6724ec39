import { HALF_LOG_2PI, normalCdf } from "../../numeric/special.js";
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

/**
 * The log-normal distribution: ln X ~ N(mu, sigma²), density on x > 0.
 * Entropy μ + ½ + ln(σ√(2π)).
 *
 * @param params - `{ mu, sigma }` of ln X, sigma > 0.
 * @example
 * ```ts
 * new LogNormal({ mu: 0, sigma: 1 }).mean; // 1.6487212707001282 (= e^{1/2})
 * ```
 */
export class LogNormal extends ParametricDistribution {
  readonly family = "LogNormal";
  readonly discrete = false;
  static override readonly supportKind: SupportKind = "positive";
  readonly params: { readonly mu: number; readonly sigma: number };
  static override readonly needs: readonly Expectation[] = ["expectLog", "expectSqDevLog"];
  constructor(params: { mu: number; sigma: number }) {
    super();
    const p = readParams("LogNormal", params);
    this.params = Object.freeze({
      mu: finiteParam("LogNormal", p, "mu"),
      sigma: positiveParam("LogNormal", p, "sigma"),
    });
  }
  support(): Support {
    return { lo: 0, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    if (!(v > 0)) return Number.NEGATIVE_INFINITY;
    const l = Math.log(v);
    const z = (l - this.params.mu) / this.params.sigma;
    return -0.5 * z * z - l - Math.log(this.params.sigma) - HALF_LOG_2PI;
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { mu, sigma } = this.params;
    return drawMany(n, options, (s) => Math.exp(mu + sigma * s.next()));
  }
  entropy(): number {
    return this.params.mu + 0.5 + Math.log(this.params.sigma) + HALF_LOG_2PI;
  }
  get mean(): number {
    const { mu, sigma } = this.params;
    return Math.exp(mu + 0.5 * sigma * sigma);
  }
  get variance(): number {
    const { mu, sigma } = this.params;
    const s2 = sigma * sigma;
    return Math.expm1(s2) * Math.exp(2 * mu + s2);
  }
  override expectLog(): number {
    return this.params.mu;
  }
  override expectSqDevLog(m: number): number {
    const d = this.params.mu - m;
    return this.params.sigma ** 2 + d * d;
  }
  /** E|X − c|, with E(c − X)⁺ = c·Φ(d) − E[X]·Φ(d − σ), d = (ln c − μ)/σ. */
  override expectAbsDev(c: number): number {
    const mean = this.mean;
    if (c <= 0) return mean - c;
    const { mu, sigma } = this.params;
    const d = (Math.log(c) - mu) / sigma;
    const below = c * normalCdf(d) - mean * normalCdf(d - sigma);
    return mean - c + 2 * below;
  }
  /** H(p, LogNormal) = E ln X + ln σ + ½ln 2π + E(ln X − μ)²/(2σ²). */
  override crossEntropyFrom(p: ParametricDistribution): number | undefined {
    if (!p.expectLog || !p.expectSqDevLog) return undefined;
    const s = this.params.sigma;
    return (
      p.expectLog() + Math.log(s) + HALF_LOG_2PI + p.expectSqDevLog(this.params.mu) / (2 * s * s)
    );
  }
}

/** D(p‖q) of two LogNormal distributions in nats, in closed form (exactly 0 for identical parameters). */
export function logNormalKl(p: LogNormal, q: LogNormal): number {
  return gaussianKl(p.params.mu, p.params.sigma, q.params.mu, q.params.sigma);
}
