import { describeValue, SurprisalError } from "../errors.js";
import type { AppliedSmoothing, MeasureOptions, Vector } from "../types.js";
import { alignLabelled, type DistributionLike, isLabelled, type Label } from "./labels.js";
import { pseudocountOf, resolveOptions } from "./options.js";
import { checkNotEmpty, checkSameLength, checkVector, scanAndThrow } from "./validate.js";

/** P and Q put on the same outcomes, smoothed if asked: what a measure of two distributions reads. */
export interface MatchedPair {
  /** P, one value per outcome. */
  p: Vector;
  /** Q, the same outcomes in the same order. */
  q: Vector;
  /** The outcomes' labels (union of P's and Q's, first appearance) when given by label. */
  labels: Label[] | undefined;
  /** The smoothing applied, if any. */
  smoothing: AppliedSmoothing | undefined;
  /** The options to pass on: the caller's, without `smoothing` (already applied). */
  options: MeasureOptions | undefined;
}

/** A vector as the library reads it in place. */
function isVector(x: unknown): x is Vector {
  return Array.isArray(x) || x instanceof Float64Array || x instanceof Float32Array;
}

/**
 * Whether P and Q need {@link matchPair}: one of them is not a plain vector (labelled, or not a
 * distribution at all: matchPair then refuses it), or smoothing is asked. Cheap: the whole-array
 * measures call it on every call.
 */
export function needsMatching(
  p: unknown,
  q: unknown,
  options: MeasureOptions | undefined,
): boolean {
  return !isVector(p) || !isVector(q) || (options != null && options.smoothing !== undefined);
}

/** Whether one distribution needs {@link matchOne} (see {@link needsMatching}). */
export function needsMatchingOne(p: unknown, options: MeasureOptions | undefined): boolean {
  return !isVector(p) || (options != null && options.smoothing !== undefined);
}

/** x + a, element by element, in a new array. */
function plus(x: Vector, a: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i] + a;
  return y;
}

function withoutSmoothing(options: MeasureOptions | undefined): MeasureOptions | undefined {
  if (options?.smoothing === undefined) return options;
  const { smoothing: _, ...rest } = options;
  return rest;
}

/**
 * Puts P and Q on the same outcomes and applies the smoothing option:
 * - two vectors are matched by position (as always: same length required);
 * - two labelled histograms (`Map`s or plain objects keyed by outcome) are aligned on the union of
 *   their labels, a label missing from one counting 0 (−∞ for log-probabilities and logits);
 * - with `smoothing`, every count of both gets the pseudocount added (see `Smoothing`).
 *
 * @param p - P: a vector or a labelled histogram.
 * @param q - Q, the same form as P.
 * @param options - the measure options (`input`, `smoothing` are read here).
 * @returns the matched vectors, the labels (labelled input), the smoothing applied, and the options
 * without `smoothing` to pass on.
 * @throws {SurprisalError} `invalid-option` when one is labelled and the other a vector, or either is
 * neither; `negative` / `not-finite` naming the label; `length-mismatch` for vectors of different
 * lengths; `empty`; the option errors of `resolveOptions`.
 * @example
 * ```ts
 * matchPair({ heads: 3, tails: 1 }, new Map([["tails", 2], ["edge", 1]]), { input: "counts" });
 * // { p: Float64Array [3, 1, 0], q: Float64Array [0, 2, 1], labels: ["heads", "tails", "edge"],
 * //   smoothing: undefined, options: { input: "counts" } }
 * ```
 */
export function matchPair(
  p: DistributionLike,
  q: DistributionLike,
  options: MeasureOptions | undefined,
): MatchedPair {
  const o = resolveOptions(options);
  let x: Vector;
  let y: Vector;
  let labels: Label[] | undefined;
  const lp = isLabelled(p);
  const lq = isLabelled(q);
  if (lp && lq) {
    const a = alignLabelled([p, q], ["p", "q"], { values: o.log ? "log" : "counts" });
    [x, y] = a.counts as [Float64Array, Float64Array];
    labels = a.labels;
  } else if (lp || lq) {
    const [l, v] = lp ? ["p", "q"] : ["q", "p"];
    const other = lp ? q : p;
    throw new SurprisalError(
      "invalid-option",
      `${l} is given by label (a Map or an object keyed by outcome) but ${v} is ${describeValue(other)}: give both by label, or both as arrays in the same order`,
      { argument: v, value: other },
    );
  } else {
    checkVector(p, "p");
    checkVector(q, "q");
    x = p;
    y = q;
  }
  let smoothing: AppliedSmoothing | undefined;
  if (o.smoothing !== undefined) {
    checkNotEmpty(x.length, "p");
    checkSameLength(x.length, y.length);
    scanAndThrow(x, "p", "counts");
    scanAndThrow(y, "q", "counts");
    smoothing = pseudocountOf(o.smoothing, x.length);
    if (smoothing.pseudocount > 0) {
      x = plus(x, smoothing.pseudocount);
      y = plus(y, smoothing.pseudocount);
    }
  }
  return { p: x, q: y, labels, smoothing, options: withoutSmoothing(options) };
}

/** One distribution read as a vector and smoothed if asked (see {@link matchPair}). */
export interface MatchedOne {
  /** The values, one per outcome. */
  p: Vector;
  /** The labels, for a labelled histogram. */
  labels: Label[] | undefined;
  /** The smoothing applied, if any. */
  smoothing: AppliedSmoothing | undefined;
  /** The options without `smoothing`. */
  options: MeasureOptions | undefined;
}

/**
 * {@link matchPair} for one distribution (entropy): a labelled histogram is read in its labels'
 * order, and the smoothing adds the pseudocount to every count.
 * @throws {SurprisalError} as {@link matchPair}.
 */
export function matchOne(
  p: DistributionLike,
  options: MeasureOptions | undefined,
  argument = "p",
): MatchedOne {
  const o = resolveOptions(options);
  let x: Vector;
  let labels: Label[] | undefined;
  if (isLabelled(p)) {
    const a = alignLabelled([p], [argument], { values: o.log ? "log" : "counts" });
    x = a.counts[0] as Float64Array;
    labels = a.labels;
  } else {
    checkVector(p, argument);
    x = p;
  }
  let smoothing: AppliedSmoothing | undefined;
  if (o.smoothing !== undefined) {
    checkNotEmpty(x.length, argument);
    scanAndThrow(x, argument, "counts");
    smoothing = pseudocountOf(o.smoothing, x.length);
    if (smoothing.pseudocount > 0) x = plus(x, smoothing.pseudocount);
  }
  return { p: x, labels, smoothing, options: withoutSmoothing(options) };
}
