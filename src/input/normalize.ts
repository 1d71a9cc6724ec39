import { entropyLogChunk, entropyLogMass, entropyLogState, VALID } from "../numeric/kernels.js";
import { neumaierError } from "../numeric/sum.js";
import type { MeasureOptions, Vector } from "../types.js";
import { resolveOptions } from "./options.js";
import { checkLogMass, checkMass, checkNotEmpty, checkVector, scanAndThrow } from "./validate.js";

/** A validated vector with its total mass: Σx (linear kinds) or log Σ exp(x) (log kinds). */
export interface Checked {
  x: Vector;
  /**
   * The values that `mass` sums: x itself, or, for counts whose sum overflows, x times `scale` (a
   * power of two that brings the largest count to 1; counts far below it may lose digits there).
   */
  scaled: Vector;
  /** 1, or the power of two of `scaled`. */
  scale: number;
  /** True when that scaling pushed a nonzero count below the normal range (digits lost). */
  lossy: boolean;
  /** Σ scaled for probabilities/counts; log Σ exp(x) for logprobs/logits. */
  mass: number;
  /** Largest value (linear kinds) or largest log-value (log kinds). */
  max: number;
  log: boolean;
}

/**
 * Validates a vector of the given kind (finite, non-negative for linear kinds, right total mass)
 * in one pass of the entropy kernel, and returns its mass.
 * @throws {SurprisalError} naming `argument`, the index and the value.
 */
export function checkDistribution(
  x: unknown,
  argument: string,
  options: MeasureOptions | undefined,
): Checked {
  const o = resolveOptions(options);
  checkVector(x, argument);
  checkNotEmpty(x.length, argument);
  if (o.log) {
    const s = entropyLogState();
    const bad = entropyLogChunk(x, 0, x.length, s);
    if (bad !== VALID) scanAndThrow(x, argument, o.input);
    const logMass = entropyLogMass(s);
    checkLogMass(logMass, argument, o.input, o.tolerance);
    return { x, scaled: x, scale: 1, lossy: false, mass: logMass, max: s[0], log: true };
  }
  let sum = 0;
  let max = 0;
  let hi = 0;
  let lo = 0;
  // Locals around neumaierError: the validation pass of every measure (bench/compensated.mjs).
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    if (!(a >= 0 && a < Number.POSITIVE_INFINITY)) scanAndThrow(x, argument, o.input, i);
    if (a > max) max = a;
    const t = hi + a;
    lo += neumaierError(hi, a, t);
    hi = t;
  }
  sum = hi + lo;
  if (!Number.isFinite(sum) && o.input === "counts") {
    // Counts whose sum overflows: the same distribution from the counts times 2^-k, largest ≤ 1.
    const scale = 2 ** -Math.ceil(Math.log2(max));
    const y = Float64Array.from(x, (v) => v * scale);
    hi = 0;
    lo = 0;
    let lossy = false;
    for (let i = 0; i < y.length; i++) {
      const t = hi + y[i];
      lo += neumaierError(hi, y[i], t);
      hi = t;
      if (y[i] < 2.2250738585072014e-308 && x[i] !== 0) lossy = true;
    }
    return { x, scaled: y, scale, lossy, mass: hi + lo, max: max * scale, log: false };
  }
  checkMass(sum, argument, o.input, o.tolerance);
  return { x, scaled: x, scale: 1, lossy: false, mass: sum, max, log: false };
}

/**
 * Turns any accepted input (probabilities, counts, log-probabilities, logits) into a normalized
 * probability vector p̂ (a new `Float64Array` summing to 1 up to rounding).
 *
 * - probabilities, counts: p̂ᵢ = xᵢ / Σx.
 * - logprobs, logits: p̂ᵢ = exp(xᵢ − L) with L = log Σ exp(x) computed as m + log1p(Σ_{j} e^{xⱼ−m} − 1).
 *
 * @throws {SurprisalError} for negative or non-finite values, an empty vector, probabilities off 1 or
 * all-zero counts.
 * @example
 * ```ts
 * toProbabilities([1, 3], { input: "counts" }, "p"); // Float64Array [0.25, 0.75]
 * toProbabilities([0, Math.log(3)], { input: "logits" }, "p"); // Float64Array [0.25, 0.75]
 * ```
 */
export function toProbabilities(
  x: Vector,
  options: MeasureOptions | undefined,
  argument: string,
): Float64Array {
  const c = checkDistribution(x, argument, options);
  const out = new Float64Array(x.length);
  const y = c.scaled;
  if (c.log) {
    for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i] - c.mass);
  } else if (c.mass === 1) {
    for (let i = 0; i < x.length; i++) out[i] = y[i];
  } else {
    for (let i = 0; i < x.length; i++) out[i] = y[i] / c.mass;
  }
  return out;
}
