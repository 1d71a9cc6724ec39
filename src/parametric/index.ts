export { ParametricDistribution, type SupportKind } from "./base.js";
export * as distributions from "./families.js";
export {
  type ClosedFormPair,
  closedFormPairs,
  FAMILIES,
  type FamilyName,
  isDistribution,
  type KlFunction,
  type PairKind,
  type ParametricMeasureOptions,
  parametricCrossEntropy,
  parametricKlDivergence,
  registerKl,
  unregisterKl,
} from "./kl.js";
export { FAMILY_PARAMETERS, parseDistribution } from "./parse.js";
export type { Distribution, SampleOptions } from "./types.js";
