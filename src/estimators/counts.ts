import { describeValue, SurprisalError } from "../errors.js";
import { countLabels, type Label, type LabelledCounts } from "../input/labels.js";
import type { Vector } from "../types.js";

/** A histogram as the estimators take it: counts by position, or by label. */
export type CountsInput = Vector | LabelledCounts;

/** Checked counts: the values, their total, the labels when given by label. @internal */
export interface CheckedCounts {
  counts: Float64Array;
  n: number;
  labels: Label[] | undefined;
}

/**
 * Checks a histogram: finite, ≥ 0, not all zero; whole numbers when `integer`. @internal
 */
export function checkCounts(x: CountsInput, argument: string, integer: boolean): CheckedCounts {
  let counts: Float64Array;
  let labels: Label[] | undefined;
  if (Array.isArray(x) || x instanceof Float64Array || x instanceof Float32Array) {
    counts = Float64Array.from(x as ArrayLike<number>);
  } else if (x instanceof Map || (x !== null && typeof x === "object")) {
    const entries = x instanceof Map ? [...x.entries()] : Object.entries(x);
    labels = entries.map((e) => e[0] as Label);
    counts = Float64Array.from(entries, (e) => e[1] as number);
  } else {
    throw new SurprisalError(
      "invalid-option",
      `${argument} must be an array of counts or counts by label, got ${describeValue(x)}`,
      { argument, value: x },
    );
  }
  if (counts.length === 0) {
    throw new SurprisalError("empty", `${argument} is empty: give at least one count`, {
      argument,
      value: [],
    });
  }
  let n = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    const index = labels === undefined ? i : undefined;
    const value = labels === undefined ? c : labels[i];
    if (!Number.isFinite(c)) {
      throw new SurprisalError(
        "not-finite",
        `${argument}[${labels === undefined ? i : describeValue(labels[i])}] = ${c} is not finite: counts must be finite`,
        { argument, index, value },
      );
    }
    if (c < 0) {
      throw new SurprisalError(
        "negative",
        `${argument}[${labels === undefined ? i : describeValue(labels[i])}] = ${c} is negative: counts must be >= 0`,
        { argument, index, value },
      );
    }
    if (integer && !Number.isInteger(c)) {
      throw new SurprisalError(
        "not-integer",
        `${argument}[${labels === undefined ? i : describeValue(labels[i])}] = ${c} is not a whole number: this estimator needs counts of observations`,
        { argument, index, value },
      );
    }
    n += c;
  }
  if (n === 0) {
    throw new SurprisalError("zero", `${argument} are all zero: give at least one observation`, {
      argument,
      value: 0,
    });
  }
  return { counts, n, labels };
}

/** Counts of a sample of labels, by first appearance. @internal */
export function countsOfSamples(samples: ArrayLike<Label>, argument: string): CheckedCounts {
  const m = countLabels(samples, argument);
  return { counts: Float64Array.from(m.values()), n: samples.length, labels: [...m.keys()] };
}
