import { describe, expect, test } from "vitest";
import {
  logLikelihoodRatio,
  sampleSequence,
  samplesToDistinguish,
} from "../../src/sampling/index.js";
import { distinguishSentence, likelihoodRatioSentence } from "../../web/src/sentences.js";

/** The explorer writes the sampling section's sentences from the library's numbers. */
const loaded = [0.1, 0.1, 0.1, 0.1, 0.1, 0.5];
const fair = [1, 1, 1, 1, 1, 1].map((x) => x / 6);

describe("likelihoodRatioSentence", () => {
  test("which explains the sequence better, and by what factor, in plain words", () => {
    const seq = sampleSequence(loaded, 100, { seed: 1 });
    expect(likelihoodRatioSentence(logLikelihoodRatio(seq, loaded, fair))).toMatch(
      /^The 100 outcomes are [0-9.e+]+ times as likely under P as under Q: P explains them better/,
    );
    expect(likelihoodRatioSentence(logLikelihoodRatio(seq, fair, loaded))).toMatch(
      /likely under Q as under P: Q explains them better/,
    );
    expect(likelihoodRatioSentence(logLikelihoodRatio(seq, fair, fair))).toMatch(
      /same probability/,
    );
  });

  test("a huge factor in exponent form; an outcome one side rules out", () => {
    const seq = sampleSequence(loaded, 100_000, { seed: 3 });
    expect(likelihoodRatioSentence(logLikelihoodRatio(seq, loaded, fair))).toMatch(
      /e\+\d{4,} times/,
    );
    const r = logLikelihoodRatio([0, 1, 2], [0.2, 0.3, 0.5], [0.5, 0.5, 0]);
    expect(likelihoodRatioSentence(r)).toMatch(/Q gives outcome 2 probability zero/);
  });
});

describe("distinguishSentence", () => {
  test("a number of rolls, the evidence each adds and the evidence needed", () => {
    expect(distinguishSentence(samplesToDistinguish(loaded, fair, { factor: 1000 }))).toMatch(
      /^After about 24 samples from P \(23\.5 on average\), the likelihood ratio favours P over Q by a factor of 1000/,
    );
    const b = samplesToDistinguish([0.5, 0.5], [0.9, 0.1], { base: "bits" });
    expect(distinguishSentence(b)).toMatch(
      /bits of evidence, and log₂ 100 = 6\.64 bits are needed/,
    );
  });

  test("P = Q: never; Q rules out outcomes of P: the expected wait", () => {
    expect(distinguishSentence(samplesToDistinguish([0.3, 0.7], [0.3, 0.7]))).toMatch(
      /same distribution/,
    );
    expect(distinguishSentence(samplesToDistinguish([0.2, 0.3, 0.5], [0.5, 0.5, 0]))).toMatch(
      /probability zero to outcomes that P produces 50% of the time/,
    );
  });
});
