import { SurprisalError } from "../errors.js";
import { checkOptionKeys, MEASURE_OPTION_KEYS } from "../input/options.js";
import { viewRows } from "../input/rows.js";
import { klDivergenceRows } from "../measures/rows.js";
import { CompensatedSum } from "../numeric/sum.js";
import { unitName } from "../numeric/units.js";
import type { Matrix, RowOptions, Vector } from "../types.js";
import { checkWeights } from "./weights.js";

/** Options of {@link conditionalKl}: the row options plus a weight per row. */
export interface ConditionalKlOptions extends RowOptions {
  /** Weight w(x) of each row (e.g. P(x), or how often x occurs in the data): finite, ≥ 0, not all 0. Default 1 per row. */
  weights?: Vector;
}

/** The divergence of a model from the truth over a dataset of conditionals. */
export interface ConditionalKl {
  /** Σₓ w(x)·D(P(·|x)‖Q(·|x)) (w = 1 per row when no weights are given). */
  total: number;
  /** total / Σₓ w(x): the weighted average divergence per row. */
  mean: number;
  /** D(P(·|x)‖Q(·|x)) for each row x. */
  rows: Float64Array;
  /** Unit of every value. */
  unit: string;
}

/**
 * Conditional KL divergence of a model Q(y|x) from the truth P(y|x) over a dataset of inputs x:
 * the notes' Σₓ w(x) Σ_y P(y|x)·log(P(y|x)/Q(y|x)) = Σₓ w(x)·D(P(·|x)‖Q(·|x)).
 *
 * Each row is one input x: `pRows[x]` is P(·|x) (what the data says), `qRows[x]` is Q(·|x) (what
 * the model says). With weights w(x) = P(x) the total is the conditional KL D(P(Y|X)‖Q(Y|X)); with
 * no weights every row counts once. Rows are computed by `klDivergenceRows` (full accuracy also
 * when P ≈ Q). A row where Q rules out what P allows is +∞, and so are total and mean unless that
 * row's weight is 0 (a row of weight 0 contributes nothing, even when +∞).
 *
 * @param pRows - P(y|x), one row per x: an array of rows or a flat typed array with `columns`.
 * @param qRows - Q(y|x), same shape.
 * @param options - `weights` (default 1 per row), `base` (default nats), `input`, `tolerance`, `columns`.
 * @throws {SurprisalError} for invalid rows (as every measure), weights of the wrong length,
 *   negative, not finite or all zero.
 * @example
 * ```ts
 * conditionalKl([[0.9, 0.1], [0.2, 0.8]], [[0.8, 0.2], [0.5, 0.5]], { weights: [0.5, 0.5] });
 * // { total: 0.11471738552825399, mean: 0.11471738552825399,
 * //   rows: Float64Array [0.036690014034750584, 0.1927447570217574], unit: "nats" }
 * ```
 */
export function conditionalKl(
  pRows: Matrix,
  qRows: Matrix,
  options: ConditionalKlOptions = {},
): ConditionalKl {
  checkOptionKeys(options, [...MEASURE_OPTION_KEYS, "columns", "weights"], "conditionalKl");
  const { weights, ...rowOptions } = options;
  // One row per input x on both sides (no broadcasting, unlike klDivergenceRows).
  const np = viewRows(pRows, "p", options.columns).count;
  const nq = viewRows(qRows, "q", options.columns).count;
  if (np !== nq) {
    throw new SurprisalError(
      "length-mismatch",
      `q has ${nq} rows but p has ${np}: both must have one row per input x`,
      { argument: "q", value: nq },
    );
  }
  const rows = klDivergenceRows(pRows, qRows, rowOptions);
  const total = new CompensatedSum();
  // A compensated sum cannot carry +∞ (its error term would become NaN): count those rows apart.
  let infinite = false;
  let weightSum: number;
  if (weights === undefined) {
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] === Number.POSITIVE_INFINITY) infinite = true;
      else total.add(rows[i]);
    }
    weightSum = rows.length;
  } else {
    const w = checkWeights(weights, rows.length);
    const ws = new CompensatedSum();
    for (let i = 0; i < rows.length; i++) {
      if (w[i] === 0) continue;
      if (rows[i] === Number.POSITIVE_INFINITY) infinite = true;
      else total.add(w[i] * rows[i]);
      ws.add(w[i]);
    }
    weightSum = ws.value();
  }
  const t = infinite ? Number.POSITIVE_INFINITY : total.value();
  return { total: t, mean: t / weightSum, rows, unit: unitName(options.base) };
}
