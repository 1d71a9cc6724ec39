export { ParametricDistribution, type SupportKind } from "./base.js";
export * as distributions from "./families.js";
export { FAMILIES, type FamilyName } from "./family-table.js";
export {
  isDistribution,
  type ParametricMeasureOptions,
  parametricCrossEntropy,
  parametricKlDivergence,
} from "./kl.js";
export { type ClosedFormPair, closedFormPairs, type PairKind } from "./pairs.js";
export { FAMILY_PARAMETERS, parseDistribution } from "./parse.js";
export { type KlFunction, registerKl, unregisterKl } from "./registry.js";
export type { Distribution, SampleOptions } from "./types.js";
