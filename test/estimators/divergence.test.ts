import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import {
  jsFromHistograms,
  jsFromSamples,
  klFromHistograms,
  klFromSamples,
} from "../../src/estimators/index.js";
import { klDivergence } from "../../src/measures/kl.js";
import { createRng } from "../../src/numeric/rng.js";
import { num, relErr } from "../helpers/fixtures.js";
import { fixture } from "./fixture.js";

const SMOOTHING = { none: "none", jeffreys: "jeffreys", laplace: "laplace", "0.1": 0.1 } as const;

describe("KL and JS between samples against mpmath", () => {
  for (const c of fixture.klJs) {
    for (const [key, smoothing] of Object.entries(SMOOTHING)) {
      test(`${c.name}, smoothing ${key}`, () => {
        const kl = klFromSamples(c.p, c.q, { smoothing });
        const js = jsFromSamples(c.p, c.q, { smoothing });
        const refKl = num(c.kl[key]);
        if (refKl === Number.POSITIVE_INFINITY) expect(kl.value).toBe(Number.POSITIVE_INFINITY);
        else expect(relErr(kl.value, refKl)).toBeLessThan(1e-14);
        expect(relErr(js.value, num(c.js[key]))).toBeLessThan(1e-14);
        expect(kl.labels).toEqual(c.labels);
        // The bias-corrected estimator: the plug-in minus its first-order bias, in mpmath.
        const mm = { smoothing, estimator: "miller-madow" } as const;
        const klMm = klFromSamples(c.p, c.q, mm);
        const refKlMm = num(c.kl_miller_madow[key]);
        if (refKlMm === Number.POSITIVE_INFINITY) expect(klMm.value).toBe(refKlMm);
        else expect(Math.abs(klMm.value - refKlMm)).toBeLessThan(1e-14 * Math.max(1, kl.value));
        const jsMm = jsFromSamples(c.p, c.q, mm);
        expect(Math.abs(jsMm.value - num(c.js_miller_madow[key]))).toBeLessThan(1e-14);
        expect(klMm.estimator).toBe("miller-madow");
      });
    }
  }
});

describe("the bias-corrected estimators (estimator: miller-madow)", () => {
  /** n draws from the distribution p (cumulative search), as labels 0…K−1. */
  function draw(p: number[], n: number, rng: ReturnType<typeof createRng>): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      let u = rng.nextFloat();
      let k = 0;
      while (k < p.length - 1 && u >= (p[k] as number)) u -= p[k++] as number;
      out.push(k);
    }
    return out;
  }
  const P = [0.4, 0.25, 0.15, 0.1, 0.06, 0.04];
  const Q = [0.3, 0.3, 0.15, 0.1, 0.1, 0.05];

  test("two samples of one distribution: the plug-in is biased up, the corrected about 0", () => {
    const rng = createRng(20261207);
    const reps = 400;
    const stats = {
      plugin: [] as number[],
      mm: [] as number[],
      jsPlugin: [] as number[],
      jsMm: [] as number[],
    };
    for (let r = 0; r < reps; r++) {
      const a = draw(P, 300, rng);
      const b = draw(P, 200, rng);
      stats.plugin.push(klFromSamples(a, b, { smoothing: "jeffreys" }).value);
      stats.mm.push(
        klFromSamples(a, b, { smoothing: "jeffreys", estimator: "miller-madow" }).value,
      );
      stats.jsPlugin.push(jsFromSamples(a, b).value);
      stats.jsMm.push(jsFromSamples(a, b, { estimator: "miller-madow" }).value);
    }
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const se = (x: number[]) => {
      const m = mean(x);
      return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1) / x.length);
    };
    // Plug-in: (K − 1)(1/n + 1/m)/2 ≈ 0.021 nats above the truth 0, many SE away.
    expect(mean(stats.plugin)).toBeGreaterThan(10 * se(stats.plugin));
    expect(Math.abs(mean(stats.mm))).toBeLessThan(4 * se(stats.mm));
    expect(mean(stats.jsPlugin)).toBeGreaterThan(10 * se(stats.jsPlugin));
    expect(Math.abs(mean(stats.jsMm))).toBeLessThan(4 * se(stats.jsMm));
  });

  test("two different distributions: the corrected mean is closer to the true D(P‖Q)", () => {
    const rng = createRng(7);
    const truth = klDivergence(P, Q);
    let plugin = 0;
    let mm = 0;
    const reps = 300;
    for (let r = 0; r < reps; r++) {
      const a = draw(P, 150, rng);
      const b = draw(Q, 150, rng);
      plugin += klFromSamples(a, b, { smoothing: "jeffreys" }).value / reps;
      mm += klFromSamples(a, b, { smoothing: "jeffreys", estimator: "miller-madow" }).value / reps;
    }
    expect(Math.abs(mm - truth)).toBeLessThan(Math.abs(plugin - truth) / 3);
  });

  test("a negative estimate is returned as it is, flagged; a bad estimator is refused", () => {
    const r = klFromSamples(["a", "a", "b"], ["a", "b", "b"], { estimator: "miller-madow" });
    expect(r.value).toBeLessThan(0);
    expect(r.warnings).toContainEqual({ code: "negative-estimate", value: r.value });
    expect(() => klFromSamples(["a"], ["a"], { estimator: "nsb" as never })).toThrow(
      /estimator = "nsb" is not an estimator of a divergence between samples/,
    );
  });
});

