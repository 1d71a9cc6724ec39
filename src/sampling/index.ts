export { checkSeed, createRng, DEFAULT_SEED, type Rng } from "../numeric/rng.js";
export {
  type AliasTable,
  type AliasTableOptions,
  type CategoricalSampler,
  categoricalSampler,
  createAliasTable,
  type SamplerOptions,
} from "./alias.js";
export {
  type Distinguishability,
  type DistinguishOptions,
  samplesToDistinguish,
} from "./distinguish.js";
export {
  DEFAULT_SAMPLES,
  type EstimateKlOptions,
  estimateKl,
  type KlTrace,
  klConvergenceTrace,
  type TraceOptions,
} from "./estimate-kl.js";
export {
  type EstimatorOptions,
  estimateKlFromLogProbs,
  KL_ESTIMATORS,
  type KlEstimate,
  KlEstimateAccumulator,
  type KlEstimator,
  klEstimatorTerm,
  Z_95,
} from "./estimators.js";
export {
  type Favours,
  type LikelihoodRatio,
  logLikelihoodRatio,
  type SequenceOptions,
  sampleSequence,
  sequenceLogProbability,
} from "./sequence.js";
