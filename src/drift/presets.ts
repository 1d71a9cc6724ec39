import { describeValue, SurprisalError } from "../errors.js";
import type { Base } from "../types.js";
import type { ColumnType } from "./columns.js";

/** The per-column numbers a drift decision can rest on. */
export type DriftMeasure =
  | "psi"
  | "klReferenceCurrent"
  | "klCurrentReference"
  | "jsDivergence"
  | "jsDistance"
  | "jsCorrected"
  | "hellinger"
  | "totalVariation"
  | "lInfinity"
  | "wassersteinNormed"
  | "ksPValue"
  | "chiSquarePValue"
  | "permutationPValue";

/**
 * When a column has drifted: `measure` compared with `threshold` (`">="` or `">"` for a distance,
 * `"<"` for a p-value); `possible`, when given, is the band "possible drift" starts at (whylogs'
 * three bands). `base` is the unit of a JS or KL measure for this rule.
 */
export interface DriftRule {
  measure: DriftMeasure;
  threshold: number;
  possible?: number | undefined;
  rule: ">=" | ">" | "<";
  base?: Base | undefined;
}

/** The tools whose defaults a preset reproduces (see docs/drift.md for each one's sources). */
export type PresetName = "evidently" | "nannyml" | "whylogs" | "tfdv" | "psi";

/** What the choice of rule may depend on. @internal */
export interface ColumnFacts {
  type: ColumnType;
  /** Non-missing rows of the reference. */
  referenceRows: number;
  /** Distinct non-missing values of reference ∪ current, counted up to 6. */
  distinct: number;
}

/** The preset names, for checks and help. */
export const DRIFT_PRESETS: readonly PresetName[] = [
  "evidently",
  "nannyml",
  "whylogs",
  "tfdv",
  "psi",
];

const isNumeric = (t: ColumnType) => t === "numeric" || t === "datetime";

/**
 * The decision rule of a preset for one column.
 *
 * - `evidently` (Evidently's `_get_default_stattest`, evidently/calculations/stattests/registry.py):
 *   reference ≤ 1000 rows: numeric with > 5 distinct values → K-S p < 0.05, else χ² p < 0.05
 *   (Evidently's z-test for two values is the same test); reference > 1000 rows: numeric with > 5
 *   distinct values → Wasserstein normed by the reference's std ≥ 0.1, else JS distance (natural
 *   log, scipy's `jensenshannon`) ≥ 0.1.
 * - `nannyml` (NannyML's univariate drift defaults): JS distance in base 2 > 0.1 for every column.
 * - `whylogs` (whylogs/viz/drift/configs.py): numeric → Hellinger distance, possible drift from
 *   0.15, drift from 0.4; categorical → χ² p-value, possible drift below 0.15, drift below 0.05.
 * - `tfdv` (TFDV's drift comparators; thresholds are the user's, 0.01 as in its guide's
 *   example): categorical → L∞ distance > 0.01; numeric → JS divergence in bits > 0.01.
 * - `psi`: PSI ≥ 0.25 drift, 0.1–0.25 possible drift (the usual credit-scoring bands, Siddiqi 2006).
 * @internal
 */
export function presetRule(preset: PresetName | DriftRule, facts: ColumnFacts): DriftRule {
  if (typeof preset === "object") return preset;
  const numeric = isNumeric(facts.type);
  switch (preset) {
    case "evidently":
      if (facts.referenceRows <= 1000) {
        return numeric && facts.distinct > 5
          ? { measure: "ksPValue", threshold: 0.05, rule: "<" }
          : { measure: "chiSquarePValue", threshold: 0.05, rule: "<" };
      }
      return numeric && facts.distinct > 5
        ? { measure: "wassersteinNormed", threshold: 0.1, rule: ">=" }
        : { measure: "jsDistance", threshold: 0.1, rule: ">=", base: "nats" };
    case "nannyml":
      return { measure: "jsDistance", threshold: 0.1, rule: ">", base: "bits" };
    case "whylogs":
      return numeric
        ? { measure: "hellinger", threshold: 0.4, possible: 0.15, rule: ">=" }
        : { measure: "chiSquarePValue", threshold: 0.05, possible: 0.15, rule: "<" };
    case "tfdv":
      return numeric
        ? { measure: "jsDivergence", threshold: 0.01, rule: ">", base: "bits" }
        : { measure: "lInfinity", threshold: 0.01, rule: ">" };
    case "psi":
      return { measure: "psi", threshold: 0.25, possible: 0.1, rule: ">=" };
  }
  throw new SurprisalError(
    "invalid-option",
    `preset = ${describeValue(preset)} is not valid: use ${DRIFT_PRESETS.map((p) => `"${p}"`).join(", ")} or a rule { measure, threshold, rule }`,
    { argument: "preset", value: preset },
  );
}

/** Checks a preset name or an explicit rule. @internal */
export function checkPreset(preset: unknown): PresetName | DriftRule {
  if (preset === undefined) return "evidently";
  if (typeof preset === "string" && (DRIFT_PRESETS as readonly string[]).includes(preset)) {
    return preset as PresetName;
  }
  if (preset !== null && typeof preset === "object") {
    const r = preset as Partial<DriftRule>;
    const pValue =
      r.measure === "ksPValue" ||
      r.measure === "chiSquarePValue" ||
      r.measure === "permutationPValue";
    if (typeof r.threshold !== "number" || !Number.isFinite(r.threshold)) {
      throw new SurprisalError(
        "invalid-option",
        `preset.threshold = ${describeValue(r.threshold)} is not a finite number`,
        {
          argument: "preset.threshold",
          value: r.threshold,
        },
      );
    }
    if (typeof r.measure !== "string" || !MEASURES.includes(r.measure)) {
      throw new SurprisalError(
        "invalid-option",
        `preset.measure = ${describeValue(r.measure)} is not valid: use one of ${MEASURES.join(", ")}`,
        { argument: "preset.measure", value: r.measure },
      );
    }
    return {
      ...r,
      rule: r.rule ?? (pValue ? "<" : ">="),
      measure: r.measure,
      threshold: r.threshold,
    };
  }
  throw new SurprisalError(
    "invalid-option",
    `preset = ${describeValue(preset)} is not valid: use ${DRIFT_PRESETS.map((p) => `"${p}"`).join(", ")} or a rule { measure, threshold }`,
    { argument: "preset", value: preset },
  );
}

const MEASURES: readonly string[] = [
  "psi",
  "klReferenceCurrent",
  "klCurrentReference",
  "jsDivergence",
  "jsDistance",
  "jsCorrected",
  "hellinger",
  "totalVariation",
  "lInfinity",
  "wassersteinNormed",
  "ksPValue",
  "chiSquarePValue",
  "permutationPValue",
];

/** Drift, possible drift or none, by a rule. @internal */
export function statusOf(value: number, rule: DriftRule): "drift" | "possible-drift" | "no-drift" {
  const past = (t: number) =>
    rule.rule === "<" ? value < t : rule.rule === ">" ? value > t : value >= t;
  if (past(rule.threshold)) return "drift";
  if (rule.possible !== undefined && past(rule.possible)) return "possible-drift";
  return "no-drift";
}
