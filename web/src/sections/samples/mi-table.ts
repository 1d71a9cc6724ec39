import * as Plot from "@observablehq/plot";
import {
  contributions,
  type MutualInformationEstimate,
  mutualInformation,
  mutualInformationFromTable,
  sampleSequence,
} from "surprisal";
import { h, replace, setTex, uid } from "../../dom.js";
import { fmt, fmtInt, logTex, withUnit } from "../../format.js";
import { round6 } from "../../state.js";
import { COLORS, type Store } from "../../store.js";
import type { Panel, SamplesView } from "./view.js";

/** The 2-D example: weather (X, rows) and how people travel (Y, columns). */
export const ROWS = ["sun", "cloud", "rain"];
export const COLS = ["walk", "bike", "bus", "stay in"];
const PX = [0.5, 0.3, 0.2];
const PY = [0.3, 0.2, 0.3, 0.2];
/** P(Y | X) when the weather decides everything (dependence 1). */
const COND = [
  [0.5, 0.4, 0.1, 0],
  [0.2, 0.1, 0.6, 0.1],
  [0, 0, 0.3, 0.7],
];

/** The population table: (1 − s)·P(X)P(Y) + s·P(X)P(Y|X), row-major. */
export function populationTable(s: number): Float64Array {
  const t = new Float64Array(ROWS.length * COLS.length);
  for (let i = 0; i < ROWS.length; i++) {
    for (let j = 0; j < COLS.length; j++) {
      t[i * COLS.length + j] =
        (1 - s) * (PX[i] as number) * (PY[j] as number) +
        s * (PX[i] as number) * ((COND[i] as number[])[j] as number);
    }
  }
  return t;
}

/** The product of the margins of a row-major table, normalized as the table. */
export function productOfMargins(t: Float64Array): Float64Array {
  const r = ROWS.length;
  const c = COLS.length;
  let total = 0;
  for (const x of t) total += x;
  const rs = new Float64Array(r);
  const cs = new Float64Array(c);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      rs[i] += t[i * c + j] as number;
      cs[j] += t[i * c + j] as number;
    }
  }
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++)
    for (let j = 0; j < c; j++) out[i * c + j] = ((rs[i] as number) * (cs[j] as number)) / total;
  return out;
}

/**
 * Mutual information as the KL divergence between the joint table and the product of its
 * margins, cell by cell: the sample's table beside the population's.
 */
