/** Laws of the drift report, and its refusals. */
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { binomial, hypergeometric, multinomial } from "../../src/drift/samplers.js";
import { createRng, DRIFT_PRESETS, driftReport, SurprisalError } from "../../src/index.js";

function normals(n: number, seed: number, mean = 0, sd = 1): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - rng.nextFloat();
    const v = rng.nextFloat();
    out[i] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return out;
}

const LABELS = ["a", "b", "c", "d", "e"];

describe("laws", () => {
  fcTest.prop([
    fc.array(fc.constantFrom(...LABELS), { minLength: 1, maxLength: 60 }),
    fc.array(fc.constantFrom(...LABELS), { minLength: 1, maxLength: 60 }),
    fc.shuffledSubarray(["v", "w", "x", "y", "z"], { minLength: 5, maxLength: 5 }),
  ])("relabelling the categories changes no measure", (r, c, names) => {
    const rename = (xs: string[]) => xs.map((x) => names[LABELS.indexOf(x)] as string);
    const a = driftReport({ k: r }, { k: c }, { smoothing: 0.5 }).columns[0];
    const b = driftReport({ k: rename(r) }, { k: rename(c) }, { smoothing: 0.5 }).columns[0];
    for (const key of [
      "psi",
      "klReferenceCurrent",
      "jsDivergence",
      "hellinger",
      "totalVariation",
      "lInfinity",
      "jsCorrected",
    ] as const) {
      const x = a.measures[key];
      const y = b.measures[key];
      expect(Math.abs(x - y), key).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(x)));
    }
    expect(b.measures.chiSquare.pValue).toBeCloseTo(a.measures.chiSquare.pValue, 12);
  });

  fcTest.prop([
    fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 80 }),
    fc.constantFrom("quantile", "fixed", "doane"),
  ])("identical tables give exactly 0", (xs, binning) => {
    const col = driftReport({ x: xs }, { x: [...xs] }, { binning: binning as "quantile" })
      .columns[0];
    const m = col.measures;
    for (const v of [
      m.psi,
      m.klReferenceCurrent,
      m.klCurrentReference,
      m.jsDivergence,
      m.jsDistance,
      m.hellinger,
      m.totalVariation,
      m.lInfinity,
      m.wasserstein,
      m.ks?.statistic,
    ]) {
      expect(v).toBe(0);
    }
    expect(col.why).toEqual([]);
  });

  test.each([300, 5000])(
    "a column shifted by a constant is flagged by every preset (n = %d)",
    (n) => {
      const ref = normals(n, 1);
      const cur = normals(n, 2).map((v) => v + 1.5);
      for (const preset of DRIFT_PRESETS) {
        const col = driftReport({ x: ref }, { x: cur }, { preset }).columns[0];
        expect(
          col.decision.drifted,
          `${preset}: ${col.decision.measure} = ${col.decision.value}`,
        ).toBe(true);
      }
    },
  );

  // Without smoothing a few current values beyond the reference's range make PSI infinite
  // (reported, with the bin "> max" named); with Jeffreys' pseudo-counts it is finite. At n = 300,
  // NannyML's 0.1 on the JS distance (bits, 12 bins) is below the sampling noise (≈ 0.17 here).
  test.each([
    [300, ["evidently"]],
    [5000, ["evidently", "nannyml", "psi", "whylogs"]],
  ] as const)("two samples of one distribution pass the presets (n = %d)", (n, presets) => {
    const ref = normals(n, 3);
    const cur = normals(n, 4);
    for (const preset of presets) {
      const col = driftReport({ x: ref }, { x: cur }, { preset, smoothing: "jeffreys" }).columns[0];
      expect(
        col.decision.drifted,
        `${preset}: ${col.decision.measure} = ${col.decision.value}`,
      ).toBe(false);
    }
  });

  test("same seed, same intervals and p-value; another seed, other ones", () => {
    const t = {
      x: normals(2000, 5),
      k: Array.from(normals(2000, 6), (v) => (v > 0.5 ? "hi" : v > -0.5 ? "mid" : "lo")),
    };
    const u = {
      x: normals(1500, 7, 0.1),
      k: Array.from(normals(1500, 8), (v) => (v > 0.4 ? "hi" : v > -0.5 ? "mid" : "lo")),
    };
    const run = (seed: number) =>
      driftReport(t, u, { ci: { seed, replicates: 200 }, permutations: 200 }).columns.map((c) => [
        c.ci,
        c.permutation,
      ]);
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  test("the bias-corrected JS of two samples of one distribution averages ≈ 0; the plug-in does not", () => {
    const probs = [0.4, 0.25, 0.15, 0.1, 0.05, 0.05];
    const draw = (rng: ReturnType<typeof createRng>, n: number) =>
      Array.from({ length: n }, () => {
        let u = rng.nextFloat();
        for (let k = 0; k < probs.length; k++) {
          u -= probs[k] as number;
          if (u < 0) return `c${k}`;
        }
        return `c${probs.length - 1}`;
      });
    const rng = createRng(11);
    const plug: number[] = [];
    const corr: number[] = [];
    for (let t = 0; t < 300; t++) {
      const col = driftReport({ k: draw(rng, 200) }, { k: draw(rng, 150) }).columns[0];
      plug.push(col.measures.jsDivergence);
      corr.push(col.measures.jsCorrected);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const se = (xs: number[]) =>
      Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1) / xs.length);
    // Expected plug-in bias (K − 1)(1/n + 1/m)/8 = 5·(1/200 + 1/150)/8 ≈ 0.0073 nats.
    expect(mean(plug) / se(plug)).toBeGreaterThan(10);
    expect(Math.abs(mean(corr)) / se(corr)).toBeLessThan(3);
  });

  test("the bootstrap resamples counts with the multinomial's moments", () => {
    const rng = createRng(3);
    const counts = Float64Array.of(500_000, 300_000, 200_000);
    const out = new Float64Array(3);
    let s = 0;
    let ss = 0;
    const B = 4000;
    for (let b = 0; b < B; b++) {
      multinomial(rng, 1_000_000, counts, out);
      expect(out[0] + out[1] + out[2]).toBe(1_000_000);
      s += out[1];
      ss += out[1] * out[1];
    }
    const mean = s / B;
    const variance = ss / B - mean * mean;
    expect(Math.abs(mean - 300_000) / Math.sqrt(210_000 / B)).toBeLessThan(4);
    expect(variance / 210_000).toBeGreaterThan(0.9);
    expect(variance / 210_000).toBeLessThan(1.1);
  });

  test("binomial and hypergeometric draws have their means and variances", () => {
    const rng = createRng(9);
    const B = 20000;
    const moments = (f: () => number) => {
      let s = 0;
      let ss = 0;
      for (let b = 0; b < B; b++) {
        const x = f();
        s += x;
        ss += x * x;
      }
      return [s / B, ss / B - (s / B) ** 2];
    };
    const [bm, bv] = moments(() => binomial(rng, 1000, 0.03));
    expect(Math.abs(bm - 30) / Math.sqrt(29.1 / B)).toBeLessThan(4);
    expect(bv / 29.1).toBeGreaterThan(0.95);
    expect(bv / 29.1).toBeLessThan(1.05);
    // N = 100, K = 30, n = 20: mean 6, variance 20·0.3·0.7·80/99 = 3.3939…
    const [hm, hv] = moments(() => hypergeometric(rng, 100, 30, 20));
    expect(Math.abs(hm - 6) / Math.sqrt(3.3939 / B)).toBeLessThan(4);
    expect(hv / 3.3939).toBeGreaterThan(0.95);
    expect(hv / 3.3939).toBeLessThan(1.05);
  });
});

