/**
 * The public API is what src/index.ts lists by name, and nothing else: adding or removing a name
 * is a decision, seen here and recorded in CHANGELOG.md.
 */
import { expect, test } from "vitest";
import * as api from "../../src/index.js";

const PUBLIC = [
  "CompensatedSum",
  "ExactSum",
  "logSumExp",
  "CrossEntropyAccumulator",
  "DEFAULT_SEED",
  "DEFAULT_TOLERANCE",
  "EntropyAccumulator",
  "FAMILY_PARAMETERS",
  "KL_ESTIMATORS",
  "KlAccumulator",
  "KlEstimateAccumulator",
  "ParametricDistribution",
  "SurprisalError",
  "categoricalSampler",
  "closedFormPairs",
  "conditionalKl",
  "contributions",
  "convertUnits",
  "createAliasTable",
  "createRng",
  "crossEntropy",
  "crossEntropyRows",
  "distributions",
  "entropy",
  "entropyRows",
  "estimateKl",
  "estimateKlFromLogProbs",
  "fastArray",
  "fastPathInfo",
  "fsum",
  "hellinger",
  "hellingerRows",
  "isDistribution",
  "jsDistance",
  "jsDistanceRows",
  "jsDivergence",
  "jsDivergenceRows",
  "klConvergenceTrace",
  "klDivergence",
  "klDivergenceRows",
  "klTerm",
  "logLikelihoodRatio",
  "logLoss",
  "logOfBase",
  "measureReport",
  "parametricCrossEntropy",
  "parametricKlDivergence",
  "parseDistribution",
  "phi",
  "registerKl",
  "renyiDivergence",
  "renyiDivergenceRows",
  "sampleSequence",
  "samplesToDistinguish",
  "sequenceLogProbability",
  "setFastThreads",
  "summarizeRows",
  "surprisal",
  "toProbabilities",
  "totalVariation",
  "totalVariationRows",
  "unitName",
  "unregisterKl",
];

test("src/index.ts exports exactly the public names", () => {
  expect(Object.keys(api).sort()).toEqual([...PUBLIC].sort());
});

test("internals stay out of the public API", () => {
  for (const name of [
    "Z_95",
    "checkSeed",
    "klEstimatorTerm",
    "DEFAULT_SAMPLES",
    "FAMILIES",
    "useFastPath",
  ]) {
    expect(api).not.toHaveProperty(name);
  }
});
