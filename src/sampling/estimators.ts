import { describeValue, SurprisalError } from "../errors.js";
import { checkOptionKeys } from "../input/options.js";
import { mismatchError, STATE_VERSION, StateReader, sameBase } from "../input/state.js";
import { logOfBase, unitName } from "../numeric/units.js";
import type { Base } from "../types.js";

/**
 * The three Monte Carlo estimators of D(P‖Q) from samples x ~ P, with r = Q(x)/P(x):
 * - `"k1"`: −log r = log P(x) − log Q(x). Unbiased; the notes' per-sample log-likelihood ratio;
 *   can be negative per sample, with high variance when P and Q are close.
 * - `"k2"`: ½(log r)². Biased (it estimates a divergence that agrees with KL to second order as
 *   Q → P), never negative, low variance.
 * - `"k3"`: (r − 1) − log r. Never negative per sample; low variance when P and Q are close.
 *   Unbiased when E_P[r] = 1, i.e. when Q puts no mass where P has none; otherwise it falls short
 *   of D by exactly Q's mass outside P's support. Where Q/P is unbounded (Q much wider than P,
 *   e.g. Beta(7, 6) against Beta(0.6, 3)) r has infinite variance and k3's standard error cannot
 *   be trusted: prefer k1 there.
 *
 * Reference: J. Schulman, "Approximating KL divergence" (2020), http://joschu.net/blog/kl-approx.html
 */
export type KlEstimator = "k1" | "k2" | "k3";

/** The estimator names, in order. */
export const KL_ESTIMATORS: readonly KlEstimator[] = ["k1", "k2", "k3"];

/** z of a two-sided 95% normal interval, Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

/**
 * Checks an estimator name.
 * @throws {SurprisalError} `invalid-option` for anything but `"k1"`, `"k2"`, `"k3"`.
 * @internal
 */
export function checkEstimator(value: unknown, argument = "estimator"): KlEstimator {
  if (value === undefined) return "k1";
  if (value === "k1" || value === "k2" || value === "k3") return value;
  throw new SurprisalError(
    "invalid-option",
    `${argument} = ${describeValue(value)} is an unknown estimator: use "k1", "k2" or "k3"`,
    { argument, value },
  );
}

/** (eᵈ − 1) − d = Σ_{k≥2} dᵏ/k!, with the series below |d| = 0.1 (k = 2 … 17). */
const K3_SERIES: readonly number[] = (() => {
  const c: number[] = [];
  let fact = 1;
  for (let k = 2; k <= 17; k++) {
    fact *= k;
    c.push(1 / fact);
  }
  return c;
})();

/**
 * One sample's term of a KL estimator, in nats, from d = log r = log Q(x) − log P(x).
 *
 * k1 = −d, k2 = d²/2, k3 = (eᵈ − 1) − d (a series for |d| < 0.1 keeps full relative accuracy where
 * the direct form cancels). d = −∞ (Q(x) = 0) gives +∞ for all three; d = +∞ gives k1 = −∞ and
 * k2 = k3 = +∞.
 *
 * @example
 * ```ts
 * klEstimatorTerm("k3", Math.log(0.5), Math.log(0.25)); // 0.1931471805599453 = −0.5 + ln 2
 * ```
 */
export function klEstimatorTerm(estimator: KlEstimator, logP: number, logQ: number): number {
  const d = logQ - logP;
  if (estimator === "k1") return -d;
  if (estimator === "k2") return 0.5 * d * d;
  if (d < 0.1 && d > -0.1) {
    let s = 0;
    for (let i = K3_SERIES.length - 1; i >= 0; i--) s = s * d + K3_SERIES[i];
    return s * d * d;
  }
  if (d === Number.POSITIVE_INFINITY) return d;
  return Math.expm1(d) - d;
}

/** Options of the KL estimators. */
export interface EstimatorOptions {
  /** `"k1"` (default), `"k2"` or `"k3"`: see {@link KlEstimator}. */
  estimator?: KlEstimator;
  /** Unit of the estimate, its standard error and interval. Default `"nats"`. */
  base?: Base;
  /** Half-width of the interval in standard errors. Default {@link Z_95} (a 95% normal interval). */
  z?: number;
}

