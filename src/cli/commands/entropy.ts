import {
  convertUnits,
  type Distribution,
  EntropyAccumulator,
  entropy,
  entropyRows,
  type MeasureOptions,
  unitName,
} from "../../index.js";
import { accumulateOne } from "../accumulate.js";
import { type Call, defineCommand } from "../command.js";
import { dbArgs, dbCommand } from "../db.js";
import { usageError } from "../errors.js";
import { estimateFlags, wantsEstimate } from "../estimate.js";
import { continuousEntropy, estimatedEntropy } from "../estimated-entropy.js";
import {
  ciArgs,
  estimatorArgs,
  fromSamples,
  knnArgs,
  measureArgs,
  rowsArgs,
  samplesArgs,
} from "../flags.js";
import { human } from "../format.js";
import { measureOptions } from "../options.js";
import { distributionOf, isDistribution } from "../parametric.js";
import { readMatrix } from "../readers/matrix.js";
import { streamedShape, streamNpyRows } from "../readers/npy-rows.js";
import { readOne } from "../readers/pair.js";
import { parseSpec, streamsBest } from "../readers/spec.js";
import { lib, roleOf } from "../refusal.js";
import type { Result } from "../render.js";
import { rowResult } from "../row-result.js";

async function rows(call: Call, opts: MeasureOptions, unit: string): Promise<Result> {
  const word = call.inputs[0] as string;
  // A float64 `.npy` matrix block by block (see streamNpyRows), any other input whole.
  const streamed = await streamNpyRows([parseSpec(word)], call.read, (m, columns) => [
    entropyRows(m[0] as Float64Array, { ...opts, columns }),
  ]);
  if (streamed !== undefined) {
    return rowResult(
      streamedShape(word, streamed),
      [{ key: "entropyRows", header: `H(P) ${unit}`, values: streamed.results[0] as Float64Array }],
      { P: word, unit },
      `Entropy H(P) of each row of P = ${word}, in ${unit}:`,
    );
  }
  return readMatrix(parseSpec(word), "P", call.read).then((m) => {
    const h = lib({ p: { label: "P", name: m.name } }, () =>
      entropyRows(m.data, { ...opts, columns: m.columns }),
    );
    return rowResult(
      m,
      [{ key: "entropyRows", header: `H(P) ${unit}`, values: h }],
      { P: m.name, unit },
      `Entropy H(P) of each row of P = ${m.name}, in ${unit}:`,
    );
  });
}

function parametric(word: string, opts: MeasureOptions, unit: string): Result {
  const d: Distribution = distributionOf(word, "P");
  const h = convertUnits(
    lib({}, () => d.entropy()),
    "nats",
    opts.base ?? "nats",
  );
  const kind = d.discrete ? "entropy" : "differential entropy";
  const sentence = d.discrete
    ? `An outcome drawn from P surprises by ${human(h)} ${unit} on average.`
    : `A draw from P has an average surprise -log density of ${human(h)} ${unit} (a differential entropy can be negative).`;
  return {
    json: { P: word, unit, entropy: h },
    text: `H(P) = ${human(h)} ${unit}   (${kind} of ${d.family})\n  P: ${word}\n${sentence}`,
  };
}

/** H(P) of a vector: read whole (one library call), or streamed through the accumulator. */
async function vector(call: Call, opts: MeasureOptions) {
  const word = call.inputs[0] as string;
  const spec = parseSpec(word);
  if (fromSamples(call.flags) || !streamsBest(spec)) {
    const p = await readOne(word, "P", call.read, fromSamples(call.flags));
    const h = lib({ p: roleOf("P", p) }, () => entropy(p.values, opts), opts);
    return { h, n: p.values.length, name: p.name };
  }
  const acc = lib({}, () => new EntropyAccumulator({ ...opts, argument: "p" }), opts);
  const h = await accumulateOne(spec, acc, call.read, call.stderr, opts);
  return { h, n: acc.length, name: spec.name };
}

export default defineCommand({
  meta: {
    name: "entropy",
    summary: "H(P), the average surprise of an outcome of P",
    description: "Entropy H(P): the average surprise of an outcome drawn from P",
  },
  args: {
    ...dbArgs,
    P: {
      type: "positional",
      description: "numbers (0.5,0.5), file.csv#column, file.json#name, file.npy or - (stdin)",
    },
    ...measureArgs,
    ...rowsArgs,
    ...samplesArgs,
    ...estimatorArgs,
    ...ciArgs,
    ...knnArgs,
  },
  examples: [
    "surprisal entropy 0.5,0.5 --base bits",
    "surprisal entropy data.csv#color --from-samples --estimator nsb --categories 12",
    "surprisal entropy data.csv#color --from-samples --estimator miller-madow --ci 0.95 --bootstrap 1000 --seed 7",
    "surprisal entropy heights.csv#cm --continuous --k 3",
    "surprisal entropy counts.csv#n --input counts",
    "surprisal entropy rolls.txt --from-samples --base bits",
    "surprisal entropy logits.npy --rows --input logits --csv",
    "seq 1 6 | surprisal entropy - --input counts",
  ],
  rows: "optional",
  async run(call) {
    const db = await dbCommand(call, "entropy");
    if (db) return db;
    const opts = measureOptions(call.flags);
    const unit = unitName(opts.base);
    const est = estimateFlags(call.flags);
    if (est.continuous) return continuousEntropy(call, est, opts);
    if (fromSamples(call.flags) || (wantsEstimate(est) && opts.input === "counts"))
      return estimatedEntropy(call, est, opts);
    if (wantsEstimate(est))
      throw usageError(
        "--estimator, --categories and --ci estimate from observations: add --from-samples (a column of outcomes) or --input counts",
      );
    if (call.flags.rows) return rows(call, opts, unit);
    const word = call.inputs[0] as string;
    if (isDistribution(word)) return parametric(word, opts, unit);
    const { h, n, name } = await vector(call, opts);
    // log n in the unit: H of two equal counts (log 2) times log₂ n, not the entropy of n ones
    // (10⁷ outcomes: 80 MB of fresh memory, ~0.25 s here, for a number shown to 6 digits).
    const max = lib({}, () => entropy([1, 1], { ...opts, input: "counts" }) * Math.log2(n));
    const sentence =
      h === 0
        ? "P is certain: one outcome has all the probability, so nothing about it can surprise."
        : `An outcome drawn from P surprises by ${human(h)} ${unit} on average; with ${n} outcomes the most it could be is ${human(max)} ${unit} (all equally likely).`;
    return {
      json: { P: name, unit, entropy: h },
      text: `H(P) = ${human(h)} ${unit}   (entropy: the average surprise)\n  P: ${name}\n${sentence}`,
    };
  },
});
