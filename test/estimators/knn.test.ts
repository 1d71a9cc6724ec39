import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import {
  KdTree,
  knnEntropy,
  knnKlDivergence,
  ksgMutualInformation,
} from "../../src/estimators/index.js";
import { createRng } from "../../src/numeric/rng.js";
import { digamma } from "../../src/numeric/special.js";
import { num, relErr } from "../helpers/fixtures.js";
import { fixture, normals } from "./fixture.js";

describe("k-d tree against brute force (max-norm)", () => {
  const pts = fc.integer({ min: 1, max: 4 }).chain((d) =>
    fc.tuple(
      fc.constant(d),
      fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: d, maxLength: d }), {
        minLength: 2,
        maxLength: 80,
      }),
    ),
  );
  fcTest.prop([pts, fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 6, noNaN: true })])(
    "k-th distance and strict / non-strict radius counts (with many ties)",
    ([d, rows], k, r) => {
      const flat = Float64Array.from(rows.flat());
      const tree = new KdTree(flat, d);
      const dist = (a: number[], b: number[]) => Math.max(...a.map((v, j) => Math.abs(v - b[j])));
      for (let i = 0; i < rows.length; i++) {
        const others = rows
          .filter((_, j) => j !== i)
          .map((b) => dist(rows[i], b))
          .sort((a, b) => a - b);
        const q = Float64Array.from(rows[i]);
        expect(tree.kthDistance(q, k, i)).toBe(
          k <= others.length ? others[k - 1] : Number.POSITIVE_INFINITY,
        );
        expect(tree.countWithin(q, r, true, i)).toBe(others.filter((v) => v < r).length);
        expect(tree.countWithin(q, r, false, i)).toBe(others.filter((v) => v <= r).length);
      }
    },
  );
});

describe("tree-order queries and the KSG counts against brute force", () => {
  const dist = (a: number[], b: number[]) => Math.max(...a.map((v, j) => Math.abs(v - b[j])));
  // Points on a coarse grid (many ties) or spread doubles; n above 64 so that the 1-D counts use
  // their bucket hints and the tree has many leaves.
  const sample = fc.tuple(
    fc.integer({ min: 65, max: 220 }),
    fc.integer({ min: 1, max: 3 }),
    fc.boolean(),
    fc.integer(),
  );
  const draw = (n: number, d: number, grid: boolean, seed: number): number[][] => {
    const rng = createRng(seed);
    return Array.from({ length: n }, () =>
      Array.from({ length: d }, () =>
        grid ? rng.nextInt(-6, 6) : (rng.nextFloat() - 0.5) * 10 ** rng.nextInt(0, 3),
      ),
    );
  };
  fcTest.prop([sample, fc.integer({ min: 1, max: 6 })], { numRuns: 40 })(
    "kNearest seeded with the query's own leaf climbs to the same k-th distance and neighbours",
    ([n, d, grid, seed], k) => {
      const rows = draw(n, d, grid, seed);
      const tree = new KdTree(Float64Array.from(rows.flat()), d);
      const ids = new Int32Array(k);
      const dd = new Float64Array(k);
      for (let t = 0; t < n; t++) {
        const i = tree.order[t];
        const others = rows
          .map((b, j) => [dist(rows[i], b), j] as const)
          .filter(([, j]) => j !== i)
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        const e = tree.kNearest(Float64Array.from(rows[i]), k, i, ids, dd, tree.leafAt(t));
        expect(e).toBe(others[k - 1][0]);
        expect(Array.from(dd)).toEqual(others.slice(0, k).map(([v]) => v));
      }
    },
  );
  fcTest.prop([sample, fc.integer({ min: 1, max: 5 })], { numRuns: 30 })(
    "KSG 1 and 2 (no jitter, no scaling) equal the O(n²) definition (KSG 1 with ties too)",
    ([n, , grid, seed], k) => {
      const [xs, ys] = [draw(n, 1, grid, seed), draw(n, 1, grid, seed + 1)];
      const x = xs.map((r) => r[0]);
      const y = ys.map((r) => r[0]);
      const psi = (m: number) => (m === 0 ? Number.NEGATIVE_INFINITY : digamma(m));
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const nb = x
          .map((_, j) => [Math.max(Math.abs(x[i] - x[j]), Math.abs(y[i] - y[j])), j] as const)
          .filter(([, j]) => j !== i)
          .sort((a, b) => a[0] - b[0] || a[1] - b[1])
          .slice(0, k);
        const e = nb[k - 1][0];
        const ex = Math.max(...nb.map(([, j]) => Math.abs(x[i] - x[j])));
        const ey = Math.max(...nb.map(([, j]) => Math.abs(y[i] - y[j])));
        const within = (v: number[], r: number, strict: boolean) =>
          v.filter((w, j) => j !== i && (strict ? Math.abs(v[i] - w) < r : Math.abs(v[i] - w) <= r))
            .length;
        s1 += psi(within(x, e, true) + 1) + psi(within(y, e, true) + 1);
        s2 += psi(within(x, ex, false)) + psi(within(y, ey, false));
      }
      const o = { k, ties: "none", standardize: false } as const;
      const ksg1 = digamma(k) + digamma(n) - s1 / n;
      const ksg2 = digamma(k) - 1 / k + digamma(n) - s2 / n;
      const a1 = ksgMutualInformation(x, y, o).value;
      const a2 = ksgMutualInformation(x, y, { ...o, algorithm: 2 }).value;
      // Sums of n ψ values of size ≤ ln n: the plain sum here carries ~n·ε·ln n of rounding.
      expect(Math.abs(a1 - ksg1)).toBeLessThan(1e-12 * (1 + Math.abs(ksg1)));
      // Algorithm 2 depends on which k points are the neighbours, which ties leave open.
      if (!grid) expect(Math.abs(a2 - ksg2)).toBeLessThan(1e-12 * (1 + Math.abs(ksg2)));
    },
  );
});

