import * as Plot from "@observablehq/plot";
import { surprisal } from "surprisal";
import { h, replace, setTex, uid } from "../dom.js";
import { fmt, fmtProb, fmtTex, logTex, withUnit } from "../format.js";
import type { ExplorerState } from "../state.js";
import { COLORS, type Section, type Store } from "../store.js";

/** The probabilities at which the curve −log p is drawn (denser near 0, where it climbs). */
function grid(): number[] {
  const xs: number[] = [];
  for (let i = 0; i <= 60; i++) xs.push(10 ** (-3 + (3 * i) / 60));
  for (let i = 1; i <= 100; i++) xs.push(i / 100);
  return xs.sort((a, b) => a - b);
}
const GRID = grid();

/** Section 1: one probability, its surprise −log p, and the curve of all of them. */
export function mountSurprise(root: HTMLElement, store: Store): Section {
  const sliderId = uid("surprise-slider");
  const numberId = uid("surprise-number");
  const slider = h("input", {
    id: sliderId,
    type: "range",
    min: 0.001,
    max: 1,
    step: 0.001,
    "aria-describedby": "surprise-readout",
  });
  const number = h("input", { id: numberId, type: "number", min: 0.001, max: 1, step: 0.001 });
  const formulaGeneral = h("div", {});
  const formulaValue = h("div", {});
  const formula = h("div", { class: "formula formula-row" }, formulaGeneral, formulaValue);
  const readout = h("p", { id: "surprise-readout", class: "readout", "aria-live": "polite" });
  const coins = h("p", { class: "note" });
  const twice = h("p", { class: "note" });
  const chart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "The curve of surprise against probability",
  });

  const commit = (v: number) => {
    if (!Number.isFinite(v) || v < 0.001 || v > 1) return;
    store.set({ surprise: Number(v.toPrecision(6)) });
  };
  slider.addEventListener("input", () => commit(Number(slider.value)));
  number.addEventListener("change", () => commit(Number(number.value)));

  replace(
    root,
    h("h2", {}, "1. Surprise: how unexpected is one event?"),
    h(
      "p",
      {},
      "Surprise is a number for how unexpected an outcome is. Rare events surprise more; a certain event (probability 1) does not surprise at all. " +
        "When independent events happen together their probabilities multiply, and their surprises add. Only the logarithm does that, so the surprise of an outcome s is",
    ),
    formula,
    h(
      "div",
      { class: "controls" },
      h("label", { for: sliderId }, "Probability p of the event"),
      slider,
      h("label", { for: numberId, class: "visually-hidden" }, "Probability p (type a value)"),
      number,
    ),
    readout,
    coins,
    twice,
    chart,
  );

  return {
    update(state: ExplorerState) {
      const { unit } = state;
      const p = state.surprise;
      if (document.activeElement !== slider) slider.value = String(p);
      if (document.activeElement !== number) number.value = String(p);
      const hp = surprisal(p, { base: unit });
      const bitsValue = surprisal(p, { base: "bits" });
      const p2 = p * p;
      setTex(formulaGeneral, `h(s) = -${logTex(unit)} p_s`, true);
      setTex(formulaValue, `-${logTex(unit)} ${fmtTex(p)} = ${fmtTex(hp)}\\ \\text{${unit}}`, true);
      readout.dataset.value = String(hp);
      replace(
        readout,
        "An event of probability ",
        h("strong", {}, fmtProb(p)),
        " has a surprise of ",
        h("strong", { "data-testid": "surprise-value" }, withUnit(hp, unit)),
        p === 1 ? ": it was certain to happen, so it tells you nothing new." : ".",
      );
      replace(
        coins,
        `In bits this reads as coin flips: it is as surprising as ${fmt(bitsValue, 3)} fair coin flips all coming up heads.`,
      );
      replace(
        twice,
        `Two such events, independently: probability ${fmtProb(p)} × ${fmtProb(p)} = ${fmtProb(p2)}, surprise ${fmt(surprisal(p2, { base: unit }))} ${unit}, twice as much.`,
      );
      const curve = GRID.map((x) => ({ p: x, h: surprisal(x, { base: unit }) }));
      const width = Math.max(260, Math.min(root.clientWidth || 600, 720));
      const plot = Plot.plot({
        width,
        height: 260,
        marginLeft: 48,
        style: { fontSize: "12px" },
        x: { domain: [0, 1], label: "probability p →" },
        y: { label: `↑ surprise −log p (${unit})`, grid: true, domain: [0, curve[0]!.h] },
        marks: [
          Plot.line(curve, { x: "p", y: "h", stroke: COLORS.entropy, strokeWidth: 2 }),
          Plot.ruleX([p], { stroke: COLORS.neutral, strokeDasharray: "4 3" }),
          Plot.ruleY([hp], { stroke: COLORS.neutral, strokeDasharray: "4 3" }),
          Plot.dot([{ p, h: hp }], { x: "p", y: "h", r: 6, fill: COLORS.entropy }),
          Plot.text([{ p, h: hp }], {
            x: "p",
            y: "h",
            text: () => withUnit(hp, unit, 3),
            dx: p > 0.7 ? -10 : 10,
            dy: -12,
            textAnchor: p > 0.7 ? "end" : "start",
            fontWeight: "bold",
          }),
          Plot.ruleY([0]),
        ],
      });
      replace(chart, plot);
    },
  };
}
