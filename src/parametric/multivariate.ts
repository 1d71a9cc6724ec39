import { SurprisalError } from "../errors.js";
import { digamma, HALF_LOG_2PI, lgamma } from "../numeric/special.js";
import { CompensatedSum } from "../numeric/sum.js";
import {
  checkCount,
  failAt,
  ParametricDistribution,
  readParams,
  rngOf,
  type Support,
  type SupportKind,
  vectorParam,
} from "./base.js";
import { logGammaVariate, NormalSource } from "./samplers.js";
import type { SampleOptions } from "./types.js";

const NEG_INF = Number.NEGATIVE_INFINITY;

/** Reads a point of dimension d. */
function point(family: string, x: number | ArrayLike<number>, d: number): ArrayLike<number> {
  if (typeof x === "number" || x.length !== d) {
    throw new SurprisalError(
      "length-mismatch",
      `${family}: x has length ${typeof x === "number" ? 1 : x.length}, but the dimension is ${d}`,
      { argument: "x", value: typeof x === "number" ? 1 : x.length },
    );
  }
  return x;
}

/** ln Γ(α₀) − Σ ln Γ(αᵢ): minus the log of the multivariate beta function. */
function logNormalizer(alpha: Float64Array): number {
  const s = new CompensatedSum();
  let a0 = 0;
  for (const a of alpha) {
    s.add(-lgamma(a));
    a0 += a;
  }
  s.add(lgamma(a0));
  return s.value();
}

/**
 * The Dirichlet distribution on the probability simplex of dimension K: density
 * Γ(α₀)/Π Γ(αᵢ) · Π xᵢ^{αᵢ−1}, α₀ = Σ αᵢ. Entropy
 * Σ ln Γ(αᵢ) − ln Γ(α₀) + (α₀ − K)ψ(α₀) − Σ (αᵢ − 1)ψ(αᵢ).
 * `logProb` accepts points whose coordinates are ≥ 0 and sum to 1 within 1e-9 (−∞ elsewhere).
 *
 * @param params - `{ alpha }`, K ≥ 2 concentrations, each > 0.
 * @example
 * ```ts
 * new Dirichlet({ alpha: [1, 1, 1] }).entropy(); // -0.6931471805599453 (= −ln 2)
 * ```
 */
export class Dirichlet extends ParametricDistribution {
  readonly family = "Dirichlet";
  readonly discrete = false;
  readonly supportKind: SupportKind = "simplex";
  override readonly dimension: number;
  readonly params: { readonly alpha: Float64Array };
  constructor(params: { alpha: ArrayLike<number> }) {
    super();
    const p = readParams("Dirichlet", params);
    const alpha = vectorParam("Dirichlet", p, "alpha", 2);
    alpha.forEach((a, i) => {
      if (!(a > 0)) failAt("Dirichlet", "alpha", i, a, "concentrations must be positive (> 0)");
    });
    this.params = Object.freeze({ alpha });
    this.dimension = alpha.length;
  }
  /** The simplex lies inside [0, 1] in every coordinate. */
  support(): Support {
    return { lo: 0, hi: 1 };
  }
  get total(): number {
    let a0 = 0;
    for (const a of this.params.alpha) a0 += a;
    return a0;
  }
  logProb(x: number | ArrayLike<number>): number {
    const alpha = this.params.alpha;
    const v = point("Dirichlet", x, alpha.length);
    let sum = 0;
    const s = new CompensatedSum();
    for (let i = 0; i < alpha.length; i++) {
      const xi = v[i];
      if (!(xi >= 0 && xi <= 1)) return NEG_INF;
      sum += xi;
      if (alpha[i] !== 1) s.add((alpha[i] - 1) * Math.log(xi));
    }
    if (Math.abs(sum - 1) > 1e-9) return NEG_INF;
    return s.value() + logNormalizer(alpha);
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    checkCount(n);
    const src = new NormalSource(rngOf(options));
    const alpha = this.params.alpha;
    const k = alpha.length;
    const out = new Float64Array(n * k);
    const logs = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      let max = NEG_INF;
      for (let j = 0; j < k; j++) {
        logs[j] = logGammaVariate(alpha[j], src);
        if (logs[j] > max) max = logs[j];
      }
      let total = 0;
      for (let j = 0; j < k; j++) total += logs[j] = Math.exp(logs[j] - max);
      for (let j = 0; j < k; j++) out[i * k + j] = logs[j] / total;
    }
    return out;
  }
  entropy(): number {
    const alpha = this.params.alpha;
    const a0 = this.total;
    const s = new CompensatedSum();
    s.add(-logNormalizer(alpha));
    s.add((a0 - alpha.length) * digamma(a0));
    for (const a of alpha) s.add(-(a - 1) * digamma(a));
    return s.value();
  }
  get mean(): Float64Array {
    const a0 = this.total;
    return this.params.alpha.map((a) => a / a0);
  }
  get variance(): Float64Array {
    const a0 = this.total;
    return this.params.alpha.map((a) => (a * (a0 - a)) / (a0 * a0 * (a0 + 1)));
  }
}

/**
 * Lower Cholesky factor L of a symmetric positive-definite matrix (row-major, d × d), or the index
 * of the failing pivot.
 *
 * @example
 * ```ts
 * cholesky(new Float64Array([4, 2, 2, 5]), 2); // Float64Array [2, 0, 1, 2]
 * ```
 */
