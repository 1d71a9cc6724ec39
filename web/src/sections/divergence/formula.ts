import { h, setTex } from "../../dom.js";
import { logTex } from "../../format.js";
import type { DivergenceView, Panel } from "./view.js";

/** D(A‖B) = Σ a log(a/b) = H(A, B) − H(A), typeset in the direction shown. */
export function mountFormula(container: HTMLElement): Panel {
  const formulaKl = h("div", {});
  const formulaSplit = h("div", {});
  container.append(h("div", { class: "formula formula-row" }, formulaKl, formulaSplit));
  return {
    update({ unit, A, B }: DivergenceView) {
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
    },
  };
}
