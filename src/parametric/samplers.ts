/**
 * Exact variate generators over a seeded {@link Rng}: standard normals (Marsaglia's polar
 * method), gamma (Marsaglia–Tsang, with the U^{1/a} boost below shape 1, kept in log space so
 * tiny shapes do not underflow), Poisson (inversion below 30, Ahrens–Dieter-style gamma splitting
 * above, exact for any rate), binomial (inversion for short runs, Knuth's beta splitting above,
 * exact for any n). All draws are exact in distribution up to float64 rounding.
 *
 * References: G. Marsaglia, T. A. Tsang, "A simple method for generating gamma variables",
 * ACM TOMS 26 (2000); D. E. Knuth, TAOCP vol. 2, §3.4.1 (algorithms for Poisson and binomial
 * deviates by splitting); L. Devroye, "Non-Uniform Random Variate Generation" (1986), ch. X.
 */
import type { Rng } from "../numeric/rng.js";

/** A uniform in (0, 1], safe to take the log of. */
export function uniformOpen0(rng: Rng): number {
  return 1 - rng.nextFloat();
}

/** Standard normals from the polar method, two per accepted pair (the spare is kept). */
export class NormalSource {
  private spare = 0;
  private hasSpare = false;
  constructor(readonly rng: Rng) {}

  /** One standard normal draw. */
  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.rng.nextFloat() - 1;
      v = 2 * this.rng.nextFloat() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }
}

/** Marsaglia–Tsang for shape ≥ 1: a Gamma(shape, 1) draw. */
function gammaAtLeastOne(shape: number, normals: NormalSource): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normals.next();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = uniformOpen0(normals.rng);
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** log of a Gamma(shape, 1) draw (exact also for tiny shapes, where the draw itself underflows). */
export function logGammaVariate(shape: number, normals: NormalSource): number {
  if (shape >= 1) return Math.log(gammaAtLeastOne(shape, normals));
  const g = gammaAtLeastOne(shape + 1, normals);
  return Math.log(g) + Math.log(uniformOpen0(normals.rng)) / shape;
}

/** A Gamma(shape, 1) draw. */
export function gammaVariate(shape: number, normals: NormalSource): number {
  if (shape >= 1) return gammaAtLeastOne(shape, normals);
  return Math.exp(logGammaVariate(shape, normals));
}

/** A Beta(a, b) draw as G_a / (G_a + G_b), computed from the logs so tiny shapes stay finite. */
export function betaVariate(a: number, b: number, normals: NormalSource): number {
  const la = logGammaVariate(a, normals);
  const lb = logGammaVariate(b, normals);
  // 1 / (1 + exp(lb − la))
  const d = lb - la;
  const x = d > 0 ? Math.exp(-d) / (1 + Math.exp(-d)) : 1 / (1 + Math.exp(d));
  // Keep draws inside the open support (0, 1): a value within 1.1e-16 of 1 (or below the smallest
  // double) rounds to the end point, where the density of a shape < 1 is infinite. The nudge is
  // below one ulp, far under any sampling error.
  if (x >= 1) return 1 - 2 ** -53;
  if (x <= 0) return Number.MIN_VALUE;
  return x;
}

/** Inversion by sequential search for small rates (rate < 30). */
function poissonSmall(rate: number, rng: Rng): number {
  const u = rng.nextFloat();
  let k = 0;
  let pk = Math.exp(-rate);
  let cdf = pk;
  while (u >= cdf && k < 1000) {
    k++;
    pk *= rate / k;
    cdf += pk;
  }
  return k;
}

/**
 * A Poisson(rate) draw. Large rates are split with the arrival time T_m ~ Gamma(m) of the m-th
 * event of a unit-rate Poisson process: if T_m < rate, m events happened and Poisson(rate − T_m)
 * more follow; otherwise the count is Binomial(m − 1, rate/T_m).
 */
export function poissonVariate(rate: number, normals: NormalSource): number {
  let k = 0;
  while (rate >= 30) {
    const m = Math.floor(rate * 0.875);
    const t = gammaAtLeastOne(m, normals);
    if (t < rate) {
      k += m;
      rate -= t;
    } else {
      return k + binomialVariate(m - 1, rate / t, normals);
    }
  }
  return k + poissonSmall(rate, normals.rng);
}

/**
 * A Binomial(n, p) draw. For n ≤ 40 it counts uniforms below p; above, the a-th order statistic X
 * of n uniforms (X ~ Beta(a, n + 1 − a), a ≈ n/2) splits the count into Binomial(a − 1, p/X) or
 * a + Binomial(n − a, (p − X)/(1 − X)).
 */
export function binomialVariate(n: number, p: number, normals: NormalSource): number {
  if (p <= 0 || n === 0) return 0;
  if (p >= 1) return n;
  let k = 0;
  while (n > 40) {
    const a = 1 + Math.floor(n / 2);
    const b = n + 1 - a;
    const x = betaVariate(a, b, normals);
    if (x >= p) {
      n = a - 1;
      p /= x;
    } else {
      k += a;
      n = b - 1;
      p = (p - x) / (1 - x);
    }
  }
  const rng = normals.rng;
  for (let i = 0; i < n; i++) if (rng.nextFloat() < p) k++;
  return k;
}
