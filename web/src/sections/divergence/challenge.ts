import { klDivergence } from "surprisal";
import { h, replace, uid } from "../../dom.js";
import { fmt } from "../../format.js";
import { TARGETS } from "../../state.js";
import type { Store } from "../../store.js";
import { COUNTS, type DivergenceView, type Panel } from "./view.js";

/** The challenge: reshape Q until D(P‖Q) is under a target number of bits. */
export function mountChallenge(container: HTMLElement, store: Store): Panel {
  const targetId = uid("target");
  const target = h(
    "select",
    { id: targetId },
    ...TARGETS.map((t) => h("option", { value: String(t) }, `${t} bits`)),
  );
  target.addEventListener("change", () => store.set({ target: Number(target.value) }));
  const challenge = h("p", {
    class: "challenge",
    "aria-live": "polite",
    "data-testid": "challenge",
  });
  container.append(
    h("h3", {}, "Challenge"),
    h(
      "div",
      { class: "controls" },
      h(
        "label",
        { for: targetId },
        "Reshape Q (drag its bars or type values) until D(P‖Q) is under",
      ),
      target,
    ),
    challenge,
  );
  return {
    update({ state }: DivergenceView) {
      target.value = String(state.target);
      const Dtarget = klDivergence(state.p, state.q, { ...COUNTS, base: "bits" });
      const met = Dtarget < state.target;
      challenge.classList.toggle("met", met);
      replace(
        challenge,
        met
          ? `Done: D(P‖Q) = ${fmt(Dtarget)} bits, under ${state.target} bits. Q now wastes less than ${state.target} bits per outcome. Try a smaller target.`
          : `D(P‖Q) = ${fmt(Dtarget)} bits: ${Number.isFinite(Dtarget) ? `${fmt(Dtarget - state.target, 3)} bits` : "infinitely far"} above the target of ${state.target} bits. Hint: move Q's bars towards P's, starting with the outcome that adds the most.`,
      );
    },
  };
}
