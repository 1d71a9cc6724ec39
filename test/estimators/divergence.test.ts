import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import {
  jsFromHistograms,
  jsFromSamples,
  klFromHistograms,
  klFromSamples,
} from "../../src/estimators/index.js";
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
      });
    }
  }
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
