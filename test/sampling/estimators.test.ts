import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import type { SurprisalError } from "../../src/errors.js";
import {
  estimateKlFromLogProbs,
  KL_ESTIMATORS,
  KlEstimateAccumulator,
  klEstimatorTerm,
  Z_95,
} from "../../src/sampling/index.js";
import { relErr } from "../helpers/fixtures.js";
import { type ErrorCase, expectRefusals } from "./expect-error.js";
import { samplingFixture } from "./fixture.js";

describe("estimateKlFromLogProbs", () => {
  // Measured worst 2.9ε (estimates) and 1.3ε (standard errors); held to 8ε and 4ε.
  test.for(samplingFixture.estimators.flatMap((c) => KL_ESTIMATORS.map((est) => ({ ...c, est }))))(
    "$name, $est: estimate and standard error match mpmath",
    (c) => {
      const est = c.est;
      const r = estimateKlFromLogProbs(c.logP, c.logQ, { estimator: est });
      expect(relErr(r.estimate, c[est].estimate)).toBeLessThanOrEqual(8 * Number.EPSILON);
      expect(relErr(r.standardError, c[est].standard_error)).toBeLessThanOrEqual(
        4 * Number.EPSILON,
      );
      expect(r.samples).toBe(c.logP.length);
      expect(r.estimator).toBe(est);
      expect(r.interval[0]).toBeCloseTo(r.estimate - Z_95 * r.standardError, 15);
      expect(r.interval[1]).toBeCloseTo(r.estimate + Z_95 * r.standardError, 15);
    },
  );

  test("k3 keeps its digits when log Q − log P ≈ 1e-9 (the direct (r − 1) − log r cancels)", () => {
    const c = samplingFixture.estimators.find((e) => e.name === "near_identical")!;
    const naive =
      c.logP.reduce((s, lp, i) => {
        const d = c.logQ[i] - lp;
        return s + (Math.exp(d) - 1 - d);
      }, 0) / c.logP.length;
    expect(relErr(naive, c.k3.estimate)).toBeGreaterThan(1e-3); // the direct form is wrong here
    expect(
      relErr(estimateKlFromLogProbs(c.logP, c.logQ, { estimator: "k3" }).estimate, c.k3.estimate),
    ).toBeLessThanOrEqual(1e-12);
  });

  test("default estimator is k1; base converts estimate and SE", () => {
    const c = samplingFixture.estimators[0];
    const nats = estimateKlFromLogProbs(c.logP, c.logQ);
    expect(nats.estimator).toBe("k1");
    expect(nats.unit).toBe("nats");
    const bits = estimateKlFromLogProbs(c.logP, c.logQ, { base: "bits" });
    expect(relErr(bits.estimate, nats.estimate / Math.LN2)).toBeLessThanOrEqual(1e-15);
    expect(relErr(bits.standardError, nats.standardError / Math.LN2)).toBeLessThanOrEqual(1e-15);
    expect(bits.unit).toBe("bits");
    const wide = estimateKlFromLogProbs(c.logP, c.logQ, { z: 3 });
    expect(wide.interval[1] - wide.interval[0]).toBeCloseTo(6 * nats.standardError, 14);
  });

  test("a sample where Q = 0 makes the estimate +∞ (D is infinite) for every estimator", () => {
    for (const est of KL_ESTIMATORS) {
      const r = estimateKlFromLogProbs([-1, -2, -0.5], [-1.1, Number.NEGATIVE_INFINITY, -0.4], {
        estimator: est,
      });
      expect(r.estimate).toBe(Number.POSITIVE_INFINITY);
      expect(r.standardError).toBe(0);
      expect(r.interval).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    }
  });

  test("one sample: the estimate is its term, the standard error unknown (+∞)", () => {
    const r = estimateKlFromLogProbs([Math.log(0.5)], [Math.log(0.25)]);
    expect(r.estimate).toBe(Math.log(0.5) - Math.log(0.25));
    expect(r.standardError).toBe(Number.POSITIVE_INFINITY);
  });

  test("refuses bad input with the argument, index and value", () => {
    const cases: ErrorCase[] = [
      [() => estimateKlFromLogProbs([], []), "empty", "logP", undefined, /empty/],
      [
        () => estimateKlFromLogProbs([-1, -2], [-1]),
        "length-mismatch",
        "logQ",
        undefined,
        /length/,
      ],
      [
        () => estimateKlFromLogProbs([-1, Number.NaN], [-1, -1]),
        "not-finite",
        "logP",
        1,
        /not finite/,
      ],
      [
        () => estimateKlFromLogProbs([-1, Number.NEGATIVE_INFINITY], [-1, -1]),
        "not-finite",
        "logP",
        1,
        /not finite/,
      ],
      [
        () => estimateKlFromLogProbs([-1, -1], [Number.NaN, -1]),
        "not-finite",
        "logQ",
        0,
        /NaN is not finite/,
      ],
      [
        () => estimateKlFromLogProbs([-1], [-1], { estimator: "k4" as "k1" }),
        "invalid-option",
        "estimator",
        undefined,
        /unknown estimator/,
      ],
      [
        () => estimateKlFromLogProbs([-1], [-1], { z: -1 }),
        "invalid-option",
        "z",
        undefined,
        /z = -1/,
      ],
      [
        () => estimateKlFromLogProbs([-1], [-1], { base: 1 }),
        "invalid-base",
        "base",
        undefined,
        /base/,
      ],
    ];
    expectRefusals(cases);
  });
});

