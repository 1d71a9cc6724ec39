/** Two language models compared token by token (see {@link ModelComparison}). */
export {
  type BootstrapIntervals,
  type Interval,
  ModelComparison,
  type ModelComparisonOptions,
  type ModelComparisonResult,
  type ModelComparisonState,
  type ModelRows,
  type ModelValueOptions,
  type PerToken,
  type TokenStatistics,
  type TopKRow,
} from "./comparison.js";
export { dequantizeRows, type FloatKind, widenHalf } from "./halves.js";
export {
  covarianceOfMeans,
  DELTA_P_FRACTIONS,
  type Estimate,
  KLD_FRACTIONS,
  meanAndUncertainty,
  medianSorted,
  percentileSorted,
} from "./stats.js";