/**
 * The saved state of a `KlEstimateAccumulator` (version 1), as `toJSON()` writes it: the options,
 * the number of samples, how many of them gave a finite term, the running mean and sum of squared
 * deviations of the finite terms (Welford), and the number of +∞ terms.
 */
export interface KlEstimateAccumulatorState {
  kind: "KlEstimateAccumulator";
  version: 1;
  estimator: KlEstimator;
  base: Base;
  z: number;
  count: number;
  finite: number;
  mean: number;
  m2: number;
  infinite: number;
}

/** A Monte Carlo estimate of D(P‖Q) with its uncertainty. */
export interface KlEstimate {
  /** The mean of the estimator's per-sample terms. */
  estimate: number;
  /** Sample standard deviation of the terms / √n (+∞ with a single sample; 0 when the estimate is ±∞). */
  standardError: number;
  /** estimate ± z·standardError (z = 1.96 by default: a 95% normal interval). */
  interval: [number, number];
  /** Number of samples n. */
  samples: number;
  /** Which estimator. */
  estimator: KlEstimator;
  /** Unit of estimate, standardError and interval. */
  unit: string;
  /** The exact D(P‖Q), where it is known (categorical P and Q, or a parametric pair with a closed form). */
  exact?: number;
}

/**
 * A streaming Monte Carlo KL estimate: add chunks of log P(xᵢ), log Q(xᵢ) for samples xᵢ ~ P,
 * merge accumulators built on other chunks (or workers), read the estimate and its standard error.
 *
 * Keeps n, the running mean and the sum of squared deviations (Welford; Chan et al. to merge),
 * so memory is O(1) whatever n is. A term of +∞ (a sample where Q = 0, which proves D = +∞) makes
 * the estimate +∞ with standard error 0.
 *
 * @example
 * ```ts
 * const acc = new KlEstimateAccumulator({ estimator: "k1" });
 * acc.add([Math.log(0.5), Math.log(0.5)], [Math.log(0.25), Math.log(0.75)]);
 * acc.value().estimate; // 0.1438410362258905 = ½·ln 2 + ½·ln(2/3)
 * ```
 */
export class KlEstimateAccumulator {
  /** Which estimator the terms are. */
  readonly estimator: KlEstimator;
  private readonly base: Base | undefined;
  private readonly z: number;
  private n = 0;
  private finite = 0;
  private mean = 0;
  private m2 = 0;
  private posInf = 0;

  constructor(options: EstimatorOptions = {}) {
    checkOptionKeys(options, ["estimator", "base", "z"], "KlEstimateAccumulator");
    this.estimator = checkEstimator(options.estimator);
    logOfBase(options.base);
    this.base = options.base;
    this.z = checkZ(options.z);
  }

  /** Number of samples added so far. */
  get count(): number {
    return this.n;
  }

  /**
   * Adds one sample's term (already an estimator term, in nats).
   * @internal
   */
  addTerm(t: number): this {
    this.n++;
    if (t === Number.POSITIVE_INFINITY) this.posInf++;
    else {
      this.finite++;
      const delta = t - this.mean;
      this.mean += delta / this.finite;
      this.m2 += delta * (t - this.mean);
    }
    return this;
  }

