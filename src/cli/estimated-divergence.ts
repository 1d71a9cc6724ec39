import {
  jsFromHistograms,
  klFromHistograms,
  knnKlDivergence,
  type MeasureOptions,
  type SampleDivergence,
  type SampleDivergenceOptions,
} from "../index.js";
import type { Call } from "./command.js";
import { usageError } from "./errors.js";
import {
  ESTIMATOR_NAMES,
  estimateFlags,
  estimateJson,
  estimateLib,
  estimateLines,
  label,
  parseSmoothing,
} from "./estimate.js";
import { fromSamples } from "./flags.js";
import { human } from "./format.js";
import { readPoints } from "./readers/outcomes.js";
import { readPair } from "./readers/pair.js";
import type { Result } from "./render.js";
import { direction } from "./words.js";

/** Whether KL/JS should be estimated from samples: `--from-samples` or `--continuous`. */
export function estimatesDivergence(call: Call): boolean {
  // Histograms (--input counts) with --smoothing take the shared path of the other measures.
  return fromSamples(call.flags) || call.flags.continuous === true;
}

function smoothingWords(e: SampleDivergence): string {
  switch (e.smoothing) {
    case "none":
      return "the observed frequencies, no pseudo-counts";
    case "jeffreys":
      return `Jeffreys pseudo-counts: ½ added to each of the ${e.labels.length} outcomes`;
    case "laplace":
      return `Laplace pseudo-counts: 1 added to each of the ${e.labels.length} outcomes`;
    default:
      return `pseudo-count α = ${e.pseudoCount} added to each of the ${e.labels.length} outcomes`;
  }
}

/**
 * D(P‖Q) or JS(P,Q) estimated from two samples: observed outcomes matched by label, with the
 * smoothing stated (`--from-samples`), or k-nearest-neighbour KL of continuous samples
 * (`--continuous`).
 */
export async function sampleDivergence(
  call: Call,
  measure: "kl" | "js",
  opts: MeasureOptions,
): Promise<Result> {
  const est = estimateFlags(call.flags);
  const [pw, qw] = call.inputs as [string, string];
  const key = measure === "kl" ? "klDivergence" : "jsDivergence";
  const symbol = measure === "kl" ? "D(P‖Q)" : "JS(P,Q)";
  if (est.continuous) {
    if (measure === "js")
      throw usageError(
        "--continuous: the library has a k-nearest-neighbour estimator for KL, not JS",
      );
    if (call.flags.smoothing !== undefined)
      throw usageError("--smoothing adds pseudo-counts to outcomes; --continuous has none");
    const p = await readPoints(pw, "P", call.read);
    const q = await readPoints(qw, "Q", call.read);
    const e = estimateLib(
      { p: { label: "P", name: p.name }, q: { label: "Q", name: q.name } },
      () =>
        knnKlDivergence(p.points, q.points, {
          ...(est.k !== undefined ? { k: est.k } : {}),
          ...(opts.base !== undefined ? { base: opts.base } : {}),
          ...(est.seed !== undefined ? { seed: est.seed } : {}),
        }),
      () => p.points.length,
    );
    const text = [
      `${symbol} ≈ ${human(e.value)} ${e.unit}   (KL divergence of continuous samples, ${ESTIMATOR_NAMES[e.estimator]} estimator, k = ${e.k})`,
      direction(`${p.name} (${e.n} points)`, `${q.name} (${e.m} points)`),
      ...estimateLines(e),
    ];
    return { json: estimateJson(key, e, { P: p.name, Q: q.name }), text: text.join("\n") };
  }
  if (est.estimator !== undefined && est.estimator !== "plugin" && est.estimator !== "miller-madow")
    throw usageError(
      `--estimator ${est.estimator} is an entropy estimator: ${measure} from samples takes plugin (the frequencies) or miller-madow (minus the first-order bias), with --smoothing for unseen outcomes`,
    );
  const smoothing = parseSmoothing(call.flags);
  const { p, q } = await readPair(pw, qw, call.read, true);
  const labels = p.labels as string[];
  const hp = new Map(labels.map((l, i) => [l, p.values[i] as number]));
  const hq = new Map(labels.map((l, i) => [l, q.values[i] as number]));
  const o: SampleDivergenceOptions = {
    ...(smoothing !== undefined ? { smoothing } : {}),
    ...(opts.base !== undefined ? { base: opts.base } : {}),
    ...(est.ci !== undefined ? { ci: est.ci } : {}),
    ...(est.estimator !== undefined ? { estimator: est.estimator } : {}),
  };
  const roles = { p: { label: "P", name: p.name }, q: { label: "Q", name: q.name } };
  const e = estimateLib(roles, () =>
    measure === "kl" ? klFromHistograms(hp, hq, o) : jsFromHistograms(hp, hq, o),
  );
  const name = measure === "kl" ? "KL divergence of Q from P" : "Jensen-Shannon divergence";
  const text = [
    `${symbol} ${e.smoothing === "none" && e.value === Number.POSITIVE_INFINITY ? "=" : "≈"} ${human(e.value)} ${e.unit}   (${name}, estimated from samples: ${smoothingWords(e)}${e.estimator === "miller-madow" ? "; minus the first-order sampling bias (Miller-Madow)" : ""})`,
    direction(
      `${p.name} (${e.n} observation${e.n === 1 ? "" : "s"})`,
      `${q.name} (${e.m} observation${e.m === 1 ? "" : "s"})`,
    ),
  ];
  if (e.unseenInP.length > 0 && measure === "kl" && e.smoothing === "none")
    text.push(
      `  (outcomes seen only in Q's sample add nothing to D(P‖Q): ${e.unseenInP.map(label).join(", ")})`,
    );
  text.push(...estimateLines(e));
  return { json: estimateJson(key, e, { P: p.name, Q: q.name }), text: text.join("\n") };
}
