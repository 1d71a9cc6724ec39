import { SurprisalError } from "../../errors.js";
import { klTerm } from "../../numeric/phi.js";

import { CompensatedSum } from "../../numeric/sum.js";
import {
  checkSampleSize,
  type Expectation,
  readParams,
  type Support,
  samplerRng,
  vectorParam,
} from "../base.js";
import { integerPoint } from "../discrete-sums.js";
import { FiniteDiscrete } from "../finite-discrete.js";
import type { SampleOptions } from "../types.js";

const INF = Number.POSITIVE_INFINITY;
const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * The categorical distribution on {0, …, K − 1} with the given probabilities (normalized if their
 * sum is within 1e-6 of 1). Entropy −Σ p ln p.
 *
 * @param params - `{ probs }`, non-negative, summing to 1.
 * @example
 * ```ts
 * new Categorical({ probs: [0.25, 0.75] }).logProb(1); // -0.2876820724517809
 * ```
 */
export class Categorical extends FiniteDiscrete {
  readonly family = "Categorical";
  readonly params: { readonly probs: Float64Array };
  static override readonly needs: readonly Expectation[] = [];
  private readonly cumulative: Float64Array;
  constructor(params: { probs: ArrayLike<number> }) {
    super();
    const p = readParams("Categorical", params);
    const probs = vectorParam("Categorical", p, "probs");
    const s = new CompensatedSum();
    probs.forEach((v, i) => {
      if (v < 0) {
        // The library-wide code for a probability below 0 (as klDivergence and the docs say).
        throw new SurprisalError(
          "negative",
          `Categorical: probs[${i}] = ${v} is negative: probabilities must be >= 0`,
          { argument: "probs", index: i, value: v },
        );
      }
      s.add(v);
    });
    const total = s.value();
    if (!(Math.abs(total - 1) <= 1e-6)) {
      throw new SurprisalError(
        "sum",
        `Categorical: probs sum to ${total}, not 1: probabilities must sum to 1 (within 1e-6)`,
        { argument: "probs", value: total },
      );
    }
    for (let i = 0; i < probs.length; i++) probs[i] /= total;
    this.params = Object.freeze({ probs });
    this.cumulative = new Float64Array(probs.length);
    let c = 0;
    for (let i = 0; i < probs.length; i++) this.cumulative[i] = c += probs[i];
  }
  support(): Support {
    const p = this.params.probs;
    let lo = 0;
    while (p[lo] === 0) lo++;
    let hi = p.length - 1;
    while (p[hi] === 0) hi--;
    return { lo, hi };
  }
  sumRange(): [number, number] {
    return [0, this.params.probs.length - 1];
  }
  logProb(x: number | ArrayLike<number>): number {
    const k = integerPoint(this.scalar(x));
    if (k < 0 || k >= this.params.probs.length) return NEG_INF;
    return Math.log(this.params.probs[k]);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    checkSampleSize(n);
    const rng = samplerRng(options);
    const c = this.cumulative;
    const last = c.length - 1;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat() * c[last];
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (c[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      out[i] = lo;
    }
    return out;
  }
  entropy(): number {
    const s = new CompensatedSum();
    for (const p of this.params.probs) if (p > 0) s.add(-p * Math.log(p));
    return s.value();
  }
  get mean(): number {
    const s = new CompensatedSum();
    this.params.probs.forEach((p, k) => {
      s.add(p * k);
    });
    return s.value();
  }
  get variance(): number {
    const m = this.mean;
    const s = new CompensatedSum();
    this.params.probs.forEach((p, k) => {
      s.add(p * (k - m) ** 2);
    });
    return s.value();
  }
}

/** D(p‖q) of two Categorical distributions in nats, in closed form (exactly 0 for identical parameters). */
export function categoricalKl(p: Categorical, q: Categorical): number {
  const a = p.params.probs;
  const b = q.params.probs;
  const s = new CompensatedSum();
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const t = klTerm(i < a.length ? a[i] : 0, i < b.length ? b[i] : 0);
    if (t === INF) return INF;
    s.add(t);
  }
  return s.value();
}
