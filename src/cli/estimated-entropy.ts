import { estimateEntropy, knnEntropy, type MeasureOptions } from "../index.js";
import type { Call } from "./command.js";
import {
  ESTIMATOR_NAMES,
  type EstimateFlags,
  estimateJson,
  estimateLib,
  estimateLines,
} from "./estimate.js";
import { fromSamples } from "./flags.js";
import { human } from "./format.js";
import { readPoints } from "./readers/outcomes.js";
import { readOne } from "./readers/pair.js";
import { roleOf } from "./refusal.js";
import type { Result } from "./render.js";

/**
 * H(P) estimated from observed outcomes (`--from-samples`) or a vector of counts (`--input
 * counts` with an estimator flag): the estimator named, its standard error and interval, warnings.
 */
export async function estimatedEntropy(
  call: Call,
  est: EstimateFlags,
  opts: MeasureOptions,
): Promise<Result> {
  const samples = fromSamples(call.flags);
  const p = await readOne(call.inputs[0] as string, "P", call.read, samples);
  const counts =
    samples && p.labels ? new Map(p.labels.map((l, i) => [l, p.values[i] as number])) : p.values;
  const role = roleOf("P", p);
  const e = estimateLib({ counts: role, p: role }, () =>
    estimateEntropy(counts, {
      estimator: est.estimator ?? "plugin",
      ...(opts.base !== undefined ? { base: opts.base } : {}),
      ...(est.categories !== undefined ? { categories: est.categories } : {}),
      ...(est.ci !== undefined ? { ci: est.ci } : {}),
    }),
  );
  const obs = `${e.n} observation${e.n === 1 ? "" : "s"}`;
  const what = samples ? obs : `counts of ${obs}`;
  const seen = `${e.observed} ${e.observed === 1 ? "category" : "categories"} seen`;
  const k = e.categories === e.observed ? seen : `${seen} of K = ${e.categories}`;
  const text = [
    `H(P) ≈ ${human(e.value)} ${e.unit}   (entropy estimated by ${ESTIMATOR_NAMES[e.estimator]})`,
    `  P: ${p.name} (${what}, ${k})`,
    ...estimateLines(e),
  ];
  return { json: estimateJson("entropy", e, { P: p.name }), text: text.join("\n") };
}

/** The differential entropy of continuous measurements (`--continuous`), Kozachenko-Leonenko. */
export async function continuousEntropy(
  call: Call,
  est: EstimateFlags,
  opts: MeasureOptions,
): Promise<Result> {
  const p = await readPoints(call.inputs[0] as string, "P", call.read);
  const role = {
    label: "P",
    name: p.name,
    line: p.lines ? (i: number) => p.lines?.[i] : undefined,
  };
  const e = estimateLib(
    { x: role },
    () =>
      knnEntropy(p.points, {
        ...(est.k !== undefined ? { k: est.k } : {}),
        ...(opts.base !== undefined ? { base: opts.base } : {}),
        ...(est.seed !== undefined ? { seed: est.seed } : {}),
      }),
    () => p.points.length,
  );
  const text = [
    `h(P) ≈ ${human(e.value)} ${e.unit}   (differential entropy by the ${ESTIMATOR_NAMES[e.estimator]} estimator, k = ${e.k})`,
    `  P: ${p.name} (${e.n} points of dimension ${e.dim})`,
    "A differential entropy is the average -log density: it depends on the unit of the data and can be negative.",
    ...estimateLines(e),
  ];
  return { json: estimateJson("entropy", e, { P: p.name }), text: text.join("\n") };
}
