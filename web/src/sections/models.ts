import "./models/models.css";
import { h, replace } from "../dom.js";
import type { ExplorerState } from "../state.js";
import type { Section, Store } from "../store.js";
import { loadExample, loadFiles, type ModelFiles, type ModelsData } from "./models/data.js";
import { mountHistogram } from "./models/histogram.js";
import { mountPosition } from "./models/position.js";
import { mountSource } from "./models/source.js";
import { mountSummary } from "./models/summary.js";
import { ModelsView, type Panel } from "./models/view.js";
import { mountWorst } from "./models/worst.js";

/**
 * Section 7: two language models compared token by token, llama.cpp's KL-divergence report computed
 * in the page by the library's `ModelComparison` (on its fast path), the distribution of per-token
 * KLD, the worst positions, and one position's "why". The data (the example or the reader's files)
 * live in this module only; the address holds the options (which example, which position).
 */
export function mountModels(root: HTMLElement, store: Store): Section {
  replace(
    root,
    h("h2", {}, "7. Two models, token by token: what quantization changed"),
    h(
      "p",
      {},
      "A language model gives, at every position of a text, a distribution over its next token. Compare a model (P, the base, taken as the truth) " +
        "with its quantized or distilled twin (Q): the KL divergence D(P‖Q) at each position says how much the twin's beliefs moved. " +
        "This is the report of llama.cpp's llama-perplexity --kl-divergence, computed here in your browser.",
    ),
  );
  let mode: "example" | "files" = "example";
  let data: ModelsData | undefined;
  let dataKey = "";
  let wanted = ""; // the dataset the page should show: "example:int4", "files:3", …
  let filesSeq = 0;

  const source = mountSource(root, store, {
    files(files: ModelFiles) {
      mode = "files";
      filesSeq++;
      start(`files:${filesSeq}`, loadFiles(files));
      store.set({ modelsPos: -1 });
    },
    example() {
      mode = "example";
    },
  });
  const status = h("p", { class: "status", role: "status" });
  const error = h("p", { class: "callout error", role: "alert", hidden: true });
  const body = h("div", { class: "models-body" });
  root.append(status, error, body);
  const panels: Panel[] = [
    mountSummary(body),
    mountHistogram(body),
    mountWorst(body, store),
    mountPosition(body),
  ];

  function start(key: string, promise: Promise<ModelsData>): void {
    wanted = key;
    root.dataset.models = "loading";
    replace(status, "Computing…");
    promise.then(
      (d) => {
        if (wanted !== key) return;
        data = d;
        dataKey = key;
        error.hidden = true;
        replace(error, "");
        replace(status, "");
        draw(store.get());
      },
      (e: unknown) => {
        if (wanted !== key) return;
        data = undefined;
        body.hidden = true;
        error.hidden = false;
        replace(
          error,
          `These files cannot be compared: ${e instanceof Error ? e.message : String(e)}`,
        );
        replace(status, "");
        root.dataset.models = "error";
      },
    );
  }

  function draw(state: ExplorerState): void {
    source.update(mode, state.modelsOther);
    if (!data) {
      body.hidden = true;
      return;
    }
    body.hidden = false;
    const view = new ModelsView(state, data, root);
    for (const panel of panels) panel.update(view);
    root.dataset.models = dataKey === wanted ? "ready" : "loading";
  }

  return {
    update(state: ExplorerState) {
      if (mode === "example" && wanted !== `example:${state.modelsOther}`) {
        start(`example:${state.modelsOther}`, loadExample(state.modelsOther));
      }
      draw(state);
    },
  };
}
