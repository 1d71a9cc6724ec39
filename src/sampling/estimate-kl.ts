import { SurprisalError } from "../errors.js";
import { toLogProbabilityPair } from "../input/log-probabilities.js";
import { checkOptionKeys } from "../input/options.js";
import { klDivergence } from "../measures/kl.js";
import { type Rng, rngFrom } from "../numeric/rng.js";
import { isDistribution, parametricKlDivergence } from "../parametric/kl.js";
import type { Distribution } from "../parametric/types.js";
import type { MeasureOptions, Vector } from "../types.js";
import { checkCount, createAliasTable } from "./alias.js";
import {
  type EstimatorOptions,
  type KlEstimate,
  KlEstimateAccumulator,
  type KlEstimator,
  klEstimatorTerm,
} from "./estimators.js";

/** Options of {@link estimateKl}. */
export interface EstimateKlOptions
  extends EstimatorOptions,
    Pick<MeasureOptions, "input" | "tolerance"> {
  /** Number of samples drawn from P, a whole number ≥ 1. Default 10,000. */
  samples?: number;
  /** Seed of a fresh generator (default 42). Ignored when `rng` is given. */
  seed?: number;
  /** A generator to draw from (its state advances). Wins over `seed`. */
  rng?: Rng;
}

/** Default number of Monte Carlo samples. */
export const DEFAULT_SAMPLES = 10_000;

/** The keys of {@link EstimateKlOptions}. */
const ESTIMATE_KL_KEYS: readonly string[] = [
  "estimator",
  "base",
  "z",
  "input",
  "tolerance",
  "samples",
  "seed",
  "rng",
];

/** D(P‖Q) of two parametric distributions in closed form, or undefined where none is known. */
function closedForm(
  p: Distribution,
  q: Distribution,
  options: EstimateKlOptions,
): number | undefined {
  try {
    return parametricKlDivergence(p, q, { base: options.base });
  } catch (e) {
    if (e instanceof SurprisalError && e.code === "no-closed-form") return undefined;
    throw e;
  }
}

/**
 * Draws `total` samples from P and feeds the chosen estimator's terms into `acc`, pausing at each
 * checkpoint (increasing sample counts) to call `visit`. One code path for estimate and trace, so
 * the same seed gives the same numbers in both.
 */
function run(
  p: Vector | Distribution,
  q: Vector | Distribution,
  options: EstimateKlOptions,
  checkpoints: readonly number[],
  visit: (acc: KlEstimateAccumulator) => void,
): number | undefined {
  const acc = new KlEstimateAccumulator({
    estimator: options.estimator,
    base: options.base,
    z: options.z,
  });
  const rng = rngFrom(options);
  const pIsDist = isDistribution(p);
  const qIsDist = isDistribution(q);
  if (pIsDist !== qIsDist) {
    throw new SurprisalError(
      "invalid-option",
      `${pIsDist ? "p is a parametric distribution but q is not" : "q is a parametric distribution but p is not"}: give two vectors or two distributions`,
      { argument: pIsDist ? "q" : "p", value: pIsDist ? q : p },
    );
  }
  if (pIsDist && qIsDist) {
    if (p.dimension !== q.dimension) {
      throw new SurprisalError(
        "length-mismatch",
        `p and q differ in dimension (${p.dimension} and ${q.dimension}): both must live on the same space`,
        { argument: "q", value: q.dimension },
      );
    }
    const total = checkpoints[checkpoints.length - 1];
    const x = p.sample(total, { rng });
    const logP = p.logProbMany(x);
    const logQ = q.logProbMany(x);
    let done = 0;
    for (const c of checkpoints) {
      acc.add(logP.subarray(done, c), logQ.subarray(done, c));
      done = c;
      visit(acc);
    }
    return closedForm(p, q, options);
  }
  const pv = p as Vector;
  const qv = q as Vector;
  const [logP, logQ] = toLogProbabilityPair(pv, qv, options);
  const table = createAliasTable(pv, { input: options.input, tolerance: options.tolerance });
  // One term per outcome (outcomes with P = 0 are never drawn), so a draw costs O(1).
  const estimator: KlEstimator = acc.estimator;
  const terms = new Float64Array(logP.length);
  for (let k = 0; k < terms.length; k++) {
    terms[k] =
      logP[k] === Number.NEGATIVE_INFINITY ? 0 : klEstimatorTerm(estimator, logP[k], logQ[k]);
  }
  const size = table.size;
  const prob = table.probability;
  const alias = table.alias;
  let done = 0;
  for (const c of checkpoints) {
    for (; done < c; done++) {
      const u = rng.nextFloat() * size;
      const col = Math.floor(u);
      acc.addTerm(terms[u - col < prob[col] ? col : alias[col]]);
    }
    visit(acc);
  }
  return klDivergence(pv, qv, {
    base: options.base,
    input: options.input,
    tolerance: options.tolerance,
  });
}

