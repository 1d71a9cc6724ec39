import "./tables/tables.css";
import { h, replace } from "../dom.js";
import type { ExplorerState } from "../state.js";
import type { Section, Store } from "../store.js";
import { mountControls } from "./tables/controls.js";
import { loadExample, loadFiles, type TablesData } from "./tables/data.js";
import { mountHistogram } from "./tables/histogram.js";
import { mountMeasures } from "./tables/measures.js";
import { mountSource } from "./tables/source.js";
import { mountSummary } from "./tables/summary.js";
import { type Panel, TablesView } from "./tables/view.js";
import { mountWhy } from "./tables/why.js";

/**
 * Section 8: has my data changed? Two tables (the example, or CSV/Parquet files the reader drops)
 * compared column by column by the library's `driftReport`: each column's verdict under a tool's
 * preset, its two histograms on the reference's bins, and the bins that add most to the
 * divergence. The tables live in this module only; the address holds the options.
 */
export function mountTables(root: HTMLElement, store: Store): Section {
  replace(
    root,
    h("h2", {}, "8. Two tables: has my data changed?"),
    h(
      "p",
      {},
      "Monitoring data means comparing a reference table (the training data, last month: P) with the current one (Q), column by column. " +
        "Each column is cut into bins fitted on the reference, the two tables' shares per bin are compared with PSI, KL, Jensen–Shannon and their companions, " +
        "and a rule (Evidently's, NannyML's, whylogs', TFDV's defaults) says whether it drifted. The bins that add most to the divergence say why. " +
        "The same report as the command line's “surprisal drift”, computed here in your browser.",
    ),
  );
  let data: TablesData | undefined;
  let wanted = ""; // the dataset the page should show: "example", "files:3", …
  let shown = "";
  let filesSeq = 0;
  let names: { reference: string; current: string } | undefined;

  const source = mountSource(root, {
    files(reference: File, current: File) {
      filesSeq++;
      names = { reference: reference.name, current: current.name };
      start(`files:${filesSeq}`, loadFiles(reference, current));
      store.set({ tablesColumn: -1 });
    },
    example() {
      names = undefined;
      start("example", loadExample());
      store.set({ tablesColumn: -1 });
    },
  });
  const status = h("p", { class: "status", role: "status" });
  const error = h("p", {
    class: "callout error",
    role: "alert",
    hidden: true,
    "data-testid": "tables-error",
  });
  const body = h("div", { class: "tables-body" });
  root.append(status, error, body);
  const panels: Panel[] = [
    mountControls(body, store),
    mountSummary(body, store),
    mountHistogram(body),
    mountWhy(body),
    mountMeasures(body),
  ];

  function fail(e: unknown): void {
    data = undefined;
    body.hidden = true;
    error.hidden = false;
    replace(
      error,
      `These tables cannot be compared: ${e instanceof Error ? e.message : String(e)}`,
    );
    replace(status, "");
    root.dataset.tables = "error";
  }

  function start(key: string, promise: Promise<TablesData>): void {
    wanted = key;
    root.dataset.tables = "loading";
    replace(status, "Reading and comparing…");
    promise.then(
      (d) => {
        if (wanted !== key) return;
        data = d;
        shown = key;
        error.hidden = true;
        replace(error, "");
        replace(status, "");
        draw(store.get());
      },
      (e: unknown) => {
        if (wanted === key) fail(e);
      },
    );
  }

  function draw(state: ExplorerState): void {
    source.update(wanted === "example" ? "example" : "files", names);
    if (!data) {
      body.hidden = true;
      return;
    }
    let view: TablesView;
    try {
      view = new TablesView(state, data, root);
    } catch (e) {
      // The library refuses these tables under these options: say so in the section.
      fail(e);
      return;
    }
    body.hidden = false;
    error.hidden = true;
    replace(error, "");
    for (const panel of panels) panel.update(view);
    root.dataset.tables = shown === wanted ? "ready" : "loading";
  }

  return {
    update(state: ExplorerState) {
      if (wanted === "") start("example", loadExample());
      draw(state);
    },
  };
}
