import {
  CrossEntropyAccumulator,
  crossEntropy,
  crossEntropyRows,
  parametricCrossEntropy,
  unitName,
} from "../../index.js";
import { defineCommand } from "../command.js";
import { dbArgs, dbCommand } from "../db.js";
import { measureArgs, pairInputs, rowsArgs, samplesArgs } from "../flags.js";
import { human } from "../format.js";
import { measureOptions } from "../options.js";
import { pairValue } from "../pair-measure.js";
import { pairRows } from "../pair-rows.js";
import { direction, infiniteJson, infiniteSentence } from "../words.js";

function sentence(h: number, unit: string): string {
  if (h === Number.POSITIVE_INFINITY)
    return "Q gives probability zero to an outcome that P allows: the average surprise of someone who believes Q is infinite.";
  return `Someone who believes Q, watching outcomes drawn from P, is surprised by ${human(h)} ${unit} per outcome on average (H(P) plus D(P‖Q)).`;
}

export default defineCommand({
  meta: {
    name: "cross-entropy",
    summary: "H(P,Q), the average surprise of a Q-believer on outcomes of P",
    description:
      "Cross-entropy H(P,Q): the average surprise of someone who believes Q, on outcomes drawn from P",
  },
  args: { ...pairInputs, ...measureArgs, ...rowsArgs, ...samplesArgs, ...dbArgs },
  examples: [
    "surprisal cross-entropy 0.5,0.5 0.9,0.1 --base bits",
    "surprisal cross-entropy data.csv#observed data.csv#expected --input counts",
  ],
  rows: "optional",
  async run(call) {
    const db = await dbCommand(call, "cross-entropy");
    if (db) return db;
    const opts = measureOptions(call.flags);
    const unit = unitName(opts.base);
    if (call.flags.rows) {
      return pairRows(call, opts, {
        columns: (p, q, o) => [
          { key: "crossEntropyRows", header: `H(P,Q) ${unit}`, values: crossEntropyRows(p, q, o) },
        ],
        title: (p, q) => `H(P,Q) of each row, P (truth) = ${p}, Q (belief) = ${q}, in ${unit}:`,
      });
    }
    const h = await pairValue(
      call,
      {
        vectors: crossEntropy,
        parametric: parametricCrossEntropy,
        accumulator: (o) => new CrossEntropyAccumulator(o),
      },
      opts,
    );
    const why = h.zeroInQ ? infiniteSentence(h.zeroInQ, opts.input) : sentence(h.value, unit);
    return {
      json: {
        P: h.p,
        Q: h.q,
        unit,
        crossEntropy: h.value,
        ...(h.zeroInQ ? { infiniteBecause: infiniteJson(h.zeroInQ) } : {}),
      },
      text: `H(P,Q) = ${human(h.value)} ${unit}   (cross-entropy)\n${direction(h.p, h.q)}\n${why}`,
    };
  },
});
