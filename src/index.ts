/**
 * surprisal: how different are two probability distributions, and why?
 *
 * Surprise, entropy, cross-entropy, KL divergence and their companions, exact to the last digits;
 * the per-outcome "why"; streams; batches. Every measure takes P (the truth) first and Q (the
 * belief) second, and one options object `{ base, input, tolerance }`.
 *
 * @packageDocumentation
 */
// Registers the WebAssembly SIMD kernels (and worker threads) in the kernels' hooks, where available.
import "./fast/index.js";

export * from "./conditional/index.js";
export { SurprisalError, type SurprisalErrorCode, type SurprisalErrorDetails } from "./errors.js";
export {
  type FastPathInfo,
  fastArray,
  fastPathInfo,
  setFastThreads,
  useFastPath,
} from "./fast/index.js";
export { toProbabilities } from "./input/normalize.js";
export { DEFAULT_TOLERANCE } from "./input/options.js";
export { type Contributions, contributions } from "./measures/contributions.js";
export { CrossEntropyAccumulator, crossEntropy } from "./measures/cross-entropy.js";
export { EntropyAccumulator, type EntropyAccumulatorOptions, entropy } from "./measures/entropy.js";
export { hellinger } from "./measures/hellinger.js";
export { jsDistance, jsDivergence } from "./measures/js.js";
export { KlAccumulator, klDivergence } from "./measures/kl.js";
export { type RenyiOptions, renyiDivergence } from "./measures/renyi.js";
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
export { ExactSum, fsum } from "./numeric/fsum.js";
export { logSumExp } from "./numeric/log-sum-exp.js";
export { klTerm, phi } from "./numeric/phi.js";
export { CompensatedSum } from "./numeric/sum.js";
export { convertUnits, logOfBase, unitName } from "./numeric/units.js";
export * from "./parametric/index.js";
export * from "./sampling/index.js";
export type { Base, InputKind, Matrix, MeasureOptions, RowOptions, Vector } from "./types.js";
