import { h, uid } from "../../dom.js";
import {
  LIMITS,
  TABLES_BINNINGS,
  TABLES_PRESETS,
  TABLES_SMOOTHINGS,
  type TablesBinning,
  type TablesPreset,
  type TablesSmoothing,
} from "../../state.js";
import type { Store } from "../../store.js";
import { type Panel, PRESET_RULES, type TablesView } from "./view.js";

/** Numbers of bins offered (an address may ask for any from 2 to 50: it is added to the list). */
const BIN_COUNTS = [5, 10, 20, 30, 50];

const PRESET_NAMES: Record<TablesPreset, string> = {
  evidently: "Evidently",
  nannyml: "NannyML",
  whylogs: "whylogs",
  tfdv: "TFDV",
  psi: "PSI bands",
};
const BINNING_NAMES: Record<TablesBinning, string> = {
  quantile: "quantiles",
  fixed: "equal widths",
  doane: "Doane",
};
const SMOOTHING_NAMES: Record<TablesSmoothing, string> = {
  none: "none (∞ stays ∞)",
  jeffreys: "Jeffreys (+½ per bin)",
  laplace: "Laplace (+1 per bin)",
};

function select<T extends string | number>(
  testid: string,
  values: readonly T[],
  name: (v: T) => string,
  pick: (v: string) => void,
): { id: string; el: HTMLSelectElement } {
  const id = uid(testid);
  const el = h(
    "select",
    { id, "data-testid": testid },
    ...values.map((v) => h("option", { value: String(v) }, name(v))),
  );
  el.addEventListener("change", () => pick(el.value));
  return { id, el };
}

/** The report's options: whose thresholds decide, how numeric columns are binned, the smoothing. */
export function mountControls(container: HTMLElement, store: Store): Panel {
  const preset = select(
    "tables-preset",
    TABLES_PRESETS,
    (v) => PRESET_NAMES[v],
    (v) => store.set({ tablesPreset: v as TablesPreset }),
  );
  const binning = select(
    "tables-binning",
    TABLES_BINNINGS,
    (v) => BINNING_NAMES[v],
    (v) => store.set({ tablesBinning: v as TablesBinning }),
  );
  const bins = select(
    "tables-bins",
    BIN_COUNTS,
    (v) => String(v),
    (v) => {
      const n = Number(v);
      if (Number.isInteger(n) && n >= LIMITS.minTablesBins && n <= LIMITS.maxTablesBins) {
        store.set({ tablesBins: n });
      }
    },
  );
  const smoothing = select(
    "tables-smoothing",
    TABLES_SMOOTHINGS,
    (v) => SMOOTHING_NAMES[v],
    (v) => store.set({ tablesSmoothing: v as TablesSmoothing }),
  );
  const rule = h("p", { class: "note", "data-testid": "tables-rule" });
  container.append(
    h(
      "div",
      { class: "controls" },
      h("label", { for: preset.id }, "Decide as"),
      preset.el,
      h("label", { for: binning.id }, "Numeric bins"),
      binning.el,
      h("label", { for: bins.id }, "Bins"),
      bins.el,
      h("label", { for: smoothing.id }, "Smoothing"),
      smoothing.el,
    ),
    rule,
  );
  return {
    update({ state, report }: TablesView) {
      preset.el.value = state.tablesPreset;
      binning.el.value = state.tablesBinning;
      if (![...bins.el.options].some((o) => o.value === String(state.tablesBins))) {
        bins.el.append(h("option", { value: String(state.tablesBins) }, String(state.tablesBins)));
      }
      bins.el.value = String(state.tablesBins);
      bins.el.disabled = state.tablesBinning === "doane";
      smoothing.el.value = state.tablesSmoothing;
      rule.textContent =
        `${PRESET_RULES[state.tablesPreset]} Numeric columns are cut into ${state.tablesBinning === "doane" ? "a number of bins set by Doane's rule" : `${report.bins} bins`} on the reference only, plus one bin below and one above its range; ` +
        `categories not seen in the reference share one “unseen” bin. ` +
        (report.smoothing.pseudoCount > 0
          ? `Every bin of both tables gets ${report.smoothing.pseudoCount} added row${report.smoothing.pseudoCount === 1 ? "" : "s"} (${report.smoothing.name}).`
          : "No smoothing: an empty bin where the other table has rows makes PSI and KL infinite, and the page names that bin.");
    },
  };
}
