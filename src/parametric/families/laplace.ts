import { expm1MinusX } from "../../numeric/special.js";
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
import { uMinusLog1p } from "../kl-terms.js";
import type { SampleOptions } from "../types.js";

const INF = Number.POSITIVE_INFINITY;

/**
 * The Laplace (double exponential) distribution: density e^{−|x−loc|/b}/(2b). Entropy 1 + ln 2b.
 *
 * @param params - `{ loc, scale }`, scale > 0.
 * @example
 * ```ts
 * new Laplace({ loc: 0, scale: 1 }).variance; // 2
 * ```
 */
export class Laplace extends ParametricDistribution {
  readonly family = "Laplace";
  readonly discrete = false;
  static override readonly supportKind: SupportKind = "real";
  readonly params: { readonly loc: number; readonly scale: number };
  static override readonly needs: readonly Expectation[] = ["expectAbsDev"];
  constructor(params: { loc: number; scale: number }) {
    super();
    const p = readParams("Laplace", params);
    this.params = Object.freeze({
      loc: finiteParam("Laplace", p, "loc"),
      scale: positiveParam("Laplace", p, "scale"),
    });
  }
  support(): Support {
    return { lo: -INF, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const { loc, scale } = this.params;
    return -Math.abs(this.scalar(x) - loc) / scale - Math.log(2 * scale);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { loc, scale } = this.params;
    return drawMany(n, options, (s) => {
      const u = s.rng.nextFloat() - 0.5;
      return loc - scale * Math.sign(u) * Math.log1p(-2 * Math.abs(u));
    });
  }
  entropy(): number {
    return 1 + Math.log(2 * this.params.scale);
  }
  get mean(): number {
    return this.params.loc;
  }
  get variance(): number {
    return 2 * this.params.scale ** 2;
  }
  override expectAbsDev(c: number): number {
    const d = Math.abs(this.params.loc - c);
    return d + this.params.scale * Math.exp(-d / this.params.scale);
  }
  /** E e^{−(X − loc)/b} = e^{−(μ − loc)/b}/(1 − (s/b)²) for s < b, +∞ otherwise. */
  override expectExpNeg(loc: number, b: number): number {
    const r = this.params.scale / b;
    if (r >= 1) return INF;
    return Math.exp(-(this.params.loc - loc) / b - Math.log1p(-r * r));
  }
  /** H(p, Laplace(μ, b)) = ln 2b + E_p|X − μ|/b. */
  override crossEntropyFrom(p: ParametricDistribution): number | undefined {
    if (!p.expectAbsDev) return undefined;
    const { loc, scale } = this.params;
    return Math.log(2 * scale) + p.expectAbsDev(loc) / scale;
  }
}

/** D(p‖q) of two Laplace distributions in nats, in closed form (exactly 0 for identical parameters). */
export function laplaceKl(p: Laplace, q: Laplace): number {
  const { loc: lp, scale: sp } = p.params;
  const { loc: lq, scale: sq } = q.params;
  const u = (sp - sq) / sq;
  const a = Math.abs(lp - lq) / sp;
  return uMinusLog1p(u) + (1 + u) * expm1MinusX(-a);
}
