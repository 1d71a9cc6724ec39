import * as Plot from "@observablehq/plot";
import { entropy, surprisal, toProbabilities } from "surprisal";
import { h, replace, setTex } from "../dom.js";
import { DistributionEditor } from "../editor.js";
import { fmt, fmtTex, logTex, withUnit } from "../format.js";
import { type ExplorerState, PRESETS, round6 } from "../state.js";
import { COLORS, type Section, type Store } from "../store.js";

/** Section 2: an editable distribution and its entropy, the average surprise. */
export function mountEntropy(root: HTMLElement, store: Store): Section {
  const editor = new DistributionEditor({
    name: "P",
    caption: "The distribution P",
    color: COLORS.p,
    onChange: (w) => store.set({ entropyWeights: w }),
  });
  const presets = h(
    "div",
    { class: "presets", role: "group", "aria-label": "Start from a preset" },
    ...PRESETS.map((preset) => {
      const b = h("button", { type: "button", "data-preset": preset.id }, preset.name);
      b.addEventListener("click", () =>
        store.set({
          entropyLabels: [...preset.labels],
          entropyWeights: preset.weights.map(round6),
        }),
      );
      return b;
    }),
  );
  const formula = h("div", { class: "formula" });
  const readout = h("div", { class: "big-numbers", "aria-live": "polite" });
  const meter = h("div", { class: "chart" });
  const chart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "Surprise of each outcome, with the entropy as their average",
  });
  const zeros = h("p", { class: "note" });

  replace(
    root,
    h("h2", {}, "2. Entropy: the average surprise"),
    h(
      "p",
      {},
      "Before you toss a coin, someone predicts tails: you would be surprised if it came up, but not very. " +
        "Predict a 1 on a die and you would be more surprised. Entropy is the surprise you should expect on average: " +
        "each outcome's surprise, weighted by how often it happens.",
    ),
    formula,
    h(
      "p",
      { class: "hint" },
      "Pick a preset, drag the bars, or type probabilities (the others rescale so the total stays 1).",
    ),
    presets,
    editor.root,
    readout,
    meter,
    h("h3", {}, "Where the entropy comes from"),
    h(
      "p",
      {},
      "Each bar is one outcome's surprise. The dashed line is their average weighted by the probabilities: the entropy. " +
        "Rare outcomes have tall bars but happen seldom, so they pull the average up only a little.",
    ),
    chart,
    zeros,
  );

  return {
    update(state: ExplorerState) {
      const { unit } = state;
      const probs = toProbabilities(state.entropyWeights, { input: "counts" }, "p");
      editor.update(state.entropyLabels, state.entropyWeights, probs);
      const n = probs.length;
      const H = entropy(probs, { base: unit });
      if (n < 2) throw new Error("a distribution needs at least 2 outcomes here");
      const Hmax = entropy(new Float64Array(n).fill(1), { input: "counts", base: unit });
      const s = surprisal(probs, { base: unit });
      setTex(
        formula,
        `H(P) = \\sum_s p_s \\, h(s) = -\\sum_s p_s ${logTex(unit)} p_s = ${fmtTex(H)}\\ \\text{${unit}}`,
        true,
      );
      replace(
        readout,
        h(
          "div",
          { class: "big" },
          h("span", { class: "label" }, "Entropy H(P)"),
          h(
            "strong",
            { "data-testid": "entropy-value", "data-value": String(H) },
            withUnit(H, unit),
          ),
          h("span", { class: "sub" }, "average surprise per outcome"),
        ),
        h(
          "div",
          { class: "big" },
          h("span", { class: "label" }, `Maximum for ${n} outcomes`),
          h("strong", { "data-value": String(Hmax) }, withUnit(Hmax, unit)),
          h(
            "span",
            { class: "sub" },
            `${unit === "bits" ? "log₂" : unit === "dits" ? "log₁₀" : "ln"} ${n}: all ${n} outcomes equally likely`,
          ),
        ),
      );
      const width = Math.max(260, Math.min(root.clientWidth || 600, 720));
      replace(
        meter,
        Plot.plot({
          width,
          height: 70,
          marginLeft: 10,
          marginRight: 20,
          style: { fontSize: "12px" },
          x: { domain: [0, Hmax], label: `entropy (${unit}) →` },
          marks: [
            Plot.barX([Hmax], { x: (d: number) => d, fill: "#e5e7eb" }),
            Plot.barX([H], { x: (d: number) => d, fill: COLORS.entropy }),
            Plot.text([H], {
              x: (d: number) => d,
              text: () => `${fmt((H / Hmax) * 100, 3)}% of the maximum`,
              dx: H / Hmax > 0.6 ? -6 : 6,
              textAnchor: H / Hmax > 0.6 ? "end" : "start",
              fill: H / Hmax > 0.6 ? "white" : "black",
              dy: 0,
            }),
          ],
        }),
      );
      const data = state.entropyLabels
        .map((label, i) => ({ label, h: s[i]!, p: probs[i]! }))
        .filter((d) => d.p > 0);
      const yTop = Math.max(H, ...data.map((d) => d.h)) * 1.15 || 1;
      replace(
        chart,
        Plot.plot({
          width,
          height: 220,
          marginLeft: 48,
          style: { fontSize: "12px" },
          x: { domain: state.entropyLabels, label: null, tickSize: 0 },
          y: { domain: [0, yTop], label: `↑ surprise −log p (${unit})`, grid: true },
          marks: [
            Plot.barY(data, {
              x: "label",
              y: "h",
              fill: COLORS.p,
              fillOpacity: 0.7,
              insetLeft: 2,
              insetRight: 2,
            }),
            Plot.ruleY([H], { stroke: COLORS.entropy, strokeWidth: 2, strokeDasharray: "6 4" }),
            Plot.text([H], {
              y: (d: number) => d,
              frameAnchor: "right",
              text: () => `H(P) = ${withUnit(H, unit)}`,
              dy: -8,
              fill: COLORS.entropy,
              stroke: "white",
              strokeWidth: 4,
              fontWeight: "bold",
            }),
            Plot.ruleY([0]),
          ],
        }),
      );
      const never = state.entropyLabels.filter((_, i) => probs[i] === 0);
      replace(
        zeros,
        never.length > 0
          ? `Never happens: ${never.join(", ")}. An impossible outcome would be infinitely surprising, but it never occurs, so it adds nothing: 0 · log 0 = 0.`
          : "",
      );
    },
  };
}
