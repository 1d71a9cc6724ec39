import { conditionalKl, fsum, unitName } from "../../index.js";
import { defineCommand } from "../command.js";
import { usageError } from "../errors.js";
import { measureArgs } from "../flags.js";
import { human, table } from "../format.js";
import { measureOptions } from "../options.js";
import { readMatrixPair } from "../readers/pair.js";
import { isStdin, parseSpec } from "../readers/spec.js";
import { readVector } from "../readers/vector.js";
import { lib } from "../refusal.js";
import { summarize, summaryLine } from "../row-result.js";

export default defineCommand({
  meta: {
    name: "conditional",
    summary: "a model Q(y|x) against the data P(y|x), row by row",
    description:
      "A model against data: Σₓ w(x)·D(P(·|x)‖Q(·|x)) over rows P(y|x) (the data) and Q(y|x) (the model)",
  },
  args: {
    PROWS: {
      type: "positional",
      description:
        "P(y|x), one row per x: file.csv (one column per y), file.json (array of rows), file.npy (2-D) or '0.9,0.1;0.2,0.8'",
    },
    QROWS: { type: "positional", description: "Q(y|x), the model, same shape" },
    ...measureArgs,
    weights: {
      type: "string",
      valueHint: "w",
      description: "weight of each row x (e.g. P(x)), in any vector form (default 1 per row)",
    },
    csv: { type: "boolean", description: "print the per-row divergences as CSV" },
  },
  examples: [
    "surprisal conditional '0.9,0.1;0.2,0.8' '0.8,0.2;0.5,0.5' --weights 0.5,0.5",
    "surprisal conditional data.npy model.npy --input logits --csv",
  ],
  rows: "always",
  async run(call) {
    const opts = measureOptions(call.flags);
    const unit = unitName(opts.base);
    const [pw, qw] = call.inputs as [string, string];
    const { p, q } = await readMatrixPair(pw, qw, call.read);
    let weights: Float64Array | undefined;
    let wName = "";
    if (typeof call.flags.weights === "string") {
      const ws = parseSpec(call.flags.weights);
      if (isStdin(ws) && [pw, qw].includes("-"))
        throw usageError("only one input can be - (standard input)");
      const w = await readVector(ws, "weights", call.read);
      weights = w.values;
      wName = w.name;
    }
    const roles = {
      p: { label: "P", name: p.name },
      q: { label: "Q", name: q.name },
      weights: { label: "--weights", name: wName, size: p.rows },
    };
    const r = lib(
      roles,
      () =>
        conditionalKl(p.data, q.data, {
          ...opts,
          columns: p.columns,
          ...(weights ? { weights } : {}),
        }),
      opts,
    );
    const labels = p.rowLabels;
    let worst = 0;
    for (let i = 1; i < r.rows.length; i++)
      if ((r.rows[i] as number) > (r.rows[worst] as number)) worst = i;
    const rowName = (i: number): string => (labels ? `${i} (${labels[i]})` : String(i));
    const shown = Math.min(p.rows, 20);
    const body: string[][] = [
      ["row", "D(P(·|x)‖Q(·|x))", ...(weights ? ["weight"] : [])],
      ...Array.from({ length: shown }, (_, i) => [
        rowName(i),
        human(r.rows[i] as number),
        ...(weights ? [human(weights[i] as number)] : []),
      ]),
    ];
    const more = p.rows > shown ? `\n… ${p.rows - shown} more rows (--csv prints all)` : "";
    const perRow = summarize(r.rows);
    // total ÷ Σ weights: per example when the weights count the examples of each row.
    const sumW = weights ? fsum(Array.from(weights)) : p.rows;
    const means = weights
      ? `per example (total ÷ Σ weights = ${human(sumW)}): ${human(r.mean)} ${unit}; per row (plain mean of the rows): ${human(perRow.mean)} ${unit}`
      : `mean ${human(r.mean)} ${unit} per row`;
    const sentence =
      r.total === 0
        ? "The model Q matches the data P on every row."
        : `${weights ? "Per example (rows weighted by --weights)" : "On average over the rows"}, the model Q is ${human(r.mean)} ${unit} per outcome more surprised by the data than P itself; it is worst on row ${rowName(worst)}.`;
    return {
      json: {
        P: p.name,
        Q: q.name,
        unit,
        conditionalKl: { total: r.total, mean: r.mean, rows: r.rows },
        rowLabels: labels,
        summary: { rows: perRow },
      },
      csv: {
        head: ["row", ...(labels ? ["label"] : []), "klDivergence", ...(weights ? ["weight"] : [])],
        rows: Array.from({ length: p.rows }, (_, i) => [
          String(i),
          ...(labels ? [labels[i] as string] : []),
          r.rows[i] as number,
          ...(weights ? [weights[i] as number] : []),
        ]),
      },
      text:
        `Σ w(x)·D(P(·|x)‖Q(·|x)) = ${human(r.total)} ${unit} over ${p.rows} rows   (conditional KL)\n` +
        `  ${means}\n` +
        `  P (truth, the data):  ${p.name}\n  Q (belief, the model): ${q.name}${weights ? `\n  weights: ${wName}` : ""}\n` +
        `${table(body, [false, true, true])}${more}\n${summaryLine(perRow, unit)} (per row)\n${sentence}`,
    };
  },
});
