import * as Plot from "@observablehq/plot";
import { conditionalKl, createRng, logLoss, sampleSequence, toProbabilities } from "surprisal";
import { h, replace, setTex, uid } from "../dom.js";
import { fmt, fmtInt, logTex } from "../format.js";
import {
  type ConditionalData,
  type ConditionalRow,
  conditionalToCsv,
  type ExplorerState,
  LIMITS,
  tryParseConditionalCsv,
} from "../state.js";
import { COLORS, type Section, type Store } from "../store.js";
import { bigNumber } from "../widgets.js";

/** Section 5: a model Q(y|x) against the truth P(y|x) over a small dataset of conditionals. */
export function mountConditional(root: HTMLElement, store: Store): Section {
  const formulaTotal = h("div", {});
  const formulaRow = h("div", {});
  const formula = h("div", { class: "formula formula-row" }, formulaTotal, formulaRow);
  const tableWrap = h("div", { class: "table-wrap" });
  const addRow = h("button", { type: "button" }, "Add a row");
  const csvId = uid("csv");
  const csv = h("textarea", { id: csvId, rows: 6, spellcheck: "false", "data-testid": "csv" });
  const applyCsv = h("button", { type: "button" }, "Use this CSV");
  const csvStatus = h("p", { class: "status", role: "status" });
  const totals = h("div", { class: "big-numbers", "aria-live": "polite" });
  const split = h("div", {
    class: "chart",
    role: "img",
    "aria-label": "Expected log-loss split into conditional entropy and conditional KL",
  });
  const observed = h("p", { class: "note" });
  let structure = "";
  let inputs: HTMLInputElement[][] = [];
  let klCells: HTMLElement[] = [];

  const edit = (mutate: (d: ConditionalData) => void) => {
    const d = structuredClone(store.get().data);
    mutate(d);
    store.set({ data: d });
  };
  addRow.addEventListener("click", () =>
    edit((d) => {
      if (d.rows.length >= LIMITS.maxRows) return;
      const last = d.rows[d.rows.length - 1]!;
      let i = d.rows.length + 1;
      while (d.rows.some((r) => r.x === `x${i}`)) i++;
      d.rows.push({ x: `x${i}`, weight: 1, p: [...last.p], q: [...last.q] });
    }),
  );
  applyCsv.addEventListener("click", () => {
    const r = tryParseConditionalCsv(csv.value);
    if (r.ok) {
      replace(csvStatus, `Read ${r.data.rows.length} rows and ${r.data.outcomes.length} outcomes.`);
      csvStatus.className = "status ok";
      store.set({ data: r.data });
    } else {
      replace(csvStatus, `Not used: ${r.error}.`);
      csvStatus.className = "status error";
    }
  });

  replace(
    root,
    h("h2", {}, "5. Model against data: a divergence per situation"),
    h(
      "p",
      {},
      "Often there is not one distribution but one per situation x: the truth P(y|x) (what the data say) and the model Q(y|x). " +
        "Each row below is a situation with its weight (how many examples of it the data hold). The KL divergence of each row says how badly the model misjudges that situation; " +
        "weighted by how often the situation occurs, they add up to the conditional KL divergence.",
    ),
    formula,
    h(
      "p",
      {},
      "Read the sum term by term: where the model gives a pair (x, y) more likelihood than the truth, the term is negative; where it gives less, positive. P(y|x) is the weight of each term, so outcomes the truth rarely produces matter little.",
    ),
    tableWrap,
    h("div", { class: "controls" }, addRow),
    h(
      "details",
      {},
      h("summary", {}, "Paste or edit the table as CSV"),
      h(
        "p",
        { class: "hint" },
        "Header: x,weight,p_<outcome>…,q_<outcome>… (the same outcomes in the same order). Weights are whole numbers of examples; each row of P and of Q is normalized.",
      ),
      h("label", { for: csvId }, "CSV"),
      csv,
      h("div", { class: "controls" }, applyCsv),
      csvStatus,
    ),
    totals,
    h("h3", {}, "Log-loss = what no model can avoid + what this model adds"),
    h(
      "p",
      {},
      "A model is usually trained by its log-loss: the average of −log Q(y|x) over the examples. Its expected value splits into two parts: " +
        "H(Y|X), the uncertainty left in the data even for a perfect model, plus the conditional KL divergence, the part the model's errors cost. Only the second part can be trained away.",
    ),
    split,
    observed,
  );

  function buildTable(data: ConditionalData): void {
    const ys = data.outcomes;
    inputs = [];
    klCells = [];
    const body = data.rows.map((row, r) => {
      const cells: HTMLInputElement[] = [];
      const numberInput = (
        label: string,
        step: string,
        onCommit: (v: number, row: ConditionalRow) => boolean,
      ) => {
        const input = h("input", {
          type: "number",
          min: 0,
          step,
          "aria-label": label,
          class: "cell",
        });
        input.addEventListener("change", () => {
          const v = Number(input.value);
          if (input.value.trim() === "" || !Number.isFinite(v) || v < 0) {
            input.setCustomValidity("Enter a number ≥ 0");
            input.reportValidity();
            return;
          }
          let ok = true;
          edit((d) => {
            ok = onCommit(v, d.rows[r]!);
          });
          input.setCustomValidity(ok ? "" : "This change would leave the row all zeros");
          if (!ok) input.reportValidity();
        });
        cells.push(input);
        return input;
      };
      const w = numberInput(`weight of ${row.x}`, "1", (v, rr) => {
        if (!Number.isInteger(v) || v > LIMITS.maxRowWeight) return false;
        rr.weight = v;
        return true;
      });
      const ps = ys.map((y, j) =>
        numberInput(`P(${y} | ${row.x})`, "0.05", (v, rr) => {
          const next = [...rr.p];
          next[j] = v;
          if (!next.some((x) => x > 0)) return false;
          rr.p = next;
          return true;
        }),
      );
      const qs = ys.map((y, j) =>
        numberInput(`Q(${y} | ${row.x})`, "0.05", (v, rr) => {
          const next = [...rr.q];
          next[j] = v;
          if (!next.some((x) => x > 0)) return false;
          rr.q = next;
          return true;
        }),
      );
      inputs.push(cells);
      const kl = h("td", { class: "kl", "data-testid": `row-kl-${r}` });
      klCells.push(kl);
      const remove = h(
        "button",
        { type: "button", class: "small", "aria-label": `Remove row ${row.x}` },
        "×",
      );
      remove.disabled = data.rows.length <= 1;
      remove.addEventListener("click", () => edit((d) => void d.rows.splice(r, 1)));
      return h(
        "tr",
        {},
        h("th", { scope: "row" }, row.x),
        h("td", {}, w),
        ...ps.map((x) => h("td", { class: "p-cell" }, x)),
        ...qs.map((x) => h("td", { class: "q-cell" }, x)),
        kl,
        h("td", {}, remove),
      );
    });
    replace(
      tableWrap,
      h(
        "table",
        { class: "numbers data-table", "data-testid": "conditional-table" },
        h("caption", {}, "Situations x, the truth P(y|x) and the model Q(y|x)"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "x"),
            h("th", { scope: "col" }, "weight"),
            ...ys.map((y) => h("th", { scope: "col", class: "p-cell" }, `P(${y}|x)`)),
            ...ys.map((y) => h("th", { scope: "col", class: "q-cell" }, `Q(${y}|x)`)),
            h("th", { scope: "col" }, "D(P‖Q) of the row"),
            h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "remove")),
          ),
        ),
        h("tbody", {}, ...body),
      ),
    );
  }

  return {
    update(state: ExplorerState) {
      const { unit, data } = state;
      const shape = JSON.stringify([data.outcomes, data.rows.map((r) => r.x)]);
      if (shape !== structure) {
        structure = shape;
        buildTable(data);
      }
      data.rows.forEach((row, r) => {
        const values = [row.weight, ...row.p, ...row.q];
        inputs[r]!.forEach((input, j) => {
          if (document.activeElement !== input) input.value = String(values[j]);
        });
      });
      addRow.disabled = data.rows.length >= LIMITS.maxRows;
      if (document.activeElement !== csv) csv.value = conditionalToCsv(data);

      const lg = logTex(unit);
      setTex(
        formulaTotal,
        "D\\big(P(Y|X)\\,\\|\\,Q(Y|X)\\big) = \\sum_x w(x)\\, D\\big(P(\\cdot|x)\\,\\|\\,Q(\\cdot|x)\\big)",
        true,
      );
      setTex(formulaRow, `= \\sum_x w(x) \\sum_y P(y|x)\\,${lg}\\frac{P(y|x)}{Q(y|x)}`, true);
      const pRows = data.rows.map((r, i) =>
        toProbabilities(r.p, { input: "counts" }, `P row ${i + 1}`),
      );
      const qRows = data.rows.map((r, i) =>
        toProbabilities(r.q, { input: "counts" }, `Q row ${i + 1}`),
      );
      const weights = data.rows.map((r) => r.weight);
      const ck = conditionalKl(pRows, qRows, { weights, base: unit });
      ck.rows.forEach((v, i) => {
        const cell = klCells[i]!;
        cell.dataset.value = String(v);
        replace(cell, `${fmt(v)} ${unit}`);
      });
      replace(
        totals,
        bigNumber(
          "Total Σ w(x)·D",
          ck.total,
          unit,
          "weighted sum over the rows",
          "conditional-total",
        ),
        bigNumber(
          "Mean per example",
          ck.mean,
          unit,
          "the conditional KL divergence: total / Σ w(x)",
          "conditional-mean",
        ),
      );

      // One example per unit of weight; its label y drawn from P(·|x) with the page's seed.
      const rng = createRng(state.seed);
      const labels: number[] = [];
      const exP: Float64Array[] = [];
      const exQ: Float64Array[] = [];
      data.rows.forEach((row, i) => {
        if (row.weight === 0) return;
        const ys = sampleSequence(pRows[i]!, row.weight, { rng });
        for (const y of ys) {
          labels.push(y);
          exP.push(pRows[i]!);
          exQ.push(qRows[i]!);
        }
      });
      const loss = logLoss(labels, exQ, { base: unit, pRows: exP });
      const dec = loss.decomposition!;
      const width = Math.max(260, Math.min(root.clientWidth || 600, 760));
      const parts = [
        {
          part: "H(Y|X): left even for a perfect model",
          v: dec.conditionalEntropy,
          color: COLORS.entropy,
        },
        { part: "conditional KL: the model's own cost", v: dec.conditionalKl, color: COLORS.adds },
      ];
      replace(
        split,
        Number.isFinite(dec.expectedLogLoss)
          ? Plot.plot({
              width,
              height: 90,
              marginLeft: 10,
              marginRight: 20,
              style: { fontSize: "12px" },
              x: {
                label: `expected log-loss per example (${unit}) →`,
                domain: [0, dec.expectedLogLoss * 1.02 || 1],
              },
              y: { axis: null },
              color: {
                domain: parts.map((d) => d.part),
                range: parts.map((d) => d.color),
                legend: true,
              },
              marks: [
                Plot.barX(
                  parts,
                  Plot.stackX({ x: "v", fill: "part", y: () => "L", insetTop: 4, insetBottom: 4 }),
                ),
                Plot.ruleX([dec.expectedLogLoss], { stroke: "black", strokeWidth: 2 }),
              ],
            })
          : "",
        h(
          "p",
          { "data-testid": "logloss-split" },
          `Expected log-loss ${fmt(dec.expectedLogLoss)} ${unit} = H(Y|X) ${fmt(dec.conditionalEntropy)} ${unit} + conditional KL ${fmt(dec.conditionalKl)} ${unit}.`,
        ),
      );
      replace(
        observed,
        `On ${fmtInt(loss.n)} examples whose labels y were drawn from P(y|x) (seed ${state.seed}), the model's measured log-loss is ` +
          `${fmt(loss.mean)} ± ${fmt(loss.standardError, 2)} ${unit} (perplexity ${fmt(loss.perplexity, 3)}: as unsure as a fair choice among that many outcomes). ` +
          `With more examples it settles on the expected ${fmt(dec.expectedLogLoss)} ${unit}.`,
      );
    },
  };
}
