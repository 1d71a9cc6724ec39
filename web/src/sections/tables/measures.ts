import type { ColumnDrift } from "surprisal";
import { h, replace } from "../../dom.js";
import { fmt } from "../../format.js";
import { clipLabel, type Panel, type TablesView } from "./view.js";

/** Every measure of a column, with its test id, name, value and unit (in the page's unit). */
function rowsOf(c: ColumnDrift, unit: string): [string, string, number | undefined, string][] {
  const m = c.measures;
  return [
    ["psi", "PSI, Σ (q − p)·ln(q/p)", m.psi, "nats"],
    ["kl-rc", "KL(reference‖current)", m.klReferenceCurrent, unit],
    ["kl-cr", "KL(current‖reference)", m.klCurrentReference, unit],
    ["js", "JS divergence", m.jsDivergence, unit],
    ["js-distance", "JS distance, √JS", m.jsDistance, ""],
    ["js-corrected", "JS minus its sampling bias", m.jsCorrected, unit],
    ["kl-corrected", "KL(ref‖cur) minus its sampling bias", m.klCorrected, unit],
    ["hellinger", "Hellinger distance", m.hellinger, ""],
    ["tv", "total variation, ½ Σ |p − q|", m.totalVariation, ""],
    ["linf", "L∞, max |p − q|", m.lInfinity, ""],
    ["wasserstein", "Wasserstein / σ of the reference", m.wassersteinNormed, ""],
    ["ks", "Kolmogorov–Smirnov p-value", m.ks?.pValue, ""],
    ["chi2", "χ² homogeneity p-value", m.chiSquare.pValue, ""],
  ];
}

const INFINITE: Record<keyof ColumnDrift["infiniteAt"], string> = {
  psi: "PSI",
  klReferenceCurrent: "KL(reference‖current)",
  klCurrentReference: "KL(current‖reference)",
};

/** Every measure of the chosen column, and why an infinite one is infinite. */
export function mountMeasures(container: HTMLElement): Panel {
  const title = h("h3", {});
  const wrap = h("div", { class: "table-wrap" });
  const notes = h("div", {});
  container.append(title, wrap, notes);
  return {
    update(view: TablesView) {
      const { column: c, unit, state } = view;
      replace(title, `Every measure of “${clipLabel(c.name, 40)}”`);
      replace(
        wrap,
        h(
          "table",
          { class: "numbers measures", "data-testid": "tables-measures" },
          h(
            "tbody",
            {},
            ...rowsOf(c, unit)
              .filter(([, , v]) => v !== undefined)
              .map(([id, name, v, u]) =>
                h(
                  "tr",
                  {},
                  h("th", { scope: "row" }, name),
                  h(
                    "td",
                    { "data-testid": `m-${id}`, "data-value": String(v) },
                    `${fmt(v as number)}${u && !Number.isNaN(v) ? ` ${u}` : ""}`,
                  ),
                ),
              ),
          ),
        ),
      );
      // One sentence per bin that makes measures infinite (no smoothing hides it).
      const byBin = new Map<string, string[]>();
      for (const k of Object.keys(c.infiniteAt) as (keyof ColumnDrift["infiniteAt"])[]) {
        const bin = c.infiniteAt[k] ?? "";
        byBin.set(bin, [...(byBin.get(bin) ?? []), INFINITE[k]]);
      }
      const said = [...byBin].map(([bin, names]) =>
        h(
          "p",
          { class: "callout", "data-testid": "tables-infinite" },
          `${names.join(" and ")} ${names.length > 1 ? "are" : "is"} infinite: the bin “${clipLabel(bin, 40)}” has rows in one table and none in the other. ` +
            (state.tablesSmoothing === "none"
              ? "Nothing is hidden: choose a smoothing above to add pseudo-counts to every bin and get a finite value."
              : ""),
        ),
      );
      replace(notes, ...said);
    },
  };
}
