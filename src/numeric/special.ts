/**
 * Special functions for the parametric families: log-gamma, digamma, trigamma, log-beta, erf,
 * erfc, the scaled erfc, the normal CDF and Loader's Stirling-error pieces of the Poisson and
 * binomial mass functions. Each keeps close to full float64 relative accuracy over the range
 * where the library needs it (positive arguments for the gamma family of functions); the
 * reference values in `test/fixtures/parametric-extra.json` come from mpmath
 * (`scripts/gen_parametric.py`).
 *
 * References: NIST DLMF §5.7 (series of ln Γ at 1), §5.11 (Stirling and the asymptotic series of
 * ψ, ψ′), §7.6, §7.9 (erf series and erfc continued fraction); C. Loader, "Fast and accurate
 * computation of binomial probabilities" (2000).
 */
import { phi } from "./phi.js";

/** Euler–Mascheroni constant γ. */
export const EULER_GAMMA = 0.5772156649015329;
/** ½·ln(2π). */
export const HALF_LOG_2PI = 0.9189385332046728;
const SQRT_PI = 1.772453850905516;
const SQRT2 = Math.SQRT2;

/** Bernoulli numbers B₂, B₄, …, B₂₀. */
const BERNOULLI = [
  1 / 6,
  -1 / 30,
  1 / 42,
  -1 / 30,
  5 / 66,
  -691 / 2730,
  7 / 6,
  -3617 / 510,
  43867 / 798,
  -174611 / 330,
];

/** ζ(k) − 1 for k = 2 … 60, from a partial sum plus the Euler–Maclaurin tail (computed once). */
const ZETA_MINUS_ONE: readonly number[] = (() => {
  const out: number[] = [0, 0];
  const N = 12;
  for (let k = 2; k <= 60; k++) {
    let s = 0;
    for (let n = N - 1; n >= 2; n--) s += n ** -k;
    // Tail Σ_{n≥N} n^{−k} = N^{1−k}/(k−1) + N^{−k}/2 + Σ_j B_{2j}/(2j)! · k(k+1)…(k+2j−2) N^{−k−2j+1}.
    let tail = N ** (1 - k) / (k - 1) + 0.5 * N ** -k;
    let rising = k; // k(k+1)…(k+2j−2)
    let fact = 2; // (2j)!
    for (let j = 1; j <= 6; j++) {
      tail += (BERNOULLI[j - 1] / fact) * rising * N ** (-k - 2 * j + 1);
      rising *= (k + 2 * j - 1) * (k + 2 * j);
      fact *= (2 * j + 1) * (2 * j + 2);
    }
    out.push(s + tail);
  }
  return out;
})();

/** ln Γ(2 + t) = (1 − γ)t + Σ_{k≥2} (−1)^k (ζ(k) − 1) t^k / k, for |t| ≤ 0.5 (DLMF 5.7.3). */
function lgammaTwoPlus(t: number): number {
  let s = 0;
  for (let k = 60; k >= 2; k--) s = s * t + ((k % 2 === 0 ? 1 : -1) * ZETA_MINUS_ONE[k]) / k;
  return t * (1 - EULER_GAMMA + s * t);
}

/**
 * S₁(x) = Σ_{j≥1} B₂ⱼ / (2j(2j − 1)·x^{2j−1}): the remainder of Stirling's series,
 * ln Γ(x) = (x − ½)·ln x − x + ½·ln 2π + S₁(x). Accurate to float64 for x ≥ 10.
 *
 * @example
 * ```ts
 * stirlingRemainder(10); // 0.00833056343336287
 * ```
 */
export function stirlingRemainder(x: number): number {
  const r = 1 / (x * x);
  let s = 0;
  for (let j = BERNOULLI.length; j >= 1; j--) s = s * r + BERNOULLI[j - 1] / (2 * j * (2 * j - 1));
  return s / x;
}

