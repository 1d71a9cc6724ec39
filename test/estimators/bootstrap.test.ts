import { describe, expect, test } from "vitest";
import { bootstrapInterval, normalQuantile, resolveCi } from "../../src/estimators/bootstrap.js";
import {
  EntropyEstimateAccumulator,
  estimateEntropy,
  estimateEntropyFromSamples,
  klFromSamples,
  mutualInformation,
} from "../../src/estimators/index.js";
import { normalCdf } from "../../src/numeric/special.js";

describe("normalQuantile", () => {
  test("inverts Φ to about 1e-15", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    for (const p of [1e-300, 1e-10, 0.01, 0.3, 0.5, 0.77, 0.999, 1 - 1e-12]) {
      const x = normalQuantile(p);
      expect(Math.abs(normalCdf(x) - p)).toBeLessThan(
        4e-15 * Math.max(p, 1e-300) + 1e-300 + (p > 0.5 ? 2e-16 : 0),
      );
    }
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("bootstrap intervals", () => {
  test("BCa of a mean: about the t-interval, same seed same bits", () => {
    const x = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 3.9, 4.1, 2.2];
    const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / v.length;
    const m = mean(x);
    const jack = x.map((_, i) => mean(x.filter((_, j) => j !== i)));
    const ci = resolveCi({ replicates: 4000, seed: 1 });
    const rep = (rng: { nextInt(a: number, b: number): number }) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[rng.nextInt(0, x.length - 1)];
      return s / x.length;
    };
    const a = bootstrapInterval(m, rep, { values: jack, weights: jack.map(() => 1) }, ci!);
    const b = bootstrapInterval(m, rep, { values: jack, weights: jack.map(() => 1) }, ci!);
    expect(a).toEqual(b);
    const sd = Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1) / x.length);
    expect(Math.abs(a.lower - (m - 1.96 * sd))).toBeLessThan(0.25 * sd);
    expect(Math.abs(a.upper - (m + 1.96 * sd))).toBeLessThan(0.25 * sd);
    expect(a.method).toBe("bca");
  });
  test("bad options are refused by name", () => {
    expect(() => resolveCi({ level: 1.5 })).toThrow(
      expect.objectContaining({ argument: "ci.level", value: 1.5 }),
    );
    expect(() => resolveCi({ replicates: 3 })).toThrow(
      expect.objectContaining({ argument: "ci.replicates" }),
    );
    expect(() => resolveCi({ method: "basic" as never })).toThrow(
      expect.objectContaining({ argument: "ci.method" }),
    );
  });
  test("coverage of the BCa interval for Miller–Madow entropy is near its level (seeded, loose)", () => {
    const p = [0.4, 0.3, 0.2, 0.1];
    const H = -p.reduce((s, v) => s + v * Math.log(v), 0);
    let seed = 100;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let covered = 0;
    const R = 60;
    for (let r = 0; r < R; r++) {
      const c = [0, 0, 0, 0];
      for (let i = 0; i < 200; i++) {
        const u = rand();
        c[u < 0.4 ? 0 : u < 0.7 ? 1 : u < 0.9 ? 2 : 3]++;
      }
      const e = estimateEntropy(c, {
        estimator: "miller-madow",
        ci: { replicates: 300, seed: r, level: 0.9 },
      });
      if (e.ci!.lower <= H && H <= e.ci!.upper) covered++;
    }
    expect(covered / R).toBeGreaterThan(0.75);
  });
});

describe("an interval of width 0 is flagged, never passed off as certainty", () => {
  const ci = { level: 0.95, replicates: 200, seed: 3 };
  test("entropy, KL and MI of samples with nothing to resample", () => {
    for (const e of [
      estimateEntropyFromSamples(["a", "a", "a"], { ci }),
      klFromSamples(["a", "a"], ["a", "a", "a"], { ci }),
      mutualInformation(["x", "x", "x"], ["y", "z", "y"], { ci }),
    ]) {
      expect(e.ci?.lower).toBe(e.ci?.upper);
      expect(e.warnings).toContainEqual({ code: "degenerate-interval", value: 0, replicates: 200 });
    }
  });
  test("an interval with spread has no such warning", () => {
    const e = estimateEntropyFromSamples(["a", "b", "a", "c", "b", "a"], { ci });
    expect(e.ci!.upper).toBeGreaterThan(e.ci!.lower);
    expect(e.warnings.map((w) => w.code)).not.toContain("degenerate-interval");
  });
});

describe("EntropyEstimateAccumulator", () => {
  test("chunks and merges give the batch estimate", () => {
    const s = "abracadabra alakazam".split("");
    const a = new EntropyEstimateAccumulator({ estimator: "grassberger" }).add(s.slice(0, 7));
    const b = new EntropyEstimateAccumulator({ estimator: "grassberger" })
      .add(s.slice(7))
      .addCounts({ z: 2 });
    const merged = a.merge(b).value();
    expect(merged.value).toBeCloseTo(
      estimateEntropyFromSamples([...s, "z", "z"], { estimator: "grassberger" }).value,
      14,
    );
    expect(merged.n).toBe(s.length + 2);
    expect(() => new EntropyEstimateAccumulator().value()).toThrow(
      expect.objectContaining({ code: "empty" }),
    );
  });
});
