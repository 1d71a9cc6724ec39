/**
 * A vector of numbers as the library accepts it: a plain array, a `Float64Array` or a
 * `Float32Array`. Values are read in place; nothing is copied to a wider array.
 */
export type Vector = readonly number[] | Float64Array | Float32Array;

/**
 * The unit of an information quantity: `"nats"` (natural log, the default), `"bits"` (log base 2),
 * `"dits"` (log base 10, also called hartleys or bans) or any number `b > 0`, `b ≠ 1`, for log base `b`.
 */
export type Base = "nats" | "bits" | "dits" | number;

/**
 * How a vector encodes a distribution.
 * - `"probabilities"`: non-negative, summing to 1 within `tolerance`.
 * - `"counts"`: non-negative, not all zero; normalized by their sum.
 * - `"logprobs"`: natural-log probabilities (−∞ allowed for 0); normalized exactly by log-sum-exp.
 * - `"logits"`: unnormalized log-weights (−∞ allowed); normalized exactly by log-sum-exp (softmax).
 */
export type InputKind = "probabilities" | "counts" | "logprobs" | "logits";

/**
 * Named pseudocounts for {@link Smoothing} (Hausser and Strimmer 2009, table 1): `"jeffreys"` adds
 * ½ to every count, `"laplace"` 1, `"perks"` 1/K (K the number of outcomes).
 */
export type SmoothingPreset = "jeffreys" | "laplace" | "perks";

/**
 * Additive (pseudocount) smoothing of counts, never applied by default: every count of P and of Q,
 * on the union of their outcomes, gets `pseudocount` added before normalizing, so that an outcome
 * one histogram never saw no longer makes D(P‖Q) infinite. A preset name or `{ pseudocount: a }`
 * with a finite a ≥ 0. Only for `input: "counts"`.
 *
 * Reference: J. Hausser and K. Strimmer, "Entropy inference and the James–Stein estimator",
 * JMLR 10 (2009), section 2.2.
 */
export type Smoothing = SmoothingPreset | { readonly pseudocount: number };

/** The smoothing a result used, as recorded in result records: the preset (if any) and the pseudocount. */
export interface AppliedSmoothing {
  /** The preset name, when one was given. */
  preset?: SmoothingPreset;
  /** The pseudocount added to every count (for `"perks"`, 1/K). */
  pseudocount: number;
}

/** Options shared by every measure, with the same names everywhere (and as CLI flags). */
export interface MeasureOptions {
  /** Unit of the result. Default `"nats"`. */
  base?: Base;
  /** How the inputs encode distributions. Default `"probabilities"`. */
  input?: InputKind;
  /** How far a probability vector's sum may be from 1. Default `1e-6`. */
  tolerance?: number;
  /**
   * Worker threads the fast path may use for big inputs (from 65,536 elements): by default the
   * available cores (or what `setFastThreads` set); 1 turns threads off. Results do not depend on it.
   */
  threads?: number;
  /** Additive smoothing of counts (see {@link Smoothing}). Default: none. */
  smoothing?: Smoothing;
}

/**
 * A batch of distributions, one per row: an array of rows, or a flat typed array (row-major)
 * whose column count is given by the `columns` option.
 */
export type Matrix = readonly Vector[] | Float64Array | Float32Array;

/** Options of the row-wise (batch) forms: the measure options plus the column count of a flat matrix. */
export interface RowOptions extends MeasureOptions {
  /** Number of columns when a matrix is passed as one flat typed array. */
  columns?: number;
}
