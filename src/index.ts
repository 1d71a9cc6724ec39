/**
 * surprisal: how different are two probability distributions, and why?
 *
 * Surprise, entropy, cross-entropy, KL divergence and their companions, exact to the last digits;
 * the per-outcome "why"; streams; batches; model against data; the sampling view; parametric
 * families. Every measure takes P (the truth) first and Q (the belief) second, and one options
 * object `{ base, input, tolerance }`.
 *
 * This file is the public API, listed by name: the CLI and the explorer import the library from
 * here only, so every face runs on the fast path registered below.
 *
 * @packageDocumentation
 */
// Registers the WebAssembly SIMD kernels (and worker threads) in the kernels' hooks, where available.
import "./fast/index.js";

// Model against data
export {
  type ConditionalKl,
  type ConditionalKlOptions,
  conditionalKl,
} from "./conditional/conditional-kl.js";
export {
  type LogLoss,
  type LogLossDecomposition,
  type LogLossOptions,
  logLoss,
} from "./conditional/log-loss.js";
// Drift: two tables compared column by column
export {
  type Binning,
  type ColumnDrift,
  type ColumnType,
  type CountedColumn,
  DRIFT_PRESETS,
  type DriftBin,
  type DriftColumn,
  type DriftMeasure,
  type DriftMeasures,
  type DriftOptions,
  type DriftReason,
  type DriftReport,
  type DriftRule,
  type DriftSide,
  type DriftTable,
  driftReport,
  type EncodedColumn,
  type PresetName,
} from "./drift/index.js";
// Errors and shared types
export { SurprisalError, type SurprisalErrorCode, type SurprisalErrorDetails } from "./errors.js";
// Estimators from samples: entropy, KL/JS by label, mutual information, k-nearest neighbours
export {
  EntropyEstimateAccumulator,
  MutualInformationAccumulator,
} from "./estimators/accumulators.js";
export type { CiOptions } from "./estimators/bootstrap.js";
export type { CountsInput } from "./estimators/counts.js";
export {
  jsFromHistograms,
  jsFromSamples,
  klFromHistograms,
  klFromSamples,
  type SampleDivergence,
  type SampleDivergenceOptions,
  type SampleSmoothing,
} from "./estimators/divergence.js";
export {
  ENTROPY_ESTIMATORS,
  type EntropyEstimate,
  type EntropyEstimateOptions,
  type EntropyEstimator,
  estimateEntropy,
  estimateEntropyFromSamples,
} from "./estimators/entropy.js";
export { KdTree } from "./estimators/kdtree.js";
export {
  type KnnEstimate,
  type KnnOptions,
  type KsgOptions,
  knnEntropy,
  knnKlDivergence,
  ksgMutualInformation,
  type Points,
} from "./estimators/knn.js";
export {
  type AverageMethod,
  adjustedMutualInformation,
  conditionalEntropy,
  conditionalMutualInformation,
  type MutualInformationEstimate,
  type MutualInformationOptions,
  miPermutationTest,
  mutualInformation,
  mutualInformationFromTable,
  normalizedMutualInformation,
  type PermutationOptions,
  type PermutationTest,
} from "./estimators/mutual-information.js";
export type { ConfidenceInterval, EstimateBase, EstimateWarning } from "./estimators/result.js";
// The fast path (WebAssembly SIMD kernels on worker threads)
export { type FastPathInfo, fastArray, fastPathInfo, setFastThreads } from "./fast/index.js";
// Inputs, numeric building blocks, units, the seeded generator
export type { DistributionLike, Label, LabelledCounts } from "./input/labels.js";
export { alignCounts, alignSamples, countLabels, encodeLabels } from "./input/labels.js";
export { toProbabilities } from "./input/normalize.js";
export { DEFAULT_TOLERANCE } from "./input/options.js";
export type { StateNumber, StatePair } from "./input/state.js";
export type {
  CrossEntropyAccumulatorState,
  EntropyAccumulatorState,
  KlAccumulatorState,
} from "./measures/accumulator-state.js";
// The measures of two discrete distributions (and their per-outcome "why")
export {
  type Contributions,
  type ContributionsOptions,
  contributions,
} from "./measures/contributions.js";
export { CrossEntropyAccumulator, crossEntropy } from "./measures/cross-entropy.js";
export { EntropyAccumulator, type EntropyAccumulatorOptions, entropy } from "./measures/entropy.js";
export { hellinger } from "./measures/hellinger.js";
export { jsDistance, jsDivergence } from "./measures/js.js";
export { KlAccumulator, klDivergence } from "./measures/kl.js";
export { type RenyiOptions, renyiDivergence } from "./measures/renyi.js";
export {
  type MeasureReport,
  type MeasureReportOptions,
  measureReport,
  type PairMeasure,
} from "./measures/report.js";
export {
  type JsonNumber,
  type RowSummary,
  type RowValues,
  summarizeRows,
} from "./measures/row-values.js";
export {
  crossEntropyRows,
  entropyRows,
  hellingerRows,
  jsDistanceRows,
  jsDivergenceRows,
  klDivergenceRows,
  type RenyiRowOptions,
  renyiDivergenceRows,
  totalVariationRows,
} from "./measures/rows.js";
export { surprisal } from "./measures/surprisal.js";
export { totalVariation } from "./measures/total-variation.js";
// Two language models compared token by token (llama.cpp's KL-divergence report, and more)
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
} from "./models/comparison.js";
export { dequantizeRows, type FloatKind, widenHalf } from "./models/halves.js";
export type { Estimate } from "./models/stats.js";
export { ExactSum, fsum } from "./numeric/fsum.js";
export { logSumExp } from "./numeric/log-sum-exp.js";
export { klTerm, phi } from "./numeric/phi.js";
export { createRng, DEFAULT_SEED, type Rng } from "./numeric/rng.js";
export { CompensatedSum } from "./numeric/sum.js";
export { convertUnits, logOfBase, unitName } from "./numeric/units.js";
// Parametric families
export { ParametricDistribution, type SupportKind } from "./parametric/base.js";
export * as distributions from "./parametric/families.js";
export type { FamilyName } from "./parametric/family-table.js";
export {
  isDistribution,
  type ParametricMeasureOptions,
  parametricCrossEntropy,
  parametricKlDivergence,
} from "./parametric/kl.js";
export { type ClosedFormPair, closedFormPairs, type PairKind } from "./parametric/pairs.js";
export { FAMILY_PARAMETERS, parseDistribution } from "./parametric/parse.js";
export { type KlFunction, registerKl, unregisterKl } from "./parametric/registry.js";
export type { Distribution, SampleOptions } from "./parametric/types.js";
// The sampling view
export {
  type AliasTable,
  type AliasTableOptions,
  type CategoricalSampler,
  categoricalSampler,
  createAliasTable,
  type SamplerOptions,
} from "./sampling/alias.js";
export {
  type Distinguishability,
  type DistinguishOptions,
  samplesToDistinguish,
} from "./sampling/distinguish.js";
export {
  type EstimateKlOptions,
  estimateKl,
  type KlTrace,
  klConvergenceTrace,
  type TraceOptions,
} from "./sampling/estimate-kl.js";
export {
  type EstimatorOptions,
  estimateKlFromLogProbs,
  KL_ESTIMATORS,
  type KlEstimate,
  KlEstimateAccumulator,
  type KlEstimateAccumulatorState,
  type KlEstimator,
} from "./sampling/estimators.js";
export {
  type Favours,
  type LikelihoodRatio,
  logLikelihoodRatio,
  type SequenceOptions,
  sampleSequence,
  sequenceLogProbability,
} from "./sampling/sequence.js";

// The measures as SQL (plain text: no driver; the engines that run it are in "surprisal/node")
export {
  DIALECTS,
  type Dialect,
  type DialectName,
  dialectOf,
  dialects,
  postgresSetupSql,
} from "./sql/dialect.js";
export {
  type InformationMeasure,
  type InformationSql,
  type InformationSqlOptions,
  informationSql,
  type PsiSqlOptions,
  psiSql,
} from "./sql/information.js";
export {
  type MeasureSql,
  type MeasureSqlOptions,
  measureSql,
  SQL_MEASURES,
  type SqlMeasure,
  type SqlState,
  type SqlTotals,
  totalsSql,
} from "./sql/measures.js";
export { fromSql, type SqlGroup, type SqlSource } from "./sql/source.js";
export { finishMeasure, mergeStates } from "./sql/state.js";
export type {
  AppliedSmoothing,
  Base,
  InputKind,
  Matrix,
  MeasureOptions,
  RowOptions,
  Smoothing,
  SmoothingPreset,
  Vector,
} from "./types.js";