/**
 * S₂(x) = Σ_{j≥1} B₂ⱼ / (2j·x^{2j}): the remainder of the digamma series,
 * ψ(x) = ln x − 1/(2x) − S₂(x). Accurate to float64 for x ≥ 10.
 *
 * @example
 * ```ts
 * digammaRemainder(10); // 0.0008325039273245763
 * ```
 */
export function digammaRemainder(x: number): number {
  const r = 1 / (x * x);
  let s = 0;
  for (let j = BERNOULLI.length; j >= 1; j--) s = s * r + BERNOULLI[j - 1] / (2 * j);
  return s * r;
}

/**
 * Natural log of the gamma function, ln Γ(x), for x > 0.
 *
 * Series at 1 and 2 for x < 2.5 (so the zeros at 1 and 2 keep full relative accuracy), the
 * recurrence Γ(x + 1) = x·Γ(x) down to [1.5, 2.5) for x < 13, Stirling's series above.
 * Edge cases: lgamma(0) = +∞, lgamma(+∞) = +∞; x < 0 or NaN gives NaN (internal use only).
 *
 * @param x - a positive real.
 * @example
 * ```ts
 * lgamma(0.5); // 0.5723649429247001 (= ln √π)
 * ```
 */
export function lgamma(x: number): number {
  if (!(x >= 0)) return Number.NaN;
  if (x === 0 || x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (x < 0.5) return lgammaTwoPlus(x) - Math.log1p(x) - Math.log(x);
  if (x < 1.5) {
    const t = x - 1;
    return lgammaTwoPlus(t) - Math.log1p(t);
  }
  if (x < 2.5) return lgammaTwoPlus(x - 2);
  if (x < 13) {
    let y = x;
    let prod = 1;
    while (y >= 2.5) {
      y -= 1;
      prod *= y;
    }
    return lgammaTwoPlus(y - 2) + Math.log(prod);
  }
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + stirlingRemainder(x);
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), the log of the beta function, for a, b > 0.
 * For large arguments the Stirling parts are combined before the logs, so ln B(1e10, 1e10)
 * keeps its digits.
 *
 * @example
 * ```ts
 * lbeta(2, 3); // -2.4849066497880004 (= ln(1/12))
 * ```
 */
export function lbeta(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo >= 10) {
    // ln B = ½ln 2π + (a−½)ln a + (b−½)ln b − (c−½)ln c + S₁(a) + S₁(b) − S₁(c)
    //      = ½ln 2π − ½ln a + a·ln(a/c) − (b − ½)·ln(1 + a/b) + S terms, with a = lo, b = hi.
    const c = lo + hi;
    const corr = stirlingRemainder(lo) + stirlingRemainder(hi) - stirlingRemainder(c);
    return (
      HALF_LOG_2PI -
      0.5 * Math.log(lo) +
      lo * Math.log(lo / c) +
      (hi - 0.5) * -Math.log1p(lo / hi) +
      corr
    );
  }
  if (hi >= 10) {
    // ln Γ(hi) − ln Γ(hi + lo) = −lo·ln(hi + lo) − (hi − ½)·ln(1 + lo/hi) + lo + S₁(hi) − S₁(hi + lo)
    const c = hi + lo;
    return (
      lgamma(lo) -
      lo * Math.log(c) -
      (hi - 0.5) * Math.log1p(lo / hi) +
      lo +
      stirlingRemainder(hi) -
      stirlingRemainder(c)
    );
  }
  return lgamma(lo) + lgamma(hi) - lgamma(lo + hi);
}

/**
 * The digamma function ψ(x) = d/dx ln Γ(x), for x > 0.
 *
 * Recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then ψ(x) = ln x − 1/(2x) − Σ B₂ⱼ/(2j·x^{2j}).
 * Near its zero x₀ ≈ 1.4616 the error is absolute (≈ 1e-16), not relative.
 * ψ(0) = −∞, ψ(+∞) = +∞; x < 0 or NaN gives NaN (internal use only).
 *
 * @example
 * ```ts
 * digamma(1); // -0.5772156649015324 (−γ to 1e-15)
 * ```
 */
