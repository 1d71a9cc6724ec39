import type { ColumnDrift } from "surprisal";
import { h, replace } from "../../dom.js";
import { fmt, fmtInt } from "../../format.js";
import type { Store } from "../../store.js";
import { list } from "./data.js";
import { clipLabel, MEASURE_NAMES, type Panel, pct, type TablesView } from "./view.js";

const VERDICTS: Record<ColumnDrift["decision"]["status"], string> = {
  drift: "drifted",
  "possible-drift": "possible drift",
  "no-drift": "no drift",
};

/** The rule of a decision as text: “JS distance (nats) ≥ 0.1”. */
export function ruleText(d: ColumnDrift["decision"]): string {
  const op = d.rule === ">=" ? "≥" : d.rule;
  return `${MEASURE_NAMES[d.measure]}${d.unit && d.measure !== "psi" ? ` (${d.unit})` : ""} ${op} ${fmt(d.threshold)}`;
}

/**
 * The report, one row per column: its type, missing shares, the preset's measure and verdict, the
 * JS divergence and the bin that contributes most. Choosing a column (its button) shows its
 * histograms and contributions below. Column names and labels are text only.
 */
export function mountSummary(container: HTMLElement, store: Store): Panel {
  const lead = h("p", { class: "readout", "data-testid": "tables-lead" });
  const notes = h("div", {});
  const caption = h("p", { class: "note", "aria-hidden": "true" });
  const wrap = h("div", { class: "table-wrap" });
  container.append(h("h3", {}, "The report, column by column"), lead, notes, caption, wrap);
  return {
    update(view: TablesView) {
      const { report, data, index, unit } = view;
      const drifted = report.columns.filter((c) => c.decision.status === "drift");
      const possible = report.columns.filter((c) => c.decision.status === "possible-drift");
      replace(
        lead,
        `${drifted.length} of ${report.columns.length} column${report.columns.length === 1 ? "" : "s"} drifted` +
          (drifted.length ? `: ${list(drifted.map((c) => c.name))}` : "") +
          (possible.length ? `; possible drift in ${list(possible.map((c) => c.name))}` : "") +
          `. ${fmtInt(report.rows.reference)} reference rows against ${fmtInt(report.rows.current)} current rows.`,
      );
      const said: string[] = [];
      if (report.onlyInReference.length) {
        said.push(`Only in the reference, not compared: ${list(report.onlyInReference)}.`);
      }
      if (report.onlyInCurrent.length) {
        said.push(`Only in the current table, not compared: ${list(report.onlyInCurrent)}.`);
      }
      for (const c of data.clashes) {
        said.push(
          `“${c.name}” is ${c.reference} in ${data.reference.name} but ${c.current} in ${data.current.name}: not compared.`,
        );
      }
      if (view.columnOutOfRange) {
        said.push(
          `The address asks for column ${view.state.tablesColumn + 1}, but there are ${report.columns.length}: showing the one with the largest JS divergence.`,
        );
      }
      replace(notes, ...said.map((s) => h("p", { class: "note" }, s)));
      const explain = `Each column's verdict and the value its rule compares; JS divergence in ${unit}; the bin that adds most to JS, with its shares of the reference and current rows; missing shares, reference → current. Choose a column to see its histograms and why.`;
      replace(caption, explain);
      const rows = report.columns.map((c, i) => {
        const choose = h(
          "button",
          {
            type: "button",
            class: "small name",
            "data-column": i,
            "aria-pressed": String(i === index),
            title: c.name,
          },
          clipLabel(c.name, 28),
        );
        choose.addEventListener("click", () => store.set({ tablesColumn: i }));
        const d = c.decision;
        const top = c.why[0];
        return h(
          "tr",
          { class: `${i === index ? "chosen " : ""}${d.status}`, "data-column": i },
          h("th", { scope: "row" }, choose),
          h("td", { class: `text verdict ${d.status}` }, VERDICTS[d.status]),
          h("td", { "data-testid": "decision-value", "data-value": String(d.value) }, fmt(d.value)),
          h("td", { class: "text" }, ruleText(d)),
          h(
            "td",
            { "data-testid": "js", "data-value": String(c.measures.jsDivergence) },
            fmt(c.measures.jsDivergence),
          ),
          h(
            "td",
            { class: "text label", title: top?.label ?? "" },
            top
              ? `${clipLabel(top.label, 20)}: ${pct(top.referenceShare)} → ${pct(top.currentShare)}`
              : "—",
          ),
          h("td", { class: "text" }, c.type),
          h("td", {}, `${pct(c.reference.missingShare)} → ${pct(c.current.missingShare)}`),
        );
      });
      replace(
        wrap,
        h(
          "table",
          { class: "numbers report", "data-testid": "tables-report" },
          h("caption", { class: "visually-hidden" }, explain),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...[
                "column",
                "verdict",
                "value",
                "rule",
                `JS (${unit})`,
                "top bin: ref → cur",
                "type",
                "missing",
              ].map((t) => h("th", { scope: "col" }, t)),
            ),
          ),
          h("tbody", {}, ...rows),
        ),
      );
    },
  };
}
