import { describeValue, SurprisalError } from "../errors.js";
import type { Vector } from "../types.js";

/** A category's label: a string or a number (`1` and `"1"` are different labels). */
export type Label = string | number;

/**
 * A labelled histogram: counts (or weights) by label, as a `Map` or a plain object.
 * Labels of a plain object are strings.
 */
export type LabelledCounts = ReadonlyMap<Label, number> | Readonly<Record<string, number>>;

/**
 * A distribution as the measures take it: a vector, whose outcomes are matched by position, or a
 * labelled histogram (`Map` or plain object keyed by outcome), whose outcomes are matched by label.
 */
export type DistributionLike = Vector | LabelledCounts;

/** True for a `Map` or a plain object (not an array, typed array or parametric distribution). */
export function isLabelled(x: unknown): x is LabelledCounts {
  if (x instanceof Map) return true;
  return (
    x !== null &&
    typeof x === "object" &&
    !Array.isArray(x) &&
    !ArrayBuffer.isView(x) &&
    typeof (x as { family?: unknown }).family !== "string"
  );
}

/** Histograms or samples put side by side on one list of labels. */
export interface AlignedCounts {
  /** The union of every input's labels, in order of first appearance (input by input). */
  labels: Label[];
  /** One array per input, `counts[j][i]` the count of `labels[i]` in input j (0 where absent). */
  counts: Float64Array[];
}

/**
 * Counts how many times each label occurs in a sample, in order of first appearance.
 *
 * @param samples - observed categories (strings or numbers; NaN is refused).
 * @param argument - the argument's name in error messages.
 * @returns a `Map` from label to count.
 * @throws {SurprisalError} `empty` for no samples; `not-finite` for a NaN or ±∞ label;
 *   `invalid-option` for a label that is neither a string nor a number.
 * @example
 * ```ts
 * countLabels(["a", "b", "a"]); // Map { "a" => 2, "b" => 1 }
 * ```
 */
export function countLabels(samples: ArrayLike<Label>, argument = "samples"): Map<Label, number> {
  if (samples === null || typeof samples !== "object" || typeof samples.length !== "number") {
    throw new SurprisalError(
      "invalid-option",
      `${argument} must be an array of labels, got ${describeValue(samples)}`,
      { argument, value: samples },
    );
  }
  if (samples.length === 0) {
    throw new SurprisalError("empty", `${argument} is empty: give at least one sample`, {
      argument,
      value: [],
    });
  }
  const m = new Map<Label, number>();
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    checkLabel(x, argument, i);
    m.set(x, (m.get(x) ?? 0) + 1);
  }
  return m;
}

/** @throws {SurprisalError} for a label that is not a string or a finite number. */
export function checkLabel(x: unknown, argument: string, index: number): asserts x is Label {
  if (typeof x === "string") return;
  if (typeof x === "number") {
    if (Number.isFinite(x)) return;
    throw new SurprisalError(
      "not-finite",
      `${argument}[${index}] = ${String(x)} is not finite: a numeric label must be a finite number`,
      { argument, index, value: x },
    );
  }
  throw new SurprisalError(
    "invalid-option",
    `${argument}[${index}] = ${describeValue(x)} is not a label: use strings or numbers`,
    { argument, index, value: x },
  );
}

function entriesOf(h: LabelledCounts, argument: string): Iterable<[Label, number]> {
  if (h instanceof Map) return h.entries();
  if (h !== null && typeof h === "object" && !Array.isArray(h)) {
    return Object.entries(h as Record<string, number>);
  }
  throw new SurprisalError(
    "invalid-option",
    `${argument} must be a Map or an object of counts by label, got ${describeValue(h)}`,
    { argument, value: h },
  );
}

/**
 * Puts labelled histograms side by side on the union of their labels, a missing label counting 0,
 * so that outcomes are matched by label and never by position.
 *
 * @param histograms - counts by label (`Map` or object); counts must be finite and ≥ 0.
 * @param names - argument names for error messages (default `histograms[0]`, `histograms[1]`, …).
 * @returns the labels (first appearance, input by input) and one count array per histogram.
 * @throws {SurprisalError} `negative` / `not-finite` for a bad count (naming the label as value);
 *   `empty` when no histogram has a label.
 * @example
 * ```ts
 * alignCounts([{ a: 2, b: 1 }, new Map([["c", 4], ["a", 1]])]);
 * // { labels: ["a", "b", "c"], counts: [Float64Array [2, 1, 0], Float64Array [1, 0, 4]] }
 * ```
 */
export function alignCounts(
  histograms: readonly LabelledCounts[],
  names?: readonly string[],
): AlignedCounts {
  return alignLabelled(histograms, names);
}

/** How {@link alignLabelled} reads the values of labelled histograms. */
export interface AlignOptions {
  /**
   * `"counts"` (default): finite values ≥ 0 (probabilities read the same way), a missing label 0.
   * `"log"`: log-probabilities or logits, finite or −∞, a missing label −∞ (probability 0).
   */
  values?: "counts" | "log";
}