  /**
   * Adds a chunk of samples drawn from P: their log-probabilities (natural log) under P and Q.
   *
   * log P must be finite: −∞ is impossible for a sample drawn from P, and +∞ (a density that is
   * infinite at the sample, e.g. Beta with β < 1 at a draw rounded to exactly 1) would make the
   * estimate +∞ for a finite divergence. log Q may be −∞ (Q rules the sample out: D = +∞), not +∞.
   * @throws {SurprisalError} `length-mismatch`; `not-finite` for NaN, log P = ±∞ or log Q = +∞.
   */
  add(logP: ArrayLike<number>, logQ: ArrayLike<number>): this {
    if (logP.length !== logQ.length) {
      throw new SurprisalError(
        "length-mismatch",
        `logP and logQ differ in length (${logP.length} and ${logQ.length}): give both log-probabilities of every sample`,
        { argument: "logQ", value: logQ.length },
      );
    }
    const offset = this.n;
    for (let i = 0; i < logP.length; i++) {
      const lp = logP[i];
      const lq = logQ[i];
      if (!Number.isFinite(lp)) {
        const why =
          lp === Number.POSITIVE_INFINITY
            ? "P's density is infinite at this sample (a draw on the edge of the support?), which says nothing about D(P‖Q)"
            : "a sample drawn from P has a finite log-probability under P";
        throw new SurprisalError(
          "not-finite",
          `logP[${offset + i}] = ${lp} is not finite: ${why}`,
          {
            argument: "logP",
            index: offset + i,
            value: lp,
          },
        );
      }
      if (Number.isNaN(lq) || lq === Number.POSITIVE_INFINITY) {
        throw new SurprisalError(
          "not-finite",
          `logQ[${offset + i}] = ${lq} is not finite: log Q may be -Infinity (Q rules the sample out) but not NaN or +Infinity`,
          { argument: "logQ", index: offset + i, value: lq },
        );
      }
      this.addTerm(klEstimatorTerm(this.estimator, lp, lq));
    }
    return this;
  }

  /**
   * The state as a plain, versioned object ({@link KlEstimateAccumulatorState}): what
   * `JSON.stringify` writes. Read it back with {@link KlEstimateAccumulator.fromJSON}.
   * @example
   * ```ts
   * const acc = new KlEstimateAccumulator().add([Math.log(0.5)], [Math.log(0.25)]);
   * KlEstimateAccumulator.fromJSON(JSON.parse(JSON.stringify(acc))).value().estimate; // 0.6931471805599453
   * ```
   */
  toJSON(): KlEstimateAccumulatorState {
    return {
      kind: "KlEstimateAccumulator",
      version: STATE_VERSION,
      estimator: this.estimator,
      base: this.base ?? "nats",
      z: this.z,
      count: this.n,
      finite: this.finite,
      mean: this.mean,
      m2: this.m2,
      infinite: this.posInf,
    };
  }

  /**
   * An accumulator from a state written by {@link KlEstimateAccumulator.toJSON} (parsed JSON).
   * @throws {SurprisalError} `invalid-state` for anything else: another kind or version, a missing
   * field, NaN, negative counts or squares, counts that do not add up.
   */
  static fromJSON(state: unknown): KlEstimateAccumulator {
    const r = new StateReader(state, "KlEstimateAccumulator");
    const estimator = r.oneOf("estimator", KL_ESTIMATORS);
    const base = r.base();
    const z = r.number("z", { above: 0 });
    const count = r.number("count", { min: 0, integer: true });
    const finite = r.number("finite", { min: 0, integer: true });
    const infinite = r.number("infinite", { min: 0, integer: true });
    const mean = r.number("mean", estimator === "k1" ? {} : { min: 0 });
    const m2 = r.number("m2", { min: 0 });
    if (finite + infinite !== count) {
      throw r.error("state.count", count, `is not finite + infinite = ${finite + infinite}`);
    }
    if (finite === 0 && (mean !== 0 || m2 !== 0)) {
      throw r.error("state.mean", mean, "is not 0 with no finite term: the state is inconsistent");
    }
    const acc = new KlEstimateAccumulator({ estimator, base, z });
    acc.n = count;
    acc.finite = finite;
    acc.posInf = infinite;
    acc.mean = mean;
    acc.m2 = m2;
    return acc;
  }

  /**
   * Adds another accumulator's samples (same estimator and unit), as if its chunks had been added
   * here: an accumulator or its saved state (parsed JSON).
   * @throws {SurprisalError} `invalid-option` for another estimator, `incompatible` for another
   * unit, `invalid-state` for a state that is not one.
   */
  merge(other: KlEstimateAccumulator | KlEstimateAccumulatorState): this {
    if (!(other instanceof KlEstimateAccumulator)) other = KlEstimateAccumulator.fromJSON(other);
    if (!sameBase(other.base, this.base)) {
      throw mismatchError("base", this.base ?? "nats", other.base ?? "nats");
    }
    if (other.estimator !== this.estimator) {
      throw new SurprisalError(
        "invalid-option",
        `cannot merge estimator ${other.estimator} into ${this.estimator}: both must use the same estimator`,
        { argument: "other", value: other.estimator },
      );
    }
    const na = this.finite;
    const nb = other.finite;
    if (nb > 0) {
      const nab = na + nb;
      const delta = other.mean - this.mean;
      this.mean += (delta * nb) / nab;
      this.m2 += other.m2 + (delta * delta * na * nb) / nab;
      this.finite = nab;
    }
    this.n += other.n;
    this.posInf += other.posInf;
    return this;
  }