describe("what a report holds", () => {
  test("unseen categories get their own bin and are listed; infinities name their bin", () => {
    const col = driftReport({ k: ["a", "a", "b"] }, { k: ["a", "c", "c", "d"] }).columns[0];
    expect(col.bins.map((b) => [b.kind, b.label, b.reference, b.current])).toEqual([
      ["category", "a", 2, 1],
      ["category", "b", 1, 0],
      ["unseen", "(unseen)", 0, 3],
    ]);
    expect(col.unseen).toEqual([
      { label: "c", count: 2 },
      { label: "d", count: 1 },
    ]);
    expect(col.infiniteAt).toEqual({
      klReferenceCurrent: "b",
      klCurrentReference: "(unseen)",
      psi: "b",
    });
    expect(col.why[0]).toMatchObject({ kind: "unseen", referenceShare: 0, currentShare: 0.75 });
  });

  test("smoothing is stated and makes every measure finite", () => {
    const r = driftReport({ k: ["a", "a", "b"] }, { k: ["a", "c"] }, { smoothing: "jeffreys" });
    expect(r.smoothing).toEqual({ name: "jeffreys", pseudoCount: 0.5 });
    expect(Number.isFinite(r.columns[0].measures.psi)).toBe(true);
  });

  test("missing values are counted apart and compared as shares", () => {
    const col = driftReport({ x: [1, 2, Number.NaN, 4] }, { x: [1, null, null, 4, 5] } as never)
      .columns[0];
    expect(col.reference).toEqual({ rows: 3, missing: 1, missingShare: 0.25 });
    expect(col.current).toEqual({ rows: 3, missing: 2, missingShare: 0.4 });
  });

  test("values beyond the reference's range land in the out-of-range bins", () => {
    const col = driftReport({ x: [1, 2, 3, 4] }, { x: [0, 2, 9, 10] }, { bins: 2 }).columns[0];
    expect(col.bins.map((b) => [b.label, b.reference, b.current])).toEqual([
      ["< 1", 0, 1],
      ["[1, 2.5)", 2, 1],
      ["[2.5, 4]", 2, 0],
      ["> 4", 0, 2],
    ]);
  });

  test("rows of objects, booleans, dates, and a type override", () => {
    const day = (d: number) => new Date(Date.UTC(2024, 0, d));
    const r = driftReport(
      [
        { x: 1, ok: true, at: day(1), code: 10 },
        { x: 2, ok: false, at: day(2), code: 20 },
        { x: 3, ok: true, at: day(3), code: 10 },
      ],
      [
        { x: 2, ok: true, at: day(5), code: 30 },
        { x: 3, ok: true, at: day(6), code: 10 },
      ],
      { types: { code: "categorical" } },
    );
    expect(r.columns.map((c) => [c.name, c.type])).toEqual([
      ["x", "numeric"],
      ["ok", "boolean"],
      ["at", "datetime"],
      ["code", "categorical"],
    ]);
    expect(r.columns[2].bins.at(-1)?.label).toBe("> 2024-01-03T00:00:00.000Z");
    expect(r.columns[3].unseen).toEqual([{ label: "30", count: 1 }]);
  });

  test("a column in one table only is reported, not fatal", () => {
    const r = driftReport({ a: [1, 2], b: [1, 2] }, { a: [1, 3], c: ["x", "y"] });
    expect(r.columns.map((c) => c.name)).toEqual(["a"]);
    expect(r.onlyInReference).toEqual(["b"]);
    expect(r.onlyInCurrent).toEqual(["c"]);
  });
});

