import * as Plot from "@observablehq/plot";
import { h, replace } from "../../dom.js";
import { fmt, fmtInt } from "../../format.js";
import { COLORS } from "../../store.js";
import type { ModelsView, Panel } from "./view.js";

/** The percentiles marked on the histogram (fractions; 0.5 is the median). */
const MARKS = [0.01, 0.1, 0.5, 0.9, 0.99];

/**
 * The distribution of per-token KLD: a histogram over log-spaced bins (the values span several
 * decades), with llama.cpp's percentiles and the mean marked.
 */
export function mountHistogram(container: HTMLElement): Panel {
  const chart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "Histogram of the per-token KL divergence with percentiles marked",
  });
  const note = h("p", { class: "note" });
  container.append(
    h("h3", {}, "How the divergence spreads over the tokens"),
    h(
      "p",
      {},
      "Each token's KLD is D(P‖Q) between the two models' next-token distributions at that position. " +
        "Most tokens barely move; a few carry much of the mean. The x axis is logarithmic.",
    ),
    chart,
    note,
  );
  return {
    update(view: ModelsView) {
      const { data, scale, unit, width } = view;
      const kld = data.perToken.kld;
      const values = Array.from(kld, (x) => x / scale);
      const positive = values.filter((x) => x > 0);
      const zeros = values.length - positive.length;
      const r = data.result.kld;
      const at = (f: number) =>
        f === 0.5 ? r.median : r.percentiles.find((p) => p.fraction === f)?.value;
      const marks = MARKS.map((f) => ({
        f,
        x: (at(f) ?? Number.NaN) / scale,
        label: f === 0.5 ? "median" : `${f * 100}%`,
      })).filter((m) => m.x > 0);
      if (positive.length === 0) {
        replace(
          chart,
          h("p", {}, "Every token's KLD is exactly 0: the two models agree everywhere."),
        );
        replace(note, "");
        return;
      }
      let lo = Math.log10(Math.min(...positive));
      let hi = Math.log10(Math.max(...positive));
      if (hi - lo < 1e-9) {
        lo -= 0.5;
        hi += 0.5;
      }
      const nBins = width < 500 ? 18 : 30;
      const step = (hi - lo) / nBins;
      const counts = new Array<number>(nBins).fill(0);
      for (const x of positive)
        counts[Math.min(nBins - 1, Math.floor((Math.log10(x) - lo) / step))]!++;
      const bins = counts.map((count, i) => ({
        x1: 10 ** (lo + i * step),
        x2: 10 ** (lo + (i + 1) * step),
        count,
      }));
      const mean = r.mean / scale;
      replace(
        chart,
        Plot.plot({
          width,
          height: 260,
          marginTop: 36,
          marginLeft: 44,
          style: { fontSize: "12px" },
          x: {
            type: "log",
            label: `per-token KLD (${unit}) →`,
            domain: [10 ** lo, 10 ** hi],
            ticks: width < 500 ? 3 : 6,
          },
          y: { label: null, grid: true },
          marks: [
            Plot.rectY(bins, {
              x1: "x1",
              x2: "x2",
              y: "count",
              fill: COLORS.p,
              insetLeft: 0.5,
              insetRight: 0.5,
            }),
            Plot.ruleX(marks, { x: "x", stroke: COLORS.adds, strokeWidth: 1.5 }),
            ...[0, 1].map((k) =>
              Plot.text(
                marks.filter((_m, i) => i % 2 === k),
                {
                  x: "x",
                  text: "label",
                  frameAnchor: "top",
                  dy: -28 + k * 13,
                  fill: COLORS.adds,
                  fontSize: 11,
                },
              ),
            ),
            mean > 0
              ? Plot.ruleX([mean], {
                  stroke: COLORS.entropy,
                  strokeDasharray: "4 3",
                  strokeWidth: 1.5,
                })
              : null,
            Plot.ruleY([0]),
          ],
        }),
      );
      replace(
        note,
        `Bar heights: numbers of tokens. Red lines: the 1%, 10%, median, 90% and 99% points (llama.cpp's percentiles, interpolated at f·(n−1)); dashed purple: the mean, ${fmt(mean)} ${unit}.` +
          (zeros > 0 ? ` ${fmtInt(zeros)} tokens with KLD exactly 0 are not drawn.` : ""),
      );
    },
  };
}
