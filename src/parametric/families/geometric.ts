import {
  checkSampleSize,
  type Expectation,
  ParametricDistribution,
  probabilityParam,
  readParams,
  type Support,
  type SupportKind,
  samplerRng,
} from "../base.js";
import { integerPoint } from "../discrete-sums.js";
import { uniformOpen0 } from "../samplers.js";
import type { SampleOptions } from "../types.js";
import { binaryEntropy, binaryKl } from "./bernoulli.js";

const INF = Number.POSITIVE_INFINITY;
const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * The geometric distribution of the number of failures before the first success:
 * P(X = k) = p(1 − p)ᵏ, k = 0, 1, 2, …. Entropy [−(1−p)ln(1−p) − p ln p]/p.
 *
 * @param params - `{ p }`, success probability in (0, 1].
 * @example
 * ```ts
 * new Geometric({ p: 0.5 }).mean; // 1
 * ```
 */
export class Geometric extends ParametricDistribution {
  readonly family = "Geometric";
  readonly discrete = true;
  static override readonly supportKind: SupportKind = "naturals";
  readonly params: { readonly p: number };
  static override readonly needs: readonly Expectation[] = ["expectX"];
  constructor(params: { p: number }) {
    super();
    const p = readParams("Geometric", params);
    this.params = Object.freeze({ p: probabilityParam("Geometric", p, "p", true) });
  }
  support(): Support {
    return { lo: 0, hi: this.params.p === 1 ? 0 : INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const k = integerPoint(this.scalar(x));
    if (k < 0) return NEG_INF;
    if (k === 0) return Math.log(this.params.p);
    return Math.log(this.params.p) + k * Math.log1p(-this.params.p);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    checkSampleSize(n);
    const rng = samplerRng(options);
    const out = new Float64Array(n);
    const p = this.params.p;
    if (p === 1) return out;
    const l = Math.log1p(-p);
    for (let i = 0; i < n; i++) out[i] = Math.floor(Math.log(uniformOpen0(rng)) / l);
    return out;
  }
  entropy(): number {
    return binaryEntropy(this.params.p) / this.params.p;
  }
  get mean(): number {
    return (1 - this.params.p) / this.params.p;
  }
  get variance(): number {
    return (1 - this.params.p) / this.params.p ** 2;
  }
  /** H(p, Geometric(θ)) = −ln θ − E_p X · ln(1 − θ). */
  override crossEntropyFrom(p: ParametricDistribution): number {
    const t = this.params.p;
    const m = p.expectX();
    if (t === 1) return m === 0 ? 0 : INF;
    return -Math.log(t) - m * Math.log1p(-t);
  }
}

/** D(p‖q) of two Geometric distributions in nats, in closed form (exactly 0 for identical parameters). */
export function geometricKl(p: Geometric, q: Geometric): number {
  const a = p.params.p;
  const b = q.params.p;
  if (b === 1) return a === 1 ? 0 : INF;
  return binaryKl(a, b) / a;
}