describe("refusals", () => {
  const refuse = (f: () => unknown, code: string, argument?: string) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(SurprisalError);
      expect((e as SurprisalError).code).toBe(code);
      if (argument !== undefined) expect((e as SurprisalError).argument).toBe(argument);
      return e as SurprisalError;
    }
    throw new Error("no refusal");
  };

  test("unknown columns, listed with the available ones", () => {
    const e = refuse(
      () => driftReport({ a: [1], b: [2] }, { a: [1], b: [2] }, { columns: ["a", "zz"] }),
      "not-found",
      "columns",
    );
    expect(e.message).toContain('"zz"');
    expect(e.message).toContain('"a", "b"');
  });
  test("a column all missing", () => {
    refuse(
      () => driftReport({ a: [1, 2] }, { a: [Number.NaN, Number.NaN] }),
      "empty",
      'current["a"]',
    );
  });
  test("a column whose type differs between the tables", () => {
    refuse(() => driftReport({ a: [1, 2] }, { a: ["x", "y"] }), "wrong-type", 'current["a"]');
  });
  test("a column mixing numbers and strings", () => {
    const e = refuse(() => driftReport({ a: [1, "x"] }, { a: [1, 2] }), "wrong-type");
    expect(e.index).toBe(1);
  });
  test("empty tables", () => {
    refuse(() => driftReport({}, { a: [1] }), "empty", "reference");
    refuse(() => driftReport({ a: [1] }, { a: [] }), "empty", "current");
    refuse(() => driftReport([], [{ a: 1 }]), "empty", "reference");
  });
  test("bad options", () => {
    refuse(() => driftReport({ a: [1] }, { a: [1] }, { bins: 0 }), "invalid-option", "bins");
    refuse(
      () => driftReport({ a: [1] }, { a: [1] }, { preset: "nope" as never }),
      "invalid-option",
      "preset",
    );
    refuse(
      () => driftReport({ a: [1] }, { a: [1] }, { binning: [1] }),
      "invalid-option",
      "binning",
    );
    refuse(
      () => driftReport({ a: [1] }, { a: [1] }, { binning: [2, 1] }),
      "invalid-option",
      "binning",
    );
    refuse(
      () => driftReport({ a: [1] }, { a: [1] }, { smoothing: -1 }),
      "invalid-option",
      "smoothing",
    );
    refuse(() => driftReport({ a: [1, Number.POSITIVE_INFINITY] }, { a: [1] }), "not-finite");
  });
});

