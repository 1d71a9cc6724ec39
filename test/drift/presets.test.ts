/**
 * The presets against their tools' documented defaults.
 *
 * - Evidently: `_get_default_stattest` in evidently/calculations/stattests/registry.py: reference ≤ 1000
 *   rows → K-S (numeric, > 5 values) or χ²/z-test; > 1000 → Wasserstein normed (numeric, > 5 values)
 *   or Jensen–Shannon distance (scipy `jensenshannon`, natural log); p-value threshold 0.05,
 *   distance threshold 0.1 (`StatTest.default_threshold`, and the Wasserstein/JS tests' 0.1).
 * - NannyML: univariate drift, Jensen–Shannon distance in base 2 (`jensenshannon(..., base=2)`),
 *   bins from the reference (Doane), constant threshold 0.1 ("How it works: univariate drift").
 * - whylogs: whylogs/viz/drift/configs.py, `HellingerConfig` bands NO_DRIFT (0, 0.15),
 *   POSSIBLE_DRIFT (0.15, 0.4), DRIFT (0.4, 1); `ChiSquareConfig` p-value bands (0.15, 1),
 *   (0.05, 0.15), (0, 0.05).
 * - TFDV: `drift_comparator` with `infinity_norm` (categorical) and `jensen_shannon_divergence`
 *   (numeric); thresholds are set by the user; its guide's example uses 0.01.
 */
import { describe, expect, test } from "vitest";
import { presetRule } from "../../src/drift/presets.js";
import { driftReport } from "../../src/index.js";

describe("Evidently's default test selection", () => {
  test.each([
    [{ type: "numeric", referenceRows: 1000, distinct: 6 }, "ksPValue", 0.05, "<"],
    [{ type: "numeric", referenceRows: 1000, distinct: 5 }, "chiSquarePValue", 0.05, "<"],
    [{ type: "categorical", referenceRows: 800, distinct: 2 }, "chiSquarePValue", 0.05, "<"],
    [{ type: "numeric", referenceRows: 1001, distinct: 6 }, "wassersteinNormed", 0.1, ">="],
    [{ type: "numeric", referenceRows: 1001, distinct: 5 }, "jsDistance", 0.1, ">="],
    [{ type: "categorical", referenceRows: 5000, distinct: 40 }, "jsDistance", 0.1, ">="],
  ] as const)("%o → %s %s %s", (facts, measure, threshold, rule) => {
    expect(presetRule("evidently", facts)).toMatchObject({ measure, threshold, rule });
  });
  test("its JS distance is in nats, as scipy's jensenshannon by default", () => {
    expect(
      presetRule("evidently", { type: "categorical", referenceRows: 5000, distinct: 3 }).base,
    ).toBe("nats");
  });
});

describe("the other tools", () => {
  test("NannyML: JS distance, base 2, > 0.1, for every column", () => {
    for (const type of ["numeric", "categorical"] as const) {
      expect(presetRule("nannyml", { type, referenceRows: 10, distinct: 3 })).toEqual({
        measure: "jsDistance",
        threshold: 0.1,
        rule: ">",
        base: "bits",
      });
    }
  });
  test("whylogs: Hellinger bands 0.15/0.4 (numeric), χ² p bands 0.15/0.05 (categorical)", () => {
    expect(
      presetRule("whylogs", { type: "numeric", referenceRows: 10, distinct: 9 }),
    ).toMatchObject({
      measure: "hellinger",
      threshold: 0.4,
      possible: 0.15,
    });
    expect(
      presetRule("whylogs", { type: "categorical", referenceRows: 10, distinct: 3 }),
    ).toMatchObject({
      measure: "chiSquarePValue",
      threshold: 0.05,
      possible: 0.15,
    });
  });
  test("TFDV: L∞ for categorical, JS divergence in bits for numeric", () => {
    expect(
      presetRule("tfdv", { type: "categorical", referenceRows: 10, distinct: 3 }),
    ).toMatchObject({ measure: "lInfinity" });
    expect(presetRule("tfdv", { type: "numeric", referenceRows: 10, distinct: 9 })).toMatchObject({
      measure: "jsDivergence",
      base: "bits",
    });
  });
  test("the verdict of a preset uses its own base, whatever the report's unit", () => {
    const r = { k: ["a", "a", "a", "b"] };
    const c = { k: ["a", "b", "b", "b"] };
    const col = driftReport(r, c, { preset: "nannyml", base: "nats" }).columns[0];
    expect(col.decision.unit).toBe("bits");
    expect(col.decision.value).toBeCloseTo(Math.sqrt(col.measures.jsDivergence / Math.LN2), 14);
  });
  test("whylogs' middle band is 'possible drift'", () => {
    const col = driftReport(
      { k: ["a", "b"] },
      { k: ["a", "b"] },
      {
        preset: { measure: "hellinger", threshold: 0.4, possible: 0, rule: ">=" },
      },
    ).columns[0];
    expect(col.decision.status).toBe("possible-drift");
    expect(col.decision.drifted).toBe(false);
  });
});
