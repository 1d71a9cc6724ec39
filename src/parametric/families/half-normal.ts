import { EULER_GAMMA, erfc, erfcx } from "../../numeric/special.js";
import {
  type Expectation,
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
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * The half-normal distribution |N(0, σ²)| on x ≥ 0: density √(2/π)/σ·e^{−x²/(2σ²)}.
 * Entropy ½ln(πσ²/2) + ½.
 *
 * @param params - `{ scale }` (σ), scale > 0.
 * @example
 * ```ts
 * new HalfNormal({ scale: 1 }).mean; // 0.7978845608028654
 * ```
 */
export class HalfNormal extends ParametricDistribution {
  readonly family = "HalfNormal";
  readonly discrete = false;
  static override readonly supportKind: SupportKind = "positive";
  readonly params: { readonly scale: number };
  static override readonly needs: readonly Expectation[] = ["expectSqDev"];
  constructor(params: { scale: number }) {
    super();
    const p = readParams("HalfNormal", params);
    this.params = Object.freeze({ scale: positiveParam("HalfNormal", p, "scale") });
  }
  support(): Support {
    return { lo: 0, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    if (!(v >= 0)) return Number.NEGATIVE_INFINITY;
    const s = this.params.scale;
    const z = v / s;
    return 0.5 * Math.log(2 / Math.PI) - Math.log(s) - 0.5 * z * z;
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const s = this.params.scale;
    return drawMany(n, options, (src) => s * Math.abs(src.next()));
  }
  entropy(): number {
    return 0.5 * Math.log(Math.PI / 2) + Math.log(this.params.scale) + 0.5;
  }
  get mean(): number {
    return this.params.scale * SQRT_2_OVER_PI;
  }
  get variance(): number {
    return this.params.scale ** 2 * (1 - 2 / Math.PI);
  }
  override expectSqDev(m: number): number {
    const s = this.params.scale;
    return s * s - 2 * m * this.mean + m * m;
  }
  /** E ln X = ln σ − (γ + ln 2)/2. */
  override expectLog(): number {
    return Math.log(this.params.scale) - 0.5 * (EULER_GAMMA + Math.LN2);
  }
  /** Var ln X = π²/8. */
  override expectSqDevLog(m: number): number {
    const d = this.expectLog() - m;
    return (Math.PI * Math.PI) / 8 + d * d;
  }
  /** E|X − c| = 4σφ(c/σ) − 2c·erfc(c/(σ√2)) − E X + c for c > 0. */
  override expectAbsDev(c: number): number {
    const mean = this.mean;
    if (c <= 0) return mean - c;
    const s = this.params.scale;
    const z = c / s;
    return 4 * s * INV_SQRT_2PI * Math.exp(-0.5 * z * z) - 2 * c * erfc(z / Math.SQRT2) - mean + c;
  }
  /** E e^{−(X − loc)/b} = e^{loc/b}·erfcx(σ/(b√2)). */
  override expectExpNeg(loc: number, b: number): number {
    return Math.exp(loc / b) * erfcx(this.params.scale / (b * Math.SQRT2));
  }
  /** H(p, HalfNormal(σ)) = −½ln(2/π) + ln σ + E_p X²/(2σ²). */
  override crossEntropyFrom(p: ParametricDistribution): number {
    const s = this.params.scale;
    return -0.5 * Math.log(2 / Math.PI) + Math.log(s) + p.expectSqDev(0) / (2 * s * s);
  }
}

/** D(p‖q) of two HalfNormal distributions in nats, in closed form (exactly 0 for identical parameters). */
export function halfNormalKl(p: HalfNormal, q: HalfNormal): number {
  return gaussianKl(0, p.params.scale, 0, q.params.scale);
}
