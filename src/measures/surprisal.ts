import { describeValue, SurprisalError } from "../errors.js";
import { checkDistribution } from "../input/normalize.js";
import { resolveOptions } from "../input/options.js";
import type { MeasureOptions, Vector } from "../types.js";

/**
 * Surprise (self-information): h = −log p. Rare events surprise more, certain events not at all;
 * when probabilities multiply, surprises add.
 *
 * - For one number, the surprise of an event of that probability (`input: "logprobs"`: of that
 *   log-probability, h = −x). +∞ for p = 0, 0 for p = 1.
 * - For a distribution, the surprise of each outcome under the normalized distribution, as a
 *   `Float64Array` (+∞ where the probability is 0). Computed as log((S − xᵢ)/xᵢ + 1) with the exact
 *   total S, so an outcome of probability near 1 keeps its small surprise to full accuracy.
 *
 * Reference: https://en.wikipedia.org/wiki/Information_content
 *
 * @param x - a probability in [0, 1], or a distribution (see `options.input`).
 * @param options - `base` (default nats), `input`, `tolerance`.
 * @throws {SurprisalError} for a probability outside [0, 1] or a bad distribution.
 * @example
 * ```ts
 * surprisal(0.5, { base: "bits" }); // 1: a coin toss
 * surprisal(1 / 6, { base: "bits" }); // 2.584962500721156: one face of a die
 * surprisal([0.5, 0.25, 0.25, 0], { base: "bits" }); // Float64Array [1, 2, 2, Infinity]
 * ```
 */
export function surprisal(x: number, options?: MeasureOptions): number;
export function surprisal(x: Vector, options?: MeasureOptions): Float64Array;
export function surprisal(x: number | Vector, options?: MeasureOptions): number | Float64Array {
  const o = resolveOptions(options);
  if (typeof x === "number") {
    if (o.log) {
      if (
        Number.isNaN(x) ||
        x === Number.POSITIVE_INFINITY ||
        (o.input === "logprobs" && x > o.tolerance)
      ) {
        throw new SurprisalError(
          x > 0 && !Number.isNaN(x) && x !== Number.POSITIVE_INFINITY ? "sum" : "not-finite",
          `x = ${describeValue(x)} is not a valid log-probability: it must be <= 0 (or -Infinity)`,
          { argument: "x", value: x },
        );
      }
      const h = -x;
      return h > 0 ? h / o.logBase : 0;
    }
    if (!(x >= 0 && x <= 1)) {
      const code = Number.isFinite(x) ? (x < 0 ? "negative" : "sum") : "not-finite";
      const why = Number.isFinite(x) ? (x < 0 ? "is negative" : "is above 1") : "is not finite";
      throw new SurprisalError(
        code,
        `x = ${describeValue(x)} ${why}: a probability must be in [0, 1]`,
        {
          argument: "x",
          value: x,
        },
      );
    }
    return x === 1 ? 0 : -Math.log(x) / o.logBase;
  }
  const c = checkDistribution(x, "p", options);
  const out = new Float64Array(x.length);
  if (c.log) {
    // L − zᵢ = (m − zᵢ) + (L − m), both ≥ 0.
    const lm = c.mass - c.max;
    for (let i = 0; i < x.length; i++) out[i] = (c.max - x[i] + lm) / o.logBase;
  } else {
    const y = c.scaled;
    const logMass = Math.log(c.mass) - Math.log(c.scale); // log Σx (c.scale ≠ 1: Σx overflows)
    for (let i = 0; i < x.length; i++) {
      const a = y[i];
      if (a === 0 && x[i] === 0) out[i] = Number.POSITIVE_INFINITY;
      else if (a >= 2.2250738585072014e-308) out[i] = Math.log1p((c.mass - a) / a) / o.logBase;
      else out[i] = (logMass - Math.log(x[i])) / o.logBase; // a count the scaling pushed below the normal range
    }
  }
  return out;
}
