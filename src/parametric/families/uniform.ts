import { SurprisalError } from "../../errors.js";
import {
  type Expectation,
  finiteParam,
  ParametricDistribution,
  readParams,
  type Support,
  type SupportKind,
} from "../base.js";
import { drawMany } from "../draw.js";
import type { SampleOptions } from "../types.js";

const INF = Number.POSITIVE_INFINITY;

/** Antiderivative of ln(1 + u²): u·ln(1 + u²) − 2u + 2·atan u. */
function intLog1pSq(u: number): number {
  return u * Math.log1p(u * u) - 2 * u + 2 * Math.atan(u);
}

/**
 * The continuous uniform distribution on [low, high]. Entropy ln(high − low).
 *
 * @param params - `{ low, high }`, low < high.
 * @example
 * ```ts
 * new Uniform({ low: 0, high: 2 }).entropy(); // 0.6931471805599453
 * ```
 */
export class Uniform extends ParametricDistribution {
  readonly family = "Uniform";
  readonly discrete = false;
  static override readonly supportKind: SupportKind = "interval";
  readonly params: { readonly low: number; readonly high: number };
  static override readonly needs: readonly Expectation[] = [];
  constructor(params: { low: number; high: number }) {
    super();
    const p = readParams("Uniform", params);
    const low = finiteParam("Uniform", p, "low");
    const high = finiteParam("Uniform", p, "high");
    if (!(high > low) || !Number.isFinite(high - low)) {
      throw new SurprisalError(
        "invalid-parameter",
        `Uniform: high = ${high} is invalid: high must be greater than low = ${low}`,
        { argument: "high", value: high },
      );
    }
    this.params = Object.freeze({ low, high });
  }
  support(): Support {
    return { lo: this.params.low, hi: this.params.high };
  }
  private get width(): number {
    return this.params.high - this.params.low;
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    if (!(v >= this.params.low && v <= this.params.high)) return Number.NEGATIVE_INFINITY;
    return -Math.log(this.width);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { low } = this.params;
    const w = this.width;
    return drawMany(n, options, (s) => low + w * s.rng.nextFloat());
  }
  entropy(): number {
    return Math.log(this.width);
  }
  get mean(): number {
    return 0.5 * (this.params.low + this.params.high);
  }
  get variance(): number {
    return this.width ** 2 / 12;
  }
  private static meanLogOf(lo: number, hi: number): number {
    if (lo < 0) {
      throw new SurprisalError(
        "no-closed-form",
        "E[ln X] does not exist for a uniform reaching below 0",
        { argument: "p", value: lo },
      );
    }
    // (hi ln hi − lo ln lo)/(hi − lo) − 1 = ln hi + lo·ln(hi/lo)/(hi − lo) − 1
    const w = hi - lo;
    return Math.log(hi) + (lo === 0 ? 0 : (lo * Math.log1p(w / lo)) / w) - 1;
  }
  /** E ln X = ln high + low·ln(high/low)/(high − low) − 1 (needs low ≥ 0). */
  override expectLog(): number {
    return Uniform.meanLogOf(this.params.low, this.params.high);
  }
  /** E ln(1 − X), the same for 1 − X ~ Uniform(1 − high, 1 − low). */
  override expectLog1m(): number {
    return Uniform.meanLogOf(1 - this.params.high, 1 - this.params.low);
  }
  /** E(ln X − m)² from the antiderivative x·((ln x − m)² − 2(ln x − m) + 2). */
  override expectSqDevLog(m: number): number {
    const { low, high } = this.params;
    const F = (x: number) => {
      if (x === 0) return 0;
      const l = Math.log(x) - m;
      return x * (l * l - 2 * l + 2);
    };
    return (F(high) - F(low)) / this.width;
  }
  override expectAbsDev(c: number): number {
    const { low, high } = this.params;
    if (c <= low) return this.mean - c;
    if (c >= high) return c - this.mean;
    return ((c - low) ** 2 + (high - c) ** 2) / (2 * this.width);
  }
  /** E e^{−(X − loc)/b} = (b/w)·e^{−(low − loc)/b}·(1 − e^{−w/b}). */
  override expectExpNeg(loc: number, b: number): number {
    const w = this.width;
    return (b / w) * Math.exp(-(this.params.low - loc) / b) * -Math.expm1(-w / b);
  }
  /** E ln(1 + ((X − loc)/s)²) = (s/w)·[F(u_high) − F(u_low)], F(u) = u·ln(1+u²) − 2u + 2 atan u. */
  override expectCauchyLog(loc: number, s: number): number {
    const { low, high } = this.params;
    return (s / this.width) * (intLog1pSq((high - loc) / s) - intLog1pSq((low - loc) / s));
  }
  /** H(p, Uniform) = ln(high − low) when p's support lies inside [low, high]. */
  override crossEntropyFrom(_p: ParametricDistribution): number {
    return Math.log(this.width);
  }
}

/** D(p‖q) of two Uniform distributions in nats, in closed form (exactly 0 for identical parameters). */
export function uniformKl(p: Uniform, q: Uniform): number {
  const { low: lp, high: hp } = p.params;
  const { low: lq, high: hq } = q.params;
  if (lp < lq || hp > hq) return INF;
  return Math.log((hq - lq) / (hp - lp));
}
