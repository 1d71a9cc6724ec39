import * as Plot from "@observablehq/plot";
import { h, replace } from "../../dom.js";
import { fmt, fmtProb } from "../../format.js";
import { COLORS } from "../../store.js";
import type { DivergenceView, Panel } from "./view.js";

/** Which outcomes make the divergence: the signed contribution of each, as bars and as a table. */
export function mountContributions(container: HTMLElement): Panel {
  const contribChart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "Signed contribution of each outcome to the KL divergence",
  });
  const contribTable = h("div", { class: "table-wrap" });
  container.append(
    h("h3", {}, "Which outcomes make the divergence?"),
    h(
      "p",
      {},
      "Each outcome s adds p·log(p/q). Events where P is larger than Q add to the divergence (bars up); " +
        "where Q is larger they take from it (bars down). The bars up always win: the total is never negative, and it is 0 only when P and Q are the same.",
    ),
    contribChart,
    contribTable,
  );
  return {
    update(view: DivergenceView) {
      const { state, unit, A, B, c, HA, HAB, width } = view;
      const rows = state.labels.map((label, i) => ({
        label,
        p: c.p[i]!,
        q: c.q[i]!,
        sp: c.surprisalP[i]!,
        sq: c.surprisalQ[i]!,
        contribution: c.contribution[i]!,
        share: c.share[i]!,
      }));
      const finite = rows.filter((r) => Number.isFinite(r.contribution));
      const ext = Math.max(1e-12, ...finite.map((r) => Math.abs(r.contribution)));
      const labelFor = (r: { contribution: number }) =>
        r.contribution > 0
          ? `${A} > ${B}: adds`
          : r.contribution < 0
            ? `${B} > ${A}: takes away`
            : "no effect";
      replace(
        contribChart,
        Plot.plot({
          width,
          height: 240,
          marginLeft: 56,
          style: { fontSize: "12px" },
          x: { domain: state.labels, label: null, tickSize: 0 },
          y: {
            domain: [-ext * 1.2, ext * 1.2],
            label: `↑ ${A.toLowerCase()}·log(${A.toLowerCase()}/${B.toLowerCase()}) (${unit})`,
            grid: true,
          },
          color: {
            domain: [`${A} > ${B}: adds`, `${B} > ${A}: takes away`, "no effect"],
            range: [COLORS.adds, COLORS.takes, COLORS.neutral],
            legend: true,
          },
          marks: [
            Plot.barY(finite, {
              x: "label",
              y: "contribution",
              fill: labelFor,
              insetLeft: 2,
              insetRight: 2,
            }),
            Plot.text(
              rows.filter((r) => !Number.isFinite(r.contribution)),
              { x: "label", y: () => ext, text: () => "∞", fontSize: 18, fill: COLORS.adds },
            ),
            Plot.ruleY([0]),
          ],
        }),
      );
      const tableRows = rows.map((r) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, r.label),
          h("td", {}, fmtProb(r.p)),
          h("td", {}, fmtProb(r.q)),
          h("td", {}, fmt(r.sp)),
          h("td", {}, fmt(r.sq)),
          h(
            "td",
            { class: r.contribution > 0 ? "adds" : r.contribution < 0 ? "takes" : "" },
            fmt(r.contribution),
          ),
          h("td", {}, Number.isFinite(r.share) ? `${fmt(r.share * 100, 3)}%` : "—"),
        ),
      );
      replace(
        contribTable,
        h(
          "table",
          { class: "numbers", "data-testid": "contributions" },
          h(
            "caption",
            {},
            `Outcome by outcome (${unit}); the last column sums to 100% of D(${A}‖${B}).`,
          ),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "outcome s"),
              h("th", { scope: "col" }, `${A.toLowerCase()}(s)`),
              h("th", { scope: "col" }, `${B.toLowerCase()}(s)`),
              h("th", { scope: "col" }, `surprise under ${A}`),
              h("th", { scope: "col" }, `surprise under ${B}`),
              h("th", { scope: "col" }, "contribution"),
              h("th", { scope: "col" }, "share"),
            ),
          ),
          h("tbody", {}, ...tableRows),
          h(
            "tfoot",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "row" }, "total"),
              h("td", {}, "1"),
              h("td", {}, "1"),
              h("td", {}, `H(${A}) = ${fmt(HA)}`),
              h("td", {}, `H(${A},${B}) = ${fmt(HAB)}`),
              h("td", {}, `D = ${fmt(c.total)}`),
              h("td", {}, ""),
            ),
          ),
        ),
      );
    },
  };
}
