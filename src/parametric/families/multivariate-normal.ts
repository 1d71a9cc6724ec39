import { SurprisalError } from "../../errors.js";

import { HALF_LOG_2PI } from "../../numeric/special.js";
import { CompensatedSum } from "../../numeric/sum.js";
import {
  checkSampleSize,
  failAt,
  ParametricDistribution,
  readParams,
  readPoint,
  type Support,
  type SupportKind,
  samplerRng,
  vectorParam,
} from "../base.js";
import { cholesky, forwardSolve } from "../linear-algebra.js";
import { dimensionError } from "../pair-errors.js";
import { NormalSource } from "../samplers.js";
import type { SampleOptions } from "../types.js";

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
  static override readonly supportKind: SupportKind = "vector";
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
    const v = readPoint(this.family, x, d);
    const z = new Float64Array(d);
    for (let i = 0; i < d; i++) z[i] = v[i] - this.params.mean[i];
    forwardSolve(this.choleskyFactor, d, z);
    let q = 0;
    for (let i = 0; i < d; i++) q += z[i] * z[i];
    return -0.5 * q - 0.5 * this.logDet - d * HALF_LOG_2PI;
  }
  sample(n: number, options?: SampleOptions): Float64Array {
    checkSampleSize(n);
    const src = new NormalSource(samplerRng(options));
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

/** D(p‖q) of two MultivariateNormal distributions in nats, in closed form (exactly 0 for identical parameters). */
export function multivariateNormalKl(p: MultivariateNormal, q: MultivariateNormal): number {
  const d = p.dimension;
  if (q.dimension !== d) throw dimensionError(p, q);
  // M = Lq⁻¹Lp; D = ½[Σᵢ (Mᵢᵢ² − 1 − ln Mᵢᵢ²) + Σ_{i≠j} Mᵢⱼ² + |Lq⁻¹(μq − μp)|²]
  const lp = p.choleskyFactor;
  const lq = q.choleskyFactor;
  const s = new CompensatedSum();
  const col = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) col[i] = lp[i * d + j];
    forwardSolve(lq, d, col);
    for (let i = 0; i < d; i++) {
      if (i === j) {
        const m2 = col[i] * col[i];
        s.add(0.5 * (m2 - 1 - Math.log(m2)));
      } else s.add(0.5 * col[i] * col[i]);
    }
  }
  const delta = new Float64Array(d);
  for (let i = 0; i < d; i++) delta[i] = q.params.mean[i] - p.params.mean[i];
  forwardSolve(lq, d, delta);
  for (let i = 0; i < d; i++) s.add(0.5 * delta[i] * delta[i]);
  return s.value();
}