export function digamma(x: number): number {
  if (!(x >= 0)) return Number.NaN;
  if (x === 0) return Number.NEGATIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return x;
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  return acc + Math.log(x) - 0.5 / x - digammaRemainder(x);
}

/**
 * The trigamma function ψ′(x) = d²/dx² ln Γ(x), for x > 0.
 *
 * ψ′(x) = Σ_{k<n} 1/(x + k)² + ψ′(x + n), with ψ′(y) = 1/y + 1/(2y²) + Σ B₂ⱼ/y^{2j+1} for y ≥ 10.
 * ψ′(0) = +∞, ψ′(+∞) = 0.
 *
 * @example
 * ```ts
 * trigamma(1); // 1.6449340668482264 (= π²/6)
 * ```
 */
export function trigamma(x: number): number {
  if (!(x >= 0)) return Number.NaN;
  if (x === 0) return Number.POSITIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return 0;
  let acc = 0;
  while (x < 10) {
    acc += 1 / (x * x);
    x += 1;
  }
  const r = 1 / (x * x);
  let s = 0;
  for (let j = BERNOULLI.length; j >= 1; j--) s = s * r + BERNOULLI[j - 1];
  return acc + 1 / x + 0.5 * r + (s * r) / x;
}

/** exp(−x²) without the rounding error of x² (x split into a short head and a tail). */
function expMinusSquare(x: number): number {
  const head = Math.round(x * 4096) / 4096;
  const tail = x - head;
  return Math.exp(-head * head) * Math.exp(-tail * (x + head));
}

/** Σ (2x²)^n / (1·3·…·(2n+1)): erf(x) = 2x·e^{−x²}·this/√π, all terms positive (DLMF 7.6.2). */
function erfSeries(x: number): number {
  const y = 2 * x * x;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 200; n++) {
    term *= y / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** Continued fraction for erfc: erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))), x ≥ 1. */
function erfcContinuedFraction(x: number): number {
  // Modified Lentz on f = x + K_{n≥1}(n/2 / x).
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 2e-16) break;
  }
  return 1 / (f * SQRT_PI);
}

/**
 * The error function erf(x) = (2/√π)·∫₀ˣ e^{−t²} dt.
 * erf(±∞) = ±1, erf(−x) = −erf(x).
 *
 * @example
 * ```ts
 * erf(0.5); // 0.5204998778130466
 * ```
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  let r: number;
  if (a < 1) r = ((2 * a * expMinusSquare(a)) / SQRT_PI) * erfSeries(a);
  else if (a > 6) r = 1;
  else r = 1 - expMinusSquare(a) * erfcContinuedFraction(a);
  return x < 0 ? -r : r;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), with full relative accuracy in the
 * right tail (continued fraction). erfc(−∞) = 2, erfc(+∞) = 0.
 *
 * @example
 * ```ts
 * erfc(5); // 1.5374597944280343e-12
 * ```
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1) return 1 - ((2 * x * expMinusSquare(x)) / SQRT_PI) * erfSeries(x);
  if (x > 27.3) return 0;
  return expMinusSquare(x) * erfcContinuedFraction(x);
}

/**
 * The scaled complementary error function erfcx(x) = e^{x²}·erfc(x), for x ≥ 0 without overflow
 * (erfcx(x) ≈ 1/(x√π) for large x). For x < 0 it is e^{x²}·erfc(x) directly (may overflow to +∞).
 *
 * @example
 * ```ts
 * erfcx(10); // 0.05614099274382257
 * ```
 */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x < 1) return Math.exp(x * x) * erfc(x);
  if (x === Number.POSITIVE_INFINITY) return 0;
  return erfcContinuedFraction(x);
}

/**
 * The standard normal CDF Φ(z) = ½·erfc(−z/√2).
 *
 * @example
 * ```ts
 * normalCdf(-1); // 0.15865525393145702
 * ```
 */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** ln n! for integers 0 … 20 computed from the exact products. */
