import { klDivergence } from "surprisal";
import { h, replace } from "../../dom.js";
import { fmt } from "../../format.js";
import { bigNumber } from "../../widgets.js";
import type { DivergenceView, Panel } from "./view.js";

/** The three headline numbers H(A), H(A, B), D(A‖B), and the note that KL is not symmetric. */
export function mountNumbers(container: HTMLElement): Panel {
  const numbers = h("div", { class: "big-numbers", "aria-live": "polite" });
  const asym = h("p", { class: "note", "data-testid": "asymmetry" });
  container.append(numbers, asym);
  return {
    update(view: DivergenceView) {
      const { state, unit, opts, A, B } = view;
      const { HA, HAB, D } = view;
      const Dpq = state.swapped ? klDivergence(state.p, state.q, opts) : D;
      const Dqp = state.swapped ? D : klDivergence(state.q, state.p, opts);
      replace(
        numbers,
        bigNumber(
          `Entropy H(${A})`,
          HA,
          unit,
          `average surprise if you believe ${A} itself`,
          "h-value",
        ),
        bigNumber(
          `Cross-entropy H(${A}, ${B})`,
          HAB,
          unit,
          `average surprise when data come from ${A} and you believe ${B}`,
          "ce-value",
        ),
        bigNumber(
          `KL divergence D(${A}‖${B})`,
          D,
          unit,
          "the extra surprise: the cost of the wrong belief",
          "kl-value",
        ),
      );
      replace(
        asym,
        `Not symmetric: D(P‖Q) = ${fmt(Dpq)} ${unit}, but D(Q‖P) = ${fmt(Dqp)} ${unit}. `,
        state.swapped
          ? "Now Q plays the truth and P the belief: untick the switch to go back."
          : "Tick the switch above to see the divergence the other way round.",
      );
    },
  };
}
