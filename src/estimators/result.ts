import { describeValue, SurprisalError } from "../errors.js";
import { logOfBase, unitName } from "../numeric/units.js";
import type { Base } from "../types.js";

/**
 * Why an estimate deserves caution, as a machine-readable code with its figures (the faces write
 * the sentences):
 * - `fewer-samples-than-categories`: n < K, the estimator's bias is large (`n`, `categories`).
 * - `no-coincidences`: every category seen once; NSB is then driven by its prior (`n`).
 * - `unseen-category`: a category of P has no sample of Q, so D(P‖Q) = +∞ without pseudo-counts
 *   (`label`).
 * - `negative-estimate`: an estimate of a non-negative quantity (MI, KL) came out below 0; it is
 *   returned as it is, never clipped (`value`).
 * - `ties-jittered`: k-NN data had repeated values, broken by seeded jitter (`duplicates`, `size`).
 * - `zero-distance`: a k-NN distance is 0 (duplicates with ties "none"); the estimate is ±∞ (`index`).
 * - `small-sample`: fewer samples than the estimator needs to be trusted (`n`, `minimum`).
 * - `degenerate-interval`: every bootstrap replicate gave the same value (e.g. a sample of one
 *   category), so the interval has width 0; that is the bootstrap's blindness, not certainty
 *   (`value`, `replicates`).
 */
export interface EstimateWarning {
  code:
    | "fewer-samples-than-categories"
    | "no-coincidences"
    | "unseen-category"
    | "negative-estimate"
    | "ties-jittered"
    | "zero-distance"
    | "small-sample"
    | "degenerate-interval";
  [detail: string]: unknown;
}

/** A bootstrap confidence interval, in the estimate's unit. */
export interface ConfidenceInterval {
  /** `"percentile"` or `"bca"` (bias-corrected and accelerated). */
  method: "percentile" | "bca";
  /** Coverage asked for, e.g. 0.95. */
  level: number;
  lower: number;
  upper: number;
  /** Number of bootstrap replicates. */
  replicates: number;
  /** Seed of the resampling. */
  seed: number;
  /** Standard deviation of the replicates (the bootstrap standard error). */
  se: number;
  /** Mean of the replicates minus the estimate (the bootstrap bias estimate). */
  bias: number;
  /** BCa only: bias-correction z₀ and acceleration a. */
  z0?: number;
  acceleration?: number;
}

/** What every estimate records besides its value. */
export interface EstimateBase {
  /** The estimator's name, e.g. `"miller-madow"`, `"ksg1"`. */
  estimator: string;
  /** The estimate, in `unit`. */
  value: number;
  /** `"nats"`, `"bits"`, `"dits"` or `"log<b> units"`. */
  unit: string;
  /** Analytic standard error where one exists (plug-in, Miller–Madow: delta method; NSB: posterior std). */
  se?: number;
  /** Sample size. */
  n: number;
  /** Warnings, empty when none. */
  warnings: EstimateWarning[];
  /** Bootstrap interval, when asked for with `ci`. */
  ci?: ConfidenceInterval;
}

/** Checks a positive whole number option (k, replicates, categories…). @internal */
export function checkWhole(value: unknown, argument: string, minimum: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    throw new SurprisalError(
      "invalid-option",
      `${argument} = ${describeValue(value)} is not valid: it must be a whole number >= ${minimum}`,
      { argument, value },
    );
  }
  return value;
}

/** Unit scale and name of a base. @internal */
export function unitOf(base: Base | undefined): { scale: number; unit: string } {
  return { scale: 1 / logOfBase(base), unit: unitName(base) };
}
