import { EULER_GAMMA, expm1MinusX, lgamma, lgammaBregman } from "../../numeric/special.js";
import {
  type Expectation,
  finiteParam,
  ParametricDistribution,
  positiveParam,
  readParams,
  type Support,
  type SupportKind,
} from "../base.js";
import { drawMany, uniformOpen } from "../draw.js";
import { uMinusLog1p } from "../kl-terms.js";
import type { SampleOptions } from "../types.js";

const INF = Number.POSITIVE_INFINITY;

/**
 * The Gumbel (type-I extreme value, maximum) distribution: density e^{−(z + e^{−z})}/β,
 * z = (x − loc)/β. Entropy ln β + γ + 1.
 *
 * @param params - `{ loc, scale }`, scale > 0.
 * @example
 * ```ts
 * new Gumbel({ loc: 0, scale: 1 }).mean; // 0.5772156649015329
 * ```
 */
export class Gumbel extends ParametricDistribution {
  readonly family = "Gumbel";
  readonly discrete = false;
  static override readonly supportKind: SupportKind = "real";
  readonly params: { readonly loc: number; readonly scale: number };
  static override readonly needs: readonly Expectation[] = ["expectX", "expectExpNeg"];
  constructor(params: { loc: number; scale: number }) {
    super();
    const p = readParams("Gumbel", params);
    this.params = Object.freeze({
      loc: finiteParam("Gumbel", p, "loc"),
      scale: positiveParam("Gumbel", p, "scale"),
    });
  }
  support(): Support {
    return { lo: -INF, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const { loc, scale } = this.params;
    const z = (this.scalar(x) - loc) / scale;
    return -Math.log(scale) - z - Math.exp(-z);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { loc, scale } = this.params;
    return drawMany(n, options, (s) => loc - scale * Math.log(-Math.log(uniformOpen(s.rng))));
  }
  entropy(): number {
    return Math.log(this.params.scale) + EULER_GAMMA + 1;
  }
  get mean(): number {
    return this.params.loc + this.params.scale * EULER_GAMMA;
  }
  get variance(): number {
    return (Math.PI * this.params.scale) ** 2 / 6;
  }
  /** E e^{−(X − loc)/b} = Γ(1 + β/b)·e^{−(μ − loc)/b}. */
  override expectExpNeg(loc: number, b: number): number {
    return Math.exp(-(this.params.loc - loc) / b + lgamma(1 + this.params.scale / b));
  }
  /** H(p, Gumbel(μ, β)) = ln β + (E X − μ)/β + E e^{−(X − μ)/β}. */
  override crossEntropyFrom(p: ParametricDistribution): number | undefined {
    if (!p.expectExpNeg) return undefined;
    const { loc, scale } = this.params;
    const e = p.expectExpNeg(loc, scale);
    if (e === INF) return INF;
    return Math.log(scale) + (p.expectX() - loc) / scale + e;
  }
}

/** D(p‖q) of two Gumbel distributions in nats, in closed form (exactly 0 for identical parameters). */
export function gumbelKl(p: Gumbel, q: Gumbel): number {
  const { loc: lp, scale: sp } = p.params;
  const { loc: lq, scale: sq } = q.params;
  if (lp === lq && sp === sq) return 0;
  // (u − ln(1 + u)) + B(2, 1 + ρ) + (eʷ − 1 − w), ρ = σp/σq = 1 + u, w = −(μp − μq)/σq + ln Γ(1 + ρ)
  const u = (sp - sq) / sq;
  const rho = sp / sq;
  const w = -(lp - lq) / sq + lgamma(1 + rho);
  return uMinusLog1p(u) + lgammaBregman(2, 1 + rho) + expm1MinusX(w);
}
