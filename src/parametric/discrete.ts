import { SurprisalError } from "../errors.js";
import { klTerm } from "../numeric/phi.js";
import { logBinomialPmf, logPoissonPmf } from "../numeric/special.js";
import { CompensatedSum } from "../numeric/sum.js";
import {
  checkCount,
  countParam,
  type Expectation,
  failAt,
  ParametricDistribution,
  positiveParam,
  probabilityParam,
  readParams,
  rngOf,
  type Support,
  type SupportKind,
  vectorParam,
} from "./base.js";
import { binomialVariate, NormalSource, poissonVariate, uniformOpen0 } from "./samplers.js";
import type { SampleOptions } from "./types.js";

const NEG_INF = Number.NEGATIVE_INFINITY;
const INF = Number.POSITIVE_INFINITY;

/** Variance above which the Poisson and binomial entropies use their asymptotic series. */
const ASYMPTOTIC_VARIANCE = 1e7;

/** A non-negative integer point, or −1 for anything else. */
function integerPoint(v: number): number {
  return v >= 0 && Number.isInteger(v) ? v : -1;
}

/** −Σ p·ln p over k in [lo, hi] for a log-mass function (compensated). */
function entropyBySum(lo: number, hi: number, logPmf: (k: number) => number): number {
  const s = new CompensatedSum();
  for (let k = lo; k <= hi; k++) {
    const lp = logPmf(k);
    if (lp > NEG_INF) s.add(-Math.exp(lp) * lp);
  }
  return s.value();
}

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
 * D(Bern(p)‖Bern(q)) as the sum of two non-negative terms (exact 0 for p = q).
 *
 * @example
 * ```ts
 * bernoulliKl(0.5, 0.25); // 0.14384103622589042
 * ```
 */
export function bernoulliKl(p: number, q: number): number {
  return klTerm(p, q) + klTerm(1 - p, 1 - q);
}

/** Discrete families whose support is finite: the KL against any discrete q is a finite sum. */
export abstract class FiniteDiscrete extends ParametricDistribution {
  readonly discrete = true;
  readonly supportKind: SupportKind = "finite";
  /** The k range outside which the mass is below ~1e-300 (and so contributes nothing). */
  abstract sumRange(): [number, number];
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
    checkCount(n);
    const rng = rngOf(options);
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
    checkCount(n);
    const src = new NormalSource(rngOf(options));
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
      if (v < 0)
        failAt("Categorical", "probs", i, v, "probabilities must be >= 0 (negative entry)");
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
    checkCount(n);
    const rng = rngOf(options);
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
  readonly supportKind: SupportKind = "naturals";
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
    checkCount(n);
    const rng = rngOf(options);
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

/**
 * The Poisson distribution with the given rate λ: P(X = k) = λᵏe^{−λ}/k!.
 * Masses by Loader's saddle-point form; entropy by summation over the range holding the mass,
 * or ½ln(2πeλ) − 1/(12λ) − 1/(24λ²) − 19/(360λ³) once λ > 1e7 (finite for every λ, unlike a
 * naive sum). Sampling is exact for any rate.
 *
 * @param params - `{ rate }`, rate > 0.
 * @example
 * ```ts
 * new Poisson({ rate: 100 }).entropy(); // 3.7206860722602593
 * ```
 */
export class Poisson extends ParametricDistribution {
  readonly family = "Poisson";
  readonly discrete = true;
  readonly supportKind: SupportKind = "naturals";
  readonly params: { readonly rate: number };
  static override readonly needs: readonly Expectation[] = [];
  constructor(params: { rate: number }) {
    super();
    const p = readParams("Poisson", params);
    this.params = Object.freeze({ rate: positiveParam("Poisson", p, "rate") });
  }
  support(): Support {
    return { lo: 0, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const k = integerPoint(this.scalar(x));
    if (k < 0) return NEG_INF;
    return logPoissonPmf(k, this.params.rate);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    checkCount(n);
    const src = new NormalSource(rngOf(options));
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = poissonVariate(this.params.rate, src);
    return out;
  }
  entropy(): number {
    const l = this.params.rate;
    if (l > ASYMPTOTIC_VARIANCE) {
      return (
        0.5 * Math.log(2 * Math.PI * Math.E * l) -
        1 / (12 * l) -
        1 / (24 * l * l) -
        19 / (360 * l ** 3)
      );
    }
    const sd = Math.sqrt(l);
    const lo = Math.max(0, Math.floor(l - 40 * sd - 20));
    const hi = Math.ceil(l + 40 * sd + 60);
    return entropyBySum(lo, hi, (k) => logPoissonPmf(k, l));
  }
  get mean(): number {
    return this.params.rate;
  }
  get variance(): number {
    return this.params.rate;
  }
}
