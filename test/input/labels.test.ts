import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { SurprisalError } from "../../src/errors.js";
import { alignCounts, alignSamples, countLabels, encodeLabels } from "../../src/input/labels.js";

describe("countLabels", () => {
  test("counts by label in order of first appearance", () => {
    expect([...countLabels(["b", "a", "b", 1, "1"])]).toEqual([
      ["b", 2],
      ["a", 1],
      [1, 1],
      ["1", 1],
    ]);
  });
  test("refuses empty samples, NaN and non-labels, naming argument and index", () => {
    expect(() => countLabels([], "x")).toThrow(
      expect.objectContaining({ code: "empty", argument: "x" }),
    );
    expect(() => countLabels([1, Number.NaN], "x")).toThrow(
      expect.objectContaining({ code: "not-finite", argument: "x", index: 1 }),
    );
    expect(() => countLabels([{}] as never, "x")).toThrow(SurprisalError);
  });
});

describe("alignCounts", () => {
  test("puts histograms on the union of labels, missing label = 0", () => {
    const a = alignCounts([
      { a: 2, b: 1 },
      new Map([
        ["c", 4],
        ["a", 1],
      ]),
    ]);
    expect(a.labels).toEqual(["a", "b", "c"]);
    expect(Array.from(a.counts[0])).toEqual([2, 1, 0]);
    expect(Array.from(a.counts[1])).toEqual([1, 0, 4]);
  });
  test("refuses negative and non-finite counts, naming the label", () => {
    expect(() => alignCounts([{ a: -1 }], ["p"])).toThrow(
      expect.objectContaining({ code: "negative", argument: "p", value: "a" }),
    );
    expect(() => alignCounts([{ a: Number.NaN }], ["p"])).toThrow(
      expect.objectContaining({ code: "not-finite", argument: "p", value: "a" }),
    );
    expect(() => alignCounts([{}, {}])).toThrow(expect.objectContaining({ code: "empty" }));
  });
  fcTest.prop([
    fc.array(fc.constantFrom("a", "b", "c", "d", 1, 2), { minLength: 1 }),
    fc.array(fc.constantFrom("a", "b", "c", "d", 1, 2), { minLength: 1 }),
  ])("each sample's counts sum to its length, and each label keeps its count", (x, y) => {
    const { labels, counts } = alignSamples([x, y]);
    expect(counts[0].reduce((s, v) => s + v, 0)).toBe(x.length);
    expect(counts[1].reduce((s, v) => s + v, 0)).toBe(y.length);
    labels.forEach((l, i) => {
      expect(counts[0][i]).toBe(x.filter((v) => v === l).length);
      expect(counts[1][i]).toBe(y.filter((v) => v === l).length);
    });
  });
});

describe("encodeLabels", () => {
  test("codes labels 0 … K − 1 by first appearance", () => {
    const e = encodeLabels(["x", "y", "x"]);
    expect(Array.from(e.codes)).toEqual([0, 1, 0]);
    expect(e.labels).toEqual(["x", "y"]);
  });
});
