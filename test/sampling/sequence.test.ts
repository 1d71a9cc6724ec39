import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { SurprisalError } from "../../src/errors.js";
import {
  logLikelihoodRatio,
  sampleSequence,
  sequenceLogProbability,
} from "../../src/sampling/index.js";
import { relErr } from "../helpers/fixtures.js";
import { samplingFixture } from "./fixture.js";

const fair = [1, 1, 1, 1, 1, 1].map((x) => x / 6);
const loaded = [0.1, 0.1, 0.1, 0.1, 0.1, 0.5];

function expectError(
  f: () => unknown,
  code: string,
  argument: string,
  word: RegExp,
): SurprisalError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    const err = e as SurprisalError;
    expect(err.code).toBe(code);
    expect(err.argument).toBe(argument);
    expect(err.message).toMatch(word);
    return err;
  }
  throw new Error("expected a SurprisalError");
}

describe("sequenceLogProbability", () => {
  test("5000 rolls of a fair die give exactly 5000·log(1/6) (1e-12 relative), not −∞ or 0", () => {
    const { n, log_probability, log_probability_float_p } = samplingFixture.fair_die;
    const rolls = sampleSequence(fair, n, { seed: 2024 });
    const lp = sequenceLogProbability(rolls, fair);
    expect(relErr(lp, log_probability)).toBeLessThanOrEqual(1e-12);
    expect(relErr(lp, log_probability_float_p)).toBeLessThanOrEqual(1e-12);
    // the same die as counts: normalized exactly
    const counts = sequenceLogProbability(rolls, [3, 3, 3, 3, 3, 3], { input: "counts" });
    expect(relErr(counts, log_probability)).toBeLessThanOrEqual(1e-12);
    // the product itself underflows: that is why the sum of logs is needed
    expect((1 / 6) ** n).toBe(0);
  });

  test("matches mpmath on fixture sequences (probabilities, counts, logits), 1e-12 relative", () => {
    for (const c of samplingFixture.sequences) {
      const o = { input: c.input };
      expect(relErr(sequenceLogProbability(c.sequence, c.p, o), c.log_p)).toBeLessThanOrEqual(
        1e-12,
      );
      expect(relErr(sequenceLogProbability(c.sequence, c.q, o), c.log_q)).toBeLessThanOrEqual(
        1e-12,
      );
    }
  });

  test("units: bits = nats / ln 2", () => {
    const seq = [0, 1, 1, 0, 1];
    expect(sequenceLogProbability(seq, [0.5, 0.5], { base: "bits" })).toBeCloseTo(-5, 14);
  });

  test("an outcome P calls impossible makes the sequence impossible (−∞)", () => {
    expect(sequenceLogProbability([0, 2, 1], [0.5, 0.5, 0])).toBe(Number.NEGATIVE_INFINITY);
    expect(sequenceLogProbability([0, 1], [0.5, 0.5, 0])).toBeCloseTo(2 * Math.log(0.5), 15);
  });

  test("refuses an index out of range, a fractional index and an empty sequence", () => {
    const e = expectError(
      () => sequenceLogProbability([0, 6, 1], fair),
      "out-of-range",
      "sequence",
      /out of range/,
    );
    expect(e.index).toBe(1);
    expect(e.value).toBe(6);
    expect(
      expectError(() => sequenceLogProbability([0, -1], fair), "out-of-range", "sequence", /-1/)
        .index,
    ).toBe(1);
    expectError(() => sequenceLogProbability([1.5], fair), "out-of-range", "sequence", /1\.5/);
    expectError(() => sequenceLogProbability([], fair), "empty", "sequence", /empty/);
    expectError(() => sequenceLogProbability([0], [0.5, -0.5, 1]), "negative", "p", /negative/);
  });
});