describe("unseen categories", () => {
  test("no smoothing: +∞ naming the category; pseudo-counts stated", () => {
    const r = klFromSamples(["a", "c", "c"], ["a", "b"]);
    expect(r.value).toBe(Number.POSITIVE_INFINITY);
    expect(r.infiniteAt).toBe("c");
    expect(r.unseenInQ).toEqual(["c"]);
    expect(r.unseenInP).toEqual(["b"]);
    expect(r.warnings).toContainEqual({ code: "unseen-category", label: "c", count: 1 });
    const j = klFromSamples(["a", "c", "c"], ["a", "b"], { smoothing: "jeffreys" });
    expect(j).toMatchObject({ smoothing: "jeffreys", pseudoCount: 0.5 });
    expect(Number.isFinite(j.value)).toBe(true);
    expect(klFromSamples(["a"], ["a"], { smoothing: 0.25 })).toMatchObject({
      smoothing: "add-alpha",
      pseudoCount: 0.25,
    });
  });
  test("matched by label, never by position", () => {
    expect(klFromHistograms({ a: 2, b: 1 }, { b: 1, a: 2 }).value).toBe(0);
    expect(jsFromHistograms(new Map([[1, 5]]), new Map([["1", 5]]), { base: "bits" }).value).toBe(
      1,
    );
  });
  test("bootstrap interval with its seed; none when the value is +∞", () => {
    const r = klFromSamples("aaabbbccd".split(""), "aabbbcccd".split(""), {
      ci: { seed: 3, replicates: 200 },
      smoothing: "laplace",
    });
    expect(r.ci).toMatchObject({ seed: 3, replicates: 200 });
    expect(klFromSamples(["a", "b"], ["a"], { ci: true }).ci).toBeUndefined();
  });
  test("bad smoothing and empty samples are refused by name", () => {
    expect(() => klFromSamples(["a"], ["a"], { smoothing: -1 })).toThrow(
      expect.objectContaining({ code: "invalid-option", argument: "smoothing", value: -1 }),
    );
    expect(() => klFromSamples([], ["a"])).toThrow(
      expect.objectContaining({ code: "empty", argument: "p" }),
    );
    expect(() => jsFromSamples(["a"], [Number.NaN])).toThrow(
      expect.objectContaining({ code: "not-finite", argument: "q" }),
    );
  });
});

describe("laws", () => {
  const sample = fc.array(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 40 });
  fcTest.prop([sample, sample])("relabelling both samples leaves KL and JS unchanged", (p, q) => {
    const map: Record<string, string> = { a: "z", b: "y", c: "x", d: "w" };
    const o = { smoothing: "jeffreys" as const };
    expect(
      klFromSamples(
        p.map((v) => map[v]),
        q.map((v) => map[v]),
        o,
      ).value,
    ).toBe(klFromSamples(p, q, o).value);
    expect(
      jsFromSamples(
        p.map((v) => map[v]),
        q.map((v) => map[v]),
      ).value,
    ).toBe(jsFromSamples(p, q).value);
  });
});
