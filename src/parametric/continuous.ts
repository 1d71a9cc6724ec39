import { SurprisalError } from "../errors.js";
import {
  digamma,
  digammaRemainder,
  EULER_GAMMA,
  erf,
  erfc,
  erfcx,
  HALF_LOG_2PI,
  lbeta,
  lgamma,
  normalCdf,
  stirlingRemainder,
  trigamma,
} from "../numeric/special.js";
import {
  checkCount,
  type Expectation,
  finiteParam,
  noMoment,
  ParametricDistribution,
  positiveParam,
  readParams,
  rngOf,
  type Support,
  type SupportKind,
} from "./base.js";
import { betaVariate, gammaVariate, NormalSource, uniformOpen0 } from "./samplers.js";
import type { SampleOptions } from "./types.js";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const INF = Number.POSITIVE_INFINITY;

/** A uniform in the open interval (0, 1). */
function uniformOpen(rng: { nextFloat(): number }): number {
  return rng.nextFloat() + 2 ** -54;
}

/**
 * k + ln Γ(k) + (1 − k)·ψ(k), the shape part of the Gamma entropy. For k ≥ 10 the Stirling
 * parts are combined first: ½ln k + ½ln 2π + ½ + S₁(k) − 1/(2k) + (k − 1)·S₂(k), which keeps
 * full accuracy for huge shapes (the direct form cancels ~k·ln k).
 *
 * @example
 * ```ts
 * gammaEntropyCore(1); // 1 (the entropy of Exp(1))
 * ```
 */
export function gammaEntropyCore(k: number): number {
  if (k >= 10) {
    return (
      0.5 * Math.log(k) +
      HALF_LOG_2PI +
      0.5 +
      stirlingRemainder(k) -
      0.5 / k +
      (k - 1) * digammaRemainder(k)
    );
  }
  return k + lgamma(k) + (1 - k) * digamma(k);
}

/** (x − 1)·(1/(2x) + S₂(x)) = −(x − 1)·(ψ(x) − ln x), for x ≥ 10. */
function psiTail(x: number, coef: number): number {
  return coef * (0.5 / x + digammaRemainder(x));
}

/**
 * Entropy of Beta(a, b): ln B(a, b) − (a − 1)ψ(a) − (b − 1)ψ(b) + (a + b − 2)ψ(a + b), with the
 * ln-terms of the Stirling forms combined analytically when arguments are ≥ 10 (so Beta(1e10, 1e10)
 * and Beta(1e10, 0.5) keep their digits).
 *
 * @example
 * ```ts
 * betaEntropy(1, 1); // 0 (uniform on [0, 1])
 * betaEntropy(2, 3); // -0.2349066497879999
 * ```
 */
export function betaEntropy(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const c = lo + hi;
  if (lo >= 10) {
    return (
      HALF_LOG_2PI +
      0.5 * Math.log(lo) +
      0.5 * Math.log(hi) -
      1.5 * Math.log(c) +
      stirlingRemainder(lo) +
      stirlingRemainder(hi) -
      stirlingRemainder(c) +
      psiTail(lo, lo - 1) +
      psiTail(hi, hi - 1) -
      psiTail(c, c - 2)
    );
  }
  if (hi >= 10) {
    return (
      lgamma(lo) -
      (lo - 1) * digamma(lo) +
      0.5 * Math.log(hi) -
      1.5 * Math.log(c) +
      lo +
      stirlingRemainder(hi) -
      stirlingRemainder(c) +
      psiTail(hi, hi - 1) -
      psiTail(c, c - 2)
    );
  }
  return lbeta(a, b) - (a - 1) * digamma(a) - (b - 1) * digamma(b) + (c - 2) * digamma(c);
}

/** Draws n values x = f(rng) into a Float64Array. */
function drawMany(n: number, options: SampleOptions | undefined, f: (s: NormalSource) => number) {
  checkCount(n);
  const src = new NormalSource(rngOf(options));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(src);
  return out;
}

/**
 * The normal (Gaussian) distribution N(mean, std²), density e^{−(x−μ)²/(2σ²)}/(σ√(2π)).
 * Entropy ½ln(2πeσ²). Sampling: Marsaglia's polar method.
 *
 * @param params - `{ mean, std }`, std > 0.
 * @example
 * ```ts
 * new Normal({ mean: 0, std: 1 }).entropy(); // 1.4189385332046727
 * ```
 */
