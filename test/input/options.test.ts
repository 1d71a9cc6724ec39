/**
 * An unknown option key is refused (code "unknown-option") with the list of known keys, in
 * resolveOptions and in every function that takes options; a typo gets a "did you mean".
 */
import { describe, expect, test } from "vitest";
import {
  CrossEntropyAccumulator,
  categoricalSampler,
  conditionalKl,
  contributions,
  createAliasTable,
  crossEntropy,
  crossEntropyRows,
  distributions,
  EntropyAccumulator,
  entropy,
  entropyRows,
  estimateKl,
  estimateKlFromLogProbs,
  hellinger,
  jsDistance,
  jsDivergence,
  KlAccumulator,
  KlEstimateAccumulator,
  klConvergenceTrace,
  klDivergence,
  klDivergenceRows,
  logLikelihoodRatio,
  logLoss,
  measureReport,
  parametricCrossEntropy,
  parametricKlDivergence,
  renyiDivergence,
  renyiDivergenceRows,
  SurprisalError,
  sampleSequence,
  samplesToDistinguish,
  sequenceLogProbability,
  surprisal,
  toProbabilities,
  totalVariation,
} from "../../src/index.js";
import { frozenOptions, resolveOptions } from "../../src/input/options.js";

const p = [0.5, 0.5];
const q = [0.9, 0.1];
const bad = { inptu: "counts" } as never;
const normal = () => new distributions.Normal({ mean: 0, std: 1 });

const calls: [string, () => unknown][] = [
  ["resolveOptions", () => resolveOptions(bad)],
  ["klDivergence", () => klDivergence(p, q, bad)],
  ["crossEntropy", () => crossEntropy(p, q, bad)],
  ["entropy", () => entropy(p, bad)],
  ["jsDivergence", () => jsDivergence(p, q, bad)],
  ["jsDistance", () => jsDistance(p, q, bad)],
  ["totalVariation", () => totalVariation(p, q, bad)],
  ["hellinger", () => hellinger(p, q, bad)],
  ["renyiDivergence", () => renyiDivergence(p, q, { alpha: 2, inptu: "counts" } as never)],
  ["contributions", () => contributions(p, q, bad)],
  ["surprisal", () => surprisal(p, bad)],
  ["toProbabilities", () => toProbabilities(p, bad, "p")],
  ["klDivergenceRows", () => klDivergenceRows([p], [q], bad)],
  ["crossEntropyRows", () => crossEntropyRows([p], [q], bad)],
  ["entropyRows", () => entropyRows([p], bad)],
  ["renyiDivergenceRows", () => renyiDivergenceRows([p], [q], { alpha: 2, inptu: 1 } as never)],
  ["measureReport", () => measureReport("klDivergence", p, q, bad)],
  ["KlAccumulator", () => new KlAccumulator(bad)],
  ["EntropyAccumulator", () => new EntropyAccumulator(bad)],
  ["CrossEntropyAccumulator", () => new CrossEntropyAccumulator(bad)],
  ["KlEstimateAccumulator", () => new KlEstimateAccumulator(bad)],
  ["estimateKlFromLogProbs", () => estimateKlFromLogProbs([-1], [-2], bad)],
  ["conditionalKl", () => conditionalKl([p], [q], bad)],
  ["logLoss", () => logLoss([0], [q], bad)],
  ["createAliasTable", () => createAliasTable(p, bad)],
  ["categoricalSampler", () => categoricalSampler(p, bad)],
  ["sampleSequence", () => sampleSequence(p, 3, bad)],
  ["sequenceLogProbability", () => sequenceLogProbability([0], p, bad)],
  ["logLikelihoodRatio", () => logLikelihoodRatio([0], p, q, bad)],
  ["samplesToDistinguish", () => samplesToDistinguish(p, q, bad)],
  ["estimateKl", () => estimateKl(p, q, bad)],
  ["klConvergenceTrace", () => klConvergenceTrace(p, q, bad)],
  ["parametricKlDivergence", () => parametricKlDivergence(normal(), normal(), bad)],
  ["parametricCrossEntropy", () => parametricCrossEntropy(normal(), normal(), bad)],
  ["dist.sample", () => normal().sample(2, bad)],
];

describe("an unknown option key is refused with the known keys", () => {
  test.each(calls)("%s", (_, f) => {
    let error: unknown;
    try {
      f();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: "SurprisalError", code: "unknown-option", value: "inptu" });
    expect((error as Error).message).toMatch(/"inptu" is not an option/);
    expect((error as Error).message).toMatch(/the options are .*"/);
  });

  test("the message suggests the nearest key and lists the options", () => {
    expect(() => klDivergence(p, q, bad)).toThrow(
      '"inptu" is not an option (did you mean "input"?): the options are "base", "input", "tolerance", "threads", "smoothing"',
    );
    expect(() => klDivergenceRows([p], [q], { colums: 2 } as never)).toThrow(
      /did you mean "columns"/,
    );
  });

  test("known keys, and keys set to undefined, pass", () => {
    expect(() => klDivergence(p, q, { base: "bits", input: undefined })).not.toThrow();
    expect(() => klDivergence(p, q, { foo: undefined } as never)).not.toThrow();
    expect(() => new EntropyAccumulator({ argument: "x" })).not.toThrow();
    expect(() => klDivergenceRows([p], [q], { columns: undefined })).not.toThrow();
  });
});

describe("frozenOptions: validated once, for every row of the row-wise functions", () => {
  test("the same resolution as resolveOptions, kept; the object is frozen", () => {
    const o = frozenOptions({ base: "bits", input: "counts", smoothing: "jeffreys" });
    expect(Object.isFrozen(o)).toBe(true);
    expect(resolveOptions(o)).toEqual(
      resolveOptions({ base: "bits", input: "counts", smoothing: "jeffreys" }),
    );
    expect(resolveOptions(o)).toBe(resolveOptions(o)); // kept, not resolved again
  });

  test("invalid options are refused when frozen, before any row", () => {
    expect(() => frozenOptions({ tolerance: -1 })).toThrow(/tolerance = -1/);
    expect(() => frozenOptions(bad)).toThrow(/"inptu" is not an option/);
    expect(() => klDivergenceRows([p, p], [q, q], { base: 1 })).toThrow(SurprisalError);
  });

  test("rows with the frozen options equal the measure of each row", () => {
    const P = [p, [0.2, 0.8], [0.5, 0.5]];
    const Q = [q, [0.3, 0.7], [0.9, 0.1]];
    const got = klDivergenceRows(P, Q, { base: "bits" });
    P.forEach((row, r) => {
      // The rows kernels and the single vector's loop: within 2ε (measured 1.3ε).
      const want = klDivergence(row, Q[r] as number[], { base: "bits" });
      expect(Math.abs((got[r] as number) - want)).toBeLessThanOrEqual(2 * Number.EPSILON * want);
    });
  });
});