describe("k-NN estimators against the cKDTree implementations (scripts/gen_estimators.py)", () => {
  for (const c of fixture.continuous.entropy) {
    test(`Kozachenko–Leonenko ${c.name}, k = ${c.k}`, () => {
      const r = knnEntropy(c.x, { k: c.k });
      expect(r.preparation).toEqual({ standardized: false });
      expect(relErr(r.value, num(c.value))).toBeLessThan(1e-12);
    });
  }
  for (const c of fixture.continuous.ksg) {
    test(`KSG ${c.name}, k = ${c.k} (algorithms 1 and 2)`, () => {
      const a1 = ksgMutualInformation(c.x, c.y, { k: c.k });
      const a2 = ksgMutualInformation(c.x, c.y, { k: c.k, algorithm: 2 });
      expect(relErr(a1.value, num(c.ksg1))).toBeLessThan(1e-12);
      expect(relErr(a2.value, num(c.ksg2))).toBeLessThan(1e-12);
      expect(a1.preparation.standardized).toBe(true);
      // scikit-learn's mutual_info_regression is KSG 1 after scaling, with 1e-10 noise, clipped at 0.
      if (c.sklearn !== undefined)
        expect(Math.abs(Math.max(0, a1.value) - num(c.sklearn))).toBeLessThan(1e-6);
    });
  }
  for (const c of fixture.continuous.kl) {
    test(`Wang–Kulkarni–Verdú KL ${c.name}, k = ${c.k}`, () => {
      expect(relErr(knnKlDivergence(c.p, c.q, { k: c.k }).value, num(c.value))).toBeLessThan(1e-12);
    });
  }
});

describe("convergence to analytic values (seeded samples)", () => {
  test("bivariate normal MI = −½ ln(1 − ρ²), KL entropy of N(0, Σ), KL of two normals", () => {
    // Each estimate over R = 20 independent samples of n = 2000: mean within 4 SE (+ a stated bias
    // allowance of 0.01 nats, the k-NN bias at this n) of the analytic value.
    const rng = createRng(2004);
    const rho = 0.6;
    const exactMi = -0.5 * Math.log(1 - rho * rho);
    const exactH = 0.5 * Math.log(2 * Math.PI * Math.E) * 2 + 0.5 * Math.log(1 - rho * rho);
    const exactKl = Math.log(2) + (1 + 0.25) / (2 * 4) - 0.5; // N(0,1) ‖ N(0.5, 2²), 1-D
    const R = 20;
    const n = 2000;
    const got: Record<string, number[]> = { mi1: [], mi2: [], h: [], kl: [] };
    for (let r = 0; r < R; r++) {
      const a = normals(rng.nextFloat, n);
      const b = normals(rng.nextFloat, n);
      const x = Array.from(a);
      const y = Array.from(a, (v, i) => rho * v + Math.sqrt(1 - rho * rho) * b[i]);
      got.mi1.push(ksgMutualInformation(x, y).value);
      got.mi2.push(ksgMutualInformation(x, y, { algorithm: 2 }).value);
      got.h.push(knnEntropy(x.map((v, i) => [v, y[i]])).value);
      const q = Array.from(normals(rng.nextFloat, n), (v) => 0.5 + 2 * v);
      got.kl.push(knnKlDivergence(x, q).value);
    }
    const check = (v: number[], exact: number) => {
      const m = v.reduce((s, t) => s + t, 0) / R;
      const se = Math.sqrt(v.reduce((s, t) => s + (t - m) ** 2, 0) / (R - 1) / R);
      expect(Math.abs(m - exact)).toBeLessThan(4 * se + 0.01);
    };
    check(got.mi1, exactMi);
    check(got.mi2, exactMi);
    check(got.h, exactH);
    check(got.kl, exactKl);
  });
});

