import * as Plot from "@observablehq/plot";
import {
  contributions,
  crossEntropy,
  entropy,
  hellinger,
  jsDistance,
  jsDivergence,
  klDivergence,
  renyiDivergence,
  surprisal,
  totalVariation,
} from "surprisal";
import { h, replace, setTex, uid } from "../dom.js";
import { DistributionEditor } from "../editor.js";
import { fmt, fmtProb, logTex } from "../format.js";
import { type ExplorerState, PAIR_PRESETS, round6, setProbability, TARGETS } from "../state.js";
import { COLORS, type Section, type Store } from "../store.js";
import { bigNumber } from "../widgets.js";

const COUNTS = { input: "counts" } as const;

/** Section 3: P and Q side by side, cross-entropy, KL, its per-outcome story and its companions. */
export function mountDivergence(root: HTMLElement, store: Store): Section {
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
  const presetSelectId = uid("pair-preset");
  const presetSelect = h(
    "select",
    { id: presetSelectId },
    h("option", { value: "" }, "Choose a pair…"),
    ...PAIR_PRESETS.map((pp) => h("option", { value: pp.id }, pp.name)),
  );
  presetSelect.addEventListener("change", () => {
    const pp = PAIR_PRESETS.find((x) => x.id === presetSelect.value);
    if (!pp) return;
    store.set({ labels: [...pp.labels], p: pp.p.map(round6), q: pp.q.map(round6) });
    presetSelect.value = "";
  });
  const swapId = uid("swap");
  const swap = h("input", { id: swapId, type: "checkbox", role: "switch", "data-testid": "swap" });
  swap.addEventListener("change", () => store.set({ swapped: swap.checked }));

  const formulaKl = h("div", {});
  const formulaSplit = h("div", {});
  const formula = h("div", { class: "formula formula-row" }, formulaKl, formulaSplit);
  const numbers = h("div", { class: "big-numbers", "aria-live": "polite" });
  const asym = h("p", { class: "note", "data-testid": "asymmetry" });
  const stack = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "Cross-entropy as entropy plus KL divergence",
  });
  const infinity = h("div", { class: "callout", hidden: true, role: "note" });
  const contribChart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "Signed contribution of each outcome to the KL divergence",
  });
  const contribTable = h("div", { class: "table-wrap" });
  const zeroId = uid("zero-outcome");
  const zeroSelect = h("select", { id: zeroId });
  let zeroChoice = -1;
  zeroSelect.addEventListener("change", () => {
    zeroChoice = Number(zeroSelect.value);
    store.set({});
  });
  const zeroChart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "KL divergence as one probability of Q goes to zero",
  });
  const zeroText = h("p", { class: "note" });
  const alphaId = uid("alpha");
  const alpha = h("input", { id: alphaId, type: "range", min: 0, max: 10, step: 0.1 });
  alpha.addEventListener("input", () => store.set({ alpha: round6(Number(alpha.value)) }));
  const alphaOut = h("output", { for: alphaId });
  const others = h("div", { class: "table-wrap" });
  const codes = h("div", {});
  const targetId = uid("target");
  const target = h(
    "select",
    { id: targetId },
    ...TARGETS.map((t) => h("option", { value: String(t) }, `${t} bits`)),
  );
  target.addEventListener("change", () => store.set({ target: Number(target.value) }));
  const challenge = h("p", {
    class: "challenge",
    "aria-live": "polite",
    "data-testid": "challenge",
  });

  replace(
    root,
    h("h2", {}, "3. Cross-entropy and KL divergence: the cost of believing Q when the truth is P"),
    h(
      "p",
      {},
      "P is the truth: what the data say. Q is the belief: what our model says. " +
        "If outcomes come from P but you measure your surprise with Q, you are surprised on average by the cross-entropy H(P, Q). " +
        "It is never less than H(P), the surprise you would feel knowing P itself; the extra is the KL divergence D(P‖Q).",
    ),
    formula,
    h(
      "div",
      { class: "controls" },
      h("label", { for: presetSelectId }, "Start from"),
      presetSelect,
      h(
        "label",
        { class: "switch", for: swapId },
        swap,
        " Swap the direction: measure D(Q‖P) instead",
      ),
    ),
    h(
      "div",
      { class: "pair" },
      h("div", {}, h("h3", { class: "p-title" }, "P: the truth"), editorP.root),
      h("div", {}, h("h3", { class: "q-title" }, "Q: the belief"), editorQ.root),
    ),
    numbers,
    asym,
    h("h3", {}, "Cross-entropy = entropy + KL divergence"),
    stack,
    infinity,
    h("h3", {}, "Which outcomes make the divergence?"),
    h(
      "p",
      {},
      "Each outcome s adds p·log(p/q). Events where P is larger than Q add to the divergence (bars up); " +
        "where Q is larger they take from it (bars down). The bars up always win: the total is never negative, and it is 0 only when P and Q are the same.",
    ),
    contribChart,
    contribTable,
    h("h3", {}, "When Q says “impossible”"),
    h(
      "div",
      { class: "controls" },
      h("label", { for: zeroId }, "Let Q's probability of this outcome shrink towards 0:"),
      zeroSelect,
    ),
    zeroChart,
    zeroText,
    h("h3", {}, "Other ways to compare P and Q"),
    h("div", { class: "controls" }, h("label", { for: alphaId }, "Rényi order α"), alpha, alphaOut),
    others,
    h("h3", {}, "In bits: code lengths"),
    codes,
    h("h3", {}, "Challenge"),
    h(
      "div",
      { class: "controls" },
      h(
        "label",
        { for: targetId },
        "Reshape Q (drag its bars or type values) until D(P‖Q) is under",
      ),
      target,
    ),
    challenge,
  );

  return {
    update(state: ExplorerState) {
      const { unit } = state;
      const opts = { ...COUNTS, base: unit };
      const [aw, bw, A, B] = state.swapped
        ? [state.q, state.p, "Q", "P"]
        : [state.p, state.q, "P", "Q"];
      swap.checked = state.swapped;
      target.value = String(state.target);
      if (document.activeElement !== alpha) alpha.value = String(Math.min(10, state.alpha));
      alphaOut.value = `α = ${fmt(state.alpha)}`;

      const c = contributions(aw, bw, opts);
      const fwd = contributions(state.p, state.q, COUNTS);
      editorP.update(state.labels, state.p, fwd.p);
      editorQ.update(state.labels, state.q, fwd.q);

      const HA = entropy(aw, opts);
      const HAB = crossEntropy(aw, bw, opts);
      const D = klDivergence(aw, bw, opts);
      const Dpq = state.swapped ? klDivergence(state.p, state.q, opts) : D;
      const Dqp = state.swapped ? D : klDivergence(state.q, state.p, opts);
      const lg = logTex(unit);
      const a = A.toLowerCase();
      const b = B.toLowerCase();
      setTex(
        formulaKl,
        `D(${A}\\,\\|\\,${B}) = \\sum_s ${a}_s\\,${lg}\\frac{${a}_s}{${b}_s}`,
        true,
      );
      setTex(
        formulaSplit,
        `= \\underbrace{-\\sum_s ${a}_s ${lg} ${b}_s}_{H(${A},${B})} - \\underbrace{\\Big(-\\sum_s ${a}_s ${lg} ${a}_s\\Big)}_{H(${A})}`,
        true,
      );
      replace(
        numbers,
        bigNumber(
          `Entropy H(${A})`,
          HA,
          unit,
          `average surprise if you believe ${A} itself`,
          "h-value",
        ),
        bigNumber(
          `Cross-entropy H(${A}, ${B})`,
          HAB,
          unit,
          `average surprise when data come from ${A} and you believe ${B}`,
          "ce-value",
        ),
        bigNumber(
          `KL divergence D(${A}‖${B})`,
          D,
          unit,
          "the extra surprise: the cost of the wrong belief",
          "kl-value",
        ),
      );
      replace(
        asym,
        `Not symmetric: D(P‖Q) = ${fmt(Dpq)} ${unit}, but D(Q‖P) = ${fmt(Dqp)} ${unit}. `,
        state.swapped
          ? "Now Q plays the truth and P the belief: untick the switch to go back."
          : "Tick the switch above to see the divergence the other way round.",
      );

      // H(A,B) = H(A) + D(A‖B), as a stacked bar.
      const width = Math.max(260, Math.min(root.clientWidth || 600, 760));
      if (Number.isFinite(D)) {
        const parts = [
          { part: `H(${A}): surprise you cannot avoid`, v: HA, color: COLORS.entropy },
          { part: `D(${A}‖${B}): extra, from believing ${B}`, v: D, color: COLORS.adds },
        ];
        replace(
          stack,
          Plot.plot({
            width,
            height: 90,
            marginLeft: 10,
            marginRight: 20,
            style: { fontSize: "12px" },
            x: { label: `${unit} →`, domain: [0, HAB * 1.02 || 1] },
            color: {
              domain: parts.map((d) => d.part),
              range: parts.map((d) => d.color),
              legend: true,
            },
            marks: [
              Plot.barX(
                parts,
                Plot.stackX({ x: "v", fill: "part", y: () => "H", insetTop: 4, insetBottom: 4 }),
              ),
              Plot.ruleX([HAB], { stroke: "black", strokeWidth: 2 }),
            ],
            y: { axis: null },
          }),
          h(
            "p",
            { class: "note" },
            `H(${A}, ${B}) = ${fmt(HA)} + ${fmt(D)} = ${fmt(HAB)} ${unit}.`,
          ),
        );
      } else {
        replace(stack, h("p", { class: "note" }, `H(${A}, ${B}) = ${fmt(HA)} + ∞ = ∞: see below.`));
      }

      // Where B gives 0 to an outcome A produces: infinite divergence.
      const impossible = state.labels.filter((_, i) => c.p[i]! > 0 && c.q[i] === 0);
      infinity.hidden = impossible.length === 0;
      replace(
        infinity,
        h("strong", {}, "D = ∞. "),
        `${B} gives ${impossible.map((l) => `“${l}”`).join(", ")} probability 0, but ${A} produces it. ` +
          `The first time it happens, a believer in ${B} sees something “impossible”: infinitely surprising (−log 0 = ∞). ` +
          `In code lengths: a code built for ${B} has no codeword for it at all. ` +
          `Give it even a tiny probability in ${B} and the divergence becomes finite again.`,
      );

      // Per-outcome signed contributions.
      const rows = state.labels.map((label, i) => ({
        label,
        p: c.p[i]!,
        q: c.q[i]!,
        sp: c.surprisalP[i]!,
        sq: c.surprisalQ[i]!,
        contribution: c.contribution[i]!,
        share: c.share[i]!,
      }));
      const finite = rows.filter((r) => Number.isFinite(r.contribution));
      const ext = Math.max(1e-12, ...finite.map((r) => Math.abs(r.contribution)));
      const labelFor = (r: { contribution: number }) =>
        r.contribution > 0
          ? `${A} > ${B}: adds`
          : r.contribution < 0
            ? `${B} > ${A}: takes away`
            : "no effect";
      replace(
        contribChart,
        Plot.plot({
          width,
          height: 240,
          marginLeft: 56,
          style: { fontSize: "12px" },
          x: { domain: state.labels, label: null, tickSize: 0 },
          y: {
            domain: [-ext * 1.2, ext * 1.2],
            label: `↑ ${A.toLowerCase()}·log(${A.toLowerCase()}/${B.toLowerCase()}) (${unit})`,
            grid: true,
          },
          color: {
            domain: [`${A} > ${B}: adds`, `${B} > ${A}: takes away`, "no effect"],
            range: [COLORS.adds, COLORS.takes, COLORS.neutral],
            legend: true,
          },
          marks: [
            Plot.barY(finite, {
              x: "label",
              y: "contribution",
              fill: labelFor,
              insetLeft: 2,
              insetRight: 2,
            }),
            Plot.text(
              rows.filter((r) => !Number.isFinite(r.contribution)),
              { x: "label", y: () => ext, text: () => "∞", fontSize: 18, fill: COLORS.adds },
            ),
            Plot.ruleY([0]),
          ],
        }),
      );
      const tableRows = rows.map((r) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, r.label),
          h("td", {}, fmtProb(r.p)),
          h("td", {}, fmtProb(r.q)),
          h("td", {}, fmt(r.sp)),
          h("td", {}, fmt(r.sq)),
          h(
            "td",
            { class: r.contribution > 0 ? "adds" : r.contribution < 0 ? "takes" : "" },
            fmt(r.contribution),
          ),
          h("td", {}, Number.isFinite(r.share) ? `${fmt(r.share * 100, 3)}%` : "—"),
        ),
      );
      replace(
        contribTable,
        h(
          "table",
          { class: "numbers", "data-testid": "contributions" },
          h(
            "caption",
            {},
            `Outcome by outcome (${unit}); the last column sums to 100% of D(${A}‖${B}).`,
          ),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "outcome s"),
              h("th", { scope: "col" }, `${A.toLowerCase()}(s)`),
              h("th", { scope: "col" }, `${B.toLowerCase()}(s)`),
              h("th", { scope: "col" }, `surprise under ${A}`),
              h("th", { scope: "col" }, `surprise under ${B}`),
              h("th", { scope: "col" }, "contribution"),
              h("th", { scope: "col" }, "share"),
            ),
          ),
          h("tbody", {}, ...tableRows),
          h(
            "tfoot",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "row" }, "total"),
              h("td", {}, "1"),
              h("td", {}, "1"),
              h("td", {}, `H(${A}) = ${fmt(HA)}`),
              h("td", {}, `H(${A},${B}) = ${fmt(HAB)}`),
              h("td", {}, `D = ${fmt(c.total)}`),
              h("td", {}, ""),
            ),
          ),
        ),
      );

      // As B's probability of one outcome goes to 0.
      const bWeights = state.swapped ? state.p : state.q;
      const aProbs = c.p;
      if (
        zeroSelect.options.length !== state.labels.length ||
        [...zeroSelect.options].some((o, i) => o.text !== state.labels[i])
      ) {
        replace(zeroSelect, ...state.labels.map((l, i) => h("option", { value: String(i) }, l)));
        zeroChoice = -1;
      }
      if (zeroChoice < 0 || zeroChoice >= state.labels.length) {
        let best = 0;
        for (let i = 1; i < aProbs.length; i++) if (aProbs[i]! > aProbs[best]!) best = i;
        zeroChoice = best;
      }
      zeroSelect.value = String(zeroChoice);
      const k = zeroChoice;
      const eps: number[] = [];
      for (let i = 0; i <= 48; i++) eps.push(10 ** (-8 + (8 * i) / 48) * 0.999);
      const curve = eps.map((e) => {
        const qe = setProbability(bWeights, k, e);
        return { e, d: klDivergence(aw, qe, opts) };
      });
      const currentQ = c.q[k]!;
      replace(
        zeroChart,
        Plot.plot({
          width,
          height: 220,
          marginLeft: 48,
          style: { fontSize: "12px" },
          x: { type: "log", label: `${B.toLowerCase()}(${state.labels[k]}) → (log scale)` },
          y: { label: `↑ D(${A}‖${B}) (${unit})`, grid: true, zero: true },
          marks: [
            Plot.line(curve, { x: "e", y: "d", stroke: COLORS.adds, strokeWidth: 2 }),
            currentQ > 0 && currentQ >= eps[0]!
              ? Plot.dot([{ e: currentQ, d: D }], { x: "e", y: "d", r: 5, fill: "black" })
              : null,
          ],
        }),
      );
      const pk = aProbs[k]!;
      replace(
        zeroText,
        pk > 0
          ? `The black dot is ${B} as it is now. ${A} gives “${state.labels[k]}” probability ${fmtProb(pk)}. As ${B}'s probability for it shrinks by a factor of 10, ` +
              `the divergence grows by about ${fmt(pk * surprisalOfTen(unit), 3)} ${unit} (${fmtProb(pk)} × log 10): slowly, but without limit. ` +
              `At ${B.toLowerCase()} = 0 it is ∞.`
          : `${A} never produces “${state.labels[k]}”, so ${B}'s probability for it can go to 0 without making the divergence infinite.`,
      );

      // Companions.
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

      // Code lengths, always in bits.
      const cb = contributions(aw, bw, { ...COUNTS, base: "bits" });
      const HAbits = entropy(aw, { ...COUNTS, base: "bits" });
      const HABbits = crossEntropy(aw, bw, { ...COUNTS, base: "bits" });
      const Dbits = klDivergence(aw, bw, { ...COUNTS, base: "bits" });
      replace(
        codes,
        h(
          "p",
          {},
          `A good code gives short codewords to common outcomes: about −log₂ q(s) bits to outcome s if it was built for Q. ` +
            `So the surprise in bits is a codeword length. If the data come from ${A} and the code was built for ${B}, the average length is H(${A}, ${B}) = ${fmt(HABbits)} bits per outcome; ` +
            `a code built for ${A} itself would need only H(${A}) = ${fmt(HAbits)} bits. The difference, D(${A}‖${B}) = ${fmt(Dbits)} bits, is wasted on every outcome.`,
        ),
        codeTable(state.labels, cb.surprisalP, cb.surprisalQ, A, B),
      );

      const Dtarget = klDivergence(state.p, state.q, { ...COUNTS, base: "bits" });
      const met = Dtarget < state.target;
      challenge.classList.toggle("met", met);
      replace(
        challenge,
        met
          ? `Done: D(P‖Q) = ${fmt(Dtarget)} bits, under ${state.target} bits. Q now wastes less than ${state.target} bits per outcome. Try a smaller target.`
          : `D(P‖Q) = ${fmt(Dtarget)} bits: ${Number.isFinite(Dtarget) ? `${fmt(Dtarget - state.target, 3)} bits` : "infinitely far"} above the target of ${state.target} bits. Hint: move Q's bars towards P's, starting with the outcome that adds the most.`,
      );
    },
  };
}

/** log 10 in the unit (nats per decade, bits per decade, …), from the library's surprisal. */
function surprisalOfTen(unit: "bits" | "nats" | "dits"): number {
  return surprisal(0.1, { base: unit });
}

function codeTable(
  labels: readonly string[],
  sa: ArrayLike<number>,
  sb: ArrayLike<number>,
  A: string,
  B: string,
): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "numbers" },
      h("caption", {}, "Codeword length of each outcome, in bits"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "outcome"),
          h("th", { scope: "col" }, `code built for ${A}: −log₂ ${A.toLowerCase()}(s)`),
          h("th", { scope: "col" }, `code built for ${B}: −log₂ ${B.toLowerCase()}(s)`),
        ),
      ),
      h(
        "tbody",
        {},
        ...labels.map((l, i) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, l),
            h("td", {}, fmt(sa[i]!)),
            h("td", {}, fmt(sb[i]!)),
          ),
        ),
      ),
    ),
  );
}