const LOG_FACTORIAL_SMALL: readonly number[] = (() => {
  const out: number[] = [];
  let f = 1;
  for (let n = 0; n <= 20; n++) {
    if (n > 0) f *= n;
    out.push(Math.log(f));
  }
  return out;
})();

/**
 * Loader's Stirling error δ(n) = ln n! − (n + ½)·ln n + n − ½·ln 2π, for n ≥ 0 (δ(0) = 0 by
 * convention). It equals Stirling's remainder S₁(n) (series for n ≥ 10), exact factorials below.
 *
 * @example
 * ```ts
 * stirlerr(10); // 0.00833056343336287
 * ```
 */
export function stirlerr(n: number): number {
  if (n <= 0) return 0;
  if (n >= 10) return stirlingRemainder(n);
  const lf = Number.isInteger(n) ? LOG_FACTORIAL_SMALL[n] : lgamma(n + 1);
  return lf - (n + 0.5) * Math.log(n) + n - HALF_LOG_2PI;
}

/**
 * Loader's deviance term bd0(x, m) = x·ln(x/m) + m − x = m·φ(x/m − 1) ≥ 0, accurate when x ≈ m.
 * bd0(0, m) = m.
 *
 * @example
 * ```ts
 * bd0(10, 10); // 0
 * ```
 */
export function bd0(x: number, m: number): number {
  if (x === 0) return m;
  return m * phi((x - m) / m);
}

/**
 * ln n! for a non-negative integer n (exact products up to 20, Stirling with δ(n) beyond).
 *
 * @example
 * ```ts
 * logFactorial(5); // 4.787491742782046 (= ln 120)
 * ```
 */
export function logFactorial(n: number): number {
  if (n <= 20 && Number.isInteger(n)) return LOG_FACTORIAL_SMALL[n];
  return lgamma(n + 1);
}

/**
 * ln of the Poisson mass function, ln P(X = k) for X ~ Poisson(λ), via Loader's saddle-point
 * form −½ln(2πk) − δ(k) − bd0(k, λ) (exact to a few ulps even for λ ~ 1e12).
 * k = 0 gives −λ.
 *
 * @example
 * ```ts
 * logPoissonPmf(3, 2); // -1.7123179275482194 (= ln(e^{−2}·8/6))
 * ```
 */
export function logPoissonPmf(k: number, rate: number): number {
  if (k === 0) return -rate;
  return -0.5 * Math.log(2 * Math.PI * k) - stirlerr(k) - bd0(k, rate);
}

/**
 * ln of the binomial mass function, ln P(X = k) for X ~ Binomial(n, p), via Loader's form
 * δ(n) − δ(k) − δ(n−k) − bd0(k, np) − bd0(n−k, nq) + ½ln(n/(2πk(n−k))).
 * p = 0 or 1 give the degenerate masses (0 and −∞).
 *
 * @example
 * ```ts
 * logBinomialPmf(1, 2, 0.5); // -0.6931471805599454 (= ln ½)
 * ```
 */
export function logBinomialPmf(k: number, n: number, p: number): number {
  const q = 1 - p;
  if (p === 0) return k === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (p === 1) return k === n ? 0 : Number.NEGATIVE_INFINITY;
  if (k === 0) return n * Math.log1p(-p);
  if (k === n) return n * Math.log(p);
  const lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) - bd0(n - k, n * q);
  return lc + 0.5 * Math.log(n / (2 * Math.PI * k * (n - k)));
}

/**
 * expm1(t) − t = t²/2 + t³/6 + …, without cancellation for small |t|.
 *
 * @example
 * ```ts
 * expm1MinusX(1e-5); // 5.000016666708334e-11
 * ```
 */
export function expm1MinusX(t: number): number {
  if (Math.abs(t) < 0.5) {
    let term = t;
    let sum = 0;
    for (let n = 2; n < 40; n++) {
      term *= t / n;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    }
    return sum;
  }
  return Math.expm1(t) - t;
}

