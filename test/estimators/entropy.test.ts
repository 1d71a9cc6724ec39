import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import {
  ENTROPY_ESTIMATORS,
  estimateEntropy,
  estimateEntropyFromSamples,
  grassbergerG,
} from "../../src/estimators/index.js";
import { nsbPosterior } from "../../src/estimators/nsb.js";
import { createRng } from "../../src/numeric/rng.js";
import { num, relErr } from "../helpers/fixtures.js";
import { fixture } from "./fixture.js";

// Tolerances at the accuracy reached (relative): closed forms 1e-13; jackknife (n·Ĥ − (n−1)·mean
// cancels about log10(n) digits) 1e-11; NSB (quadrature) 1e-10 for the mean, 1e-8 for the std.
const TOL: Record<string, number> = {
  plugin: 1e-14,
  "miller-madow": 1e-14,
  jackknife: 1e-13,
  grassberger: 1e-13,
  "chao-shen": 1e-13,
  "james-stein": 1e-13,
  nsb: 1e-10,
};

describe("entropy estimators against mpmath (scripts/gen_estimators.py)", () => {
  for (const c of fixture.entropy) {
    for (const e of ENTROPY_ESTIMATORS) {
      const ref = c[e] as number | string | null | undefined;
      if (ref === undefined || ref === null) continue;
      test(`${c.name}: ${e}`, () => {
        const r = estimateEntropy(c.counts, { estimator: e, categories: c.categories });
        const tol = TOL[e];
        const expected = num(ref);
        if (expected === 0) expect(Math.abs(r.value)).toBeLessThan(1e-15);
        else expect(relErr(r.value, expected)).toBeLessThan(tol);
      });
    }
    test(`${c.name}: standard errors and James–Stein λ`, () => {
      expect(relErr(estimateEntropy(c.counts).se ?? Number.NaN, num(c.plugin_se))).toBeLessThan(
        1e-12,
      );
      const js = estimateEntropy(c.counts, { estimator: "james-stein", categories: c.categories });
      expect(relErr(js.details?.lambda ?? Number.NaN, num(c["james-stein_lambda"]))).toBeLessThan(
        1e-13,
      );
      if (c.jackknife_se !== null) {
        const jk = estimateEntropy(c.counts, { estimator: "jackknife" });
        const ref = num(c.jackknife_se);
        expect(ref === 0 ? jk.se : relErr(jk.se ?? Number.NaN, ref)).toBeLessThan(1e-10);
      }
      if (c.nsb_std !== undefined) {
        const nsb = estimateEntropy(c.counts, { estimator: "nsb", categories: c.categories });
        expect(relErr(nsb.se ?? Number.NaN, num(c.nsb_std))).toBeLessThan(1e-8);
      }
    });
  }

  test("NSB on the sample [1, 1, 2] is the paper's 0.8497 bits, not infomeasure's 0.7915", () => {
    const r = estimateEntropyFromSamples([1, 1, 2], { estimator: "nsb", base: "bits" });
    const ref = fixture.entropy.find((c) => c.name === "sample_1_1_2");
    expect(relErr(r.value, num(ref?.nsb ?? 0) / Math.LN2)).toBeLessThan(1e-10);
    expect(r.value).toBeCloseTo(0.8497, 4);
  });

  test("Grassberger's G(1) = −γ − ln 2, G(2) = 2 − γ − ln 2, and G(n) → ln n", () => {
    expect(grassbergerG(1)).toBeCloseTo(-0.5772156649015329 - Math.LN2, 14);
    expect(grassbergerG(2)).toBeCloseTo(2 - 0.5772156649015329 - Math.LN2, 14);
    expect(grassbergerG(1e6) - Math.log(1e6)).toBeLessThan(1e-6);
  });
});

describe("laws", () => {
  const counts = fc
    .array(fc.integer({ min: 0, max: 30 }), { minLength: 2, maxLength: 12 })
    .filter((c) => c.filter((v) => v > 0).length >= 1);
  fcTest.prop([counts, fc.constantFrom(...ENTROPY_ESTIMATORS)])(
    "invariant under relabelling (permuting the counts)",
    (c, e) => {
      const a = estimateEntropy(c, { estimator: e, categories: Math.max(2, c.length) }).value;
      const b = estimateEntropy([...c].reverse(), {
        estimator: e,
        categories: Math.max(2, c.length),
      }).value;
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a)));
    },
  );
  fcTest.prop([counts])("Miller–Madow ≥ plug-in, both ≤ ln K + (K−1)/(2n)", (c) => {
    const p = estimateEntropy(c).value;
    const m = estimateEntropy(c, { estimator: "miller-madow" }).value;
    expect(m).toBeGreaterThanOrEqual(p);
    expect(p).toBeLessThanOrEqual(Math.log(c.length) + 1e-12);
  });
  fcTest.prop([counts, fc.integer()])("same seed, same interval", (c, seed) => {
    const o = { estimator: "miller-madow" as const, ci: { replicates: 50, seed } };
    expect(estimateEntropy(c, o).ci).toEqual(estimateEntropy(c, o).ci);
  });
});

