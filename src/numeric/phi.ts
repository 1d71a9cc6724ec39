/** c_k = (−1)^k / (k(k−1)) for k = 2 … 18, the series of φ divided by r². */
const PHI_SERIES: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  const k = i + 2;
  return (k % 2 === 0 ? 1 : -1) / (k * (k - 1));
});

/** c_k = k/(k+1)! for k = 1 … 14, the series of ψ divided by d². */
const PSI_SERIES: readonly number[] = (() => {
  const c: number[] = [];
  let fact = 1;
  for (let k = 1; k <= 14; k++) {
    fact *= k + 1;
    c.push(k / fact);
  }
  return c;
})();

/**
 * φ(r) = (1 + r)·log(1 + r) − r, for r ≥ −1: the non-negative kernel of the KL divergence.
 *
 * D(P‖Q) = Σ q·φ(p/q − 1), and the normalization correction of the numerical contract uses φ.
 * For |r| < 0.1 a series is used, φ(r) = Σ_{k≥2} (−1)^k r^k / (k(k−1)) = r²/2 − r³/6 + r⁴/12 − …,
 * which keeps full relative accuracy where the direct form loses every digit to cancellation.
 * φ(−1) = 1, φ(0) = 0, φ(+∞) = +∞.
 *
 * @example
 * ```ts
 * phi(1e-10); // 4.999999999833334e-21 (the direct form gives 0 or garbage)
 * phi(1);     // 0.3862943611198906 = 2·ln 2 − 1
 * ```
 */
export function phi(r: number): number {
  const a = Math.abs(r);
  if (a < 0.1) {
    let s = 0;
    for (let i = PHI_SERIES.length - 1; i >= 0; i--) s = s * r + PHI_SERIES[i];
    return s * r * r;
  }
  if (r === -1) return 1;
  if (r === Number.POSITIVE_INFINITY) return r;
  return (1 + r) * Math.log1p(r) - r;
}

/** Number of terms of A(u) = Σ u^j/(2j+1) and B(u) = Σ u^j/(2j+3) in {@link fSeries}. */
const SERIES_TERMS = 9;

/** f(s) = (1 + s)·atanh(s) − s = s²·(A(s²) + s·B(s²)) by its series, for |s| < 0.1. */
function fSeries(s: number): number {
  const u = s * s;
  let a = 1 / (2 * SERIES_TERMS + 1);
  let b = 1 / (2 * SERIES_TERMS + 3);
  for (let j = SERIES_TERMS - 1; j >= 0; j--) {
    a = a * u + 1 / (2 * j + 1);
    b = b * u + 1 / (2 * j + 3);
  }
  return u * (a + s * b);
}

/**
 * One term of the non-negative KL sum: g(p, q) = p·log(p/q) − p + q ≥ 0 (Bregman form), scipy's
 * `scipy.special.kl_div(p, q)`.
 *
 * With s = (p − q)/(p + q), g = (p + q)·f(s), f(s) = (1 + s)·atanh(s) − s = s²·(A(s²) + s·B(s²)),
 * A(u) = Σ u^j/(2j+1), B(u) = Σ u^j/(2j+3), used for |s| < 0.1, where the difference p − q is exact
 * for close values and the term keeps full relative accuracy. Elsewhere g = p·log(p/q) − (p − q),
 * whose cancellation costs at most a factor ~10 (a few ulps).
 * g(0, q) = q, g(p, 0) = +∞ for p > 0, g(p, p) = 0 exactly.
 *
 * Outside the domain p, q ≥ 0 it follows scipy's `kl_div`: a negative argument gives +∞ (not an
 * error: this is the building block of a sum that the measures validate beforehand), NaN gives NaN.
 * Where scipy returns NaN for one infinite argument, this returns the limit +∞ (g(∞, q) and g(p, ∞)
 * grow without bound); g(∞, ∞) is NaN as there.
 *
 * @example
 * ```ts
 * klTerm(0.5, 0.9); // 0.10610666754894055 = 0.5·ln(0.5/0.9) − 0.5 + 0.9
 * klTerm(-0.5, 0.5); // Infinity, as scipy.special.kl_div
 * ```
 */
