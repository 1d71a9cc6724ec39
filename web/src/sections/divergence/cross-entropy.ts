import * as Plot from "@observablehq/plot";
import { h, replace } from "../../dom.js";
import { fmt } from "../../format.js";
import { COLORS } from "../../store.js";
import type { DivergenceView, Panel } from "./view.js";

/**
 * H(A, B) = H(A) + D(A‖B) as a stacked bar, and the callout that explains D = ∞ where B gives
 * probability 0 to an outcome A produces.
 */
export function mountCrossEntropy(container: HTMLElement): Panel {
  const stack = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "Cross-entropy as entropy plus KL divergence",
  });
  const infinity = h("div", { class: "callout", hidden: true, role: "note" });
  container.append(h("h3", {}, "Cross-entropy = entropy + KL divergence"), stack, infinity);
  return {
    update(view: DivergenceView) {
      const { state, unit, A, B, HA, HAB, D } = view;
      const { width } = view;
      if (Number.isFinite(D)) {
        const parts = [
          { part: `H(${A}): surprise you cannot avoid`, v: HA, color: COLORS.entropy },
          { part: `D(${A}‖${B}): extra, from believing ${B}`, v: D, color: COLORS.adds },
        ];
        replace(
          stack,
          Plot.plot({
            width,
            height: 90,
            marginLeft: 10,
            marginRight: 20,
            style: { fontSize: "12px" },
            x: { label: `${unit} →`, domain: [0, HAB * 1.02 || 1] },
            color: {
              domain: parts.map((d) => d.part),
              range: parts.map((d) => d.color),
              legend: true,
            },
            marks: [
              Plot.barX(
                parts,
                Plot.stackX({ x: "v", fill: "part", y: () => "H", insetTop: 4, insetBottom: 4 }),
              ),
              Plot.ruleX([HAB], { stroke: "black", strokeWidth: 2 }),
            ],
            y: { axis: null },
          }),
          h(
            "p",
            { class: "note" },
            `H(${A}, ${B}) = ${fmt(HA)} + ${fmt(D)} = ${fmt(HAB)} ${unit}.`,
          ),
        );
      } else {
        replace(stack, h("p", { class: "note" }, `H(${A}, ${B}) = ${fmt(HA)} + ∞ = ∞: see below.`));
      }

      // Where B gives 0 to an outcome A produces: infinite divergence.
      const { c } = view;
      const impossible = state.labels.filter((_, i) => c.p[i]! > 0 && c.q[i] === 0);
      infinity.hidden = impossible.length === 0;
      replace(
        infinity,
        h("strong", {}, "D = ∞. "),
        `${B} gives ${impossible.map((l) => `“${l}”`).join(", ")} probability 0, but ${A} produces it. ` +
          `The first time it happens, a believer in ${B} sees something “impossible”: infinitely surprising (−log 0 = ∞). ` +
          `In code lengths: a code built for ${B} has no codeword for it at all. ` +
          `Give it even a tiny probability in ${B} and the divergence becomes finite again.`,
      );
    },
  };
}