export class Normal extends ParametricDistribution {
  readonly family = "Normal";
  readonly discrete = false;
  readonly supportKind: SupportKind = "real";
  readonly params: { readonly mean: number; readonly std: number };
  static override readonly needs: readonly Expectation[] = ["expectSqDev"];
  constructor(params: { mean: number; std: number }) {
    super();
    const p = readParams("Normal", params);
    this.params = Object.freeze({
      mean: finiteParam("Normal", p, "mean"),
      std: positiveParam("Normal", p, "std"),
    });
  }
  support(): Support {
    return { lo: -INF, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const z = (this.scalar(x) - this.params.mean) / this.params.std;
    return -0.5 * z * z - Math.log(this.params.std) - HALF_LOG_2PI;
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { mean, std } = this.params;
    return drawMany(n, options, (s) => mean + std * s.next());
  }
  entropy(): number {
    return 0.5 + HALF_LOG_2PI + Math.log(this.params.std);
  }
  get mean(): number {
    return this.params.mean;
  }
  get variance(): number {
    return this.params.std * this.params.std;
  }
  /** E|X − c| = σ√(2/π)·e^{−d²/(2σ²)} + d·erf(d/(σ√2)), d = μ − c. */
  override expectAbsDev(c: number): number {
    const s = this.params.std;
    const d = this.params.mean - c;
    return s * SQRT_2_OVER_PI * Math.exp((-0.5 * d * d) / (s * s)) + d * erf(d / (s * Math.SQRT2));
  }
  /** E e^{−(X − loc)/b} = exp(−(μ − loc)/b + σ²/(2b²)). */
  override expectExpNeg(loc: number, b: number): number {
    const s = this.params.std;
    return Math.exp(-(this.params.mean - loc) / b + (s * s) / (2 * b * b));
  }
  /** H(p, N(μ, σ²)) = ln σ + ½ln 2π + E_p(X − μ)²/(2σ²). */
  override crossEntropyFrom(p: ParametricDistribution): number {
    const s = this.params.std;
    return Math.log(s) + HALF_LOG_2PI + p.expectSqDev(this.params.mean) / (2 * s * s);
  }
}

/**
 * The log-normal distribution: ln X ~ N(mu, sigma²), density on x > 0.
 * Entropy μ + ½ + ln(σ√(2π)).
 *
 * @param params - `{ mu, sigma }` of ln X, sigma > 0.
 * @example
 * ```ts
 * new LogNormal({ mu: 0, sigma: 1 }).mean; // 1.6487212707001282 (= e^{1/2})
 * ```
 */
export class LogNormal extends ParametricDistribution {
  readonly family = "LogNormal";
  readonly discrete = false;
  readonly supportKind: SupportKind = "positive";
  readonly params: { readonly mu: number; readonly sigma: number };
  static override readonly needs: readonly Expectation[] = ["expectLog", "expectSqDevLog"];
  constructor(params: { mu: number; sigma: number }) {
    super();
    const p = readParams("LogNormal", params);
    this.params = Object.freeze({
      mu: finiteParam("LogNormal", p, "mu"),
      sigma: positiveParam("LogNormal", p, "sigma"),
    });
  }
  support(): Support {
    return { lo: 0, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    if (!(v > 0)) return Number.NEGATIVE_INFINITY;
    const l = Math.log(v);
    const z = (l - this.params.mu) / this.params.sigma;
    return -0.5 * z * z - l - Math.log(this.params.sigma) - HALF_LOG_2PI;
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { mu, sigma } = this.params;
    return drawMany(n, options, (s) => Math.exp(mu + sigma * s.next()));
  }
  entropy(): number {
    return this.params.mu + 0.5 + Math.log(this.params.sigma) + HALF_LOG_2PI;
  }
  get mean(): number {
    const { mu, sigma } = this.params;
    return Math.exp(mu + 0.5 * sigma * sigma);
  }
  get variance(): number {
    const { mu, sigma } = this.params;
    const s2 = sigma * sigma;
    return Math.expm1(s2) * Math.exp(2 * mu + s2);
  }
  override expectLog(): number {
    return this.params.mu;
  }
  override expectSqDevLog(m: number): number {
    const d = this.params.mu - m;
    return this.params.sigma ** 2 + d * d;
  }
  /** E|X − c|, with E(c − X)⁺ = c·Φ(d) − E[X]·Φ(d − σ), d = (ln c − μ)/σ. */
  override expectAbsDev(c: number): number {
    const mean = this.mean;
    if (c <= 0) return mean - c;
    const { mu, sigma } = this.params;
    const d = (Math.log(c) - mu) / sigma;
    const below = c * normalCdf(d) - mean * normalCdf(d - sigma);
    return mean - c + 2 * below;
  }
  /** H(p, LogNormal) = E ln X + ln σ + ½ln 2π + E(ln X − μ)²/(2σ²). */
  override crossEntropyFrom(p: ParametricDistribution): number | undefined {
    if (!p.expectLog || !p.expectSqDevLog) return undefined;
    const s = this.params.sigma;
    return (
      p.expectLog() + Math.log(s) + HALF_LOG_2PI + p.expectSqDevLog(this.params.mu) / (2 * s * s)
    );
  }
}

/**
 * The exponential distribution with rate λ: density λe^{−λx} on x ≥ 0. Entropy 1 − ln λ.
 *
 * @param params - `{ rate }`, rate > 0.
 * @example
 * ```ts
 * new Exponential({ rate: 2 }).mean; // 0.5
 * ```
 */
export class Exponential extends ParametricDistribution {
  readonly family = "Exponential";
  readonly discrete = false;
  readonly supportKind: SupportKind = "positive";
  readonly params: { readonly rate: number };
  static override readonly needs: readonly Expectation[] = ["expectX"];
  constructor(params: { rate: number }) {
    super();
    const p = readParams("Exponential", params);
    this.params = Object.freeze({ rate: positiveParam("Exponential", p, "rate") });
  }
  support(): Support {
    return { lo: 0, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    if (!(v >= 0)) return Number.NEGATIVE_INFINITY;
    return Math.log(this.params.rate) - this.params.rate * v;
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const r = this.params.rate;
    return drawMany(n, options, (s) => -Math.log(uniformOpen0(s.rng)) / r);
  }
  entropy(): number {
    return 1 - Math.log(this.params.rate);
  }
  get mean(): number {
    return 1 / this.params.rate;
  }
  get variance(): number {
    return 1 / this.params.rate ** 2;
  }
  override expectLog(): number {
    return -EULER_GAMMA - Math.log(this.params.rate);
  }
  override expectSqDevLog(m: number): number {
    const d = this.expectLog() - m;
    return (Math.PI * Math.PI) / 6 + d * d;
  }
  override expectAbsDev(c: number): number {
    const r = this.params.rate;
    if (c <= 0) return 1 / r - c;
    return c - 1 / r + (2 * Math.exp(-r * c)) / r;
  }
  override expectExpNeg(loc: number, b: number): number {
    return Math.exp(loc / b - Math.log1p(1 / (this.params.rate * b)));
  }
  /** H(p, Exp(λ)) = −ln λ + λ·E_p X. */
  override crossEntropyFrom(p: ParametricDistribution): number {
    const r = this.params.rate;
    return -Math.log(r) + r * p.expectX();
  }
}

/**
 * The gamma distribution with shape k and rate β: density βᵏxᵏ⁻¹e^{−βx}/Γ(k) on x > 0.
 * Entropy k − ln β + ln Γ(k) + (1 − k)ψ(k), accurate for tiny and huge shapes.
 * Sampling: Marsaglia–Tsang.
 *
 * @param params - `{ shape, rate }`, both > 0.
 * @example
 * ```ts
 * new Gamma({ shape: 2, rate: 3 }).entropy(); // 0.478603376233423
 * ```
 */
export class Gamma extends ParametricDistribution {
  readonly family = "Gamma";
  readonly discrete = false;
  readonly supportKind: SupportKind = "positive";
  readonly params: { readonly shape: number; readonly rate: number };
  static override readonly needs: readonly Expectation[] = ["expectLog", "expectX"];
  constructor(params: { shape: number; rate: number }) {
    super();
    const p = readParams("Gamma", params);
    this.params = Object.freeze({
      shape: positiveParam("Gamma", p, "shape"),
      rate: positiveParam("Gamma", p, "rate"),
    });
  }
  support(): Support {
    return { lo: 0, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    const { shape: k, rate: r } = this.params;
    if (!(v >= 0)) return Number.NEGATIVE_INFINITY;
    if (v === 0) return k < 1 ? INF : k === 1 ? Math.log(r) : Number.NEGATIVE_INFINITY;
    return k * Math.log(r) - lgamma(k) + (k - 1) * Math.log(v) - r * v;
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { shape, rate } = this.params;
    return drawMany(n, options, (s) => gammaVariate(shape, s) / rate);
  }
  entropy(): number {
    return gammaEntropyCore(this.params.shape) - Math.log(this.params.rate);
  }
  get mean(): number {
    return this.params.shape / this.params.rate;
  }
  get variance(): number {
    return this.params.shape / this.params.rate ** 2;
  }
  override expectLog(): number {
    return digamma(this.params.shape) - Math.log(this.params.rate);
  }
  override expectSqDevLog(m: number): number {
    const d = this.expectLog() - m;
    return trigamma(this.params.shape) + d * d;
  }
  override expectExpNeg(loc: number, b: number): number {
    const { shape, rate } = this.params;
    return Math.exp(loc / b - shape * Math.log1p(1 / (rate * b)));
  }
  /** H(p, Gamma(k, β)) = −k ln β + ln Γ(k) − (k − 1)·E ln X + β·E X. */
  override crossEntropyFrom(p: ParametricDistribution): number | undefined {
    if (!p.expectLog) return undefined;
    const { shape: k, rate: r } = this.params;
    const logTerm = k === 1 ? 0 : (k - 1) * p.expectLog();
    return -k * Math.log(r) + lgamma(k) - logTerm + r * p.expectX();
  }
}

/**
 * The beta distribution on [0, 1]: density x^{α−1}(1−x)^{β−1}/B(α, β).
 * Entropy ln B(α, β) − (α−1)ψ(α) − (β−1)ψ(β) + (α+β−2)ψ(α+β), accurate for tiny and huge shapes.
 *
 * @param params - `{ alpha, beta }`, both > 0.
 * @example
 * ```ts
 * new Beta({ alpha: 2, beta: 2 }).entropy(); // -0.125092802561388
 * ```
 */
export class Beta extends ParametricDistribution {
  readonly family = "Beta";
  readonly discrete = false;
  readonly supportKind: SupportKind = "unit";
  readonly params: { readonly alpha: number; readonly beta: number };
  static override readonly needs: readonly Expectation[] = ["expectLog", "expectLog1m"];
  constructor(params: { alpha: number; beta: number }) {
    super();
    const p = readParams("Beta", params);
    this.params = Object.freeze({
      alpha: positiveParam("Beta", p, "alpha"),
      beta: positiveParam("Beta", p, "beta"),
    });
  }
  support(): Support {
    return { lo: 0, hi: 1 };
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    const { alpha: a, beta: b } = this.params;
    if (!(v >= 0 && v <= 1)) return Number.NEGATIVE_INFINITY;
    const ta = a === 1 ? 0 : (a - 1) * Math.log(v);
    const tb = b === 1 ? 0 : (b - 1) * Math.log1p(-v);
    return ta + tb - lbeta(a, b);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { alpha, beta } = this.params;
    return drawMany(n, options, (s) => betaVariate(alpha, beta, s));
  }
  entropy(): number {
    return betaEntropy(this.params.alpha, this.params.beta);
  }
  get mean(): number {
    const { alpha: a, beta: b } = this.params;
    return a / (a + b);
  }
  get variance(): number {
    const { alpha: a, beta: b } = this.params;
    const c = a + b;
    return (a * b) / (c * c * (c + 1));
  }
  override expectLog(): number {
    const { alpha: a, beta: b } = this.params;
    return digamma(a) - digamma(a + b);
  }
  override expectLog1m(): number {
    const { alpha: a, beta: b } = this.params;
    return digamma(b) - digamma(a + b);
  }
  override expectSqDevLog(m: number): number {
    const { alpha: a, beta: b } = this.params;
    const d = this.expectLog() - m;
    return trigamma(a) - trigamma(a + b) + d * d;
  }
  /** H(p, Beta(α, β)) = ln B(α, β) − (α − 1)·E ln X − (β − 1)·E ln(1 − X). */
  override crossEntropyFrom(p: ParametricDistribution): number | undefined {
    if (!p.expectLog || !p.expectLog1m) return undefined;
    const { alpha: a, beta: b } = this.params;
    const ta = a === 1 ? 0 : (a - 1) * p.expectLog();
    const tb = b === 1 ? 0 : (b - 1) * p.expectLog1m();
    return lbeta(a, b) - ta - tb;
  }
}

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
  readonly supportKind: SupportKind = "real";
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
  readonly supportKind: SupportKind = "interval";
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
  readonly supportKind: SupportKind = "real";
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
  readonly supportKind: SupportKind = "real";
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
  readonly supportKind: SupportKind = "positive";
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

/**
 * The Pareto (type I) distribution on x ≥ scale: density α·scaleᵅ/x^{α+1}.
 * Entropy ln(scale/α) + 1/α + 1. The mean is +∞ for α ≤ 1, the variance +∞ for α ≤ 2.
 *
 * @param params - `{ scale, alpha }`, both > 0.
 * @example
 * ```ts
 * new Pareto({ scale: 1, alpha: 3 }).mean; // 1.5
 * ```
 */
export class Pareto extends ParametricDistribution {
  readonly family = "Pareto";
  readonly discrete = false;
  readonly supportKind: SupportKind = "tail";
  readonly params: { readonly scale: number; readonly alpha: number };
  static override readonly needs: readonly Expectation[] = ["expectLog"];
  constructor(params: { scale: number; alpha: number }) {
    super();
    const p = readParams("Pareto", params);
    this.params = Object.freeze({
      scale: positiveParam("Pareto", p, "scale"),
      alpha: positiveParam("Pareto", p, "alpha"),
    });
  }
  support(): Support {
    return { lo: this.params.scale, hi: INF };
  }
  logProb(x: number | ArrayLike<number>): number {
    const v = this.scalar(x);
    const { scale, alpha } = this.params;
    if (!(v >= scale)) return Number.NEGATIVE_INFINITY;
    return Math.log(alpha) + alpha * Math.log(scale) - (alpha + 1) * Math.log(v);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    const { scale, alpha } = this.params;
    return drawMany(n, options, (s) => scale * Math.exp(-Math.log(uniformOpen0(s.rng)) / alpha));
  }
  entropy(): number {
    const { scale, alpha } = this.params;
    return Math.log(scale / alpha) + 1 / alpha + 1;
  }
  get mean(): number {
    const { scale, alpha } = this.params;
    return alpha > 1 ? (alpha * scale) / (alpha - 1) : INF;
  }
  get variance(): number {
    const { scale, alpha } = this.params;
    return alpha > 2 ? (scale * scale * alpha) / ((alpha - 1) ** 2 * (alpha - 2)) : INF;
  }
  override expectLog(): number {
    return Math.log(this.params.scale) + 1 / this.params.alpha;
  }
  override expectSqDevLog(m: number): number {
    const d = this.expectLog() - m;
    return 1 / this.params.alpha ** 2 + d * d;
  }
  /** E|X − c|, with E(X − c)⁺ = c·(scale/c)^α/(α − 1) for c > scale. */
  override expectAbsDev(c: number): number {
    const { scale, alpha } = this.params;
    const mean = this.mean;
    if (mean === INF) return INF;
    if (c <= scale) return mean - c;
    const above = (c * (scale / c) ** alpha) / (alpha - 1);
    return 2 * above - (mean - c);
  }
  /** H(p, Pareto(m, α)) = −ln α − α ln m + (α + 1)·E_p ln X. */
  override crossEntropyFrom(p: ParametricDistribution): number | undefined {
    if (!p.expectLog) return undefined;
    const { scale, alpha } = this.params;
    return -Math.log(alpha) - alpha * Math.log(scale) + (alpha + 1) * p.expectLog();
  }
}