describe("logLikelihoodRatio", () => {
  test("matches mpmath on fixture sequences, 1e-12 relative", () => {
    for (const c of samplingFixture.sequences) {
      const r = logLikelihoodRatio(c.sequence, c.p, c.q, { input: c.input });
      expect(relErr(r.total, c.llr)).toBeLessThanOrEqual(1e-12);
      expect(relErr(r.perSample, c.llr_per_sample)).toBeLessThanOrEqual(1e-12);
      expect(r.n).toBe(c.sequence.length);
      expect(r.favours).toBe(c.llr > 0 ? "P" : "Q");
      expect(relErr(r.log10BayesFactor, c.llr / Math.LN10)).toBeLessThanOrEqual(1e-12);
    }
  });

  test("per sample, it approaches D(P‖Q) for a long sequence drawn from P", () => {
    const exact = samplingFixture.monte_carlo.find((c) => c.name === "loaded_die_vs_fair")!.kl;
    const seq = sampleSequence(loaded, 100_000, { seed: 8 });
    const r = logLikelihoodRatio(seq, loaded, fair);
    // SE of the mean of log(p/q) is sd/√n with sd ≈ 0.8 here: 5 SE ≈ 0.013
    expect(Math.abs(r.perSample - exact)).toBeLessThan(0.013);
  });

  test("says which explains the sequence better, and by what factor", () => {
    const seq = sampleSequence(loaded, 100, { seed: 1 });
    const r = logLikelihoodRatio(seq, loaded, fair);
    expect(r.favours).toBe("P");
    expect(r.bayesFactor).toBeCloseTo(Math.exp(r.total), 0);
    expect(r.log10BayesFactor).toBe(r.total / Math.LN10);
    expect(r.ruledOutBy).toBe(-1);
    const back = logLikelihoodRatio(seq, fair, loaded);
    expect(back.favours).toBe("Q");
    expect(back.total).toBe(-r.total);
    expect(back.log10BayesFactor).toBe(-r.log10BayesFactor);
    const same = logLikelihoodRatio(seq, fair, fair);
    expect(same.favours).toBe("neither");
    expect(same.total).toBe(0);
    expect(same.bayesFactor).toBe(1);
  });

  test("a huge Bayes factor is still reported (log10 finite, factor +∞)", () => {
    const seq = sampleSequence(loaded, 100_000, { seed: 3 });
    const r = logLikelihoodRatio(seq, loaded, fair);
    expect(r.bayesFactor).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isFinite(r.log10BayesFactor)).toBe(true);
    expect(r.log10BayesFactor).toBeGreaterThan(1000);
  });

  test("an outcome Q rules out gives +∞ (Q is ruled out); one P rules out gives −∞", () => {
    const r = logLikelihoodRatio([0, 1, 2], [0.2, 0.3, 0.5], [0.5, 0.5, 0]);
    expect(r.total).toBe(Number.POSITIVE_INFINITY);
    expect(r.favours).toBe("P");
    expect(r.ruledOutBy).toBe(2);
    const s = logLikelihoodRatio([0, 1, 2], [0.5, 0.5, 0], [0.2, 0.3, 0.5]);
    expect(s.total).toBe(Number.NEGATIVE_INFINITY);
    expect(s.favours).toBe("Q");
    expect(s.bayesFactor).toBe(0);
    expect(s.ruledOutBy).toBe(2);
  });

  test("bits: the total is log₂ of the ratio", () => {
    const r = logLikelihoodRatio([0, 0, 0], [0.5, 0.5], [0.25, 0.75], { base: "bits" });
    expect(r.total).toBeCloseTo(3, 14);
    expect(r.unit).toBe("bits");
  });

  test("refuses mismatched lengths, bad indices, and a sequence impossible under both", () => {
    expectError(
      () => logLikelihoodRatio([0], [0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]),
      "length-mismatch",
      "q",
      /length/,
    );
    expectError(
      () => logLikelihoodRatio([0, 2], [0.5, 0.5], [0.5, 0.5]),
      "out-of-range",
      "sequence",
      /out of range/,
    );
    expectError(
      () => logLikelihoodRatio([0, 1], [1, 0], [0, 1]),
      "zero",
      "sequence",
      /impossible under both/,
    );
  });

  fcTest.prop([
    fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 2, maxLength: 8 }),
    fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 2, maxLength: 8 }),
    fc.integer({ min: 1, max: 300 }),
    fc.integer(),
  ])("law: log(∏P/∏Q) = log ∏P − log ∏Q", (a, b, n, seed) => {
    const k = Math.min(a.length, b.length);
    const p = a.slice(0, k);
    const q = b.slice(0, k);
    const seq = sampleSequence(p, n, { input: "counts", seed });
    const o = { input: "counts" as const };
    const r = logLikelihoodRatio(seq, p, q, o);
    const d = sequenceLogProbability(seq, p, o) - sequenceLogProbability(seq, q, o);
    expect(Math.abs(r.total - d)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(d) + n));
  });
});
