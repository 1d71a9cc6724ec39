import * as Plot from "@observablehq/plot";
import { estimateEntropy, sampleSequence } from "surprisal";
import { h, replace } from "../../dom.js";
import { withUnit } from "../../format.js";
import { COLORS } from "../../store.js";
import { countsOf, ESTIMATORS, type Panel, type SamplesView } from "./view.js";

/** Sample sizes of the bias curve, and the number of seeded samples averaged at each. */
export const SIZES = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
export const REPEATS = 24;

interface Point {
  n: number;
  estimator: string;
  bias: number;
}

/**
 * The bias of each estimator as n grows: the average, over {@link REPEATS} seeded samples of each
 * size (seeds fromSeed, fromSeed + 1, …), of the estimate minus the true H(P).
 */
export function biasCurve(v: SamplesView): Point[] {
  const sums = new Map<string, number>();
  for (let r = 0; r < REPEATS; r++) {
    const seq = sampleSequence(v.p, SIZES[SIZES.length - 1] as number, {
      seed: v.state.fromSeed + r,
    });
    for (const n of SIZES) {
      const c = countsOf(seq, n, v.K);
      for (const e of ESTIMATORS) {
        const x = estimateEntropy(c, { estimator: e.id, categories: v.K, base: v.unit }).value;
        const key = `${e.id}@${n}`;
        sums.set(key, (sums.get(key) ?? 0) + x);
      }
    }
  }
  const out: Point[] = [];
  for (const e of ESTIMATORS) {
    for (const n of SIZES) {
      out.push({ n, estimator: e.name, bias: (sums.get(`${e.id}@${n}`) ?? 0) / REPEATS - v.H });
    }
  }
  return out;
}

/** The chart of the bias of every estimator against n (log scale), with the 0 line. */
export function mountConvergence(container: HTMLElement): Panel {
  const chart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "average error of each entropy estimator against the sample size",
    "data-testid": "bias-chart",
  });
  const note = h("p", { class: "note", "data-testid": "bias-note" });
  container.append(
    h("h3", {}, "The plug-in estimate is biased low; the corrections close the gap"),
    chart,
    note,
  );
  let key = "";
  return {
    update(v: SamplesView) {
      const k = [v.state.entropyWeights.join(","), v.state.fromSeed, v.unit, v.width].join("|");
      if (k === key) return;
      key = k;
      const pts = biasCurve(v);
      const plugin10 = pts.find((d) => d.n === 10 && d.estimator === ESTIMATORS[0]?.name);
      chart.dataset.value = JSON.stringify(pts.map((d) => d.bias));
      replace(
        chart,
        Plot.plot({
          width: v.width,
          height: 300,
          marginLeft: 60,
          style: { fontSize: "12px" },
          x: { label: "sample size n →", type: "log" },
          y: { label: `↑ average estimate − true H(P) (${v.unit})`, grid: true },
          color: {
            domain: ESTIMATORS.map((e) => e.name),
            range: ESTIMATORS.map((e) => e.color),
            legend: true,
          },
          marks: [
            Plot.ruleY([0], { stroke: COLORS.neutral, strokeWidth: 1.5 }),
            Plot.line(pts, { x: "n", y: "bias", stroke: "estimator", strokeWidth: 2 }),
            Plot.dot(pts, { x: "n", y: "bias", fill: "estimator", r: 2.5, tip: true }),
          ],
        }),
      );
      replace(
        note,
        `Each point is the average over ${REPEATS} samples of size n drawn from P (seeds ${v.state.fromSeed}…${v.state.fromSeed + REPEATS - 1}), minus the true H(P) = ${withUnit(v.H, v.unit)}. ` +
          `With n = 10 draws of ${v.K} outcomes the plug-in entropy is off by ${withUnit(plugin10?.bias ?? 0, v.unit)} on average: unseen outcomes and the noise of small counts both make it look more predictable than it is. ` +
          "Miller–Madow adds (m − 1)/2n; Grassberger, Chao–Shen, NSB and the shrinkage estimator go further when n is below the number of outcomes. All meet the truth as n grows.",
      );
    },
  };
}
