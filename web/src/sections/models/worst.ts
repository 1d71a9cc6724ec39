import { h, replace } from "../../dom.js";
import { fmt } from "../../format.js";
import type { Store } from "../../store.js";
import type { ModelsView, Panel } from "./view.js";
import { tokenLabel } from "./vocab.js";

/** Tokens of context shown before each position. */
const CONTEXT = 6;
/** On a phone. */
const CONTEXT_NARROW = 3;

/** Index of the largest value (first on ties). */
export function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}

/**
 * The positions with the largest KLD, as a table; choosing one (click, or Enter on its button) shows
 * its two next-token distributions below. Token strings are text only, escaped by `tokenLabel`.
 */
export function mountWorst(container: HTMLElement, store: Store): Panel {
  const wrap = h("div", { class: "table-wrap" });
  container.append(
    h("h3", {}, "The worst positions"),
    h(
      "p",
      {},
      "The tokens where the two models disagree most. Choose one to see why: its two next-token distributions follow.",
    ),
    wrap,
  );
  return {
    update(view: ModelsView) {
      const { data, scale, unit, pos, width } = view;
      const n = Math.min(data.rows, width < 500 ? 8 : 12);
      const pt = data.perToken;
      const rows = Array.from(data.worst.subarray(0, n), (i) => {
        const c = data.contributionsAt(i);
        const ctx = data
          .context(i, width < 500 ? CONTEXT_NARROW : CONTEXT)
          .map((t) => tokenLabel(data.vocab, t));
        const next = data.tokens ? tokenLabel(data.vocab, data.tokens[i]!) : "";
        const choose = h(
          "button",
          { type: "button", class: "small", "data-pos": i, "aria-pressed": String(i === pos) },
          String(i),
        );
        choose.addEventListener("click", () => store.set({ modelsPos: i }));
        const tr = h(
          "tr",
          { class: i === pos ? "chosen" : "", "data-pos": i },
          h("td", {}, choose),
          h("td", { "data-value": String(pt.kld[i]! / scale) }, fmt(pt.kld[i]! / scale)),
          pt.deltaP ? h("td", {}, `${fmt(pt.deltaP[i]! * 100, 3)}%`) : "",
          h(
            "td",
            { class: "tokens" },
            ctx.length ? h("span", { class: "ctx" }, `…${ctx.join("")}`) : "",
            next ? h("mark", { class: "tok" }, next) : "",
          ),
          h(
            "td",
            { class: "tokens" },
            h("span", { class: "tok" }, tokenLabel(data.vocab, argmax(c.p))),
          ),
          h(
            "td",
            { class: "tokens" },
            h("span", { class: "tok" }, tokenLabel(data.vocab, argmax(c.q))),
          ),
        );
        tr.addEventListener("click", (e) => {
          if (e.target !== choose) store.set({ modelsPos: i });
        });
        return tr;
      });
      replace(
        wrap,
        h(
          "table",
          { class: "numbers worst", "data-testid": "models-worst" },
          h("caption", {}, `The ${n} largest per-token KLDs (${unit}), largest first.`),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "position"),
              h("th", { scope: "col" }, "KLD"),
              pt.deltaP ? h("th", { scope: "col" }, "Δp") : "",
              h("th", { scope: "col" }, data.tokens ? "context → next token" : "context"),
              h("th", { scope: "col" }, "P's top"),
              h("th", { scope: "col" }, "Q's top"),
            ),
          ),
          h("tbody", {}, ...rows),
        ),
      );
    },
  };
}
