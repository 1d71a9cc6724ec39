/**
 * Stable, machine-readable reasons for refusing an input.
 *
 * | code | when |
 * |---|---|
 * | `negative` | a probability, count or weight below 0 |
 * | `not-finite` | NaN, +∞ or −∞ where a finite number is required; counts whose sums overflow (accumulators, Rényi) |
 * | `length-mismatch` | P and Q (or rows) of different lengths |
 * | `empty` | no outcomes at all |
 * | `sum` | probabilities whose sum is off 1 by more than `tolerance` |
 * | `zero` | counts (or weights) that are all zero |
 * | `invalid-base` | a `base` that is not `"nats"`, `"bits"`, `"dits"` or a number > 0 other than 1 |
 * | `invalid-input` | an `input` kind that is not one of the four |
 * | `invalid-alpha` | a Rényi order that is negative or NaN |
 * | `invalid-option` | any other option or argument out of its domain (tolerance, columns, samples, seed, threads, a length, …) |
 * | `out-of-range` | an outcome index outside 0 … n − 1 |
 * | `invalid-parameter` | a parametric distribution's parameter out of its domain |
 * | `no-closed-form` | no closed form is known for this pair of distributions |
 * | `incompatible` | two accumulators (or an accumulator and a saved state) that cannot merge: different `input`, `base`, estimator or smoothing |
 * | `unknown-option` | an options object with a key the function does not know (a typo such as `inptu`); the message lists the known keys |
 * | `invalid-state` | a saved accumulator state that is not one: wrong `kind` or `version`, a missing field, NaN, a negative sum |
 * | `internal` | a result the library failed to compute (a bug: please report the inputs) |
 * | `single-category` | an estimator or test that needs two categories or more got one (NSB, permutation test) |
 * | `not-integer` | a count that must be a whole number (bias-corrected estimators) is not |
 * | `null` | NULL values in a database column (counted per group) |
 * | `not-found` | a database table or column that does not exist |
 * | `wrong-type` | a database column whose type cannot hold the numbers asked for |
 * | `unreachable` | a database server that does not answer |
 * | `malformed` | a file whose structure is invalid (bad magic, header, offsets that lie, dtype) |
 * | `truncated` | a file that ends before the data its header announces |
 */
export type SurprisalErrorCode =
  | "negative"
  | "not-finite"
  | "length-mismatch"
  | "empty"
  | "sum"
  | "zero"
  | "invalid-base"
  | "invalid-input"
  | "invalid-alpha"
  | "invalid-option"
  | "out-of-range"
  | "invalid-parameter"
  | "no-closed-form"
  | "incompatible"
  | "internal"
  | "single-category"
  | "not-integer"
  | "null"
  | "not-found"
  | "wrong-type"
  | "unreachable"
  | "malformed"
  | "truncated"
  | "unknown-option"
  | "invalid-state";

/** What a {@link SurprisalError} knows about the offending value. */
export interface SurprisalErrorDetails {
  /** The argument's name as the caller sees it: `"p"`, `"q"`, `"base"`, `"alpha"`, … */
  argument: string;
  /** Index of the offending element, when the argument is an array (row-major for matrices). */
  index?: number | undefined;
  /** The offending value itself. */
  value?: unknown;
}

/**
 * The one error class of the library. Every refusal carries a stable {@link SurprisalErrorCode},
 * the argument's name, the index and the value, and a message that reads well on its own.
 *
 * @example
 * ```ts
 * try {
 *   klDivergence([0.5, -0.1, 0.6], [0.3, 0.3, 0.4]);
 * } catch (e) {
 *   if (e instanceof SurprisalError) {
 *     e.code;     // "negative"
 *     e.argument; // "p"
 *     e.index;    // 1
 *     e.message;  // "p[1] = -0.1 is negative: probabilities must be >= 0"
 *   }
 * }
 * ```
 */
export class SurprisalError extends Error {
  /** Stable reason, for programs. */
  readonly code: SurprisalErrorCode;
  /** Name of the offending argument. */
  readonly argument: string;
  /** Index of the offending element, if any. */
  readonly index: number | undefined;
  /** The offending value, if any. */
  readonly value: unknown;

  constructor(code: SurprisalErrorCode, message: string, details: SurprisalErrorDetails) {
    super(message);
    this.name = "SurprisalError";
    this.code = code;
    this.argument = details.argument;
    this.index = details.index;
    this.value = details.value;
  }
}

/** Formats a value for an error message: numbers as JavaScript prints them, strings quoted. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value;
}