describe("klEstimatorTerm", () => {
  test("the three terms at r = Q/P = 1/2", () => {
    const lp = Math.log(0.5);
    const lq = Math.log(0.25);
    expect(klEstimatorTerm("k1", lp, lq)).toBeCloseTo(Math.LN2, 15);
    expect(klEstimatorTerm("k2", lp, lq)).toBeCloseTo(0.5 * Math.LN2 ** 2, 15);
    expect(klEstimatorTerm("k3", lp, lq)).toBeCloseTo(-0.5 + Math.LN2, 15);
  });

  fcTest.prop([
    fc.double({ min: -30, max: 30, noNaN: true }),
    fc.double({ min: -30, max: 30, noNaN: true }),
  ])("law: k2 ≥ 0 and k3 ≥ 0 for every sample; k3 = 0 only where P = Q", (lp, lq) => {
    expect(klEstimatorTerm("k2", lp, lq)).toBeGreaterThanOrEqual(0);
    const k3 = klEstimatorTerm("k3", lp, lq);
    expect(k3).toBeGreaterThanOrEqual(0);
    if (lp === lq) expect(k3).toBe(0);
  });
});

describe("KlEstimateAccumulator", () => {
  fcTest.prop([
    fc.array(
      fc.tuple(
        fc.double({ min: -20, max: 0, noNaN: true }),
        fc.double({ min: -20, max: 0, noNaN: true }),
      ),
      {
        minLength: 2,
        maxLength: 200,
      },
    ),
    fc.nat(),
    fc.constantFrom(...KL_ESTIMATORS),
  ])("law: chunks merged give the whole-array estimate", (pairs, cut, estimator) => {
    const k = cut % pairs.length;
    const logP = pairs.map((x) => x[0]);
    const logQ = pairs.map((x) => x[1]);
    const whole = estimateKlFromLogProbs(logP, logQ, { estimator });
    const a = new KlEstimateAccumulator({ estimator }).add(logP.slice(0, k), logQ.slice(0, k));
    const b = new KlEstimateAccumulator({ estimator }).add(logP.slice(k), logQ.slice(k));
    const merged = a.merge(b).value();
    expect(merged.samples).toBe(whole.samples);
    const scale = 1e-12 * (1 + Math.abs(whole.estimate));
    expect(Math.abs(merged.estimate - whole.estimate)).toBeLessThanOrEqual(scale * 10);
    expect(Math.abs(merged.standardError - whole.standardError)).toBeLessThanOrEqual(
      1e-9 * (1 + whole.standardError),
    );
  });

  test("refuses to merge different estimators and to read before any sample", () => {
    expect(() =>
      new KlEstimateAccumulator({ estimator: "k1" }).merge(
        new KlEstimateAccumulator({ estimator: "k3" }),
      ),
    ).toThrow(/same estimator/);
    expect(() => new KlEstimateAccumulator().value()).toThrow(/no samples/);
  });

  test("error indices count from the start of the stream", () => {
    const acc = new KlEstimateAccumulator().add([-1, -1], [-1, -1]);
    try {
      acc.add([-1, Number.NaN], [-1, -1]);
      expect.unreachable();
    } catch (e) {
      expect((e as SurprisalError).index).toBe(3);
    }
  });
});

describe("samples that say nothing about D", () => {
  test("log P = +∞ (an infinite density at the sample) and log Q = +∞ are refused", () => {
    expect(() => estimateKlFromLogProbs([-1, Number.POSITIVE_INFINITY], [-1, -2])).toThrow(
      /logP\[1\] = Infinity is not finite: P's density is infinite/,
    );
    expect(() => estimateKlFromLogProbs([-1, -1], [-1, Number.POSITIVE_INFINITY])).toThrow(
      /logQ\[1\] = Infinity is not finite/,
    );
  });
});
