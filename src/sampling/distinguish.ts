import { describeValue, SurprisalError } from "../errors.js";
import { toProbabilities } from "../input/normalize.js";
import { klDivergence } from "../measures/kl.js";
import { fromNats, unitName } from "../numeric/units.js";
import type { MeasureOptions, Vector } from "../types.js";
import { formatNumber } from "./format.js";

/** Options of {@link samplesToDistinguish}. */
export interface DistinguishOptions extends MeasureOptions {
  /** The likelihood ratio in favour of P to reach, a number > 1. Default 100 ("decisive" evidence). */
  factor?: number;
}

/** How many samples tell P from Q, with the reasoning in a sentence. */
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
  /** Unit of `divergence`. */
  unit: string;
  /** The answer in plain words. */
  sentence: string;
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
 * samplesToDistinguish([0.5, 0.5], [0.9, 0.1], { factor: 100 }).sentence;
 * // "After about 10 samples from P (9.02 on average), the likelihood ratio favours P over Q by a
 * //  factor of 100: each sample adds D(P‖Q) = 0.511 nats of evidence, and ln 100 = 4.61 nats are needed."
 * ```
 */
export function samplesToDistinguish(
  p: Vector,
  q: Vector,
  options: DistinguishOptions = {},
): Distinguishability {
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
  const f = formatNumber(factor);
  let samples: number;
  let sentence: string;
  if (nats === 0) {
    samples = Number.POSITIVE_INFINITY;
    sentence = `P and Q are the same distribution (D(P‖Q) = 0): no number of samples makes the likelihood ratio favour P over Q.`;
  } else if (nats === Number.POSITIVE_INFINITY) {
    const pp = toProbabilities(p, measure, "p");
    const qq = toProbabilities(q, measure, "q");
    let mass = 0;
    for (let k = 0; k < pp.length; k++) if (qq[k] === 0) mass += pp[k];
    samples = 1 / mass;
    sentence = `Q gives probability zero to outcomes that P produces ${formatNumber(100 * mass)}% of the time (D(P‖Q) = ∞): after about ${formatNumber(samples)} samples from P on average, one of them appears and rules Q out, whatever the factor.`;
  } else {
    samples = lnFactor / nats;
    const whole = Math.ceil(samples);
    const average = samples < 100 ? ` (${formatNumber(samples)} on average)` : "";
    sentence = `After about ${whole} sample${whole === 1 ? "" : "s"} from P${average}, the likelihood ratio favours P over Q by a factor of ${f}: each sample adds D(P‖Q) = ${formatNumber(divergence)} ${unit} of evidence, and ${baseLog(options.base)} ${f} = ${formatNumber(fromNats(lnFactor, options.base))} ${unit} are needed.`;
  }
  return {
    samples,
    rounded: Number.isFinite(samples) ? Math.ceil(samples) : samples,
    factor,
    divergence,
    unit,
    sentence,
  };
}

function baseLog(base: MeasureOptions["base"]): string {
  const u = unitName(base);
  if (u === "nats") return "ln";
  if (u === "bits") return "log₂";
  if (u === "dits") return "log₁₀";
  return `log${base}`;
}
