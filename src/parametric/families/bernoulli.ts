import { klTerm } from "../../numeric/phi.js";

import {
  checkSampleSize,
  type Expectation,
  probabilityParam,
  readParams,
  type Support,
  samplerRng,
} from "../base.js";
import { FiniteDiscrete } from "../finite-discrete.js";
import type { SampleOptions } from "../types.js";

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * −p ln p − (1 − p) ln(1 − p), with 0·ln 0 = 0.
 *
 * @example
 * ```ts
 * binaryEntropy(0.1); // 0.3250829733914482
 * ```
 */
export function binaryEntropy(p: number): number {
  if (p === 0 || p === 1) return 0;
  return -p * Math.log(p) - (1 - p) * Math.log1p(-p);
}

/**
 * D(Bern(p)‖Bern(q)), the binary KL divergence, as the sum of two non-negative terms (exact 0 for p = q).
 *
 * @example
 * ```ts
 * binaryKl(0.5, 0.25); // 0.14384103622589042
 * ```
 */
export function binaryKl(p: number, q: number): number {
  return klTerm(p, q) + klTerm(1 - p, 1 - q);
}

/**
 * The Bernoulli distribution on {0, 1} with P(X = 1) = p. Entropy −p ln p − (1−p) ln(1−p).
 *
 * @param params - `{ p }`, a probability in [0, 1].
 * @example
 * ```ts
 * new Bernoulli({ p: 0.5 }).entropy(); // 0.6931471805599453
 * ```
 */
export class Bernoulli extends FiniteDiscrete {
  readonly family = "Bernoulli";
  readonly params: { readonly p: number };
  static override readonly needs: readonly Expectation[] = [];
  constructor(params: { p: number }) {
    super();
    const p = readParams("Bernoulli", params);
    this.params = Object.freeze({ p: probabilityParam("Bernoulli", p, "p") });
  }
  support(): Support {
    const p = this.params.p;
    return { lo: p === 1 ? 1 : 0, hi: p === 0 ? 0 : 1 };
  }
  sumRange(): [number, number] {
    return [0, 1];
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    if (v === 1) return Math.log(this.params.p);
    if (v === 0) return Math.log1p(-this.params.p);
    return NEG_INF;
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    checkSampleSize(n);
    const rng = samplerRng(options);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = rng.nextFloat() < this.params.p ? 1 : 0;
    return out;
  }
  entropy(): number {
    return binaryEntropy(this.params.p);
  }
  get mean(): number {
    return this.params.p;
  }
  get variance(): number {
    return this.params.p * (1 - this.params.p);
  }
}

/** D(p‖q) of two Bernoulli distributions in nats, in closed form (exactly 0 for identical parameters). */
export function bernoulliKl(p: Bernoulli, q: Bernoulli): number {
  return binaryKl(p.params.p, q.params.p);
}