/**
 * {@link alignCounts} for any kind of values: linear ones (counts, probabilities; missing label 0)
 * or log ones (log-probabilities, logits; missing label −∞, a zero probability). Labels are compared
 * as given: `1` (a `Map` key) and `"1"` (an object key, always a string) are different labels.
 *
 * @param histograms - values by label (`Map` or object).
 * @param names - argument names for error messages (default `histograms[0]`, …).
 * @param options - `values`: `"counts"` (default) or `"log"`.
 * @throws {SurprisalError} `negative` / `not-finite` for a bad value (naming the label as value);
 *   `empty` when no histogram has a label; `invalid-option` for an input that is neither a `Map`
 *   nor an object.
 * @example
 * ```ts
 * alignLabelled([{ a: 0, b: -1 }, { b: 0 }], ["p", "q"], { values: "log" });
 * // { labels: ["a", "b"], counts: [Float64Array [0, -1], Float64Array [-Infinity, 0]] }
 * ```
 */
export function alignLabelled(
  histograms: readonly LabelledCounts[],
  names?: readonly string[],
  options?: AlignOptions,
): AlignedCounts {
  const log = options?.values === "log";
  const index = new Map<Label, number>();
  const labels: Label[] = [];
  const lists: [number, number][][] = [];
  histograms.forEach((h, j) => {
    const argument = names?.[j] ?? `histograms[${j}]`;
    const list: [number, number][] = [];
    for (const [label, c] of entriesOf(h, argument)) {
      const ok = log
        ? typeof c === "number" && c < Number.POSITIVE_INFINITY
        : typeof c === "number" && Number.isFinite(c);
      if (!ok) {
        const what = log
          ? "log values must be finite numbers or -Infinity"
          : "counts must be finite numbers";
        throw new SurprisalError(
          "not-finite",
          `${argument}[${describeValue(label)}] = ${describeValue(c)} is not finite: ${what}`,
          { argument, value: label },
        );
      }
      if (!log && c < 0) {
        throw new SurprisalError(
          "negative",
          `${argument}[${describeValue(label)}] = ${c} is negative: counts must be >= 0`,
          { argument, value: label },
        );
      }
      let i = index.get(label);
      if (i === undefined) {
        i = labels.length;
        index.set(label, i);
        labels.push(label);
      }
      list.push([i, c]);
    }
    lists.push(list);
  });
  if (labels.length === 0) {
    throw new SurprisalError("empty", "no histogram has any label: nothing to compare", {
      argument: names?.[0] ?? "histograms",
      value: [],
    });
  }
  const counts = lists.map((list) => {
    const a = new Float64Array(labels.length);
    if (log) a.fill(Number.NEGATIVE_INFINITY);
    for (const [i, c] of list) a[i] = c; // a Map's or an object's labels are distinct
    return a;
  });
  return { labels, counts };
}

/**
 * Counts several samples on the union of their labels (missing label = 0): the labelled form of
 * {@link alignCounts} for raw observations.
 *
 * @param samples - one array of observed labels per sample.
 * @param names - argument names for error messages (default `samples[0]`, …).
 * @throws {SurprisalError} `empty` for an empty sample, `not-finite` for a NaN label.
 * @example
 * ```ts
 * alignSamples([["a", "a", "b"], ["b", "c"]]);
 * // { labels: ["a", "b", "c"], counts: [Float64Array [2, 1, 0], Float64Array [0, 1, 1]] }
 * ```
 */
export function alignSamples(
  samples: readonly ArrayLike<Label>[],
  names?: readonly string[],
): AlignedCounts {
  return alignCounts(
    samples.map((s, j) => countLabels(s, names?.[j] ?? `samples[${j}]`)),
    names,
  );
}

/**
 * Codes a sample as category indices 0 … K − 1 (first appearance order), with the labels.
 *
 * @example
 * ```ts
 * encodeLabels(["x", "y", "x"]); // { codes: Int32Array [0, 1, 0], labels: ["x", "y"] }
 * ```
 */
export function encodeLabels(
  samples: ArrayLike<Label>,
  argument = "samples",
): { codes: Int32Array; labels: Label[] } {
  if (samples === null || typeof samples !== "object" || typeof samples.length !== "number") {
    throw new SurprisalError(
      "invalid-option",
      `${argument} must be an array of labels, got ${describeValue(samples)}`,
      { argument, value: samples },
    );
  }
  if (samples.length === 0) {
    throw new SurprisalError("empty", `${argument} is empty: give at least one sample`, {
      argument,
      value: [],
    });
  }
  const index = new Map<Label, number>();
  const labels: Label[] = [];
  const codes = new Int32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    checkLabel(x, argument, i);
    let c = index.get(x);
    if (c === undefined) {
      c = labels.length;
      index.set(x, c);
      labels.push(x);
    }
    codes[i] = c;
  }
  return { codes, labels };
}
