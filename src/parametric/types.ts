import type { Rng } from "../numeric/rng.js";

/** Options of a parametric sampler: a seed, or a generator to draw from (which wins). */
export interface SampleOptions {
  seed?: number;
  rng?: Rng;
}

/**
 * A parametric probability distribution (discrete or continuous, univariate or multivariate).
 * Constructed with one object of named parameters, e.g. `new distributions.Normal({ mean: 0, std: 1 })`.
 */
export interface Distribution {
  /** Family name as in the fixtures: `"Normal"`, `"Gamma"`, … */
  readonly family: string;
  /** The parameters as given (validated). */
  readonly params: Readonly<Record<string, unknown>>;
  /** 1 for univariate families, d for a d-dimensional one. */
  readonly dimension: number;
  /** Whether the distribution has a probability mass function (true) or a density (false). */
  readonly discrete: boolean;
  /** Natural log of the density (or mass) at x; −∞ outside the support. */
  logProb(x: number | ArrayLike<number>): number;
  /** log p at each of n points: `samples` is flat, n × dimension, row-major. */
  logProbMany(samples: ArrayLike<number>): Float64Array;
  /** n draws, flat (n × dimension, row-major). */
  sample(n: number, options?: SampleOptions): Float64Array;
  /** Entropy in nats (differential entropy for continuous families). */
  entropy(): number;
  /** Mean (NaN-free: +∞ or throws where it does not exist, as documented per family). */
  readonly mean: number | Float64Array;
  /** Variance (or covariance diagonal for multivariate). */
  readonly variance: number | Float64Array;
}
