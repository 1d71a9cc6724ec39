import { describeValue, SurprisalError } from "../errors.js";
import type { Vector } from "../types.js";

/**
 * Checks per-row weights: one finite value ≥ 0 per row, not all zero.
 * @throws {SurprisalError} `length-mismatch`, `negative`, `not-finite` or `zero`, naming `weights`.
 * @internal
 */
export function checkWeights(weights: unknown, rows: number): Vector {
  if (
    !Array.isArray(weights) &&
    !(weights instanceof Float64Array) &&
    !(weights instanceof Float32Array)
  ) {
    throw new SurprisalError(
      "invalid-option",
      `weights is ${describeValue(weights)}: give an array with one weight per row`,
      { argument: "weights", value: weights },
    );
  }
  const w = weights as Vector;
  if (w.length !== rows) {
    throw new SurprisalError(
      "length-mismatch",
      `weights has length ${w.length} but there are ${rows} rows: give one weight per row`,
      { argument: "weights", value: w.length },
    );
  }
  let any = false;
  for (let i = 0; i < w.length; i++) {
    const x = w[i];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new SurprisalError(
        "not-finite",
        `weights[${i}] = ${describeValue(x)} is not finite: weights must be finite numbers >= 0`,
        { argument: "weights", index: i, value: x },
      );
    }
    if (x < 0) {
      throw new SurprisalError(
        "negative",
        `weights[${i}] = ${x} is negative: weights must be >= 0`,
        { argument: "weights", index: i, value: x },
      );
    }
    if (x > 0) any = true;
  }
  if (!any) {
    throw new SurprisalError(
      "zero",
      "weights are all zero: at least one row must have a positive weight",
      {
        argument: "weights",
        value: 0,
      },
    );
  }
  return w;
}
