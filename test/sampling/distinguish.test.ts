import { describe, expect, test } from "vitest";
import { SurprisalError } from "../../src/errors.js";
import {
  logLikelihoodRatio,
  sampleSequence,
  samplesToDistinguish,
} from "../../src/sampling/index.js";
import { relErr } from "../helpers/fixtures.js";
import { samplingFixture } from "./fixture.js";

describe("samplesToDistinguish", () => {
  // Measured worst 1.1ε (the divergence) and 0.8ε (the count); held to 4ε.
  test.for(samplingFixture.distinguish)("$name: ln(factor) / D(P‖Q) against mpmath", (c) => {
    const r = samplesToDistinguish(c.p, c.q, { factor: c.factor });
    expect(relErr(r.samples, c.samples)).toBeLessThanOrEqual(4 * Number.EPSILON);
    expect(relErr(r.divergence, c.kl)).toBeLessThanOrEqual(4 * Number.EPSILON);
    expect(r.rounded).toBe(Math.ceil(c.samples));
    expect(r.factor).toBe(c.factor);
  });

  test("reads as a number of rolls: the loaded die against a fair one, factor 1000", () => {
    const c = samplingFixture.distinguish.find((d) => d.name === "loaded_die_vs_fair")!;
    const r = samplesToDistinguish(c.p, c.q, { factor: 1000 });
    expect(r.rounded).toBe(24);
    expect(relErr(r.needed, Math.log(1000))).toBeLessThanOrEqual(1e-15);
    expect(r.ruledOutMass).toBe(0);
  });

  test("the unit changes the reported divergence, not the count", () => {
    const a = samplesToDistinguish([0.5, 0.5], [0.9, 0.1]);
    const b = samplesToDistinguish([0.5, 0.5], [0.9, 0.1], { base: "bits" });
    expect(b.samples).toBe(a.samples);
    expect(relErr(b.divergence, a.divergence / Math.LN2)).toBeLessThanOrEqual(1e-15);
    expect(relErr(b.needed, Math.log2(100))).toBeLessThanOrEqual(1e-15);
    expect(a.factor).toBe(100);
  });

  test("on average the log-likelihood ratio after n samples is n·D: simulated check", () => {
    // mean over 2000 sequences of the LLR after n = rounded samples, against n·D within 5 SE
    const p = [0.5, 0.5];
    const q = [0.8, 0.2];
    const r = samplesToDistinguish(p, q);
    const n = r.rounded;
    const values: number[] = [];
    const all = sampleSequence(p, n * 2000, { seed: 17 });
    for (let s = 0; s < 2000; s++)
      values.push(logLikelihoodRatio(all.subarray(s * n, (s + 1) * n), p, q).total);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    expect(Math.abs(mean - n * r.divergence)).toBeLessThanOrEqual(
      (5 * sd) / Math.sqrt(values.length),
    );
  });

  test("P = Q: never; Q rules out outcomes of P: the expected wait for one of them", () => {
    const same = samplesToDistinguish([0.3, 0.7], [0.3, 0.7]);
    expect(same.samples).toBe(Number.POSITIVE_INFINITY);
    expect(same.rounded).toBe(Number.POSITIVE_INFINITY);
    const ruled = samplesToDistinguish([0.2, 0.3, 0.5], [0.5, 0.5, 0]);
    expect(ruled.samples).toBe(2);
    expect(ruled.divergence).toBe(Number.POSITIVE_INFINITY);
    expect(ruled.ruledOutMass).toBe(0.5);
  });

  test("refuses a factor that is not a finite number > 1", () => {
    for (const factor of [1, 0.5, -2, Number.POSITIVE_INFINITY, Number.NaN]) {
      try {
        samplesToDistinguish([0.5, 0.5], [0.9, 0.1], { factor });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(SurprisalError);
        expect((e as SurprisalError).code).toBe("invalid-option");
        expect((e as SurprisalError).argument).toBe("factor");
      }
    }
  });
});