/**
 * Monte Carlo estimate of D(P‖Q) = E_{x~P}[log P(x)/Q(x)] with a standard error: draw n samples
 * from P (seeded), evaluate log P and log Q at each, average the chosen estimator's terms
 * (k1 = log P/Q, k2 = ½(log Q/P)², k3 = (Q/P − 1) − log Q/P; see {@link KlEstimator}).
 *
 P and Q are either two categorical vectors (then `exact` holds D(P‖Q) from `klDivergence`, and
 * each draw costs O(1) by the alias method) or two parametric {@link Distribution}s (samples from
 * `p.sample(n, { rng })`, log-densities from `logProbMany`; `exact` from `parametricKlDivergence`
 * where a closed form is known, absent otherwise). P (the truth) comes first.
 * The same seed gives the same numbers. A sample where Q = 0 makes the estimate +∞ (so is D).
 *
 * @param p - the distribution the samples come from (the truth).
 * @param q - the model.
 * @param options - `samples` (default 10,000), `seed` (default 42) or `rng`, `estimator`
 *   (default `"k1"`), `base` (default nats), `z` (default 1.96), `input`, `tolerance`.
 * @returns `{ estimate, standardError, interval, samples, estimator, unit, exact? }`.
 * @throws {SurprisalError} `invalid-option` for samples that are not a whole number ≥ 1 or an unknown
 *   estimator; `length-mismatch`; the usual input errors for p and q.
 * @example
 * ```ts
 * const loaded = [0.1, 0.1, 0.1, 0.1, 0.1, 0.5];
 * const fair = [1, 1, 1, 1, 1, 1].map((x) => x / 6);
 * estimateKl(loaded, fair, { samples: 10_000, seed: 1, estimator: "k3" });
 * // { estimate: 0.2915740539866123, standardError: 0.0013803970839442084,
 * //   interval: [0.2888685254177175, 0.29427958255550707], samples: 10000, estimator: "k3",
 * //   unit: "nats", exact: 0.2938933324510594 }
 * ```
 */
export function estimateKl(
  p: Vector | Distribution,
  q: Vector | Distribution,
  options: EstimateKlOptions = {},
): KlEstimate {
  checkOptionKeys(options, ESTIMATE_KL_KEYS, "estimateKl");
  const samples = checkCount(options.samples ?? DEFAULT_SAMPLES, "samples");
  let result: KlEstimate | undefined;
  const exact = run(p, q, options, [samples], (acc) => {
    result = acc.value();
  });
  const r = result as KlEstimate;
  if (exact !== undefined) r.exact = exact;
  return r;
}

/** Options of {@link klConvergenceTrace}. */
export interface TraceOptions extends Omit<EstimateKlOptions, "samples"> {
  /** Increasing sample counts at which to read the running estimate. Default: 10, 20, 50, 100, … up to `samples`. */
  checkpoints?: readonly number[];
  /** Largest sample count when `checkpoints` is not given. Default 10,000. */
  samples?: number;
}

/** The running Monte Carlo estimate at increasing sample counts, for plotting with its band. */
export interface KlTrace {
  /** The checkpoints (sample counts). */
  n: Int32Array;
  /** Running estimate at each checkpoint. */
  estimate: Float64Array;
  /** Its standard error at each checkpoint. */
  standardError: Float64Array;
  /** Lower end of the interval (estimate − z·SE). */
  lower: Float64Array;
  /** Upper end of the interval (estimate + z·SE). */
  upper: Float64Array;
  /** Which estimator. */
  estimator: KlEstimator;
  /** Unit of every value. */
  unit: string;
  /** The exact D(P‖Q), where it is known (categorical P and Q, or a parametric pair with a closed form). */
  exact?: number;
}

