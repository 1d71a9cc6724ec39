import { h, replace } from "../dom.js";
import type { ExplorerState } from "../state.js";
import type { Section, Store } from "../store.js";
import { mountChallenge } from "./divergence/challenge.js";
import { mountCodes } from "./divergence/codes.js";
import { mountCompanions } from "./divergence/companions.js";
import { mountContributions } from "./divergence/contributions.js";
import { mountControls } from "./divergence/controls.js";
import { mountCrossEntropy } from "./divergence/cross-entropy.js";
import { mountEditors } from "./divergence/editors.js";
import { mountFormula } from "./divergence/formula.js";
import { mountNumbers } from "./divergence/numbers.js";
import { DivergenceView, type Panel } from "./divergence/view.js";
import { mountZero } from "./divergence/zero.js";

/**
 * Section 3: P and Q side by side, cross-entropy, KL, its per-outcome story and its companions.
 * Each panel (in `divergence/`) appends its part of the page and updates it from one
 * {@link DivergenceView}, which computes what several panels share once per state.
 */
export function mountDivergence(root: HTMLElement, store: Store): Section {
  replace(
    root,
    h("h2", {}, "3. Cross-entropy and KL divergence: the cost of believing Q when the truth is P"),
    h(
      "p",
      {},
      "P is the truth: what the data say. Q is the belief: what our model says. " +
        "If outcomes come from P but you measure your surprise with Q, you are surprised on average by the cross-entropy H(P, Q). " +
        "It is never less than H(P), the surprise you would feel knowing P itself; the extra is the KL divergence D(P‖Q).",
    ),
  );
  // In the order of the page.
  const formula = mountFormula(root);
  const controls = mountControls(root, store);
  const editors = mountEditors(root, store);
  const numbers = mountNumbers(root);
  const crossEntropy = mountCrossEntropy(root);
  const contributions = mountContributions(root);
  const zero = mountZero(root, store);
  const companions = mountCompanions(root, store);
  const codes = mountCodes(root);
  const challenge = mountChallenge(root, store);
  const panels: Panel[] = [
    editors,
    formula,
    numbers,
    crossEntropy,
    contributions,
    zero,
    companions,
    codes,
    challenge,
  ];

  return {
    update(state: ExplorerState) {
      const view = new DivergenceView(state, root);
      controls.update(view);
      view.check();
      for (const panel of panels) panel.update(view);
    },
  };
}
