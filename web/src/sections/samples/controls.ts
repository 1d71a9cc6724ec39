import { h, uid } from "../../dom.js";
import { fmtInt } from "../../format.js";
import { FROM_SIZES, LIMITS } from "../../state.js";
import type { Store } from "../../store.js";
import type { Panel, SamplesView } from "./view.js";

/** Seed and sample size of the draws (the only state this section keeps, in the address). */
export function mountControls(container: HTMLElement, store: Store): Panel {
  const seedId = uid("from-seed");
  const seed = h("input", {
    id: seedId,
    type: "number",
    min: 0,
    max: LIMITS.maxSeed,
    step: 1,
    "data-testid": "from-seed",
  });
  seed.addEventListener("change", () => {
    const v = Number(seed.value);
    if (!Number.isInteger(v) || v < 0 || v > LIMITS.maxSeed) {
      seed.setCustomValidity(`Enter a whole number from 0 to ${LIMITS.maxSeed}`);
      seed.reportValidity();
      return;
    }
    seed.setCustomValidity("");
    store.set({ fromSeed: v });
  });
  const again = h(
    "button",
    { type: "button", "data-testid": "from-again" },
    "Draw again (next seed)",
  );
  again.addEventListener("click", () =>
    store.set({ fromSeed: (store.get().fromSeed + 1) % LIMITS.maxSeed }),
  );
  const nId = uid("from-n");
  const size = h(
    "select",
    { id: nId, "data-testid": "from-n" },
    ...FROM_SIZES.map((n) => h("option", { value: String(n) }, fmtInt(n))),
  );
  size.addEventListener("change", () => store.set({ fromN: Number(size.value) }));
  container.append(
    h(
      "div",
      { class: "controls" },
      h("label", { for: nId }, "Sample size n"),
      size,
      h("label", { for: seedId }, "Seed"),
      seed,
      again,
    ),
  );
  return {
    update({ state }: SamplesView) {
      if (document.activeElement !== seed) seed.value = String(state.fromSeed);
      size.value = String(state.fromN);
    },
  };
}
