import { hellinger, jsDistance, jsDivergence, renyiDivergence, totalVariation } from "surprisal";
import { h, replace, uid } from "../../dom.js";
import { fmt } from "../../format.js";
import { round6 } from "../../state.js";
import type { Store } from "../../store.js";
import { COUNTS, type DivergenceView, type Panel } from "./view.js";

/** Other ways to compare P and Q: JS divergence and distance, Rényi of order α, TV, Hellinger. */
export function mountCompanions(container: HTMLElement, store: Store): Panel {
  const alphaId = uid("alpha");
  const alpha = h("input", { id: alphaId, type: "range", min: 0, max: 10, step: 0.1 });
  alpha.addEventListener("input", () => store.set({ alpha: round6(Number(alpha.value)) }));
  const alphaOut = h("output", { for: alphaId });
  const others = h("div", { class: "table-wrap" });
  container.append(
    h("h3", {}, "Other ways to compare P and Q"),
    h("div", { class: "controls" }, h("label", { for: alphaId }, "Rényi order α"), alpha, alphaOut),
    others,
  );
  return {
    update(view: DivergenceView) {
      const { state, unit, opts, aw, bw, A, B } = view;
      if (document.activeElement !== alpha) alpha.value = String(Math.min(10, state.alpha));
      alphaOut.value = `α = ${fmt(state.alpha)}`;
      const { D } = view;
      const js = jsDivergence(state.p, state.q, opts);
      const jsd = jsDistance(state.p, state.q, opts);
      const ren = renyiDivergence(aw, bw, { ...opts, alpha: state.alpha });
      const tv = totalVariation(state.p, state.q, COUNTS);
      const hel = hellinger(state.p, state.q, COUNTS);
      const row = (
        name: string,
        value: string,
        unitText: string,
        note: string,
        id: string,
        raw: number,
      ) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, name, h("span", { class: "explain" }, note)),
          h("td", { "data-testid": id, "data-value": String(raw) }, value),
          h("td", {}, unitText),
        );
      replace(
        others,
        h(
          "table",
          { class: "numbers measures" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "measure"),
              h("th", { scope: "col" }, "value"),
              h("th", { scope: "col" }, "unit"),
            ),
          ),
          h(
            "tbody",
            {},
            row(
              `KL D(${A}‖${B})`,
              fmt(D),
              unit,
              "not symmetric; ∞ when Q rules out what P does",
              "kl-table",
              D,
            ),
            row(
              "Jensen–Shannon divergence",
              fmt(js),
              unit,
              "KL of each to their average M = (P+Q)/2, averaged: symmetric and never more than 1 bit",
              "js-value",
              js,
            ),
            row(
              "Jensen–Shannon distance",
              fmt(jsd),
              `√${unit}`,
              "square root of JS: a true distance (triangle inequality)",
              "jsd-value",
              jsd,
            ),
            row(
              `Rényi D_α(${A}‖${B}), α = ${fmt(state.alpha)}`,
              fmt(ren),
              unit,
              "α = 1 is KL; larger α weighs the worst outcome more, α → 0 only asks where Q is 0",
              "renyi-value",
              ren,
            ),
            row(
              "Total variation",
              fmt(tv),
              "none (0 to 1)",
              "the largest difference in probability P and Q give to any set of outcomes",
              "tv-value",
              tv,
            ),
            row(
              "Hellinger distance",
              fmt(hel),
              "none (0 to 1)",
              "a distance between √P and √Q; finite even where Q is 0",
              "hellinger-value",
              hel,
            ),
          ),
        ),
      );
    },
  };
}
