export { EntropyEstimateAccumulator, MutualInformationAccumulator } from "./accumulators.js";
export { type CiOptions, normalQuantile } from "./bootstrap.js";
export type { CountsInput } from "./counts.js";
export {
  jsFromHistograms,
  jsFromSamples,
  klFromHistograms,
  klFromSamples,
  type SampleDivergence,
  type SampleDivergenceOptions,
  type SampleSmoothing,
} from "./divergence.js";
export {
  ENTROPY_ESTIMATORS,
  type EntropyEstimate,
  type EntropyEstimateOptions,
  type EntropyEstimator,
  estimateEntropy,
  estimateEntropyFromSamples,
  grassbergerG,
} from "./entropy.js";
export { KdTree } from "./kdtree.js";
export {
  type KnnEstimate,
  type KnnOptions,
  type KnnPreparation,
  type KsgOptions,
  knnEntropy,
  knnKlDivergence,
  ksgMutualInformation,
  type Points,
} from "./knn.js";
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
} from "./mutual-information.js";
export type { ConfidenceInterval, EstimateBase, EstimateWarning } from "./result.js";
