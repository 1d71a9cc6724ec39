import { describeValue, SurprisalError } from "../errors.js";
import { toLogProbabilities } from "../input/log-probabilities.js";
import { checkOptionKeys, MEASURE_OPTION_KEYS } from "../input/options.js";
import { viewRows } from "../input/rows.js";
import { crossEntropyRows, entropyRows, klDivergenceRows } from "../measures/rows.js";
import { CompensatedSum } from "../numeric/sum.js";
import { fromNats, logOfBase, unitName } from "../numeric/units.js";
import type { InputKind, Matrix, RowOptions, Vector } from "../types.js";

/** Options of {@link logLoss}. */
export interface LogLossOptions extends RowOptions {
  /** The true conditionals P(·|xᵢ), one row per label, to split the expected log-loss into H(Y|X) + KL. */
  pRows?: Matrix;
  /** How `pRows` encodes its rows. Default `"probabilities"` (`input` describes `qRows`). */
  pInput?: InputKind;
}

/** Where the expected log-loss comes from, when the true conditionals are known. */
export interface LogLossDecomposition {
  /** H(Y|X) = mean over rows of H(P(·|xᵢ)): the loss even a perfect model pays. */
  conditionalEntropy: number;
  /** Mean over rows of D(P(·|xᵢ)‖Q(·|xᵢ)): the extra loss the model pays for being wrong. */
  conditionalKl: number;
  /** Mean over rows of H(P(·|xᵢ), Q(·|xᵢ)) = conditionalEntropy + conditionalKl: what `mean` estimates. */
  expectedLogLoss: number;
}

/** The log-loss a model pays on observed labels. */
export interface LogLoss {
  /** (1/n) Σᵢ −log Q(yᵢ|xᵢ), the mean log-loss (cross-entropy of the data under the model). */
  mean: number;
  /** e^mean(nats) = base^mean: the model is as unsure as a uniform choice among this many labels. */
  perplexity: number;
  /** Standard error of the mean: sample standard deviation of the per-label losses / √n. */
  standardError: number;
  /** Number of labels n. */
  n: number;
  /** −log Q(yᵢ|xᵢ) for each label. */
  perSample: Float64Array;
  /** Unit of mean, standardError, perSample and the decomposition. */
  unit: string;
  /** Present when `pRows` is given: the expected log-loss split into H(Y|X) + conditional KL. */
  decomposition?: LogLossDecomposition;
}

/**
 * The log-loss a model Q(y|x) pays on observed data: mean −log Q(yᵢ|xᵢ) over labelled examples
 * (xᵢ, yᵢ), with its perplexity and standard error, and, when the true rows P(·|xᵢ) are known, the
 * split of the expected log-loss into the part no model can avoid and the part the model's error
 * costs: E[−log Q(Y|X)] = H(Y|X) + D(P(Y|X)‖Q(Y|X)) (each averaged over the n rows).
 *
 * Model rows may be probabilities, counts, log-probs or logits (`input`); log forms are
 * normalized by log-sum-exp, so −log Q(y|x) keeps its digits where Q(y|x) underflows. A label with
 * Q(yᵢ|xᵢ) = 0 costs +∞ (mean and perplexity +∞, standard error 0).
 *
 * @param labels - observed outcome yᵢ of each example, a whole number in 0 … k − 1.
 * @param qRows - the model's Q(·|xᵢ), one row per label (array of rows, or flat with `columns`).
 * @param options - `base` (default nats), `input` (of qRows), `tolerance`, `columns`,
 *   `pRows` and `pInput` (the true rows, for the decomposition).
 * @throws {SurprisalError} `length-mismatch` (labels vs rows, pRows vs qRows), `out-of-range` for a
 *   label outside its row, `empty`, and the usual input errors for each row.
 * @example
 * ```ts
 * const r = logLoss([0, 1, 1], [[0.9, 0.1], [0.3, 0.7], [0.5, 0.5]], {
 *   pRows: [[0.8, 0.2], [0.4, 0.6], [0.5, 0.5]],
 * });
 * r.mean;          // 0.385060880052168 nats
 * r.perplexity;    // 1.469703794361231
 * r.standardError; // 0.1702719509940554
 * r.decomposition; // { conditionalEntropy: 0.6221870903691299, conditionalKl: 0.02232847622374656,
 * //                    expectedLogLoss: 0.6445155665928763 }
 * ```
 */
