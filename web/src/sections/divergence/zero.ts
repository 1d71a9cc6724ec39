import * as Plot from "@observablehq/plot";
import { klDivergence, surprisal } from "surprisal";
import { h, replace, uid } from "../../dom.js";
import { fmt, fmtProb, powerOfTen } from "../../format.js";
import { setProbability } from "../../state.js";
import { COLORS, type Store } from "../../store.js";
import type { DivergenceView, Panel } from "./view.js";

/** When B says “impossible”: D(A‖B) as B's probability of one chosen outcome shrinks towards 0. */
export function mountZero(container: HTMLElement, store: Store): Panel {
  const zeroId = uid("zero-outcome");
  const zeroSelect = h("select", { id: zeroId });
  let zeroChoice = -1;
  zeroSelect.addEventListener("change", () => {
    zeroChoice = Number(zeroSelect.value);
    store.set({});
  });
  const zeroChart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "KL divergence as one probability of Q goes to zero",
  });
  const zeroText = h("p", { class: "note" });
  container.append(
    h("h3", {}, "When Q says “impossible”"),
    h(
      "div",
      { class: "controls" },
      h("label", { for: zeroId }, "Let Q's probability of this outcome shrink towards 0:"),
      zeroSelect,
    ),
    zeroChart,
    zeroText,
  );
  return {
    update(view: DivergenceView) {
      const { state, unit, opts, aw, A, B, c, D, width } = view;
      const bWeights = state.swapped ? state.p : state.q;
      const aProbs = c.p;
      if (
        zeroSelect.options.length !== state.labels.length ||
        [...zeroSelect.options].some((o, i) => o.text !== state.labels[i])
      ) {
        replace(zeroSelect, ...state.labels.map((l, i) => h("option", { value: String(i) }, l)));
        zeroChoice = -1;
      }
      if (zeroChoice < 0 || zeroChoice >= state.labels.length) {
        let best = 0;
        for (let i = 1; i < aProbs.length; i++) if (aProbs[i]! > aProbs[best]!) best = i;
        zeroChoice = best;
      }
      zeroSelect.value = String(zeroChoice);
      const k = zeroChoice;
      const eps: number[] = [];
      for (let i = 0; i <= 48; i++) eps.push(10 ** (-8 + (8 * i) / 48) * 0.999);
      const curve = eps.map((e) => {
        const qe = setProbability(bWeights, k, e);
        return { e, d: klDivergence(aw, qe, opts) };
      });
      const currentQ = c.q[k]!;
      replace(
        zeroChart,
        Plot.plot({
          width,
          height: 236,
          marginLeft: 48,
          marginBottom: 40,
          style: { fontSize: "12px" },
          // Powers of ten (10⁻⁸ … 1), not SI prefixes (10n, 1µ, 100m), and the title centred
          // under the ticks, where it cannot run into the last one.
          x: {
            type: "log",
            domain: [1e-8, 1],
            ticks: Array.from({ length: 9 }, (_, i) => 10 ** (i - 8)),
            tickFormat: powerOfTen,
            label: `${B.toLowerCase()}(${state.labels[k]}), log scale →`,
            labelAnchor: "center",
            labelOffset: 34,
          },
          y: { label: `↑ D(${A}‖${B}) (${unit})`, grid: true, zero: true },
          marks: [
            Plot.line(curve, { x: "e", y: "d", stroke: COLORS.adds, strokeWidth: 2 }),
            currentQ > 0 && currentQ >= eps[0]!
              ? Plot.dot([{ e: currentQ, d: D }], { x: "e", y: "d", r: 5, fill: "black" })
              : null,
          ],
        }),
      );
      const pk = aProbs[k]!;
      replace(
        zeroText,
        pk > 0
          ? `The black dot is ${B} as it is now. ${A} gives “${state.labels[k]}” probability ${fmtProb(pk)}. As ${B}'s probability for it shrinks by a factor of 10, ` +
              `the divergence grows by about ${fmt(pk * surprisalOfTen(unit), 3)} ${unit} (${fmtProb(pk)} × log 10): slowly, but without limit. ` +
              `At ${B.toLowerCase()} = 0 it is ∞.`
          : `${A} never produces “${state.labels[k]}”, so ${B}'s probability for it can go to 0 without making the divergence infinite.`,
      );
    },
  };
}

/** log 10 in the unit (nats per decade, bits per decade, …), from the library's surprisal. */
function surprisalOfTen(unit: "bits" | "nats" | "dits"): number {
  return surprisal(0.1, { base: unit });
}
