import { logBinomialPmf } from "../../numeric/special.js";
import {
  checkSampleSize,
  countParam,
  type Expectation,
  probabilityParam,
  readParams,
  type Support,
  samplerRng,
} from "../base.js";
import { ASYMPTOTIC_VARIANCE, entropyBySum, integerPoint } from "../discrete-sums.js";
import { FiniteDiscrete, finiteSumKl } from "../finite-discrete.js";
import { binomialVariate, NormalSource } from "../samplers.js";
import type { SampleOptions } from "../types.js";
import { binaryKl } from "./bernoulli.js";

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * The binomial distribution: successes in n independent trials of probability p.
 * Masses by Loader's saddle-point form (accurate for n ~ 1e15); entropy by summation over the
 * range holding the mass, or the asymptotic ½ln(2πe·npq) − (1 − 4pq)/(12npq) once npq > 1e7.
 * Sampling is exact for any n (beta splitting).
 *
 * @param params - `{ n, p }`, n a non-negative integer, p in [0, 1].
 * @example
 * ```ts
 * new Binomial({ n: 10, p: 0.5 }).mean; // 5
 * ```
 */
export class Binomial extends FiniteDiscrete {
  readonly family = "Binomial";
  readonly params: { readonly n: number; readonly p: number };
  static override readonly needs: readonly Expectation[] = [];
  constructor(params: { n: number; p: number }) {
    super();
    const p = readParams("Binomial", params);
    this.params = Object.freeze({
      n: countParam("Binomial", p, "n"),
      p: probabilityParam("Binomial", p, "p"),
    });
  }
  support(): Support {
    const { n, p } = this.params;
    return { lo: p === 1 ? n : 0, hi: p === 0 ? 0 : n };
  }
  sumRange(): [number, number] {
    const { n, p } = this.params;
    const m = n * p;
    const sd = Math.sqrt(m * (1 - p));
    return [Math.max(0, Math.floor(m - 40 * sd - 40)), Math.min(n, Math.ceil(m + 40 * sd + 40))];
  }
  logProb(x: number | ArrayLike<number>): number {
    const k = integerPoint(this.scalar(x));
    if (k < 0 || k > this.params.n) return NEG_INF;
    return logBinomialPmf(k, this.params.n, this.params.p);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    checkSampleSize(n);
    const src = new NormalSource(samplerRng(options));
    const out = new Float64Array(n);
    const { n: trials, p } = this.params;
    for (let i = 0; i < n; i++) {
      out[i] =
        p > 0.5 ? trials - binomialVariate(trials, 1 - p, src) : binomialVariate(trials, p, src);
    }
    return out;
  }
  entropy(): number {
    const { n, p } = this.params;
    if (p === 0 || p === 1 || n === 0) return 0;
    const pq = p * (1 - p);
    const v = n * pq;
    if (v > ASYMPTOTIC_VARIANCE) {
      return 0.5 * Math.log(2 * Math.PI * Math.E * v) - (1 - 4 * pq) / (12 * v);
    }
    const [lo, hi] = this.sumRange();
    return entropyBySum(lo, hi, (k) => logBinomialPmf(k, n, p));
  }
  get mean(): number {
    return this.params.n * this.params.p;
  }
  get variance(): number {
    return this.params.n * this.params.p * (1 - this.params.p);
  }
}

/** D(p‖q) of two Binomial distributions in nats, in closed form (exactly 0 for identical parameters). */
export function binomialKl(p: Binomial, q: Binomial): number {
  return p.params.n === q.params.n
    ? p.params.n === 0
      ? 0
      : p.params.n * binaryKl(p.params.p, q.params.p)
    : finiteSumKl(p, q);
}
