/**
 * Outcomes matched by label, the smoothing option and the report of infinite outcomes, against the
 * mpmath values of scripts/gen_edges.py (test/fixtures/edges.json).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import {
  contributions,
  crossEntropy,
  entropy,
  hellinger,
  jsDivergence,
  klDivergence,
  measureReport,
  renyiDivergence,
  totalVariation,
} from "../../src/index.js";
import { num, relErr } from "../helpers/fixtures.js";

interface LabelledCase {
  name: string;
  p: Record<string, number>;
  q: Record<string, number>;
  labels: string[];
  kl: Record<string, number | string>;
  entropy_p: Record<string, number | string>;
  infinite_at: string[];
}
const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/edges.json"), "utf8"),
) as { labelled: LabelledCase[] };

const SMOOTHING = {
  none: undefined,
  jeffreys: "jeffreys",
  laplace: "laplace",
  perks: "perks",
  pseudo: { pseudocount: 0.01 },
} as const;

/** Measured worst 3e-16 over the cases; held to 8ε. */
const TOL = 8 * Number.EPSILON;

describe("labelled histograms are aligned on the union of labels (missing label = 0)", () => {
  for (const c of fixture.labelled) {
    for (const [name, smoothing] of Object.entries(SMOOTHING)) {
      test(`${c.name}, smoothing ${name}`, () => {
        const o = { input: "counts" as const, smoothing };
        const expected = num(c.kl[name] as number);
        expect(relErr(klDivergence(c.p, c.q, o), expected)).toBeLessThanOrEqual(TOL);
        // A Map with the labels in another order gives the same value.
        const qMap = new Map(Object.entries(c.q).reverse());
        expect(
          relErr(klDivergence(new Map(Object.entries(c.p)), qMap, o), expected),
        ).toBeLessThanOrEqual(TOL);
        expect(relErr(entropy(c.p, o), num(c.entropy_p[name] as number))).toBeLessThanOrEqual(TOL);
        const r = measureReport("klDivergence", c.p, c.q, o);
        expect(r.value).toBe(klDivergence(c.p, c.q, o));
        expect(r.labels).toEqual(c.labels);
        expect(r.infiniteAt).toEqual(smoothing === undefined ? c.infinite_at : []);
        if (smoothing === undefined) expect(r.smoothing).toBeUndefined();
        else
          expect(r.smoothing?.pseudocount).toBe(
            name === "perks"
              ? 1 / c.labels.length
              : name === "pseudo"
                ? 0.01
                : name === "jeffreys"
                  ? 0.5
                  : 1,
          );
      });
    }
  }

  test("the new user's case: other vocabularies and row orders are no longer refused", () => {
    const p = { heads: 3, tails: 1 };
    const q = new Map([
      ["tails", 2],
      ["edge", 1],
    ]);
    expect(klDivergence(p, q, { input: "counts" })).toBe(Number.POSITIVE_INFINITY);
    expect(klDivergence(q, p, { input: "counts" })).toBe(Number.POSITIVE_INFINITY);
    // Every measure of two distributions takes labels.
    const a = { x: 0.2, y: 0.8 };
    const b = { y: 0.5, x: 0.5 };
    expect(jsDivergence(a, b)).toBe(jsDivergence([0.2, 0.8], [0.5, 0.5]));
    expect(totalVariation(a, b)).toBe(totalVariation([0.2, 0.8], [0.5, 0.5]));
    expect(hellinger(a, b)).toBe(hellinger([0.2, 0.8], [0.5, 0.5]));
    expect(crossEntropy(a, b)).toBe(crossEntropy([0.2, 0.8], [0.5, 0.5]));
    expect(renyiDivergence(a, b, { alpha: 2 })).toBe(
      renyiDivergence([0.2, 0.8], [0.5, 0.5], { alpha: 2 }),
    );
  });

  test("log-probabilities by label: a missing label is probability 0 (−∞)", () => {
    const p = { a: Math.log(0.5), b: Math.log(0.5) };
    const q = { a: Math.log(0.9), b: Math.log(0.1), c: Number.NEGATIVE_INFINITY };
    const lp = [Math.log(0.5), Math.log(0.5), Number.NEGATIVE_INFINITY];
    const lq = [Math.log(0.9), Math.log(0.1), Number.NEGATIVE_INFINITY];
    const o = { input: "logprobs" as const };
    expect(klDivergence(p, q, o)).toBe(klDivergence(lp, lq, o));
    expect(klDivergence(q, p, o)).toBe(klDivergence(lq, lp, o));
    expect(relErr(klDivergence(p, q, o), 0.5108256237659907)).toBeLessThanOrEqual(
      4 * Number.EPSILON,
    );
    const r = measureReport("klDivergence", { a: 0, z: 0 }, { a: 0 }, { input: "logits" });
    expect(r.infiniteAt).toEqual(["z"]);
  });

  test("contributions carry the labels, the infinite outcomes and the smoothing", () => {
    const c = contributions({ heads: 3, tails: 1 }, { tails: 2, edge: 1 }, { input: "counts" });
    expect(c.labels).toEqual(["heads", "tails", "edge"]);
    expect(c.infiniteAt).toEqual(["heads"]);
    const s = contributions(
      { heads: 3, tails: 1 },
      { tails: 2, edge: 1 },
      { input: "counts", smoothing: "jeffreys" },
    );
    expect(s.smoothing).toEqual({ preset: "jeffreys", pseudocount: 0.5 });
    expect(s.infiniteAt).toEqual([]);
    expect(contributions([0.5, 0.5], [1, 0]).infiniteAt).toEqual([1]);
    expect(contributions([0.5, 0.5], [0.5, 0.5]).labels).toBeUndefined();
  });

  test("refusals name the label; mixing labels and positions is refused", () => {
    expect(() => klDivergence({ a: -1, b: 2 }, { a: 1 }, { input: "counts" })).toThrow(
      expect.objectContaining({ code: "negative", argument: "p", value: "a" }),
    );
    expect(() => klDivergence({ a: 1 }, { a: Number.NaN }, { input: "counts" })).toThrow(
      expect.objectContaining({ code: "not-finite", argument: "q", value: "a" }),
    );
    expect(() => klDivergence({ a: 1 }, [1], { input: "counts" })).toThrow(
      expect.objectContaining({ code: "invalid-option", argument: "q" }),
    );
    expect(() => klDivergence({}, {}, { input: "counts" })).toThrow(
      expect.objectContaining({ code: "empty" }),
    );
  });

  fcTest.prop([
    fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e"), fc.integer({ min: 0, max: 50 }), {
      minKeys: 1,
    }),
    fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e", "f"), fc.integer({ min: 1, max: 50 }), {
      minKeys: 1,
    }),
  ])("by label = by position on the union of labels, whatever the key order", (p, q) => {
    fc.pre(Object.values(p).some((v) => v > 0));
    const labels = [...new Set([...Object.keys(p), ...Object.keys(q)])].sort();
    const pv = labels.map((k) => p[k] ?? 0);
    const qv = labels.map((k) => q[k] ?? 0);
    const o = { input: "counts" as const };
    const reversed = Object.fromEntries(Object.entries(q).reverse());
    expect(klDivergence(p, reversed, o)).toBe(klDivergence(pv, qv, o));
  });
});