export function klTerm(p: number, q: number): number {
  // scipy's kl_div outside the domain: NaN for NaN, +∞ for a negative argument.
  if (!(p >= 0 && q >= 0)) {
    return Number.isNaN(p) || Number.isNaN(q) ? Number.NaN : Number.POSITIVE_INFINITY;
  }
  if (p === q) return p === Number.POSITIVE_INFINITY ? Number.NaN : 0;
  if (p === 0) return q;
  if (q === 0) return Number.POSITIVE_INFINITY;
  const d = p - q;
  const t = p + q;
  if (t === Number.POSITIVE_INFINITY) {
    if (p === t || q === t) return t; // one infinite argument: the limit (scipy: NaN)
    return 2 * klTerm(p / 2, q / 2); // g(2a, 2b) = 2·g(a, b)
  }
  const s = d / t;
  if (s < 0.1 && s > -0.1) return t * fSeries(s);
  return p * logRatio(p, q) - d;
}

/**
 * {@link klTerm} for q given as an unevaluated sum q = qh + ql (|ql| ≤ ulp(qh)/2), so that p − q is
 * formed from every digit: g(p, qh + ql).
 */
export function klTermSplit(p: number, qh: number, ql: number): number {
  if (p === 0) return qh + ql;
  const d = p - qh - ql;
  if (d === 0) return 0;
  const t = p + qh + ql;
  if (t === Number.POSITIVE_INFINITY) return 2 * klTermSplit(p / 2, qh / 2, ql / 2);
  const s = d / t;
  if (s < 0.1 && s > -0.1) return t * fSeries(s);
  return p * logRatio(p, qh + ql) - d;
}

/** log(a/b) for positive a, b, without overflow or underflow of the quotient. */
export function logRatio(a: number, b: number): number {
  const r = a / b;
  if (r > 0 && r < Number.POSITIVE_INFINITY && r > 2.2250738585072014e-308) return Math.log(r);
  return Math.log(a) - Math.log(b);
}

/**
 * ψ(d) = d·eᵈ − (eᵈ − 1) ≥ 0: the KL term in log space, g(p, q) = q·ψ(log p − log q).
 * Series ψ(d) = Σ_{k≥1} k·d^{k+1}/(k+1)! = d²/2 + d³/3 + d⁴/8 + … for |d| < 0.1.
 *
 * @example
 * ```ts
 * psi(1e-8); // 5.000000033333334e-17
 * ```
 */
export function psi(d: number): number {
  if (d === 0) return 0;
  if (d < 0.1 && d > -0.1) {
    let s = 0;
    for (let k = PSI_SERIES.length - 1; k >= 0; k--) s = s * d + PSI_SERIES[k];
    return s * d * d;
  }
  if (d === Number.POSITIVE_INFINITY) return d;
  if (d === Number.NEGATIVE_INFINITY) return 1;
  return d * Math.exp(d) - Math.expm1(d);
}

/**
 * log(a/b) for positive a, b, accurate to a few ulps of the result also when a ≈ b: for close values
 * it is 2·atanh((a − b)/(a + b)), whose difference a − b is exact.
 *
 * @example
 * ```ts
 * logRatioAccurate(1 + 1e-15, 1); // 1.1102230246251561e-15 (Math.log((1 + 1e-15) / 1)
 * // gives 1.110223024625156e-15 here, but loses digits for ratios that round)
 * ```
 */
export function logRatioAccurate(a: number, b: number): number {
  const t = a + b;
  // Halving both keeps a + b finite near the largest double (and a − b exact).
  const s = t === Number.POSITIVE_INFINITY ? (a / 2 - b / 2) / (a / 2 + b / 2) : (a - b) / t;
  if (s < 0.5 && s > -0.5) return 2 * Math.atanh(s);
  return logRatio(a, b);
}
