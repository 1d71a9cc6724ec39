import * as Plot from "@observablehq/plot";
import {
  klConvergenceTrace,
  klDivergence,
  logLikelihoodRatio,
  sampleSequence,
  samplesToDistinguish,
  sequenceLogProbability,
  toProbabilities,
} from "surprisal";
import { h, replace, setTex, uid } from "../dom.js";
import { fmt, fmtInt, logTex } from "../format.js";
import { distinguishSentence, likelihoodRatioSentence } from "../sentences.js";
import { type ExplorerState, LIMITS } from "../state.js";
import { COLORS, type Section, type Store } from "../store.js";
import { bigNumber } from "../widgets.js";

const SHOWN = 160;

/** Sample counts at which the running values are read: every count up to 50, then ~geometric. */
function checkpoints(n: number): number[] {
  const out = new Set<number>();
  for (let k = 1; k <= Math.min(n, 50); k++) out.add(k);
  for (let i = 0; i <= 120; i++) out.add(Math.max(1, Math.round(n ** (i / 120))));
  out.add(n);
  return [...out].filter((k) => k <= n).sort((a, b) => a - b);
}

/** Section 4: the notes' experiment — draw from P, ask how probable the draws are under P and Q. */
export function mountSampling(root: HTMLElement, store: Store): Section {
  const seedId = uid("seed");
  const seed = h("input", {
    id: seedId,
    type: "number",
    min: 0,
    max: LIMITS.maxSeed,
    step: 1,
    "data-testid": "seed",
  });
  seed.addEventListener("change", () => {
    const v = Number(seed.value);
    if (!Number.isInteger(v) || v < 0 || v > LIMITS.maxSeed) {
      seed.setCustomValidity(`Enter a whole number from 0 to ${LIMITS.maxSeed}`);
      seed.reportValidity();
      return;
    }
    seed.setCustomValidity("");
    store.set({ seed: v });
  });
  const again = h("button", { type: "button" }, "Draw again (next seed)");
  again.addEventListener("click", () =>
    store.set({ seed: (store.get().seed + 1) % LIMITS.maxSeed }),
  );
  const nId = uid("draws");
  const draws = h(
    "select",
    { id: nId, "data-testid": "draws" },
    ...[10, 100, 1000, 5000, 20000].map((n) => h("option", { value: String(n) }, fmtInt(n))),
  );
  draws.addEventListener("change", () => store.set({ samples: Number(draws.value) }));
  const sequence = h("p", { class: "sequence", "aria-label": "The drawn sequence" });
  const formula = h("div", { class: "formula" });
  const numbers = h("div", { class: "big-numbers", "aria-live": "polite" });
  const verdict = h("p", { class: "note" });
  const logChart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "log probability of the sequence under P and under Q as it grows",
  });
  const llrChart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "running per-sample log-likelihood ratio converging to the KL divergence",
  });
  const distinguish = h("p", { class: "callout", "data-testid": "distinguish" });

  replace(
    root,
    h("h2", {}, "4. The sampling experiment: tell P from Q by the data"),
    h(
      "p",
      {},
      "The notes' algorithm: draw a sequence of outcomes from P (the truth), and ask how probable the sequence is under P and under Q. " +
        "Probabilities of independent draws multiply, so we add their logarithms (the product itself would underflow to 0 after a few hundred draws). " +
        "Divided by the number of draws, the log of the ratio settles on D(P‖Q): the divergence is the evidence for P that each draw brings, on average.",
    ),
    formula,
    h(
      "div",
      { class: "controls" },
      h("label", { for: seedId }, "Seed"),
      seed,
      again,
      h("label", { for: nId }, "Number of draws"),
      draws,
    ),
    h(
      "p",
      { class: "hint" },
      "P and Q are the ones from section 3; the seed makes the draws repeatable: the same seed gives the same sequence on every machine.",
    ),
    sequence,
    numbers,
    verdict,
    h("h3", {}, "How probable the sequence is, as it grows"),
    logChart,
    h("h3", {}, "The evidence per draw converges to D(P‖Q)"),
    llrChart,
    distinguish,
  );

  return {
    update(state: ExplorerState) {
      const { unit } = state;
      if (document.activeElement !== seed) seed.value = String(state.seed);
      if (![...draws.options].some((o) => o.value === String(state.samples))) {
        draws.append(h("option", { value: String(state.samples) }, fmtInt(state.samples)));
      }
      draws.value = String(state.samples);
      const p = toProbabilities(state.p, { input: "counts" }, "p");
      const q = toProbabilities(state.q, { input: "counts" }, "q");
      const n = state.samples;
      const seq = sampleSequence(p, n, { seed: state.seed });
      const lg = logTex(unit);
      setTex(
        formula,
        `\\frac{1}{n}${lg}\\frac{\\prod_i P(x_i)}{\\prod_i Q(x_i)} = \\frac{1}{n}\\sum_{i=1}^{n} ${lg}\\frac{P(x_i)}{Q(x_i)} \\xrightarrow[n\\to\\infty]{} D(P\\,\\|\\,Q)`,
        true,
      );
      const shown = Array.from(seq.subarray(0, SHOWN), (k) => state.labels[k]).join(" ");
      replace(
        sequence,
        h(
          "span",
          { class: "label" },
          `The first ${fmtInt(Math.min(SHOWN, n))} of ${fmtInt(n)} draws (seed ${state.seed}): `,
        ),
        h("code", { "data-testid": "sequence" }, shown),
        n > SHOWN ? " …" : "",
      );
      const logP = sequenceLogProbability(seq, p, { base: unit });
      const logQ = sequenceLogProbability(seq, q, { base: unit });
      const llr = logLikelihoodRatio(seq, p, q, { base: unit });
      const exact = klDivergence(p, q, { base: unit });
      const ks = checkpoints(n);
      const trace = klConvergenceTrace(p, q, {
        checkpoints: ks,
        seed: state.seed,
        base: unit,
        estimator: "k1",
      });
      const last = trace.estimate.length - 1;
      replace(
        numbers,
        bigNumber(`log ∏ P(xᵢ)`, logP, unit, "how probable the draws are under P", "logp-value"),
        bigNumber(`log ∏ Q(xᵢ)`, logQ, unit, "… and under Q", "logq-value"),
        bigNumber(
          "per draw: log(∏P/∏Q) / n",
          llr.perSample,
          unit,
          `± ${fmt(trace.standardError[last]!, 2)} (standard error); exact D(P‖Q) = ${fmt(exact)} ${unit}`,
          "llr-value",
        ),
      );
      replace(verdict, likelihoodRatioSentence(llr));

      const rows = ks.map((k) => {
        const prefix = seq.subarray(0, k);
        return {
          k,
          logP: sequenceLogProbability(prefix, p, { base: unit }),
          logQ: sequenceLogProbability(prefix, q, { base: unit }),
        };
      });
      const lines = [
        ...rows
          .filter((r) => Number.isFinite(r.logP))
          .map((r) => ({ k: r.k, v: r.logP, who: "log ∏P: under P (the truth)" })),
        ...rows
          .filter((r) => Number.isFinite(r.logQ))
          .map((r) => ({ k: r.k, v: r.logQ, who: "log ∏Q: under Q (the belief)" })),
      ];
      const width = Math.max(260, Math.min(root.clientWidth || 600, 760));
      const ruledOut = rows.find((r) => r.logQ === Number.NEGATIVE_INFINITY);
      replace(
        logChart,
        Plot.plot({
          width,
          height: 240,
          marginLeft: 64,
          style: { fontSize: "12px" },
          x: { label: "number of draws →" },
          y: { label: `↑ log probability of the first draws (${unit})`, grid: true },
          color: {
            domain: ["log ∏P: under P (the truth)", "log ∏Q: under Q (the belief)"],
            range: [COLORS.p, COLORS.q],
            legend: true,
          },
          marks: [
            Plot.line(lines, { x: "k", y: "v", stroke: "who", strokeWidth: 2 }),
            Plot.ruleY([0]),
          ],
        }),
        ruledOut
          ? h(
              "p",
              { class: "note" },
              `Q gives probability 0 to an outcome P produced at draw ${fmtInt(ruledOut.k)} or before: from there on log ∏Q = −∞ and Q is ruled out.`,
            )
          : "",
      );

      const band = Array.from(trace.n, (k, i) => ({
        k,
        est: trace.estimate[i]!,
        lo: trace.estimate[i]! - trace.standardError[i]!,
        hi: trace.estimate[i]! + trace.standardError[i]!,
      })).filter((d) => Number.isFinite(d.est));
      const bandFinite = band.filter(
        (d) => Number.isFinite(d.lo) && Number.isFinite(d.hi) && d.k >= 2,
      );
      replace(
        llrChart,
        band.length === 0
          ? h(
              "p",
              { class: "note" },
              `D(P‖Q) = ∞: the first outcome that Q calls impossible ends the experiment.`,
            )
          : Plot.plot({
              width,
              height: 260,
              marginLeft: 56,
              style: { fontSize: "12px" },
              x: { label: "number of draws →", type: n > 100 ? "log" : "linear" },
              y: {
                label: `↑ log(∏P/∏Q) per draw (${unit})`,
                grid: true,
                domain: yDomain(bandFinite.length > 0 ? bandFinite : band, exact),
                clamp: true,
              },
              marks: [
                Plot.areaY(bandFinite, {
                  x: "k",
                  y1: "lo",
                  y2: "hi",
                  fill: COLORS.p,
                  fillOpacity: 0.18,
                }),
                Plot.line(band, { x: "k", y: "est", stroke: COLORS.p, strokeWidth: 2 }),
                Number.isFinite(exact)
                  ? Plot.ruleY([exact], {
                      stroke: COLORS.adds,
                      strokeDasharray: "6 4",
                      strokeWidth: 2,
                    })
                  : null,
                Number.isFinite(exact)
                  ? Plot.text([exact], {
                      y: (d: number) => d,
                      frameAnchor: "right",
                      text: () => `exact D(P‖Q) = ${fmt(exact)} ${unit}`,
                      dy: -8,
                      stroke: "white",
                      strokeWidth: 4,
                      fill: COLORS.adds,
                    })
                  : null,
                Plot.ruleY([0]),
              ],
            }),
        h(
          "p",
          { class: "note" },
          "The blue line is the running average of log(P(x)/Q(x)) over the draws so far; the shaded band is ± one standard error. The band narrows like 1/√n around the red dashed line, the exact divergence.",
        ),
      );

      const d = samplesToDistinguish(p, q, { factor: 100, base: unit });
      distinguish.dataset.value = String(d.samples);
      replace(
        distinguish,
        h("strong", {}, "Samples needed to tell them apart: "),
        Number.isFinite(d.samples) ? `about ${fmtInt(d.rounded)}. ` : "never. ",
        distinguishSentence(d),
      );
    },
  };
}

function yDomain(band: { lo: number; hi: number; est: number }[], exact: number): [number, number] {
  const tail = band.slice(Math.floor(band.length / 4));
  let lo = Number.isFinite(exact) ? exact : 0;
  let hi = lo;
  for (const d of band) {
    lo = Math.min(lo, d.est);
    hi = Math.max(hi, d.est);
  }
  for (const d of tail) {
    lo = Math.min(lo, Number.isFinite(d.lo) ? d.lo : d.est, 0);
    hi = Math.max(hi, Number.isFinite(d.hi) ? d.hi : d.est);
  }
  const pad = (hi - lo) * 0.15 || 0.1;
  return [lo - pad, hi + pad];
}
