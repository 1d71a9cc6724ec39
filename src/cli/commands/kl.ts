import {
  KlAccumulator,
  klDivergence,
  klDivergenceRows,
  parametricKlDivergence,
  unitName,
} from "../../index.js";
import { defineCommand } from "../command.js";
import { dbArgs, dbCommand } from "../db.js";
import { estimatesDivergence, sampleDivergence } from "../estimated-divergence.js";
import {
  ciArgs,
  divergenceEstimatorArgs,
  knnArgs,
  measureArgs,
  pairInputs,
  rowsArgs,
  samplesArgs,
  smoothingArgs,
} from "../flags.js";
import { human } from "../format.js";
import { measureOptions } from "../options.js";
import { pairValue } from "../pair-measure.js";
import { pairRows } from "../pair-rows.js";
import { direction, infiniteJson, infiniteSentence } from "../words.js";

function sentence(d: number, unit: string): string {
  if (d === 0) return "P and Q are the same distribution: believing Q costs no extra surprise.";
  if (d === Number.POSITIVE_INFINITY)
    return "Q gives probability zero to an outcome that P allows: someone who believes Q will sooner or later be infinitely surprised.";
  return `On average, an outcome drawn from P surprises someone who believes Q by ${human(d)} ${unit} more than someone who knows P.`;
}

export default defineCommand({
  meta: {
    name: "kl",
    summary: "D(P‖Q), the divergence of Q (the belief) from P (the truth)",
    description:
      "KL divergence D(P‖Q), the divergence of Q from P: the information lost when Q approximates P (P = truth, Q = belief), i.e. how much more surprising P's outcomes are to someone who believes Q",
  },
  args: {
    ...pairInputs,
    ...measureArgs,
    ...rowsArgs,
    ...samplesArgs,
    ...smoothingArgs,
    ...divergenceEstimatorArgs,
    ...ciArgs,
    ...knnArgs,
    ...dbArgs,
  },
  examples: [
    "surprisal kl 0.5,0.5 0.9,0.1",
    "surprisal kl data.csv#observed data.csv#expected --input counts --base bits",
    "surprisal kl data.tsv#2 data.tsv#3",
    "surprisal kl runs.json#truth runs.json#model --json",
    "surprisal kl week1.json week2.json --input counts --smoothing jeffreys",
    "surprisal kl visits_2024.csv visits_2023.csv --labels first-column --input counts",
    "surprisal kl p_logits.npy q_logits.npy --rows --input logits --csv",
    "surprisal kl '0.9,0.1;0.5,0.5;0.2,0.8' 0.5,0.5 --rows",
    "surprisal kl today.txt yesterday.txt --from-samples",
    "surprisal kl a.csv#v b.csv#v --from-samples --smoothing jeffreys --ci 0.95 --bootstrap 1000 --seed 7",
    "surprisal kl a.csv#v b.csv#v --from-samples --smoothing jeffreys --estimator miller-madow",
    "surprisal kl a.csv#height b.csv#height --continuous --k 3",
  ],
  rows: "optional",
  async run(call) {
    const db = await dbCommand(call, "kl");
    if (db) return db;
    const opts = measureOptions(call.flags);
    const unit = unitName(opts.base);
    if (estimatesDivergence(call)) return sampleDivergence(call, "kl", opts);
    if (call.flags.rows) {
      return pairRows(call, opts, {
        columns: (p, q, o) => [
          { key: "klDivergenceRows", header: `D(P‖Q) ${unit}`, values: klDivergenceRows(p, q, o) },
        ],
        title: (p, q) => `D(P‖Q) of each row, P (truth) = ${p}, Q (belief) = ${q}, in ${unit}:`,
      });
    }
    const d = await pairValue(
      call,
      {
        vectors: klDivergence,
        parametric: parametricKlDivergence,
        accumulator: (o) => new KlAccumulator(o),
      },
      opts,
    );
    const why = d.zeroInQ ? infiniteSentence(d.zeroInQ, opts.input) : sentence(d.value, unit);
    return {
      json: {
        P: d.p,
        Q: d.q,
        unit,
        klDivergence: d.value,
        ...(d.zeroInQ ? { infiniteBecause: infiniteJson(d.zeroInQ) } : {}),
      },
      text: `D(P‖Q) = ${human(d.value)} ${unit}   (Kullback-Leibler divergence of Q from P)\n${direction(d.p, d.q)}\n${why}`,
    };
  },
});
