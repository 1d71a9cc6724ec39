import { SurprisalError } from "../errors.js";
import type { MeasureOptions, Vector } from "../types.js";
import { checkDistribution } from "./normalize.js";

/**
 * The natural-log probabilities of a distribution given in any of the four input forms,
 * validated like every measure's input.
 *
 * Probabilities and counts: log(xᵢ / Σx) (log 0 = −∞). Log-probs and logits: xᵢ − log Σⱼ exp(xⱼ),
 * so probabilities too small for float64 keep their exact logarithm instead of becoming −∞.
 *
 * @internal
 */
export function toLogProbabilities(
  x: Vector,
  options: Pick<MeasureOptions, "input" | "tolerance"> | undefined,
  argument: string,
): Float64Array {
  const o = options ?? {};
  const c = checkDistribution(x, argument, { input: o.input, tolerance: o.tolerance });
  const n = x.length;
  const out = new Float64Array(n);
  if (c.log) {
    for (let i = 0; i < n; i++) out[i] = x[i] - c.mass;
  } else if (c.mass === 1) {
    for (let i = 0; i < n; i++) out[i] = Math.log(x[i]);
  } else if (c.scale === 1) {
    for (let i = 0; i < n; i++) out[i] = Math.log(x[i] / c.mass);
  } else {
    // Counts whose sum overflows (see checkDistribution): log(x/Σx) from the scaled counts, or
    // from logarithms where the scaling pushed a count below the normal range.
    const y = c.scaled;
    const logMass = Math.log(c.mass) - Math.log(c.scale);
    for (let i = 0; i < n; i++) {
      out[i] =
        y[i] >= 2.2250738585072014e-308 || x[i] === 0
          ? Math.log(y[i] / c.mass)
          : Math.log(x[i]) - logMass;
    }
  }
  return out;
}

/**
 * The log-probabilities of P and Q over the same outcomes.
 * @throws {SurprisalError} `length-mismatch` when P and Q have different lengths; input errors.
 * @internal
 */
export function toLogProbabilityPair(
  p: Vector,
  q: Vector,
  options: Pick<MeasureOptions, "input" | "tolerance"> | undefined,
): [Float64Array, Float64Array] {
  const logP = toLogProbabilities(p, options, "p");
  const logQ = toLogProbabilities(q, options, "q");
  if (logP.length !== logQ.length) {
    throw new SurprisalError(
      "length-mismatch",
      `p and q differ in length (${logP.length} and ${logQ.length}): both must give a probability to every outcome`,
      { argument: "q", value: logQ.length },
    );
  }
  return [logP, logQ];
}