  /**
   * The estimate so far, with its standard error and interval, in the chosen unit.
   * @throws {SurprisalError} `empty` before any sample.
   */
  value(): KlEstimate {
    if (this.n === 0) {
      throw new SurprisalError(
        "empty",
        "no samples yet: add at least one sample before reading the estimate",
        {
          argument: "samples",
          value: 0,
        },
      );
    }
    const lnBase = logOfBase(this.base);
    const unit = unitName(this.base);
    if (this.posInf > 0) {
      const inf = Number.POSITIVE_INFINITY;
      return {
        estimate: inf,
        standardError: 0,
        interval: [inf, inf],
        samples: this.n,
        estimator: this.estimator,
        unit,
      };
    }
    const estimate = this.mean / lnBase;
    const standardError =
      this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1) / this.n) / lnBase : Number.POSITIVE_INFINITY;
    const half = this.z * standardError;
    return {
      estimate,
      standardError,
      interval: [estimate - half, estimate + half],
      samples: this.n,
      estimator: this.estimator,
      unit,
    };
  }
}

function checkZ(z: unknown): number {
  if (z === undefined) return Z_95;
  if (typeof z !== "number" || !Number.isFinite(z) || z <= 0) {
    throw new SurprisalError(
      "invalid-option",
      `z = ${describeValue(z)} is not a positive finite number: the interval is estimate ± z standard errors`,
      { argument: "z", value: z },
    );
  }
  return z;
}

/**
 * Estimates D(P‖Q) from samples xᵢ ~ P given only their log-probabilities under P and Q, as when
 * comparing two language models on text sampled from the first: the mean of the chosen
 * estimator's terms, with standard error s/√n and a normal interval.
 *
 * k1 = mean of log P(xᵢ) − log Q(xᵢ); k2 = mean of ½(log Q(xᵢ) − log P(xᵢ))²;
 * k3 = mean of (rᵢ − 1) − log rᵢ with rᵢ = Q(xᵢ)/P(xᵢ). A sample with Q(xᵢ) = 0 (log Q = −∞)
 * gives +∞ (D is infinite). Values are natural logs; the result is in `base`.
 *
 * @param logP - log P(xᵢ) (natural log) of each sample, xᵢ drawn from P.
 * @param logQ - log Q(xᵢ) of the same samples.
 * @param options - `estimator` (default `"k1"`), `base` (default nats), `z` (default 1.96).
 * @throws {SurprisalError} `empty`, `length-mismatch`, `not-finite` (NaN, log P = −∞),
 *   `invalid-option` for an unknown estimator.
 * @example
 * ```ts
 * estimateKlFromLogProbs([-0.5, -1.2, -0.7], [-0.9, -1.0, -1.1], { estimator: "k3" });
 * // { estimate: 0.05401428341048282, standardError: 0.016305762625156504,
 * //   interval: [0.022055575924716783, 0.08597299089624885], samples: 3, estimator: "k3", unit: "nats" }
 * ```
 */
export function estimateKlFromLogProbs(
  logP: ArrayLike<number>,
  logQ: ArrayLike<number>,
  options: EstimatorOptions = {},
): KlEstimate {
  if (logP.length === 0) {
    throw new SurprisalError(
      "empty",
      "logP is empty: give the log-probability of at least one sample",
      {
        argument: "logP",
        value: logP,
      },
    );
  }
  checkOptionKeys(options, ["estimator", "base", "z"], "estimateKlFromLogProbs");
  return new KlEstimateAccumulator(options).add(logP, logQ).value();
}
