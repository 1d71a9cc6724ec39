import { jsDistance, jsDivergence, jsDivergenceRows, unitName } from "../../index.js";
import { defineCommand } from "../command.js";
import { dbArgs, dbCommand } from "../db.js";
import { estimatesDivergence, sampleDivergence } from "../estimated-divergence.js";
import {
  ciArgs,
  divergenceEstimatorArgs,
  fromSamples,
  measureArgs,
  pairInputs,
  rowsArgs,
  samplesArgs,
  smoothingArgs,
} from "../flags.js";
import { human, percent } from "../format.js";
import { measureOptions } from "../options.js";
import { pairRows } from "../pair-rows.js";
import { readPair } from "../readers/pair.js";
import { lib, roleOf } from "../refusal.js";

export default defineCommand({
  meta: {
    name: "js",
    summary: "Jensen-Shannon divergence and distance (symmetric)",
    description: "Jensen-Shannon divergence JS(P,Q) (symmetric) and distance √JS",
  },
  args: {
    ...pairInputs,
    ...measureArgs,
    ...rowsArgs,
    ...samplesArgs,
    ...smoothingArgs,
    ...divergenceEstimatorArgs,
    ...ciArgs,
    ...dbArgs,
  },
  examples: [
    "surprisal js 0.5,0.5 0.9,0.1 --base bits",
    "surprisal js a.npy b.npy --rows --csv",
    "surprisal js a.csv#v b.csv#v --from-samples --ci 0.95 --seed 7",
  ],
  rows: "optional",
  async run(call) {
    const db = await dbCommand(call, "js");
    if (db) return db;
    const opts = measureOptions(call.flags);
    const unit = unitName(opts.base);
    if (estimatesDivergence(call)) return sampleDivergence(call, "js", opts);
    if (call.flags.rows) {
      return pairRows(call, opts, {
        columns: (p, q, o) => {
          const js = jsDivergenceRows(p, q, o);
          // jsDistanceRows is √ of jsDivergenceRows in the same base: the same values, once.
          return [
            { key: "jsDivergenceRows", header: `JS ${unit}`, values: js },
            { key: "jsDistanceRows", header: "√JS", values: js.map(Math.sqrt) },
          ];
        },
        title: (p, q) => `Jensen-Shannon divergence of each row, P = ${p}, Q = ${q}, in ${unit}:`,
      });
    }
    const [pw, qw] = call.inputs as [string, string];
    const { p, q } = await readPair(pw, qw, call.read, fromSamples(call.flags));
    const roles = { p: roleOf("P", p), q: roleOf("Q", q) };
    const js = lib(roles, () => jsDivergence(p.values, q.values, opts), opts);
    const jd = lib(roles, () => jsDistance(p.values, q.values, opts), opts);
    const ceiling = lib({}, () => jsDivergence([1, 0], [0, 1], { base: opts.base }));
    return {
      json: { P: p.name, Q: q.name, unit, jsDivergence: js, jsDistance: jd },
      text:
        `JS(P,Q) = ${human(js)} ${unit}   (Jensen-Shannon divergence, symmetric: JS(P,Q) = JS(Q,P))\n` +
        `√JS = ${human(jd)}   (Jensen-Shannon distance, a metric)\n` +
        `  P: ${p.name}\n  Q: ${q.name}\n` +
        `JS runs from 0 (identical) to ${human(ceiling)} ${unit} (no outcome in common); P and Q are ${percent(js / ceiling)} of the way.`,
    };
  },
});
