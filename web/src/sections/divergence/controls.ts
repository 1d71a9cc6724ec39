import { h, uid } from "../../dom.js";
import { PAIR_PRESETS, round6 } from "../../state.js";
import type { Store } from "../../store.js";
import type { DivergenceView, Panel } from "./view.js";

/** The row of controls: start from a preset pair, swap the direction. */
export function mountControls(container: HTMLElement, store: Store): Panel {
  const presetSelectId = uid("pair-preset");
  const presetSelect = h(
    "select",
    { id: presetSelectId },
    h("option", { value: "" }, "Choose a pair…"),
    ...PAIR_PRESETS.map((pp) => h("option", { value: pp.id }, pp.name)),
  );
  presetSelect.addEventListener("change", () => {
    const pp = PAIR_PRESETS.find((x) => x.id === presetSelect.value);
    if (!pp) return;
    store.set({ labels: [...pp.labels], p: pp.p.map(round6), q: pp.q.map(round6) });
    presetSelect.value = "";
  });
  const swapId = uid("swap");
  const swap = h("input", { id: swapId, type: "checkbox", role: "switch", "data-testid": "swap" });
  swap.addEventListener("change", () => store.set({ swapped: swap.checked }));
  container.append(
    h(
      "div",
      { class: "controls" },
      h("label", { for: presetSelectId }, "Start from"),
      presetSelect,
      h(
        "label",
        { class: "switch", for: swapId },
        swap,
        " Swap the direction: measure D(Q‖P) instead",
      ),
    ),
  );
  return {
    update({ state }: DivergenceView) {
      swap.checked = state.swapped;
    },
  };
}
