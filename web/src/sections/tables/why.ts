import * as Plot from "@observablehq/plot";
import { h, replace } from "../../dom.js";
import { fmt } from "../../format.js";
import { COLORS } from "../../store.js";
import { clipLabel, type Panel, pct, type TablesView } from "./view.js";

/**
 * The “why” of the chosen column: the bins whose terms of the JS divergence are largest (each bin's
 * ½p·log(p/m) + ½q·log(q/m), m = (p + q)/2), as bars and a table, with a sentence built here from
 * the library's records.
 */
export function mountWhy(container: HTMLElement): Panel {
  const lead = h("p", { "data-testid": "tables-why-lead" });
  const chart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "Each bin's contribution to the JS divergence of the chosen column",
  });
  const wrap = h("div", { class: "table-wrap" });
  container.append(h("h3", {}, "Why: the bins that add most to the divergence"), lead, chart, wrap);
  return {
    update(view: TablesView) {
      const { column: c, unit, width } = view;
      const why = c.why;
      if (why.length === 0) {
        replace(
          lead,
          `The two tables put exactly the same shares in every bin of “${clipLabel(c.name, 40)}”: its JS divergence is 0 and no bin contributes.`,
        );
        replace(chart);
        replace(wrap);
        return;
      }
      const top = why[0]!;
      const shown = why.slice(0, 3);
      const covered = shown.reduce((s, r) => s + r.share, 0);
      const where = (label: string, kind: string) =>
        kind === "unseen"
          ? "categories the reference never had"
          : kind === "category"
            ? `“${clipLabel(label, 40)}”`
            : `the bin ${label}`;
      replace(
        lead,
        `Of the JS divergence of “${clipLabel(c.name, 40)}” (${fmt(c.measures.jsDivergence)} ${unit}), ${pct(top.share)} comes from ${where(top.label, top.kind)}: ` +
          `${pct(top.referenceShare)} of the reference rows, ${pct(top.currentShare)} of the current ones (${top.currentShare > top.referenceShare ? "more common now" : "rarer now"}).` +
          (shown.length > 1
            ? ` The ${shown.length} largest bins together make ${pct(covered)} of it.`
            : ""),
      );
      const narrow = width < 500;
      const keys = why.map((_, i) => String(i));
      replace(
        chart,
        Plot.plot({
          width,
          height: 64 + 22 * why.length,
          marginLeft: narrow ? 104 : 160,
          marginRight: 16,
          marginBottom: 44,
          style: { fontSize: "12px" },
          x: {
            label: `contribution to JS (${unit}) →`,
            labelAnchor: "center",
            labelOffset: 36,
            grid: true,
            ticks: narrow ? 2 : 6,
          },
          y: {
            label: null,
            domain: keys,
            tickFormat: (k: string) => clipLabel(why[Number(k)]?.label ?? "", narrow ? 13 : 20),
          },
          marks: [
            Plot.barX(
              why.map((r, i) => ({ ...r, key: String(i) })),
              {
                x: "contribution",
                y: "key",
                fill: (r: (typeof why)[number]) =>
                  r.currentShare > r.referenceShare ? COLORS.q : COLORS.p,
                title: (r: (typeof why)[number]) =>
                  `${r.label}\n${pct(r.share)} of JS\nreference ${pct(r.referenceShare)}, current ${pct(r.currentShare)}`,
              },
            ),
            Plot.ruleX([0]),
          ],
        }),
        h(
          "p",
          { class: "note" },
          "Orange: bins more common in the current table; blue: bins rarer now. Every term is ≥ 0, and all the bins' terms add up to the JS divergence.",
        ),
      );
      replace(
        wrap,
        h(
          "table",
          { class: "numbers why", "data-testid": "tables-why" },
          h("caption", {}, `The ${why.length} bins with the largest terms of JS (${unit}).`),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...["bin", "term of JS", "share of JS", "reference", "current"].map((t) =>
                h("th", { scope: "col" }, t),
              ),
            ),
          ),
          h(
            "tbody",
            {},
            ...why.map((r, i) =>
              h(
                "tr",
                { "data-rank": i },
                h("th", { scope: "row", class: "label", title: r.label }, clipLabel(r.label, 28)),
                h(
                  "td",
                  { "data-testid": `why-${i}`, "data-value": String(r.contribution) },
                  fmt(r.contribution),
                ),
                h("td", {}, pct(r.share)),
                h("td", {}, pct(r.referenceShare)),
                h("td", {}, pct(r.currentShare)),
              ),
            ),
          ),
        ),
      );
    },
  };
}