describe("smoothing is explicit", () => {
  test("never by default; the pseudocount of each preset", () => {
    expect(klDivergence([3, 1], [4, 0], { input: "counts" })).toBe(Number.POSITIVE_INFINITY);
    const o = (smoothing: unknown) => ({ input: "counts" as const, smoothing: smoothing as never });
    expect(klDivergence([3, 1], [4, 0], o("laplace"))).toBe(
      klDivergence([4, 2], [5, 1], { input: "counts" }),
    );
    expect(klDivergence([3, 1], [4, 0], o("jeffreys"))).toBe(
      klDivergence([3.5, 1.5], [4.5, 0.5], { input: "counts" }),
    );
    expect(klDivergence([3, 1], [4, 0], o({ pseudocount: 0 }))).toBe(Number.POSITIVE_INFINITY);
  });

  test("refused for probabilities, and bad pseudocounts are refused", () => {
    expect(() => klDivergence([0.5, 0.5], [1, 0], { smoothing: "jeffreys" })).toThrow(
      expect.objectContaining({ code: "invalid-option", argument: "smoothing" }),
    );
    for (const bad of [
      "jefreys",
      { pseudocount: -1 },
      { pseudocount: Number.NaN },
      { pseudo: 1 },
      0.5,
    ]) {
      expect(() =>
        klDivergence([1, 1], [1, 1], { input: "counts", smoothing: bad as never }),
      ).toThrow(
        expect.objectContaining({ code: expect.stringMatching(/invalid-option|unknown-option/) }),
      );
    }
  });

  test("negative counts are refused before the pseudocount is added", () => {
    expect(() =>
      klDivergence([-0.5, 1], [1, 1], { input: "counts", smoothing: "laplace" }),
    ).toThrow(expect.objectContaining({ code: "negative", index: 0 }));
  });
});
