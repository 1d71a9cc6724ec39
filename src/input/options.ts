import { describeValue, SurprisalError } from "../errors.js";
import { logOfBase } from "../numeric/units.js";
import type { InputKind, MeasureOptions } from "../types.js";

/** Default for how far a probability vector's sum may be from 1. */
export const DEFAULT_TOLERANCE = 1e-6;

const KINDS: readonly InputKind[] = ["probabilities", "counts", "logprobs", "logits"];

/** Options after validation: ln(base), the input kind, the tolerance. */
export interface ResolvedOptions {
  logBase: number;
  input: InputKind;
  tolerance: number;
  /** True for `logprobs` and `logits`. */
  log: boolean;
  /** The `threads` option (undefined: the default). */
  threads: number | undefined;
}

/**
 * Validates the shared options and fills in defaults.
 * @throws {SurprisalError} `invalid-base`, `invalid-input` or `invalid-option` (tolerance).
 */
export function resolveOptions(options: MeasureOptions | undefined): ResolvedOptions {
  const o = options ?? {};
  if (typeof o !== "object") {
    throw new SurprisalError(
      "invalid-option",
      `options must be an object, got ${describeValue(o)}`,
      {
        argument: "options",
        value: o,
      },
    );
  }
  const logBase = logOfBase(o.base);
  const input = o.input ?? "probabilities";
  if (!KINDS.includes(input)) {
    throw new SurprisalError(
      "invalid-input",
      `input = ${describeValue(input)} is not a valid input kind: use "probabilities", "counts", "logprobs" or "logits"`,
      { argument: "input", value: input },
    );
  }
  const tolerance = o.tolerance ?? DEFAULT_TOLERANCE;
  if (typeof tolerance !== "number" || !(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new SurprisalError(
      "invalid-option",
      `tolerance = ${describeValue(tolerance)} is not valid: it must be a finite number >= 0`,
      { argument: "tolerance", value: tolerance },
    );
  }
  const threads = o.threads;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new SurprisalError(
      "invalid-option",
      `threads = ${describeValue(threads)} is not valid: it must be a whole number >= 1 (1 turns worker threads off)`,
      { argument: "threads", value: threads },
    );
  }
  return { logBase, input, tolerance, log: input === "logprobs" || input === "logits", threads };
}
