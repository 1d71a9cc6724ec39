import { h, replace } from "../dom.js";
import type { ExplorerState } from "../state.js";
import type { Section, Store } from "../store.js";
import { mountControls } from "./samples/controls.js";
import { mountConvergence } from "./samples/convergence.js";
import { mountIntervals } from "./samples/intervals.js";
import { mountMiTable } from "./samples/mi-table.js";
import { type Panel, SamplesView } from "./samples/view.js";

/**
 * Section 6: from samples to answers. Draw n outcomes from the P of section 2 (seeded), estimate
 * its entropy with every estimator, watch the plug-in's bias and the corrections converge; then a
 * 2-D table where mutual information is the KL divergence of the joint from the product of its
 * margins, cell by cell. Each panel (in `samples/`) updates from one {@link SamplesView}.
 */
export function mountSamples(root: HTMLElement, store: Store): Section {
  replace(
    root,
    h("h2", {}, "6. From samples: estimating entropy and mutual information from data"),
    h(
      "p",
      {},
      "Real data rarely hand you P: they hand you draws from it. Plugging the observed frequencies into the formula (the plug-in estimate) " +
        "underestimates entropy, because outcomes not yet seen count as impossible and small counts look more lopsided than the truth. " +
        "Here the draws come from the P of section 2, with a seed, so you can see how far off each estimator is and how its interval covers the truth.",
    ),
  );
  const controls = mountControls(root, store);
  const intervals = mountIntervals(root);
  const convergence = mountConvergence(root);
  const table = mountMiTable(root, store);
  const panels: Panel[] = [controls, intervals, convergence, table];
  return {
    update(state: ExplorerState) {
      const view = new SamplesView(state, root);
      for (const panel of panels) panel.update(view);
    },
  };
}
