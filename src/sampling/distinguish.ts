import { describeValue, SurprisalError } from "../errors.js";
import { toProbabilities } from "../input/normalize.js";
import { checkOptionKeys, MEASURE_OPTION_KEYS } from "../input/options.js";
import { klDivergence } from "../measures/kl.js";
import { fromNats, unitName } from "../numeric/units.js";
import type { MeasureOptions, Vector } from "../types.js";

/** Options of {@link samplesToDistinguish}. */
export interface DistinguishOptions extends MeasureOptions {
  /** The likelihood ratio in favour of P to reach, a number > 1. Default 100 ("decisive" evidence). */
  factor?: number;
}

/** How many samples tell P from Q, and the numbers of the reasoning. */
export interface Distinguishability {
  /**
   * Expected number of samples from P: ln(factor) / D(P‖Q) when D is finite (may be fractional;
   * +∞ when P = Q), or the expected wait for an outcome Q calls impossible when D = +∞.
   */
  samples: number;
  /** `samples` rounded up to a whole number of samples (+∞ stays +∞). */
  rounded: number;
  /** The likelihood ratio aimed at. */
  factor: number;
  /** D(P‖Q) in the chosen unit. */
  divergence: number;
  /** Unit of `divergence` and `needed`. */
  unit: string;
  /** The evidence needed, log(factor), in the chosen unit (each sample adds `divergence` on average). */
  needed: number;
  /** The probability under P of the outcomes Q gives probability zero (0 when D(P‖Q) is finite). */
  ruledOutMass: number;
}

/**
 * How many samples from P it takes, on average, before the likelihood ratio ∏P(xᵢ)/∏Q(xᵢ) favours
 * P over Q by a chosen factor: n ≈ ln(factor) / D(P‖Q) (the expected log-likelihood ratio after n
 * samples is n·D(P‖Q); Chernoff–Stein lemma). A divergence then reads as "about 23 coin flips".
 *
 * Edge cases: P = Q (D = 0) gives +∞ (no number of samples tells them apart). D = +∞ (Q gives
 * probability 0 to outcomes P produces, with total P-mass m) gives 1/m, the expected wait for the
 * first such outcome, which rules Q out at once.
 *
 * Reference: T. M. Cover and J. A. Thomas, Elements of Information Theory, 2nd ed., §11.8
 * (Chernoff–Stein lemma).
 *
 * @param p - the truth (where the samples come from).
 * @param q - the alternative.
 * @param options - `factor` (default 100), `base` of the reported divergence, `input`, `tolerance`.
 * @throws {SurprisalError} `invalid-option` when factor is not a finite number > 1; the usual input errors.
 * @example
 * ```ts
 * const r = samplesToDistinguish([0.5, 0.5], [0.9, 0.1], { factor: 100 });
 * r.rounded; // 10 (9.02 on average: each sample adds D(P‖Q) = 0.511 nats, ln 100 = 4.61 nats are needed)
 * ```
 */
export function samplesToDistinguish(
  p: Vector,
  q: Vector,
  options: DistinguishOptions = {},
): Distinguishability {
  checkOptionKeys(options, [...MEASURE_OPTION_KEYS, "factor"], "samplesToDistinguish");
  const factor = options.factor ?? 100;
  if (typeof factor !== "number" || !Number.isFinite(factor) || factor <= 1) {
    throw new SurprisalError(
      "invalid-option",
      `factor = ${describeValue(factor)} is not a finite number > 1: the likelihood ratio to reach must exceed 1`,
      { argument: "factor", value: factor },
    );
  }
  const measure = { input: options.input, tolerance: options.tolerance };
  const nats = klDivergence(p, q, measure);
  const unit = unitName(options.base);
  const divergence = fromNats(nats, options.base);
  const lnFactor = Math.log(factor);
  let samples: number;
  let ruledOutMass = 0;
  if (nats === 0) samples = Number.POSITIVE_INFINITY;
  else if (nats === Number.POSITIVE_INFINITY) {
    const pp = toProbabilities(p, measure, "p");
    const qq = toProbabilities(q, measure, "q");
    for (let k = 0; k < pp.length; k++) if (qq[k] === 0) ruledOutMass += pp[k];
    samples = 1 / ruledOutMass;
  } else samples = lnFactor / nats;
  return {
    samples,
    rounded: Number.isFinite(samples) ? Math.ceil(samples) : samples,
    factor,
    divergence,
    unit,
    needed: fromNats(lnFactor, options.base),
    ruledOutMass,
  };
}
