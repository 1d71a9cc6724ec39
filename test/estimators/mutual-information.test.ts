import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import {
  adjustedMutualInformation,
  conditionalEntropy,
  conditionalMutualInformation,
  estimateEntropyFromSamples,
  MutualInformationAccumulator,
  miPermutationTest,
  mutualInformation,
  mutualInformationFromTable,
  normalizedMutualInformation,
} from "../../src/estimators/index.js";
import { createRng } from "../../src/numeric/rng.js";
import { num, relErr } from "../helpers/fixtures.js";
import { fixture } from "./fixture.js";

const AVERAGES = ["arithmetic", "geometric", "min", "max"] as const;

describe("MI family against mpmath and scikit-learn", () => {
  for (const c of fixture.mi) {
    test(`${c.name}: I(X;Y) (mpmath, exact), H(Y|X), I(X;Y|Z)`, () => {
      expect(relErr(mutualInformation(c.x, c.y).value, num(c.mi))).toBeLessThan(1e-13);
      expect(relErr(mutualInformation(c.x, c.y).value, num(c.sklearn_mi))).toBeLessThan(1e-12);
      expect(
        relErr(conditionalEntropy(c.y, c.x).value, num(c.conditional_entropy_y_given_x)),
      ).toBeLessThan(1e-14);
      const cmi = conditionalMutualInformation(c.x, c.y, c.z).value;
      expect(relErr(cmi, num(c.cmi))).toBeLessThan(1e-13);
    });
    test(`${c.name}: NMI and AMI, each averaging (scikit-learn)`, () => {
      for (const m of AVERAGES) {
        expect(
          relErr(normalizedMutualInformation(c.x, c.y, { average: m }), num(c.nmi[m])),
        ).toBeLessThan(1e-13);
        expect(
          relErr(adjustedMutualInformation(c.x, c.y, { average: m }), num(c.ami[m])),
        ).toBeLessThan(1e-9);
      }
    });
  }
  test("PyInform's literal: H(Y|X) = 0.899985 bits for its xs, ys", () => {
    const { xs, ys, conditional_entropy_bits } = fixture.pyinform;
    expect(conditionalEntropy(ys, xs, { base: "bits" }).value).toBeCloseTo(
      conditional_entropy_bits,
      6,
    );
  });
});

describe("laws", () => {
  const pairs = fc
    .integer({ min: 2, max: 60 })
    .chain((n) =>
      fc.tuple(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }),
      ),
    );
  fcTest.prop([pairs])("I = H(X) + H(Y) − H(X,Y) on exact tables; I ≥ 0; 0 ≤ NMI ≤ 1", ([x, y]) => {
    const i = mutualInformation(x, y).value;
    const hx = estimateEntropyFromSamples(x).value;
    const hy = estimateEntropyFromSamples(y).value;
    const hxy = estimateEntropyFromSamples(x.map((v, k) => `${v},${y[k]}`)).value;
    expect(Math.abs(i - (hx + hy - hxy))).toBeLessThan(1e-13 * Math.max(1, hx + hy));
    expect(i).toBeGreaterThanOrEqual(0);
    for (const m of AVERAGES) {
      const nmi = normalizedMutualInformation(x, y, { average: m });
      expect(nmi).toBeGreaterThanOrEqual(0);
      expect(nmi).toBeLessThanOrEqual(1);
    }
  });
  fcTest.prop([pairs])("invariant under relabelling of X and of Y", ([x, y]) => {
    const a = mutualInformation(x, y).value;
    const b = mutualInformation(
      x.map((v) => `x${(v * 7) % 5}`),
      y.map((v) => -v),
    ).value;
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-15 + 1e-13 * a);
  });
  fcTest.prop([pairs.filter(([x, y]) => new Set(x).size > 1 && new Set(y).size > 1), fc.integer()])(
    "same seed → same permutation p-value and interval",
    ([x, y], seed) => {
      const o = { ci: { replicates: 30, seed }, test: { permutations: 30, seed } };
      const a = mutualInformation(x, y, o);
      const b = mutualInformation(x, y, o);
      expect(a.ci).toEqual(b.ci);
      expect(a.test).toEqual(b.test);
    },
  );
});

