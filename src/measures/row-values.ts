import { SurprisalError } from "../errors.js";
import { CompensatedSum } from "../numeric/sum.js";

/** A number as it goes into JSON: itself, or `"Infinity"` / `"-Infinity"` (JSON has no ∞). */
export type JsonNumber = number | "Infinity" | "-Infinity";

/** ±∞ as the strings `"Infinity"`/`"-Infinity"`, the way the CLI writes them; finite numbers as they are. */
export function jsonNumber(x: number): JsonNumber {
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  return x;
}

/**
 * The results of a row-wise function: a `Float64Array` (one value per row, read as usual) that
 * serializes as a JSON array. `JSON.stringify` of a plain `Float64Array` gives `{"0":…,"1":…}`;
 * this one gives `[…]`, with ±∞ written as the strings `"Infinity"`/`"-Infinity"` (as the CLI
 * writes them; `JSON.stringify(Infinity)` would give `null`).
 *
 * @example
 * ```ts
 * JSON.stringify(klDivergenceRows([[0.5, 0.5], [0.5, 0.5]], [[0.9, 0.1], [1, 0]]));
 * // '[0.5108256237659907,"Infinity"]'
 * ```
 */
export class RowValues extends Float64Array {
  /** The values as a plain array, ±∞ as strings (see the class). */
  toJSON(): JsonNumber[] {
    return Array.from(this, jsonNumber);
  }
}

/** The summary line of row-wise results: how many rows, their mean ± standard error, the extremes. */
export interface RowSummary {
  /** Number of rows n. */
  rows: number;
  /** Mean of the rows' values (compensated sum / n); +∞ when a row is +∞. */
  mean: number;
  /**
   * Standard error of the mean, s/√n with s the sample standard deviation (n − 1 in the
   * denominator); +∞ for a single row (s is undefined), 0 when the mean is ±∞ (as `KlEstimate`).
   */
  standardError: number;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** Number of rows whose value is ±∞ (outcomes that one row's Q rules out, for KL). */
  infinite: number;
}

/**
 * Summarizes row-wise results (from `klDivergenceRows` and its companions, or any values): the
 * number of rows, the mean, its standard error s/√n, the minimum and the maximum.
 *
 * Formulas: mean = Σxᵣ/n (compensated sum), s² = Σ(xᵣ − mean)²/(n − 1) (two passes).
 * Reference: https://en.wikipedia.org/wiki/Standard_error
 *
 * @param values - one value per row (NaN refused).
 * @returns a {@link RowSummary}; ±∞ rows make the mean ±∞ (+∞ and −∞ together: refused).
 * @throws {SurprisalError} `empty` for no values, `not-finite` for NaN or for +∞ and −∞ together.
 * @example
 * ```ts
 * summarizeRows([0.1, 0.2, 0.3]);
 * // { rows: 3, mean: 0.19999999999999998, standardError: 0.05773502691896257, min: 0.1, max: 0.3, infinite: 0 }
 * ```
 */
export function summarizeRows(values: ArrayLike<number>): RowSummary {
  const n = values.length;
  if (n === 0) {
    throw new SurprisalError("empty", "values is empty: there are no rows to summarize", {
      argument: "values",
      value: [],
    });
  }
  const sum = new CompensatedSum();
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let posInf = 0;
  let negInf = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x) || typeof x !== "number") {
      throw new SurprisalError("not-finite", `values[${i}] = ${x} is not a number`, {
        argument: "values",
        index: i,
        value: x,
      });
    }
    if (x < min) min = x;
    if (x > max) max = x;
    if (x === Number.POSITIVE_INFINITY) posInf++;
    else if (x === Number.NEGATIVE_INFINITY) negInf++;
    else sum.add(x);
  }
  if (posInf > 0 && negInf > 0) {
    throw new SurprisalError(
      "not-finite",
      "values holds both +Infinity and -Infinity: their mean is undefined",
      { argument: "values", value: Number.NaN },
    );
  }
  const infinite = posInf + negInf;
  if (infinite > 0) {
    const mean = posInf > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    return { rows: n, mean, standardError: 0, min, max, infinite };
  }
  const mean = sum.value() / n;
  if (n === 1) {
    return { rows: 1, mean, standardError: Number.POSITIVE_INFINITY, min, max, infinite: 0 };
  }
  const squares = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mean;
    squares.add(d * d);
  }
  const standardError = Math.sqrt(squares.value() / (n - 1) / n);
  return { rows: n, mean, standardError, min, max, infinite: 0 };
}