describe("counted columns (CountedColumn): the report of the same rows", () => {
  const counted = (xs: (string | null)[]) => {
    const labels: string[] = [];
    const counts: number[] = [];
    let missing = 0;
    for (const x of xs) {
      if (x === null) {
        missing++;
        continue;
      }
      const k = labels.indexOf(x);
      if (k < 0) {
        labels.push(x);
        counts.push(1);
      } else counts[k] = (counts[k] as number) + 1;
    }
    // labels in reverse first-appearance order: the report does not depend on it
    return { labels: labels.reverse(), counts: counts.reverse(), missing };
  };
  const cell = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...LABELS, "1.5", "2") },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  fcTest.prop([
    fc.array(cell, { minLength: 1, maxLength: 60 }),
    fc.array(cell, { minLength: 1, maxLength: 60 }),
  ])("counted = row by row, byte for byte", (r, c) => {
    fc.pre(r.some((x) => x !== null) && c.some((x) => x !== null));
    const rows = driftReport({ k: r }, { k: c }, { smoothing: 0.5 });
    const byCount = driftReport({ k: counted(r) }, { k: counted(c) }, { smoothing: 0.5 });
    expect(JSON.stringify(byCount)).toBe(JSON.stringify(rows));
  });

  test("numeric labels, as numbers: the same report as the numbers row by row", () => {
    const r = ["1.5", "2", "2", "3", null, "7"];
    const c = ["2", "2", "3", "3", "3", "9"];
    const num = (xs: (string | null)[]) => xs.map((x) => (x === null ? null : Number(x)));
    const types = { types: { k: "numeric" as const } };
    expect(JSON.stringify(driftReport({ k: counted(r) }, { k: counted(c) }, types))).toBe(
      JSON.stringify(driftReport({ k: num(r) }, { k: num(c) }, types)),
    );
  });

  test("refusals name the field, the index and the value", () => {
    const ok = { labels: ["a", "b"], counts: [3, 4], missing: 0 };
    const bad = [
      [{ labels: ["a", "b"], counts: [3], missing: 0 }, "length-mismatch"],
      [{ labels: ["a", "b"], counts: [3, 1.5], missing: 0 }, "invalid-input"],
      [{ labels: ["a", "b"], counts: [3, -1], missing: 0 }, "invalid-input"],
      [{ labels: ["a", "b"], counts: [3, 4], missing: -2 }, "invalid-input"],
    ] as const;
    for (const [column, code] of bad) {
      expect(() => driftReport({ k: ok }, { k: column })).toThrow(
        expect.objectContaining({ code }),
      );
    }
    expect(() => driftReport({ k: ok }, { k: { ...ok, counts: [3, 1.5] } })).toThrow(
      expect.objectContaining({ argument: `current["k"].counts`, index: 1, value: 1.5 }),
    );
  });
});