describe("records and warnings", () => {
  test("the record names estimator, n, categories, unit; warns when n < K", () => {
    const r = estimateEntropy([1, 1, 0, 0, 0], { estimator: "chao-shen", base: "bits" });
    expect(r).toMatchObject({
      estimator: "chao-shen",
      n: 2,
      observed: 2,
      categories: 5,
      unit: "bits",
    });
    expect(r.warnings).toContainEqual({
      code: "fewer-samples-than-categories",
      n: 2,
      categories: 5,
    });
    expect(estimateEntropy([1, 1, 1], { estimator: "nsb" }).warnings).toContainEqual({
      code: "no-coincidences",
      n: 3,
    });
  });
  test("labelled histograms and samples give the same estimate", () => {
    const a = estimateEntropy({ a: 3, b: 1, c: 2 }, { estimator: "grassberger" }).value;
    const b = estimateEntropyFromSamples(["a", "c", "a", "b", "c", "a"], {
      estimator: "grassberger",
    }).value;
    expect(a).toBe(b);
  });
  test("bootstrap intervals: BCa and percentile contain the estimate, recorded with seed and replicates", () => {
    for (const method of ["bca", "percentile"] as const) {
      const r = estimateEntropy([30, 20, 10, 5, 3, 1, 1], {
        estimator: "miller-madow",
        ci: { method, seed: 7, replicates: 400 },
      });
      expect(r.ci).toMatchObject({ method, seed: 7, replicates: 400, level: 0.95 });
      expect(r.ci?.lower).toBeLessThan(r.value);
      expect(r.ci?.upper).toBeGreaterThan(r.value);
    }
  });
});

describe("convergence to the true entropy (seeded draws)", () => {
  // P = Zipf over 50 categories; each estimator's mean over 200 draws of n samples, against H(P)
  // within 4 standard errors of that mean (plus the known residual bias of the plug-in at n = 100).
  const K = 50;
  const w = Array.from({ length: K }, (_, i) => 1 / (i + 1));
  const s = w.reduce((a, b) => a + b, 0);
  const p = w.map((v) => v / s);
  const H = -p.reduce((a, v) => a + v * Math.log(v), 0);
  const cum = p.map(
    (
      (acc) => (v: number) =>
        (acc += v)
    )(0),
  );
  function draw(n: number, rng: ReturnType<typeof createRng>): number[] {
    const c = new Array<number>(K).fill(0);
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      let j = 0;
      while (j < K - 1 && cum[j] < u) j++;
      c[j]++;
    }
    return c;
  }
  test("corrected estimators are unbiased within 4 SE at n = 1000 and far less biased than plug-in at n = 100", () => {
    const rng = createRng(16);
    const bias: Record<string, { n100: number; n1000: number; se1000: number }> = {};
    for (const e of ["plugin", "miller-madow", "grassberger", "chao-shen", "nsb"] as const) {
      bias[e] = { n100: 0, n1000: 0, se1000: 0 };
    }
    const R = 100;
    const vals: Record<string, number[]> = {};
    for (let r = 0; r < R; r++) {
      const c100 = draw(100, rng);
      const c1000 = draw(1000, rng);
      for (const e of Object.keys(bias) as (keyof typeof bias)[]) {
        bias[e].n100 +=
          (estimateEntropy(c100, { estimator: e as never, categories: K }).value - H) / R;
        const v = estimateEntropy(c1000, { estimator: e as never, categories: K }).value;
        (vals[e] ??= []).push(v);
      }
    }
    for (const e of Object.keys(bias)) {
      const m = vals[e].reduce((a, b) => a + b, 0) / R;
      const sd = Math.sqrt(vals[e].reduce((a, b) => a + (b - m) ** 2, 0) / (R - 1));
      bias[e].n1000 = m - H;
      bias[e].se1000 = sd / Math.sqrt(R);
    }
    for (const e of ["miller-madow", "grassberger", "chao-shen", "nsb"]) {
      expect(Math.abs(bias[e].n1000)).toBeLessThan(4 * bias[e].se1000);
      expect(Math.abs(bias[e].n100)).toBeLessThan(Math.abs(bias.plugin.n100) / 2);
    }
    expect(bias.plugin.n100).toBeLessThan(-0.1);
  });
});

describe("bad input", () => {
  test("each refusal names the argument and value", () => {
    expect(() => estimateEntropy([])).toThrow(
      expect.objectContaining({ code: "empty", argument: "counts" }),
    );
    expect(() => estimateEntropy([0, 0])).toThrow(
      expect.objectContaining({ code: "zero", argument: "counts" }),
    );
    expect(() => estimateEntropy([1, Number.NaN])).toThrow(
      expect.objectContaining({ code: "not-finite", argument: "counts", index: 1 }),
    );
    expect(() => estimateEntropy([1, 2.5], { estimator: "miller-madow" })).toThrow(
      expect.objectContaining({ code: "not-integer", argument: "counts", index: 1, value: 2.5 }),
    );
    expect(() => estimateEntropy([5], { estimator: "nsb" })).toThrow(
      expect.objectContaining({ code: "single-category", argument: "categories", value: 1 }),
    );
    expect(() => estimateEntropy([1, 2], { estimator: "mle" as never })).toThrow(
      expect.objectContaining({ code: "invalid-option", argument: "estimator", value: "mle" }),
    );
    expect(() => estimateEntropyFromSamples([])).toThrow(
      expect.objectContaining({ code: "empty", argument: "samples" }),
    );
  });
  test("the NSB posterior of a big alphabet is quick enough to run in a test (10⁴ categories)", () => {
    const rng = createRng(3);
    const c = Array.from({ length: 10_000 }, () => Math.floor(-Math.log(1 - rng.nextFloat()) * 2));
    const r = nsbPosterior(c, 10_000);
    expect(r.mean).toBeGreaterThan(0);
    expect(r.mean).toBeLessThan(Math.log(10_000));
  });
});
