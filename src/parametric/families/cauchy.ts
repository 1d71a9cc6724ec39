import {
  type Expectation,
  finiteParam,
  noMoment,
  ParametricDistribution,
  positiveParam,
  readParams,
  type Support,
  type SupportKind,
} from "../base.js";
import { drawMany, uniformOpen } from "../draw.js";
import type { SampleOptions } from "../types.js";

const INF = Number.POSITIVE_INFINITY;

/**
 * The Cauchy distribution: density 1/(πs(1 + ((x − loc)/s)²)). Entropy ln(4πs). It has no mean
 * (reading `mean` throws) and an infinite variance.
 *
 * @param params - `{ loc, scale }`, scale > 0.
 * @example
 * ```ts
 * new Cauchy({ loc: 0, scale: 1 }).entropy(); // 2.5310242469692907
 * ```
 */
export class Cauchy extends ParametricDistribution {
  readonly family = "Cauchy";
  readonly discrete = false;
  static override readonly supportKind: SupportKind = "real";
  readonly params: { readonly loc: number; readonly scale: number };
  static override readonly needs: readonly Expectation[] = ["expectCauchyLog"];
  constructor(params: { loc: number; scale: number }) {
    super();
    const p = readParams("Cauchy", params);
    this.params = Object.freeze({
      loc: finiteParam("Cauchy", p, "loc"),
      scale: positiveParam("Cauchy", p, "scale"),
    });
  }
  support(): Support {
    return { lo: -INF, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const { loc, scale } = this.params;
    const z = (this.scalar(x) - loc) / scale;
    return -Math.log(Math.PI * scale) - Math.log1p(z * z);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { loc, scale } = this.params;
    return drawMany(
      n,
      options,
      (s) => loc + scale * Math.tan(Math.PI * (uniformOpen(s.rng) - 0.5)),
    );
  }
  entropy(): number {
    return Math.log(4 * Math.PI * this.params.scale);
  }
  /** Throws: the Cauchy distribution has no mean. */
  get mean(): number {
    return noMoment("Cauchy", "mean");
  }
  get variance(): number {
    return INF;
  }
  override expectSqDev(_m: number): number {
    return INF;
  }
  override expectX(): number {
    return noMoment("Cauchy", "mean");
  }
  override expectAbsDev(_c: number): number {
    return INF;
  }
  override expectExpNeg(_loc: number, _b: number): number {
    return INF;
  }
  /** E ln(1 + ((X − l)/s)²) = ln(((σ + s)² + (μ − l)²)/s²) for X ~ Cauchy(μ, σ). */
  override expectCauchyLog(loc: number, s: number): number {
    const d = this.params.loc - loc;
    const t = this.params.scale + s;
    return Math.log((t * t + d * d) / (s * s));
  }
  /** H(p, Cauchy(μ, s)) = ln(πs) + E_p ln(1 + ((X − μ)/s)²). */
  override crossEntropyFrom(p: ParametricDistribution): number | undefined {
    if (!p.expectCauchyLog) return undefined;
    const { loc, scale } = this.params;
    return Math.log(Math.PI * scale) + p.expectCauchyLog(loc, scale);
  }
}

/** D(p‖q) of two Cauchy distributions in nats, in closed form (exactly 0 for identical parameters). */
export function cauchyKl(p: Cauchy, q: Cauchy): number {
  const { loc: lp, scale: sp } = p.params;
  const { loc: lq, scale: sq } = q.params;
  const ds = sp - sq;
  const dl = lp - lq;
  return Math.log1p((ds * ds + dl * dl) / (4 * sp * sq));
}