/**
 * x − 1 − ln x ≥ 0 for x > 0, accurate near x = 1 (it is expm1MinusX(ln x) computed via log1p).
 *
 * @example
 * ```ts
 * xMinusOneMinusLog(1); // 0
 * ```
 */
export function xMinusOneMinusLog(x: number): number {
  const d = x - 1;
  if (Math.abs(d) < 0.1) return phiLog(d);
  return d - Math.log(x);
}

/** d − ln(1 + d) = d²/2 − d³/3 + … for |d| < 0.1. */
function phiLog(d: number): number {
  let sum = 0;
  let pow = d;
  for (let n = 2; n < 30; n++) {
    pow *= -d;
    sum -= pow / n;
  }
  // Σ_{n≥2} (−1)^n d^n / n
  return sum;
}

/**
 * The polygamma function ψ⁽ᵐ⁾(x) = dᵐ⁺¹/dxᵐ⁺¹ ln Γ(x) for an integer order m ≥ 1 and x > 0
 * (m = 1 is {@link trigamma}). Recurrence ψ⁽ᵐ⁾(x) = ψ⁽ᵐ⁾(x + 1) + (−1)^{m+1} m!/x^{m+1} up to
 * y ≥ max(10, 2m), then the asymptotic series (DLMF 5.15.8)
 * (−1)^{m+1}[(m−1)!/yᵐ + m!/(2y^{m+1}) + Σ B₂ⱼ (2j+m−1)!/((2j)! y^{2j+m})].
 *
 * @example
 * ```ts
 * polygamma(2, 1); // -2.4041138063191885 (= −2ζ(3))
 * ```
 */
export function polygamma(m: number, x: number): number {
  if (m === 0) return digamma(x);
  let fact = 1; // m!
  for (let i = 2; i <= m; i++) fact *= i;
  const sign = m % 2 === 1 ? 1 : -1;
  let acc = 0;
  const y0 = Math.max(10, 2 * m);
  while (x < y0) {
    acc += 1 / x ** (m + 1);
    x += 1;
  }
  // Σ_j B₂ⱼ (2j+m−1)!/((2j)!) / x^{2j+m}
  let series = 0;
  let ratio = fact; // (2j+m−1)!/(2j)! at j = 1 is (m+1)!/2 ; build iteratively
  ratio = (fact * (m + 1)) / 2;
  let pow = x ** (m + 2);
  for (let j = 1; j <= BERNOULLI.length; j++) {
    series += (BERNOULLI[j - 1] * ratio) / pow;
    ratio *= ((2 * j + m) * (2 * j + m + 1)) / ((2 * j + 1) * (2 * j + 2));
    pow *= x * x;
  }
  const asym = fact / m / x ** m + fact / (2 * x ** (m + 1)) + series;
  return sign * (fact * acc + asym);
}

/**
 * The Bregman divergence of ln Γ: B(x, y) = ln Γ(y) − ln Γ(x) − (y − x)·ψ(x) ≥ 0, for x, y > 0,
 * accurate also when y ≈ x (Taylor series Σ_{n≥2} ψ⁽ⁿ⁻¹⁾(x)(y − x)ⁿ/n! for |y − x| < x/10).
 * It is the building block of the gamma, beta and Dirichlet divergences. B(x, x) = 0.
 *
 * @example
 * ```ts
 * lgammaBregman(2, 2 + 1e-8); // 3.224670288310222e-17 (≈ ψ′(2)·Δ²/2, Δ = (2 + 1e-8) − 2)
 * ```
 */
export function lgammaBregman(x: number, y: number): number {
  if (x === y) return 0;
  const d = y - x;
  if (Math.abs(d) < 0.1 * x) {
    let sum = 0;
    let pow = d;
    let fact = 1;
    for (let n = 2; n <= 30; n++) {
      pow *= d;
      fact *= n;
      const term = (polygamma(n - 1, x) * pow) / fact;
      sum += term;
      if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
    }
    return sum;
  }
  return Math.max(0, lgamma(y) - lgamma(x) - d * digamma(x));
}
