import { digamma, lgamma, lgammaBregman } from "../../numeric/special.js";
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
import { dimensionError } from "../pair-errors.js";
import { logGammaVariate, NormalSource } from "../samplers.js";
import type { SampleOptions } from "../types.js";

const NEG_INF = Number.NEGATIVE_INFINITY;

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
  static override readonly supportKind: SupportKind = "simplex";
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
    const v = readPoint("Dirichlet", x, alpha.length);
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
    checkSampleSize(n);
    const src = new NormalSource(samplerRng(options));
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

/** D(p‖q) of two Dirichlet distributions in nats, in closed form (exactly 0 for identical parameters). */
export function dirichletKl(p: Dirichlet, q: Dirichlet): number {
  const a = p.params.alpha;
  const b = q.params.alpha;
  if (a.length !== b.length) throw dimensionError(p, q);
  let same = true;
  for (let i = 0; i < a.length; i++) same &&= a[i] === b[i];
  if (same) return 0;
  // Σᵢ B(aᵢ, bᵢ) − B(a₀, b₀)
  const s = new CompensatedSum();
  for (let i = 0; i < a.length; i++) s.add(lgammaBregman(a[i], b[i]));
  s.add(-lgammaBregman(p.total, q.total));
  return Math.max(0, s.value());
}