export function mountMiTable(container: HTMLElement, store: Store): Panel {
  const sliderId = uid("dependence");
  const slider = h("input", {
    id: sliderId,
    type: "range",
    min: 0,
    max: 1,
    step: 0.05,
    "data-testid": "dependence",
  });
  slider.addEventListener("input", () => store.set({ dependence: round6(Number(slider.value)) }));
  const formula = h("div", { class: "formula" });
  const numbers = h("div", { class: "big-numbers", "aria-live": "polite" });
  const charts = h("div", {
    class: "chart",
    role: "img",
    "aria-label":
      "contribution of each cell to the mutual information, in the sample and in the population",
  });
  const note = h("p", { class: "note", "data-testid": "mi-note" });
  container.append(
    h(
      "h3",
      {},
      "Mutual information is a KL divergence: the table against the product of its margins",
    ),
    h(
      "p",
      {},
      "X is the weather, Y how people travel. If they were independent, each cell would hold P(x)·P(y). Mutual information measures how far the real table is from that: " +
        "it is D(P_XY ‖ P_X·P_Y), and each cell contributes p(x,y)·log(p(x,y) / p(x)p(y)): positive where the pair is more common than independence predicts, negative where rarer.",
    ),
    formula,
    h(
      "div",
      { class: "controls" },
      h("label", { for: sliderId }, "How much the weather decides (dependence)"),
      slider,
    ),
    numbers,
    charts,
    note,
  );
  return {
    update(v: SamplesView) {
      const { fromN: n, fromSeed: seed, dependence: s } = v.state;
      slider.value = String(s);
      const lg = logTex(v.unit);
      setTex(
        formula,
        `I(X;Y) = D(P_{XY}\\,\\|\\,P_X P_Y) = \\sum_{x,y} p(x,y)\\,${lg}\\frac{p(x,y)}{p(x)\\,p(y)}`,
        true,
      );
      const pop = populationTable(s);
      const cells = sampleSequence(pop, n, { seed: seed + 1000 });
      const c = COLS.length;
      const counts = new Float64Array(pop.length);
      for (const k of cells) counts[k]++;
      const xs = Array.from(cells, (k) => ROWS[Math.floor(k / c)] as string);
      const ys = Array.from(cells, (k) => COLS[k % c] as string);
      const opts = { input: "counts" as const, base: v.unit };
      const popC = contributions(pop, productOfMargins(pop), opts);
      const smpC = contributions(counts, productOfMargins(counts), opts);
      const exact = mutualInformationFromTable(
        Array.from({ length: ROWS.length }, (_, i) => Array.from(pop.subarray(i * c, (i + 1) * c))),
        { base: v.unit },
      ).value;
      const plug: MutualInformationEstimate = mutualInformation(xs, ys, {
        base: v.unit,
        test: { permutations: 199, seed },
      });
      const mm = mutualInformation(xs, ys, { base: v.unit, estimator: "miller-madow" });
      const big = (label: string, x: number, sub: string, id: string) =>
        h(
          "div",
          { class: "big" },
          h("span", { class: "label" }, label),
          h("strong", { "data-testid": id, "data-value": String(x) }, `${withUnit(x, v.unit)}`),
          h("span", { class: "sub" }, sub),
        );
      replace(
        numbers,
        big("I(X;Y) of the population", exact, "what the sample tries to find", "mi-exact"),
        big(
          `plug-in, from ${fmtInt(n)} pairs`,
          plug.value,
          `= Σ of the ${pop.length} cells below; p = ${fmt(plug.test?.pValue ?? 1, 2)} (permutation test of independence)`,
          "mi-plugin",
        ),
        big(
          "Miller–Madow",
          mm.value,
          `subtracts about (${ROWS.length}−1)(${COLS.length}−1)/2n`,
          "mi-mm",
        ),
      );
      const cellData = (cc: typeof smpC, who: string) =>
        Array.from(cc.contribution, (x, k) => ({
          who,
          x: COLS[k % c] as string,
          y: ROWS[Math.floor(k / c)] as string,
          v: x,
          label: `${fmt(x, 2)}\n${(100 * (cc.p[k] as number)).toFixed(1)}% vs ${(100 * (cc.q[k] as number)).toFixed(1)}%`,
        }));
      const data = [
        ...cellData(smpC, `sample of ${fmtInt(n)}: Σ = ${withUnit(smpC.total, v.unit)}`),
        ...cellData(popC, `population: Σ = ${withUnit(popC.total, v.unit)}`),
      ];
      const m = Math.max(1e-9, ...data.map((d) => Math.abs(d.v)).filter(Number.isFinite));
      charts.dataset.value = String(smpC.total);
      // Side by side on a wide screen, one above the other on a narrow one.
      const narrow = v.width < 560;
      const facet = narrow ? "fy" : "fx";
      replace(
        charts,
        Plot.plot({
          width: v.width,
          height: narrow ? 520 : 260,
          marginLeft: 60,
          padding: 0.04,
          style: { fontSize: "11px" },
          fx: { label: null },
          fy: { label: null },
          x: { label: null, domain: COLS },
          y: { label: null, domain: ROWS },
          color: {
            type: "diverging",
            domain: [-m, m],
            range: [COLORS.takes, "#ffffff", COLORS.adds],
            legend: true,
            label: `contribution p·log(p / p(x)p(y)) (${v.unit})`,
          },
          marks: [
            Plot.cell(data, { [facet]: "who", x: "x", y: "y", fill: "v", inset: 0.5 }),
            Plot.text(data, {
              [facet]: "who",
              x: "x",
              y: "y",
              text: "label",
              fontSize: 10,
              lineHeight: 1.2,
            }),
          ],
        }),
      );
      const biggest = smpC.order[0] as number;
      replace(
        note,
        `Each cell shows its contribution, then p(x,y) against p(x)·p(y). In the sample, "${ROWS[Math.floor(biggest / c)]}, ${COLS[biggest % c]}" adds the most. ` +
          `The cells sum to the plug-in mutual information, ${withUnit(smpC.total, v.unit)} (the library's mutualInformation gives ${fmt(plug.value)}). ` +
          (s === 0
            ? "At dependence 0 the population's MI is exactly 0, yet the sample's is not: the plug-in MI is biased up by chance coincidences, which is what the permutation test and Miller–Madow account for."
            : `Sampling noise adds about (${ROWS.length}−1)(${COLS.length}−1)/(2n) = ${withUnit(((ROWS.length - 1) * (COLS.length - 1)) / (2 * n) / (v.unit === "bits" ? Math.LN2 : v.unit === "dits" ? Math.LN10 : 1), v.unit, 2)} of upward bias at this n.`),
      );
    },
  };
}
