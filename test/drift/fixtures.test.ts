/**
 * driftReport against scripts/gen_drift.py: bins from numpy, divergences at 50 digits from mpmath,
 * Wasserstein, K-S and χ² from scipy, on the same tables. Tolerances are relative errors.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { chiSquareSf, kolmogorovSf } from "../../src/drift/stats.js";
import { type DriftOptions, driftReport } from "../../src/index.js";

interface Case {
  name: string;
  kind: "numeric" | "categorical";
  reference: (number | string)[];
  current: (number | string)[];
  options: { binning: string | number[]; bins: number; smoothing: number; base: "nats" | "bits" };
  edges?: number[];
  categories?: string[];
  referenceCounts: number[];
  currentCounts: number[];
  measures: Record<string, number | "Infinity">;
  chiSquare: { statistic: number; df: number; pValue: number };
  sample?: {
    wasserstein: number;
    wassersteinNormed: number;
    ksStatistic: number;
    ksPValue: number;
  };
}

const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/drift.json"), "utf8"),
) as { cases: Case[]; special: { chiSquareSf: number[][]; kolmogorovSf: number[][] } };

function close(
  actual: number,
  expected: number | "Infinity" | null,
  rel: number,
  what: string,
): void {
  if (expected === "Infinity") {
    expect(actual, what).toBe(Number.POSITIVE_INFINITY);
    return;
  }
  if (expected === null) throw new Error(`${what}: no reference value`);
  const err = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
  expect(err, `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(rel);
}

describe.each(fixture.cases)("$name", (c) => {
  const options: DriftOptions = {
    binning: c.options.binning as DriftOptions["binning"],
    bins: c.options.bins,
    smoothing: c.options.smoothing,
    base: c.options.base,
    preset: "psi",
  };
  const report = driftReport({ x: c.reference } as never, { x: c.current } as never, options);
  const col = report.columns[0];
  const scale = c.options.base === "bits" ? 1 / Math.LN2 : 1;

  test("bins and counts as numpy makes them", () => {
    if (c.edges) {
      const inner = col.bins.filter((b) => b.kind === "interval");
      const edges = [inner[0].lower, ...inner.map((b) => b.upper)];
      expect(edges).toEqual(c.edges.length === 1 ? [c.edges[0], c.edges[0]] : c.edges);
    } else {
      expect(col.bins.slice(0, -1).map((b) => b.label)).toEqual(c.categories);
      expect(col.bins.at(-1)?.kind).toBe("unseen");
    }
    expect(col.bins.map((b) => b.reference)).toEqual(c.referenceCounts);
    expect(col.bins.map((b) => b.current)).toEqual(c.currentCounts);
  });

  test("divergences within 1e-14 of mpmath (50 digits; measured ≤ 2e-15)", () => {
    const m = c.measures;
    const s = (v: number | "Infinity") => (v === "Infinity" ? v : (v as number) * scale);
    close(col.measures.psi, m.psi, 1e-14, "psi");
    close(col.measures.klReferenceCurrent, s(m.klReferenceCurrent), 1e-14, "KL(ref‖cur)");
    close(col.measures.klCurrentReference, s(m.klCurrentReference), 1e-14, "KL(cur‖ref)");
    close(col.measures.jsDivergence, s(m.jsDivergence), 1e-14, "JS");
    close(col.measures.jsDistance, Math.sqrt(s(m.jsDivergence) as number), 1e-14, "√JS");
    close(col.measures.hellinger, m.hellinger, 1e-14, "Hellinger");
    close(col.measures.totalVariation, m.totalVariation, 1e-14, "TV");
    close(col.measures.lInfinity, m.lInfinity, 1e-14, "L∞");
    close(col.measures.jsCorrected, s(m.jsCorrected), 2e-14, "JS corrected");
    close(col.measures.klCorrected, s(m.klCorrected), 2e-14, "KL corrected");
  });

  test("χ² homogeneity test as scipy's chi2_contingency", () => {
    expect(col.measures.chiSquare.df).toBe(c.chiSquare.df);
    close(col.measures.chiSquare.statistic, c.chiSquare.statistic, 1e-14, "χ²");
    close(col.measures.chiSquare.pValue, c.chiSquare.pValue, 1e-13, "χ² p");
  });

  test.runIf(c.sample !== undefined)("Wasserstein and K-S as scipy's", () => {
    const s = c.sample as NonNullable<Case["sample"]>;
    close(col.measures.wasserstein as number, s.wasserstein, 3e-14, "W1");
    close(col.measures.wassersteinNormed as number, s.wassersteinNormed, 3e-14, "W1/σ");
    close(col.measures.ks?.statistic as number, s.ksStatistic, 1e-15, "K-S D");
    close(col.measures.ks?.pValue as number, s.ksPValue, 3e-13, "K-S p");
  });
});

describe("the tails behind the p-values", () => {
  test.each(fixture.special.chiSquareSf)("χ² sf(%d, df %d) as scipy's", (x, df, p) => {
    close(chiSquareSf(x, df), p, 1e-12, "chi2.sf");
  });
  test.each(fixture.special.kolmogorovSf)("Kolmogorov sf(%d) as scipy's kstwobign", (x, p) => {
    close(kolmogorovSf(x), p, 1e-12, "kstwobign.sf");
  });
});
