import * as Plot from "@observablehq/plot";
import { type EntropyEstimate, estimateEntropy, sampleSequence } from "surprisal";
import { h, replace } from "../../dom.js";
import { fmt, fmtInt, withUnit } from "../../format.js";
import { COLORS } from "../../store.js";
import { countsOf, ESTIMATORS, type Panel, type SamplesView } from "./view.js";

/** Bootstrap replicates of each interval. */
export const REPLICATES = 200;

/** One sample of size n: every estimator with its 95% bootstrap interval, against the truth. */
export function mountIntervals(container: HTMLElement): Panel {
  const lead = h("p", { class: "sequence", "data-testid": "from-draws" });
  const chart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "each estimator's value and 95% interval on one sample, with the true entropy",
  });
  const table = h("div", { class: "table-wrap" });
  container.append(
    h("h3", {}, "One sample, every estimator, with its uncertainty"),
    lead,
    chart,
    table,
  );
  return {
    update(v: SamplesView) {
      const { fromN: n, fromSeed: seed } = v.state;
      const seq = sampleSequence(v.p, n, { seed });
      const c = countsOf(seq, n, v.K);
      const seen = c.filter((x) => x > 0).length;
      const rows = ESTIMATORS.map((e) => ({
        e,
        r: estimateEntropy(c, {
          estimator: e.id,
          categories: v.K,
          base: v.unit,
          ci: { level: 0.95, replicates: REPLICATES, seed },
        }) as EntropyEstimate,
      }));
      replace(
        lead,
        `${fmtInt(n)} draws from P (seed ${seed}): ${seen} of its ${v.K} outcomes seen. `,
        h(
          "span",
          { class: "label" },
          v.labels
            .map((l, i) => `${l} ×${fmtInt(c[i] as number)}`)
            .slice(0, 12)
            .join(", ") + (v.K > 12 ? ", …" : ""),
        ),
      );
      const data = rows.map(({ e, r }) => ({
        name: e.name,
        value: r.value,
        lo: r.ci?.lower ?? r.value,
        hi: r.ci?.upper ?? r.value,
      }));
      replace(
        chart,
        Plot.plot({
          width: v.width,
          height: 40 + 30 * data.length,
          marginLeft: 150,
          style: { fontSize: "12px" },
          x: { label: `entropy (${v.unit}) →`, grid: true },
          y: { label: null, domain: data.map((d) => d.name) },
          marks: [
            Plot.ruleX([v.H], { stroke: COLORS.entropy, strokeDasharray: "6 4", strokeWidth: 2 }),
            Plot.text([v.H], {
              x: (d: number) => d,
              frameAnchor: "top",
              text: () => `true H(P) = ${fmt(v.H)}`,
              dy: -2,
              fill: COLORS.entropy,
            }),
            Plot.ruleY(data, {
              y: "name",
              x1: "lo",
              x2: "hi",
              stroke: COLORS.neutral,
              strokeWidth: 3,
            }),
            Plot.dot(data, { y: "name", x: "value", fill: COLORS.p, r: 5 }),
          ],
        }),
        h(
          "p",
          { class: "note" },
          `Dots: the estimates; grey bars: 95% bias-corrected (BCa) bootstrap intervals, ${REPLICATES} resamples with seed ${seed}. The dashed line is the truth the estimators do not know.`,
        ),
      );
      const head = h(
        "tr",
        {},
        ...["estimator", `estimate (${v.unit})`, "± analytic", "95% interval", "error"].map((t) =>
          h("th", { scope: "col" }, t),
        ),
      );
      const body = rows.map(({ e, r }) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, e.name),
          h("td", { "data-testid": `est-${e.id}`, "data-value": String(r.value) }, fmt(r.value)),
          h("td", {}, r.se !== undefined ? fmt(r.se, 2) : "—"),
          h("td", {}, r.ci ? `[${fmt(r.ci.lower)}, ${fmt(r.ci.upper)}]` : "—"),
          h("td", {}, fmt(r.value - v.H, 2)),
        ),
      );
      const warns = rows[0]?.r.warnings.some((w) => w.code === "fewer-samples-than-categories");
      replace(
        table,
        h(
          "table",
          { class: "numbers" },
          h(
            "caption",
            {},
            `Estimates of H(P) from this sample; true H(P) = ${withUnit(v.H, v.unit)}`,
          ),
          h("thead", {}, head),
          h("tbody", {}, ...body),
        ),
        warns
          ? h(
              "p",
              { class: "callout" },
              `Fewer draws (${n}) than outcomes (${v.K}): the plug-in estimate cannot be trusted here, and neither can the bootstrap intervals. Resampling the draws never produces the outcomes that were not seen, so the intervals come out too narrow and often miss the truth. NSB's ± (its posterior spread) and the bias curve below are the honest guides.`,
            )
          : "",
      );
    },
  };
}