describe("tables, estimators, tests, streams", () => {
  test("a table and its pairs give the same MI; flat tables with columns", () => {
    const x = [0, 0, 0, 1, 1, 2];
    const y = [0, 1, 1, 1, 0, 0];
    const t = [
      [1, 2],
      [1, 1],
      [1, 0],
    ];
    expect(mutualInformationFromTable(t).value).toBe(mutualInformation(x, y).value);
    expect(
      mutualInformationFromTable(Float64Array.of(1, 2, 1, 1, 1, 0), { columns: 2 }).value,
    ).toBe(mutualInformation(x, y).value);
  });
  test("Miller–Madow MI = plug-in − ((Kx − 1)(Ky − 1) − (Kxy − KxKy))/(2n) form, and may go negative (flagged)", () => {
    const x = [0, 1, 0, 1, 0, 1, 2, 2];
    const y = [0, 0, 1, 1, 2, 2, 0, 1];
    const p = mutualInformation(x, y).value;
    const m = mutualInformation(x, y, { estimator: "miller-madow" });
    // MM: (Kx − 1 + Ky − 1 − (Kxy − 1))/(2n)
    expect(m.value).toBeCloseTo(p + (2 + 2 - 7) / 16, 14);
    expect(m.value).toBeLessThan(0);
    expect(m.warnings).toContainEqual({ code: "negative-estimate", value: m.value });
  });
  test("the permutation p-value is small for dependence and about uniform under independence", () => {
    const rng = createRng(5);
    const x = Array.from({ length: 200 }, () => rng.nextInt(0, 3));
    const y = x.map((v) => (rng.nextFloat() < 0.5 ? v : rng.nextInt(0, 3)));
    expect(miPermutationTest(x, y, { permutations: 199, seed: 1 }).pValue).toBe(1 / 200);
    // Under independence: 40 seeded data sets; the p-values' mean near 1/2 (loose level).
    let below = 0;
    let mean = 0;
    for (let r = 0; r < 40; r++) {
      const a = Array.from({ length: 60 }, () => rng.nextInt(0, 2));
      const b = Array.from({ length: 60 }, () => rng.nextInt(0, 2));
      const pv = miPermutationTest(a, b, { permutations: 99, seed: r }).pValue;
      mean += pv / 40;
      if (pv <= 0.1) below++;
    }
    expect(mean).toBeGreaterThan(0.35);
    expect(mean).toBeLessThan(0.65);
    expect(below).toBeLessThanOrEqual(10);
  });
  test("the streaming accumulator merges exactly", () => {
    const c = fixture.mi[1];
    const a = new MutualInformationAccumulator().add(c.x.slice(0, 100), c.y.slice(0, 100));
    const b = new MutualInformationAccumulator().add(c.x.slice(100), c.y.slice(100));
    expect(relErr(a.merge(b).value().value, num(c.mi))).toBeLessThan(1e-13);
  });
  test("AMI follows scikit-learn's conventions", () => {
    expect(adjustedMutualInformation([1, 1, 1], [2, 2, 2])).toBe(1);
    expect(normalizedMutualInformation([1, 1, 1], [2, 2, 2])).toBe(1);
    expect(normalizedMutualInformation([1, 1, 2, 2], [1, 2, 1, 2])).toBe(0);
  });
});

describe("bad input", () => {
  test("unequal lengths, empty, NaN, single category for the test", () => {
    expect(() => mutualInformation([1, 2], [1])).toThrow(
      expect.objectContaining({ code: "length-mismatch", argument: "y", value: 1 }),
    );
    expect(() => mutualInformation([], [])).toThrow(
      expect.objectContaining({ code: "empty", argument: "x" }),
    );
    expect(() => mutualInformation([1, Number.NaN], [1, 2])).toThrow(
      expect.objectContaining({ code: "not-finite", argument: "x", index: 1 }),
    );
    expect(() => conditionalMutualInformation([1, 2], [1, 2], [1])).toThrow(
      expect.objectContaining({ code: "length-mismatch", argument: "z" }),
    );
    expect(() => miPermutationTest([1, 1, 1], [1, 2, 3])).toThrow(
      expect.objectContaining({ code: "single-category", argument: "x" }),
    );
    expect(() => mutualInformationFromTable([[1, 2], [3]])).toThrow(
      expect.objectContaining({ code: "length-mismatch", argument: "table", index: 1 }),
    );
    expect(() => mutualInformationFromTable([[0, 0]])).toThrow(
      expect.objectContaining({ code: "zero" }),
    );
    expect(() => normalizedMutualInformation([1], [1], { average: "mean" as never })).toThrow(
      expect.objectContaining({ argument: "average" }),
    );
  });
});
