import { contributions } from "surprisal";
import { h } from "../../dom.js";
import { DistributionEditor } from "../../editor.js";
import { COLORS, type Store } from "../../store.js";
import { COUNTS, type DivergenceView, type Panel } from "./view.js";

/** P and Q side by side, each in its editor (bars to drag, fields to type in). */
export function mountEditors(container: HTMLElement, store: Store): Panel {
  const editorP = new DistributionEditor({
    name: "P",
    caption: "P, the truth (where the data come from)",
    color: COLORS.p,
    onChange: (w) => store.set({ p: w }),
  });
  const editorQ = new DistributionEditor({
    name: "Q",
    caption: "Q, the belief (the model)",
    color: COLORS.q,
    onChange: (w) => store.set({ q: w }),
  });
  container.append(
    h(
      "div",
      { class: "pair" },
      h("div", {}, h("h3", { class: "p-title" }, "P: the truth"), editorP.root),
      h("div", {}, h("h3", { class: "q-title" }, "Q: the belief"), editorQ.root),
    ),
  );
  return {
    update({ state }: DivergenceView) {
      const fwd = contributions(state.p, state.q, COUNTS);
      editorP.update(state.labels, state.p, fwd.p);
      editorQ.update(state.labels, state.q, fwd.q);
    },
  };
}
