import { describeValue, SurprisalError } from "../errors.js";
import type { InputKind, Vector } from "../types.js";

/**
 * Checks that a value is a vector the library accepts (array or Float64Array/Float32Array).
 * @throws {SurprisalError} `invalid-option` naming the argument.
 */
export function checkVector(x: unknown, argument: string): asserts x is Vector {
  if (Array.isArray(x) || x instanceof Float64Array || x instanceof Float32Array) return;
  throw new SurprisalError(
    "invalid-option",
    `${argument} must be an array of numbers, a Float64Array or a Float32Array, got ${describeValue(x)}`,
    { argument, value: x },
  );
}

/** @throws {SurprisalError} `empty` when the vector has no outcomes. */
export function checkNotEmpty(n: number, argument: string): void {
  if (n === 0) {
    throw new SurprisalError(
      "empty",
      `${argument} is empty: a distribution needs at least one outcome`,
      {
        argument,
        value: [],
      },
    );
  }
}

/** @throws {SurprisalError} `length-mismatch` when Q's length differs from P's. */
export function checkSameLength(
  np: number,
  nq: number,
  argumentP = "p",
  argumentQ = "q",
  offset = 0,
): void {
  if (np !== nq) {
    const where = offset > 0 ? ` (in the chunk starting at index ${offset})` : "";
    throw new SurprisalError(
      "length-mismatch",
      `${argumentQ} has length ${nq} but ${argumentP} has length ${np}${where}: both must give one value per outcome`,
      { argument: argumentQ, value: nq },
    );
  }
}

/**
 * Throws the precise error for element `x` at `index` of `argument`, which a kernel found invalid.
 * For probabilities and counts: NaN/±∞ are "not finite", values < 0 "negative". For log forms, −∞ is
 * allowed (a zero probability) and NaN/+∞ are "not finite".
 */
export function throwInvalidElement(
  x: unknown,
  index: number,
  argument: string,
  kind: InputKind,
): never {
  const label = `${argument}[${index}] = ${describeValue(x)}`;
  if (typeof x !== "number") {
    throw new SurprisalError("not-finite", `${label} is not a number (not finite)`, {
      argument,
      index,
      value: x,
    });
  }
  if (Number.isNaN(x) || x === Number.POSITIVE_INFINITY) {
    throw new SurprisalError(
      "not-finite",
      `${label} is not finite: every value must be a finite number`,
      {
        argument,
        index,
        value: x,
      },
    );
  }
  if (x === Number.NEGATIVE_INFINITY && kind !== "logprobs" && kind !== "logits") {
    throw new SurprisalError(
      "not-finite",
      `${label} is not finite: every value must be a finite number`,
      {
        argument,
        index,
        value: x,
      },
    );
  }
  if (x < 0 && kind !== "logprobs" && kind !== "logits") {
    const what = kind === "counts" ? "counts" : "probabilities";
    throw new SurprisalError("negative", `${label} is negative: ${what} must be >= 0`, {
      argument,
      index,
      value: x,
    });
  }
  throw new SurprisalError("not-finite", `${label} is not valid`, { argument, index, value: x });
}

/** Finds the first invalid element of `x` for the given kind (see {@link throwInvalidElement}) and throws. */
export function scanAndThrow(
  x: Vector,
  argument: string,
  kind: InputKind,
  from = 0,
  offset = 0,
): void {
  const log = kind === "logprobs" || kind === "logits";
  for (let i = from; i < x.length; i++) {
    const v = x[i] as unknown;
    const ok =
      typeof v === "number" &&
      (log ? v < Number.POSITIVE_INFINITY : v >= 0 && v < Number.POSITIVE_INFINITY);
    if (!ok) throwInvalidElement(v, i + offset, argument, kind);
  }
}

/**
 * {@link checkMass} for log kinds, from log Σ exp(x): logits only need some weight (log mass > −∞,
 * whatever its size: e^{log mass} may overflow or underflow), log-probabilities must sum to 1.
 */
export function checkLogMass(
  logMass: number,
  argument: string,
  kind: InputKind,
  tolerance: number,
): void {
  if (kind === "logits") {
    if (!(logMass > Number.NEGATIVE_INFINITY)) checkMass(0, argument, kind, tolerance);
    return;
  }
  checkMass(Math.exp(logMass), argument, kind, tolerance);
}

/**
 * Checks the total mass of a vector against its kind: probabilities (and log-probabilities) must sum
 * to 1 within `tolerance`; counts (and logits) must not be all zero.
 * @param sum - Σ x (for log forms, Σ exp(x)).
 */
export function checkMass(sum: number, argument: string, kind: InputKind, tolerance: number): void {
  if (kind === "probabilities" || kind === "logprobs") {
    if (!(Math.abs(sum - 1) <= tolerance)) {
      const what = kind === "logprobs" ? "exp of the log-probabilities" : "probabilities";
      throw new SurprisalError(
        "sum",
        `${argument}: the ${what} sum to ${sum}, not 1 (tolerance ${tolerance}); pass { input: "counts" } to normalize`,
        { argument, value: sum },
      );
    }
    return;
  }
  if (!(sum > 0)) {
    const what =
      kind === "logits" ? "every logit is -Infinity (zero weight)" : "all counts are zero";
    throw new SurprisalError(
      "zero",
      `${argument}: ${what}, so there is no distribution to normalize`,
      {
        argument,
        value: sum,
      },
    );
  }
}

/**
 * The error for merging two accumulators of incompatible input kinds (log forms with linear ones).
 * @returns a SurprisalError `incompatible` naming the argument `other`.
 */
export function mergeError(mine: InputKind, other: InputKind): SurprisalError {
  return new SurprisalError(
    "incompatible",
    `cannot merge an accumulator of ${other} into one of ${mine}: log forms (logprobs, logits) and linear ones (probabilities, counts) keep different states`,
    { argument: "other", value: other },
  );
}