export function cholesky(a: Float64Array, d: number): Float64Array | number {
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j];
    for (let k = 0; k < j; k++) s -= l[j * d + k] ** 2;
    if (!(s > 0)) return j;
    const ljj = Math.sqrt(s);
    l[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j];
      for (let k = 0; k < j; k++) t -= l[i * d + k] * l[j * d + k];
      l[i * d + j] = t / ljj;
    }
  }
  return l;
}

/**
 * Solves L·y = b in place (forward substitution), L lower-triangular row-major.
 *
 * @example
 * ```ts
 * forwardSolve(new Float64Array([2, 0, 1, 2]), 2, new Float64Array([2, 5])); // Float64Array [1, 2]
 * ```
 */
export function forwardSolve(l: Float64Array, d: number, b: Float64Array): Float64Array {
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * d + k] * b[k];
    b[i] = s / l[i * d + i];
  }
  return b;
}

/**
 * The multivariate normal distribution N(μ, Σ) in d dimensions:
 * density (2π)^{−d/2}|Σ|^{−1/2}e^{−½(x−μ)ᵀΣ⁻¹(x−μ)}. Entropy ½ln((2πe)ᵈ|Σ|).
 * Σ must be symmetric (to 1e-10 relative) and positive definite (checked by Cholesky).
 *
 * @param params - `{ mean, covariance }`: mean of length d, covariance d rows of length d.
 * @example
 * ```ts
 * new MultivariateNormal({ mean: [0, 0], covariance: [[1, 0], [0, 1]] }).entropy(); // 2.8378770664093453
 * ```
 */
export class MultivariateNormal extends ParametricDistribution {
  readonly family = "MultivariateNormal";
  readonly discrete = false;
  readonly supportKind: SupportKind = "vector";
  override readonly dimension: number;
  readonly params: { readonly mean: Float64Array; readonly covariance: readonly Float64Array[] };
  /** Lower Cholesky factor of the covariance, row-major d × d. */
  readonly choleskyFactor: Float64Array;
  /** ln |Σ|. */
  readonly logDet: number;
  constructor(params: { mean: ArrayLike<number>; covariance: ArrayLike<ArrayLike<number>> }) {
    super();
    const family = "MultivariateNormal";
    const p = readParams(family, params);
    const mean = vectorParam(family, p, "mean");
    const d = mean.length;
    const cov = p.covariance;
    if (!Array.isArray(cov) || cov.length !== d) {
      throw new SurprisalError(
        "invalid-parameter",
        `${family}: covariance must be ${d} rows of ${d} numbers (the dimension of mean)`,
        { argument: "covariance", value: cov },
      );
    }
    const rows: Float64Array[] = [];
    const flat = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      const row = vectorParam(family, { covariance: cov[i] }, "covariance");
      if (row.length !== d) {
        throw new SurprisalError(
          "invalid-parameter",
          `${family}: covariance row ${i} has length ${row.length}, expected ${d}`,
          { argument: "covariance", index: i, value: row.length },
        );
      }
      rows.push(row);
      flat.set(row, i * d);
    }
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        const a = flat[i * d + j];
        const b = flat[j * d + i];
        if (Math.abs(a - b) > 1e-10 * Math.max(Math.abs(a), Math.abs(b), 1e-300)) {
          failAt(
            family,
            "covariance",
            i * d + j,
            a,
            `covariance must be symmetric ([${i}][${j}] ≠ [${j}][${i}] = ${b})`,
          );
        }
      }
    }
    const l = cholesky(flat, d);
    if (typeof l === "number") {
      throw new SurprisalError(
        "invalid-parameter",
        `${family}: covariance is not positive definite (Cholesky pivot ${l} is not positive)`,
        { argument: "covariance", index: l * d + l, value: flat[l * d + l] },
      );
    }
    this.choleskyFactor = l;
    let ld = 0;
    for (let i = 0; i < d; i++) ld += 2 * Math.log(l[i * d + i]);
    this.logDet = ld;
    this.dimension = d;
    this.params = Object.freeze({ mean, covariance: Object.freeze(rows) });
  }
  support(): Support {
    return { lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY };
  }
  logProb(x: number | ArrayLike<number>): number {
    const d = this.dimension;
    const v = point(this.family, x, d);
    const z = new Float64Array(d);
    for (let i = 0; i < d; i++) z[i] = v[i] - this.params.mean[i];
    forwardSolve(this.choleskyFactor, d, z);
    let q = 0;
    for (let i = 0; i < d; i++) q += z[i] * z[i];
    return -0.5 * q - 0.5 * this.logDet - d * HALF_LOG_2PI;
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    checkCount(n);
    const src = new NormalSource(rngOf(options));
    const d = this.dimension;
    const l = this.choleskyFactor;
    const out = new Float64Array(n * d);
    const z = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) z[j] = src.next();
      for (let r = 0; r < d; r++) {
        let s = this.params.mean[r];
        for (let k = 0; k <= r; k++) s += l[r * d + k] * z[k];
        out[i * d + r] = s;
      }
    }
    return out;
  }
  entropy(): number {
    return this.dimension * (0.5 + HALF_LOG_2PI) + 0.5 * this.logDet;
  }
  get mean(): Float64Array {
    return Float64Array.from(this.params.mean);
  }
  get variance(): Float64Array {
    return Float64Array.from(this.params.covariance, (row, i) => row[i]);
  }
}
