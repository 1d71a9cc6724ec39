import * as Plot from "@observablehq/plot";
import { h, replace } from "../../dom.js";
import { fmt, fmtProb } from "../../format.js";
import { COLORS } from "../../store.js";
import type { ModelsView, Panel } from "./view.js";
import { tokenLabel } from "./vocab.js";

/** Tokens of context shown before the chosen position. */
const CONTEXT = 24;

/** The `n` indices with the largest values (ties by index). */
function top(x: Float64Array, n: number): number[] {
  return Array.from(x.keys())
    .sort((a, b) => x[b]! - x[a]! || a - b)
    .slice(0, n);
}

/** Shortens a label for a chart axis (the table shows it whole). */
function short(s: string, n: number): string {
  return [...s].length > n ? `${[...s].slice(0, n - 1).join("")}…` : s;
}

/**
 * One position in detail: its context, the two models' next-token distributions side by side (the
 * most likely tokens of either), and each token's contribution p·log(p/q) to the position's KLD.
 */
export function mountPosition(container: HTMLElement): Panel {
  const title = h("h3", {});
  const context = h("p", { class: "context", "data-testid": "models-context" });
  const chart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "The two models' probabilities of their most likely next tokens",
  });
  const wrap = h("div", { class: "table-wrap" });
  container.append(title, context, chart, wrap);
  return {
    update(view: ModelsView) {
      const { data, pos, scale, unit, width } = view;
      const c = data.contributionsAt(pos);
      const V = c.p.length;
      const label = (id: number) => tokenLabel(data.vocab, id);
      replace(
        title,
        `Position ${pos}: why its KLD is ${fmt(data.perToken.kld[pos]! / scale)} ${unit}`,
        view.posOutOfRange
          ? ` (the address asked for position ${view.state.modelsPos}; these data have ${data.rows})`
          : "",
      );
      const ctx = data.context(pos, CONTEXT).map(label);
      const next = data.tokens ? label(data.tokens[pos]!) : undefined;
      replace(
        context,
        h(
          "span",
          { class: "ctx" },
          ctx.length ? `…${ctx.join("")}` : "(no context: no tokens file)",
        ),
        next !== undefined
          ? h("mark", { class: "tok", title: "the token that came next" }, next)
          : "",
      );
      // The most likely tokens of either model, by P's probability.
      const k = width < 500 ? 6 : 8;
      const ids = [...new Set([...top(c.p, k), ...top(c.q, k)])].sort(
        (a, b) => c.p[b]! - c.p[a]! || a - b,
      );
      const bars = ids.flatMap((id) => [
        { id: String(id), model: "P (base)", prob: c.p[id]! },
        { id: String(id), model: "Q (other)", prob: c.q[id]! },
      ]);
      const names = new Map(ids.map((id) => [String(id), short(label(id), width < 500 ? 10 : 18)]));
      replace(
        chart,
        Plot.plot({
          width,
          height: 40 + ids.length * 30,
          marginLeft: width < 500 ? 92 : 140,
          style: { fontSize: "12px" },
          x: {
            label: "probability →",
            grid: true,
            domain: [0, Math.max(...bars.map((b) => b.prob)) * 1.05],
          },
          y: { axis: null, domain: ["P (base)", "Q (other)"] },
          fy: {
            domain: ids.map(String),
            label: null,
            tickFormat: (d: string) => names.get(d) ?? d,
          },
          color: { domain: ["P (base)", "Q (other)"], range: [COLORS.p, COLORS.q], legend: true },
          marks: [
            Plot.barX(bars, { x: "prob", y: "model", fy: "id", fill: "model" }),
            Plot.ruleX([0]),
          ],
        }),
      );
      // The tokens that make the divergence: largest contributions first, then the rest summed.
      const shown = Array.from(c.order.subarray(0, width < 500 ? 8 : 12));
      let restC = 0;
      let restP = 0;
      let restQ = 0;
      const inShown = new Set(shown);
      for (let i = 0; i < V; i++) {
        if (inShown.has(i)) continue;
        restC += c.contribution[i]!;
        restP += c.p[i]!;
        restQ += c.q[i]!;
      }
      const cell = (x: number) =>
        h(
          "td",
          { class: x > 0 ? "adds" : x < 0 ? "takes" : "", "data-value": String(x / scale) },
          fmt(x / scale),
        );
      replace(
        wrap,
        h(
          "table",
          { class: "numbers", "data-testid": "models-contributions" },
          h(
            "caption",
            {},
            `The tokens that drive this position's D(P‖Q), ${unit}: each adds p·log(p/q) (red: P > Q, adds; green: Q > P, takes away).`,
          ),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "token"),
              h("th", { scope: "col" }, "p·log(p/q)"),
              h("th", { scope: "col" }, "share"),
              h("th", { scope: "col" }, "p (base)"),
              h("th", { scope: "col" }, "q (other)"),
            ),
          ),
          h(
            "tbody",
            {},
            ...shown.map((id) =>
              h(
                "tr",
                { "data-token": id },
                h("th", { scope: "row" }, h("span", { class: "tok" }, label(id))),
                cell(c.contribution[id]!),
                h("td", {}, `${fmt(c.share[id]! * 100, 3)}%`),
                h("td", {}, fmtProb(c.p[id]!)),
                h("td", {}, fmtProb(c.q[id]!)),
              ),
            ),
            h(
              "tr",
              {},
              h("th", { scope: "row" }, `the other ${V - shown.length} tokens`),
              cell(restC),
              h("td", {}, c.total > 0 ? `${fmt((restC / c.total) * 100, 3)}%` : "—"),
              h("td", {}, fmtProb(restP)),
              h("td", {}, fmtProb(restQ)),
            ),
          ),
          h(
            "tfoot",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "row" }, "total"),
              h(
                "td",
                { "data-testid": "models-position-kld", "data-value": String(c.total / scale) },
                `D = ${fmt(c.total / scale)}`,
              ),
              h("td", {}, "100%"),
              h("td", {}, "1"),
              h("td", {}, "1"),
            ),
          ),
        ),
      );
    },
  };
}