/** 10, 20, 50, 100, 200, 500, … ≤ max, then max itself. */
function defaultCheckpoints(max: number): number[] {
  const out: number[] = [];
  for (let decade = 10; decade <= max; decade *= 10) {
    for (const m of [1, 2, 5]) if (m * decade < max) out.push(m * decade);
  }
  out.push(max);
  return out;
}

function checkCheckpoints(checkpoints: readonly number[]): readonly number[] {
  if (checkpoints.length === 0) {
    throw new SurprisalError("empty", "checkpoints is empty: give at least one sample count", {
      argument: "checkpoints",
      value: checkpoints,
    });
  }
  let previous = 0;
  for (let i = 0; i < checkpoints.length; i++) {
    const c = checkCount(checkpoints[i], `checkpoints[${i}]`);
    if (c <= previous) {
      throw new SurprisalError(
        "invalid-option",
        `checkpoints[${i}] = ${c} is not increasing: sample counts must grow (previous ${previous})`,
        { argument: "checkpoints", index: i, value: c },
      );
    }
    previous = c;
  }
  return checkpoints;
}

/**
 * The convergence of a Monte Carlo KL estimate: one seeded run of samples from P, read at
 * increasing sample counts, giving the running estimate and its ±z·SE band, which narrows like
 * 1/√n around D(P‖Q). The value at checkpoint m equals `estimateKl` with `samples: m` and the
 * same seed (for categorical P; for a parametric P, when its sampler draws one point at a time).
 *
 * @param p - the distribution the samples come from (the truth): a vector or a {@link Distribution}.
 * @param q - the model, of the same kind.
 * @param options - `checkpoints` (default 10, 20, 50, … up to `samples` = 10,000), `seed`, `rng`,
 *   `estimator`, `base`, `z`, `input`, `tolerance`.
 * @throws {SurprisalError} `invalid-option` for checkpoints that are not increasing whole numbers ≥ 1
 *   or an unknown estimator; `empty` for no checkpoints; the usual input errors.
 * @example
 * ```ts
 * const t = klConvergenceTrace([0.1, 0.1, 0.1, 0.1, 0.1, 0.5], [1, 1, 1, 1, 1, 1], {
 *   input: "counts", checkpoints: [100, 1000, 10000], seed: 1,
 * });
 * t.estimate;      // Float64Array [0.26170457420237747, 0.2745800775018502, 0.28037405398661225]
 * t.standardError; // Float64Array [0.08081257042541269, 0.025452847465901495, 0.008046456195507215]
 * t.exact;         // 0.2938933324510594
 * ```
 */
export function klConvergenceTrace(
  p: Vector | Distribution,
  q: Vector | Distribution,
  options: TraceOptions = {},
): KlTrace {
  checkOptionKeys(options, [...ESTIMATE_KL_KEYS, "checkpoints"], "klConvergenceTrace");
  const checkpoints = checkCheckpoints(
    options.checkpoints ??
      defaultCheckpoints(checkCount(options.samples ?? DEFAULT_SAMPLES, "samples")),
  );
  const m = checkpoints.length;
  const n = new Int32Array(m);
  const estimate = new Float64Array(m);
  const standardError = new Float64Array(m);
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  let i = 0;
  let estimator: KlEstimator = "k1";
  let unit = "nats";
  const exact = run(p, q, options, checkpoints, (acc) => {
    const v = acc.value();
    n[i] = v.samples;
    estimate[i] = v.estimate;
    standardError[i] = v.standardError;
    lower[i] = v.interval[0];
    upper[i] = v.interval[1];
    estimator = v.estimator;
    unit = v.unit;
    i++;
  });
  const trace: KlTrace = { n, estimate, standardError, lower, upper, estimator, unit };
  if (exact !== undefined) trace.exact = exact;
  return trace;
}