export function logLoss(
  labels: ArrayLike<number>,
  qRows: Matrix,
  options: LogLossOptions = {},
): LogLoss {
  checkOptionKeys(options, [...MEASURE_OPTION_KEYS, "columns", "pRows", "pInput"], "logLoss");
  const lnBase = logOfBase(options.base);
  const rows = rowList(qRows, "qRows", options.columns);
  const n = rows.length;
  if (labels.length !== n) {
    throw new SurprisalError(
      "length-mismatch",
      `labels has length ${labels.length} but qRows has ${n} rows: give one label per row`,
      { argument: "labels", value: labels.length },
    );
  }
  const perSample = new Float64Array(n);
  const sum = new CompensatedSum();
  let infinite = false;
  const measure = { input: options.input, tolerance: options.tolerance };
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= row.length) {
      throw new SurprisalError(
        "out-of-range",
        `labels[${i}] = ${describeValue(y)} is out of range: a label must be a whole number from 0 to ${row.length - 1}`,
        { argument: "labels", index: i, value: y },
      );
    }
    const loss = -toLogProbabilities(row, measure, `qRows[${i}]`)[y];
    perSample[i] = loss;
    if (loss === Number.POSITIVE_INFINITY) infinite = true;
    else sum.add(loss);
  }
  let meanNats: number;
  let seNats: number;
  if (infinite) {
    meanNats = Number.POSITIVE_INFINITY;
    seNats = 0;
  } else {
    meanNats = sum.value() / n;
    const ss = new CompensatedSum();
    for (let i = 0; i < n; i++) {
      const d = perSample[i] - meanNats;
      ss.add(d * d);
    }
    seNats = n > 1 ? Math.sqrt(ss.value() / (n - 1) / n) : Number.POSITIVE_INFINITY;
  }
  if (lnBase !== 1) for (let i = 0; i < n; i++) perSample[i] /= lnBase;
  const result: LogLoss = {
    mean: meanNats / lnBase,
    perplexity: Math.exp(meanNats),
    standardError: seNats / lnBase,
    n,
    perSample,
    unit: unitName(options.base),
  };
  if (options.pRows !== undefined) result.decomposition = decompose(options.pRows, rows, options);
  return result;
}

function decompose(
  pRows: Matrix,
  qList: readonly Vector[],
  options: LogLossOptions,
): LogLossDecomposition {
  const pList = rowList(pRows, "pRows", options.columns);
  if (pList.length !== qList.length) {
    throw new SurprisalError(
      "length-mismatch",
      `pRows has ${pList.length} rows but qRows has ${qList.length}: give the true distribution of every row`,
      { argument: "pRows", value: pList.length },
    );
  }
  const qInput = options.input ?? "probabilities";
  const pInput = options.pInput ?? "probabilities";
  let p: readonly Vector[] = pList;
  let q: readonly Vector[] = qList;
  let input: InputKind = qInput;
  if (pInput !== qInput) {
    // Different encodings: bring both to exact log-probabilities (log-sum-exp for log forms).
    p = pList.map((row, i) =>
      toLogProbabilities(row, { input: pInput, tolerance: options.tolerance }, `pRows[${i}]`),
    );
    q = qList.map((row, i) =>
      toLogProbabilities(row, { input: qInput, tolerance: options.tolerance }, `qRows[${i}]`),
    );
    input = "logprobs";
  }
  const rowOptions = { input, tolerance: options.tolerance };
  const n = qList.length;
  const mean = (values: Float64Array): number => {
    const s = new CompensatedSum();
    for (let i = 0; i < values.length; i++) {
      if (values[i] === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
      s.add(values[i]);
    }
    return fromNats(s.value() / n, options.base);
  };
  return {
    conditionalEntropy: mean(
      entropyRows(p, {
        input: pInput === qInput ? pInput : "logprobs",
        tolerance: options.tolerance,
      }),
    ),
    conditionalKl: mean(klDivergenceRows(p, q, rowOptions)),
    expectedLogLoss: mean(crossEntropyRows(p, q, rowOptions)),
  };
}

/** The rows of a matrix as a list of views (no copy). @throws {SurprisalError} `empty` without rows. */
function rowList(m: Matrix, argument: string, columns: number | undefined): Vector[] {
  const view = viewRows(m, argument, columns);
  if (view.count === 0) {
    throw new SurprisalError("empty", `${argument} is empty: give at least one row`, {
      argument,
      value: 0,
    });
  }
  const out: Vector[] = [];
  for (let r = 0; r < view.count; r++) out.push(view.row(r));
  return out;
}