describe("ties, flags, laws", () => {
  test("duplicates are jittered (seeded, reported); without jitter a zero distance is flagged", () => {
    const x = [1, 1, 2, 3, 3, 3, 4, 5];
    const y = [2, 2, 1, 5, 5, 4, 3, 1];
    const r = ksgMutualInformation(x, y, { k: 2, seed: 9 });
    expect(r.preparation.jitter).toEqual({ size: 1e-10, seed: 9, duplicates: 6 });
    expect(r.warnings[0]).toMatchObject({ code: "ties-jittered", duplicates: 6 });
    expect(ksgMutualInformation(x, y, { k: 2, seed: 9 }).value).toBe(r.value);
    const h = knnEntropy([1, 1, 2, 3], { k: 1, ties: "none" });
    expect(h.value).toBe(Number.NEGATIVE_INFINITY);
    expect(h.warnings).toContainEqual({ code: "zero-distance", index: 0 });
  });
  test("a negative KSG estimate is returned with a flag, never clipped", () => {
    const rng = createRng(5);
    const x = Array.from(normals(rng.nextFloat, 50));
    const y = Array.from(normals(rng.nextFloat, 50));
    const r = ksgMutualInformation(x, y, { k: 3 });
    expect(r.value).toBeLessThan(0);
    expect(r.negative).toBe(true);
    expect(r.warnings).toContainEqual({ code: "negative-estimate", value: r.value });
  });
  fcTest.prop([fc.integer()], { numRuns: 20 })(
    "invariant under increasing or decreasing affine maps of x and of y (standardized)",
    (seed) => {
      const rng = createRng(seed);
      const a = Array.from(normals(rng.nextFloat, 120));
      const b = Array.from(a, (v) => v + rng.nextFloat());
      const base = ksgMutualInformation(a, b, { standardize: false }).value;
      // An affine map of each variable keeps the max-norm neighbours once standardized.
      const scaled = ksgMutualInformation(
        a.map((v) => 3 * v + 1),
        b.map((v) => -0.5 * v),
        {},
      ).value;
      const std = ksgMutualInformation(a, b).value;
      expect(Math.abs(scaled - std)).toBeLessThan(1e-12);
      expect(Number.isFinite(base)).toBe(true);
    },
  );
  test("a permutation test for KSG: small p for dependence, seeded", () => {
    const rng = createRng(4);
    const x = Array.from(normals(rng.nextFloat, 200));
    const y = x.map((v) => v + 0.5 * rng.nextFloat());
    const r = ksgMutualInformation(x, y, { test: { permutations: 19, seed: 2 } });
    expect(r.test).toEqual({ pValue: 1 / 20, permutations: 19, seed: 2 });
  });
  test("bad input: k ≥ n, NaN, unequal lengths, empty", () => {
    expect(() => knnEntropy([1, 2, 3], { k: 3 })).toThrow(
      expect.objectContaining({ code: "invalid-option", argument: "k", value: 3 }),
    );
    expect(() => ksgMutualInformation([1, Number.NaN, 3], [1, 2, 3], { k: 1 })).toThrow(
      expect.objectContaining({ code: "not-finite", argument: "x", index: 1 }),
    );
    expect(() => ksgMutualInformation([1, 2, 3], [1, 2], { k: 1 })).toThrow(
      expect.objectContaining({ code: "length-mismatch", argument: "y", value: 2 }),
    );
    expect(() => knnKlDivergence([], [1])).toThrow(
      expect.objectContaining({ code: "empty", argument: "p" }),
    );
    expect(() => knnKlDivergence([[1, 2]], [[1]])).toThrow(
      expect.objectContaining({ code: "length-mismatch", argument: "q" }),
    );
  });
});
