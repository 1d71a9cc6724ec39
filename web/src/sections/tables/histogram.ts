import * as Plot from "@observablehq/plot";
import type { DriftBin } from "surprisal";
import { h, replace } from "../../dom.js";
import { fmtInt } from "../../format.js";
import { COLORS } from "../../store.js";
import { clipLabel, type Panel, pct, type TablesView } from "./view.js";

/** Bins drawn at most (the reference's most frequent categories first; the rest is counted). */
export const MAX_BARS = 24;
/** Height of one bin's pair of bars, in pixels. */
const ROW = 26;

/** The bins drawn: all of them, or the first MAX_BARS − 1 and the last (unseen) one. */
export function drawnBins(bins: readonly DriftBin[]): { bin: DriftBin; index: number }[] {
  const all = bins.map((bin, index) => ({ bin, index }));
  if (all.length <= MAX_BARS) return all;
  return [...all.slice(0, MAX_BARS - 1), all[all.length - 1]!];
}

/**
 * The chosen column's two histograms on the same bins: the share of the reference's rows (P) and
 * of the current table's rows (Q) in each bin, side by side, missing values apart.
 */
export function mountHistogram(container: HTMLElement): Panel {
  const title = h("h3", {});
  const chart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "Reference and current shares per bin of the chosen column",
  });
  const note = h("p", { class: "note", "data-testid": "tables-histogram-note" });
  container.append(title, chart, note);
  return {
    update(view: TablesView) {
      const { column: c, width } = view;
      replace(title, `“${clipLabel(c.name, 40)}”: the two histograms`);
      const shown = drawnBins(c.bins);
      const keys = shown.map(({ index }) => String(index));
      const labelOf = new Map(shown.map(({ bin, index }) => [String(index), bin.label]));
      const rows = shown.flatMap(({ bin, index }) => [
        { key: String(index), side: "reference", share: bin.referenceShare, bin },
        { key: String(index), side: "current", share: bin.currentShare, bin },
      ]);
      const narrow = width < 500;
      const tip = (d: (typeof rows)[number]) =>
        `${d.bin.label}\nreference: ${pct(d.bin.referenceShare)} (${fmtInt(d.bin.reference)} rows)\ncurrent: ${pct(d.bin.currentShare)} (${fmtInt(d.bin.current)} rows)`;
      replace(
        chart,
        Plot.plot({
          width,
          height: 64 + ROW * shown.length,
          marginLeft: narrow ? 104 : 160,
          marginRight: 16,
          marginBottom: 44,
          style: { fontSize: "12px" },
          x: {
            label: "% of the table's rows →",
            labelAnchor: "center",
            labelOffset: 36,
            grid: true,
            percent: true,
            ticks: narrow ? 4 : 8,
          },
          y: {
            label: null,
            domain: keys,
            padding: 0,
            tickFormat: (k: string) => clipLabel(labelOf.get(k) ?? "", narrow ? 13 : 20),
          },
          marks: [
            Plot.barX(
              rows.filter((d) => d.side === "reference"),
              {
                x: "share",
                y: "key",
                fill: COLORS.p,
                insetTop: 3,
                insetBottom: ROW / 2,
                title: tip,
              },
            ),
            Plot.barX(
              rows.filter((d) => d.side === "current"),
              {
                x: "share",
                y: "key",
                fill: COLORS.q,
                insetTop: ROW / 2,
                insetBottom: 3,
                title: tip,
              },
            ),
            Plot.ruleX([0]),
          ],
        }),
      );
      const hidden = c.bins.length - shown.length;
      const unseen = c.unseen.length
        ? ` Categories the reference never had, pooled in “(unseen)”: ${c.unseen
            .slice(0, 5)
            .map((u) => `“${clipLabel(u.label, 30)}” ×${fmtInt(u.count)}`)
            .join(", ")}${c.unseen.length > 5 ? ", …" : ""}.`
        : "";
      replace(
        note,
        `Blue: the reference (P), ${fmtInt(c.reference.rows)} rows; orange: the current table (Q), ${fmtInt(c.current.rows)} rows. ` +
          (c.type === "numeric" || c.type === "datetime"
            ? "The bins are fitted on the reference only; “<” and “>” hold the values outside its range. "
            : "One bin per reference category, most frequent first. ") +
          `Missing values are not in the bins: ${pct(c.reference.missingShare)} of the reference, ${pct(c.current.missingShare)} of the current table.` +
          unseen +
          (hidden > 0 ? ` ${fmtInt(hidden)} rarer bins are not drawn.` : ""),
      );
    },
  };
}
