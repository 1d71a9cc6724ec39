import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { SurprisalError } from "../../src/errors.js";
import { categoricalSampler, createAliasTable, sampleSequence } from "../../src/sampling/index.js";
import { samplingFixture } from "./fixture.js";

/** The probability of each outcome implied by an alias table: Σ over columns, each worth 1/n. */
function impliedProbabilities(t: ReturnType<typeof createAliasTable>): number[] {
  const out = new Array<number>(t.size).fill(0);
  for (let c = 0; c < t.size; c++) {
    out[c] += t.probability[c] / t.size;
    out[t.alias[c]] += (1 - t.probability[c]) / t.size;
  }
  return out;
}

function chiSquared(draws: Int32Array, p: readonly number[]): number {
  const counts = new Array<number>(p.length).fill(0);
  for (const x of draws) counts[x]++;
  let chi2 = 0;
  for (let k = 0; k < p.length; k++) {
    if (p[k] === 0) continue;
    const e = draws.length * p[k];
    chi2 += (counts[k] - e) ** 2 / e;
  }
  return chi2;
}

describe("createAliasTable", () => {
  test("each outcome gets exactly its probability back (to rounding)", () => {
    for (const c of samplingFixture.samplers) {
      const implied = impliedProbabilities(createAliasTable(c.p));
      for (let k = 0; k < c.p.length; k++)
        expect(Math.abs(implied[k] - c.p[k])).toBeLessThan(1e-15);
    }
  });

  test("outcomes of probability 0 can never be drawn", () => {
    const p = samplingFixture.samplers.find((c) => c.name === "with_zeros")!.p;
    const t = createAliasTable(p);
    for (let c = 0; c < t.size; c++) {
      if (p[c] === 0) expect(t.probability[c]).toBe(0);
      expect(p[t.alias[c]]).toBeGreaterThan(0);
    }
    const draws = sampleSequence(p, 100_000, { seed: 5 });
    let impossible = 0;
    for (const x of draws) if (p[x] === 0) impossible++;
    expect(impossible).toBe(0);
  });

  fcTest.prop([
    fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
  ])("law: the table reproduces any distribution given as counts", (w) => {
    fc.pre(w.some((x) => x > 0));
    const total = w.reduce((a, b) => a + b, 0);
    const implied = impliedProbabilities(createAliasTable(w, { input: "counts" }));
    for (let k = 0; k < w.length; k++) {
      expect(Math.abs(implied[k] - w[k] / total)).toBeLessThanOrEqual(1e-14);
      if (w[k] === 0) expect(implied[k]).toBe(0);
    }
  });

  test("accepts logits and log-probabilities", () => {
    const t = createAliasTable([0, Math.log(3)], { input: "logits" });
    const implied = impliedProbabilities(t);
    expect(implied[0]).toBeCloseTo(0.25, 15);
    expect(implied[1]).toBeCloseTo(0.75, 15);
  });

  test("refuses invalid distributions", () => {
    expect(() => createAliasTable([0.5, -0.1, 0.6])).toThrow(SurprisalError);
    expect(() => createAliasTable([])).toThrow(/empty/);
    expect(() => createAliasTable([0.2, 0.2])).toThrow(/sum/);
  });
});

describe("categorical sampling: χ² goodness of fit (fixed seeds)", () => {
  // For a correct sampler, χ² over k' outcomes with positive probability is asymptotically
  // χ²(k' − 1); the threshold is its 1 − 1e-6 quantile (scipy), so each check would fail with
  // probability 1e-6 for a random seed. The seeds are fixed, so the test is deterministic.
  const N = 200_000;
  for (const c of samplingFixture.samplers) {
    test(`${c.name}: χ² below the α = ${c.alpha} critical value ${c.chi2_critical.toFixed(2)}`, () => {
      for (const seed of [1, 2, 3]) {
        const draws = sampleSequence(c.p, N, { seed });
        expect(chiSquared(draws, c.p)).toBeLessThan(c.chi2_critical);
      }
    });
  }

  test("the χ² check has power: the loaded die's draws fail a fair-die hypothesis", () => {
    const c = samplingFixture.samplers.find((s) => s.name === "loaded_die")!;
    const draws = sampleSequence(c.p, N, { seed: 1 });
    expect(
      chiSquared(
        draws,
        [1, 1, 1, 1, 1, 1].map((x) => x / 6),
      ),
    ).toBeGreaterThan(100 * c.chi2_critical);
  });
});

describe("categoricalSampler / sampleSequence", () => {
  test("the same seed gives the same draws; another seed other draws", () => {
    const p = [0.2, 0.3, 0.5];
    expect(sampleSequence(p, 1000, { seed: 9 })).toEqual(sampleSequence(p, 1000, { seed: 9 }));
    expect(sampleSequence(p, 1000, { seed: 9 })).not.toEqual(sampleSequence(p, 1000, { seed: 10 }));
  });

  test("a shorter sequence is a prefix of a longer one with the same seed", () => {
    const p = [0.2, 0.3, 0.5];
    const long = sampleSequence(p, 1000, { seed: 4 });
    expect(sampleSequence(p, 100, { seed: 4 })).toEqual(long.subarray(0, 100));
  });

  test("next() and sample() draw from one stream", () => {
    const p = [0.1, 0.9];
    const a = categoricalSampler(p, { seed: 11 });
    const first = [a.next(), a.next(), a.next()];
    const rest = a.sample(5);
    expect([...first, ...rest]).toEqual([...sampleSequence(p, 8, { seed: 11 })]);
  });

  test("returns an Int32Array of indices in range", () => {
    const x = sampleSequence([1, 2, 3, 4], 500, { input: "counts", seed: 2 });
    expect(x).toBeInstanceOf(Int32Array);
    expect(x.length).toBe(500);
    for (const v of x) expect(v >= 0 && v < 4).toBe(true);
  });

  test("refuses n ≤ 0, a fractional n and a bad seed", () => {
    const p = [0.5, 0.5];
    for (const n of [0, -3, 2.5, Number.NaN]) {
      try {
        sampleSequence(p, n);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(SurprisalError);
        expect((e as SurprisalError).code).toBe("invalid-option");
        expect((e as SurprisalError).argument).toBe("n");
        expect((e as SurprisalError).value).toBe(n);
      }
    }
    expect(() => categoricalSampler(p).sample(0)).toThrow(/count = 0/);
    expect(() => sampleSequence(p, 3, { seed: 1.5 })).toThrow(/seed = 1.5/);
  });
});
