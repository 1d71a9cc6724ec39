import type { ColumnDrift, DriftMeasure, DriftReport } from "surprisal";
import type { ExplorerState, TablesPreset, Unit } from "../../state.js";
import type { TablesData } from "./data.js";

/**
 * What the panels of the "Two tables" section share for one state and one pair of tables: the
 * library's report under the state's options, the column shown (the one with the largest JS
 * divergence when the address asks for none or for one out of range) and the charts' width.
 */
export class TablesView {
  readonly unit: Unit;
  readonly report: DriftReport;
  /** Index of the column shown in the report's columns. */
  readonly index: number;
  readonly column: ColumnDrift;
  /** Whether the address asked for a column the report does not have. */
  readonly columnOutOfRange: boolean;
  #width: number | undefined;

  constructor(
    readonly state: ExplorerState,
    readonly data: TablesData,
    private readonly root: HTMLElement,
  ) {
    this.unit = state.unit;
    this.report = data.report(state);
    const cols = this.report.columns;
    const asked = state.tablesColumn;
    this.columnOutOfRange = asked >= cols.length;
    let largest = 0;
    for (let i = 1; i < cols.length; i++) {
      if (cols[i]!.measures.jsDivergence > cols[largest]!.measures.jsDivergence) largest = i;
    }
    this.index = asked >= 0 && asked < cols.length ? asked : largest;
    this.column = cols[this.index]!;
  }

  /** Width of the charts, from the section's width. */
  get width(): number {
    this.#width ??= Math.max(260, Math.min(this.root.clientWidth || 600, 760));
    return this.#width;
  }
}

/** A panel of the section: built once by its `mount…`, updated on every change of state or data. */
export interface Panel {
  update(view: TablesView): void;
}

/** Each preset's rule, said in a sentence (the library's presets; see docs/drift.md). */
export const PRESET_RULES: Record<TablesPreset, string> = {
  evidently:
    "Evidently's defaults: with more than 1000 reference rows, a numeric column (over 5 values) drifts when its Wasserstein distance over the reference's standard deviation is ≥ 0.1, any other when its JS distance (natural log) is ≥ 0.1; on smaller tables, K-S or χ² p < 0.05.",
  nannyml: "NannyML's defaults: a column drifts when its JS distance in bits is > 0.1.",
  whylogs:
    "whylogs' defaults: a numeric column drifts when its Hellinger distance is ≥ 0.4 (possible drift from 0.15); a categorical one when its χ² p-value is < 0.05 (possible below 0.15).",
  tfdv: "TFDV's comparators with its guide's threshold: a numeric column drifts when its JS divergence in bits is > 0.01, a categorical one when its L∞ distance is > 0.01.",
  psi: "The usual PSI bands: drift from 0.25, possible drift from 0.1.",
};

/** Names of the measures for people. */
export const MEASURE_NAMES: Record<DriftMeasure, string> = {
  psi: "PSI",
  klReferenceCurrent: "KL(ref‖cur)",
  klCurrentReference: "KL(cur‖ref)",
  jsDivergence: "JS divergence",
  jsDistance: "JS distance",
  jsCorrected: "JS, bias-corrected",
  hellinger: "Hellinger",
  totalVariation: "total variation",
  lInfinity: "L∞",
  wassersteinNormed: "Wasserstein / σ",
  ksPValue: "K-S p-value",
  chiSquarePValue: "χ² p-value",
  permutationPValue: "permutation p",
};

/** A bin or category label as shown: at most `max` characters (the full text in a tooltip). */
export function clipLabel(label: string, max = 24): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : label;
}

/** A share as a percentage for reading: “31.2%”. */
export function pct(x: number): string {
  if (x === 0) return "0%";
  const p = x * 100;
  return `${p < 0.1 ? p.toPrecision(1) : p < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
}
