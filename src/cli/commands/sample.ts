import {
  type Distribution,
  estimateKl,
  KL_ESTIMATORS,
  type KlEstimate,
  type KlEstimator,
  klDivergence,
  logLikelihoodRatio,
  type MeasureOptions,
  parametricKlDivergence,
  SurprisalError,
  sampleSequence,
  sequenceLogProbability,
  unitName,
} from "../../index.js";
import { type Call, defineCommand } from "../command.js";
import { usageError } from "../errors.js";
import { type Flags, fromSamples, measureArgs, pairInputs, samplesArgs } from "../flags.js";
import { human, table } from "../format.js";
import { measureOptions, parseIntegerFlag } from "../options.js";
import { parametricPair } from "../parametric.js";
import { readPair } from "../readers/pair.js";
import { lib, refusal, roleOf } from "../refusal.js";
import type { Result } from "../render.js";
import { direction, likelihoodRatioSentence } from "../words.js";

/** `--samples`, `--seed` and `--estimator`, checked. */
function drawOptions(flags: Flags) {
  const samples = parseIntegerFlag("samples", flags.samples as string | undefined, 1, 1e8) ?? 1000;
  const seed =
    parseIntegerFlag("seed", flags.seed as string | undefined, -(2 ** 31), 2 ** 31 - 1) ?? 42;
  const estimator = (flags.estimator as string | undefined) ?? "k1";
  if (!(KL_ESTIMATORS as readonly string[]).includes(estimator)) {
    throw usageError(
      `--estimator ${JSON.stringify(estimator)} is not an estimator: use ${KL_ESTIMATORS.join(", ")}`,
    );
  }
  return { samples, seed, estimator: estimator as KlEstimator };
}

function estimateJson(e: KlEstimate) {
  const { estimator, estimate, standardError, interval } = e;
  return { estimator, estimate, standardError, interval };
}

function estimateRow(e: KlEstimate, unit: string): string[] {
  return [
    `${e.estimator} estimate`,
    human(e.estimate),
    unit,
    `± ${human(e.standardError)} (standard error), 95% interval [${human(e.interval[0])}, ${human(e.interval[1])}]`,
  ];
}

/** Monte Carlo on two parametric distributions, beside the closed form when there is one. */
function parametric(
  [pw, qw]: [string, string],
  [pd, qd]: [Distribution, Distribution],
  draw: ReturnType<typeof drawOptions>,
  opts: MeasureOptions,
): Result {
  const unit = unitName(opts.base);
  const roles = { p: { label: "P", name: pw }, q: { label: "Q", name: qw } };
  const e = lib(roles, () => estimateKl(pd, qd, { ...draw, base: opts.base }));
  let exact: number | undefined;
  try {
    exact = parametricKlDivergence(pd, qd, { base: opts.base });
  } catch (error) {
    if (!(error instanceof SurprisalError)) throw error;
    if (error.code !== "no-closed-form") throw refusal(error, roles);
  }
  const rows: string[][] = [
    [
      "D(P‖Q)",
      exact === undefined ? "no closed form" : human(exact),
      exact === undefined ? "" : unit,
      "exact",
    ],
    estimateRow(e, unit),
  ];
  const { samples: n, seed } = draw;
  return {
    json: {
      P: pw,
      Q: qw,
      unit,
      samples: n,
      seed,
      klDivergence: exact,
      estimateKl: estimateJson(e),
    },
    text: `Drew ${n} values from P (seed ${seed}) and averaged the log-density ratio log p(x)/q(x).\n${direction(pw, qw)}\n${table(rows, [false, true, false, false])}\nThe Monte Carlo estimate of D(P‖Q) narrows around the exact value like 1/√n.`,
  };
}

/** The notes' experiment on two vectors: a sequence drawn from P, scored under both. */
async function vectors(call: Call, draw: ReturnType<typeof drawOptions>, opts: MeasureOptions) {
  const unit = unitName(opts.base);
  const [pw, qw] = call.inputs as [string, string];
  const { p, q } = await readPair(pw, qw, call.read, fromSamples(call.flags));
  const roles = { p: roleOf("P", p), q: roleOf("Q", q) };
  const { samples: n, seed } = draw;
  const seq = lib(
    roles,
    () => sampleSequence(p.values, n, { seed, input: opts.input, tolerance: opts.tolerance }),
    opts,
  );
  const logP = lib(roles, () => sequenceLogProbability(seq, p.values, opts), opts);
  const logQ = lib({ p: roles.q }, () => sequenceLogProbability(seq, q.values, opts), opts);
  const ratio = lib(roles, () => logLikelihoodRatio(seq, p.values, q.values, opts), opts);
  const exact = lib(roles, () => klDivergence(p.values, q.values, opts), opts);
  const e = lib(roles, () => estimateKl(p.values, q.values, { ...opts, ...draw }), opts);
  const rows: string[][] = [
    ["log ∏P(x)", human(logP), unit, "log-probability of the sequence under P"],
    ["log ∏Q(x)", human(logQ), unit, "log-probability of the sequence under Q"],
    ["log(∏P/∏Q)", human(ratio.total), unit, "log-likelihood ratio"],
    ["per sample", human(ratio.perSample), unit, "log-likelihood ratio / n"],
    ["D(P‖Q)", human(exact), unit, "exact, for comparison"],
    estimateRow(e, unit),
  ];
  return {
    json: {
      P: p.name,
      Q: q.name,
      unit,
      samples: n,
      seed,
      sequenceLogProbability: { P: logP, Q: logQ },
      logLikelihoodRatio: {
        total: ratio.total,
        perSample: ratio.perSample,
        favours: ratio.favours,
        log10BayesFactor: ratio.log10BayesFactor,
      },
      klDivergence: exact,
      estimateKl: estimateJson(e),
    },
    text: `Drew ${n} outcomes from P (seed ${seed}) and scored them under both.\n${direction(p.name, q.name)}\n${table(rows, [false, true, false, false])}\n${likelihoodRatioSentence(ratio)} The per-sample log-ratio approaches D(P‖Q) as the sequence grows.`,
  };
}

export default defineCommand({
  meta: {
    name: "sample",
    summary: "draw from P, compare log ∏P with log ∏Q, against the exact D(P‖Q)",
    description:
      "The notes' experiment: draw a sequence from P, compare log ∏P and log ∏Q, and the per-sample ratio with D(P‖Q)",
  },
  args: {
    ...pairInputs,
    ...measureArgs,
    ...samplesArgs,
    samples: {
      type: "string",
      valueHint: "n",
      description: "how many outcomes to draw from P (default 1000)",
    },
    seed: {
      type: "string",
      valueHint: "s",
      description: "seed of the generator: the same seed, the same numbers (default 42)",
    },
    estimator: {
      type: "string",
      valueHint: "k1|k2|k3",
      description: "Monte Carlo KL estimator (default k1)",
    },
  },
  examples: [
    "surprisal sample 0.1,0.1,0.1,0.1,0.1,0.5 1,1,1,1,1,1 --input counts --samples 10000 --seed 7",
  ],
  rows: "never",
  async run(call) {
    const opts = measureOptions(call.flags);
    const draw = drawOptions(call.flags);
    const words = call.inputs as [string, string];
    const dists = fromSamples(call.flags) ? undefined : parametricPair(...words);
    return dists ? parametric(words, dists, draw, opts) : vectors(call, draw, opts);
  },
});
