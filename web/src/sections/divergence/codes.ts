import { contributions, crossEntropy, entropy, klDivergence } from "surprisal";
import { h, replace } from "../../dom.js";
import { fmt } from "../../format.js";
import { COUNTS, type DivergenceView, type Panel } from "./view.js";

/** In bits: the surprise as a codeword length, and the bits a code built for B wastes on A. */
export function mountCodes(container: HTMLElement): Panel {
  const codes = h("div", {});
  container.append(h("h3", {}, "In bits: code lengths"), codes);
  return {
    update({ state, aw, bw, A, B }: DivergenceView) {
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
    },
  };
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
