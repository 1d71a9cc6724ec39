import type { Base, InputKind, MeasureOptions } from "../index.js";
import { usageError } from "./errors.js";
import { type Flags, fromSamples } from "./flags.js";
import { parseNumber } from "./readers/numbers.js";
import { didYouMean } from "./suggest.js";

const INPUTS: readonly InputKind[] = ["probabilities", "counts", "logprobs", "logits"];

/** `--base` as the library takes it, or a usage error naming the flag and the value. */
export function parseBase(text: string | undefined): Base | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t === "nats" || t === "bits" || t === "dits") return t;
  if (t === "e") return "nats";
  const n = parseNumber(t);
  if (n !== undefined && Number.isFinite(n) && n > 0 && n !== 1) return n;
  throw usageError(
    `--base ${JSON.stringify(text)} is not a unit: use nats, bits, dits or a number > 0 other than 1${didYouMean(t, ["nats", "bits", "dits"])}`,
  );
}

/** `--input` as the library takes it, or a usage error. */
export function parseInput(text: string | undefined): InputKind | undefined {
  if (text === undefined) return undefined;
  if ((INPUTS as readonly string[]).includes(text)) return text as InputKind;
  throw usageError(
    `--input ${JSON.stringify(text)} is not an input kind: use ${INPUTS.join(", ")}${didYouMean(text, INPUTS)}`,
  );
}

/** `--labels`: which column of a CSV/TSV holds the outcome (or row) labels; undefined: detect. */
export type LabelsMode = "first-column" | "none";

/** `--labels first-column|none`, or a usage error. */
export function parseLabels(text: string | undefined): LabelsMode | undefined {
  if (text === undefined) return undefined;
  const modes = ["first-column", "none"] as const;
  if ((modes as readonly string[]).includes(text)) return text as LabelsMode;
  throw usageError(
    `--labels ${JSON.stringify(text)} is not valid: use first-column (the first column names the outcomes, even when it holds numbers such as years or ids) or none${didYouMean(text, modes)}`,
  );
}

/** A number flag (`--tolerance`), or a usage error. */
export function parseNumberFlag(
  flag: string,
  text: string | undefined,
  check: (x: number) => boolean,
  rule: string,
): number | undefined {
  if (text === undefined) return undefined;
  const n = parseNumber(text);
  if (n === undefined || !check(n))
    throw usageError(`--${flag} ${JSON.stringify(text)} is not valid: ${rule}`);
  return n;
}

/** A whole-number flag (`--samples`, `--seed`, `--top`) within bounds, or a usage error. */
export function parseIntegerFlag(
  flag: string,
  text: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined;
  const n = parseNumber(text);
  if (n === undefined || !Number.isInteger(n) || n < min || n > max) {
    throw usageError(
      `--${flag} ${JSON.stringify(text)} is not valid: it must be a whole number from ${min} to ${max}`,
    );
  }
  return n;
}

/**
 * The library options for the measure flags. With `--from-samples` the inputs are counted
 * outcomes, so the input kind is counts (a usage error if `--input` says otherwise).
 */
export function measureOptions(flags: Flags): MeasureOptions {
  const o: MeasureOptions = {};
  const base = parseBase(flags.base);
  const input = parseInput(flags.input);
  const tolerance = parseNumberFlag(
    "tolerance",
    flags.tolerance,
    (x) => Number.isFinite(x) && x >= 0,
    "it must be a finite number >= 0",
  );
  if (base !== undefined) o.base = base;
  if (input !== undefined) o.input = input;
  if (tolerance !== undefined) o.tolerance = tolerance;
  if (!fromSamples(flags)) return o;
  if (o.input !== undefined && o.input !== "counts") {
    throw usageError(
      `--from-samples counts observed outcomes, so --input ${o.input} does not apply`,
    );
  }
  return { ...o, input: "counts" };
}
