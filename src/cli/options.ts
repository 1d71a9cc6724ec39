import type { Base, InputKind, MeasureOptions, SurprisalError } from "../index.js";
import { dataError, usageError } from "./errors.js";
import { parseNumber } from "./numbers.js";

/** The flags every measure command takes, named as the library's options. */
export const measureArgs = {
  base: {
    type: "string",
    valueHint: "nats|bits|dits|N",
    description: "unit of the result: nats (default), bits, dits, or a log base N > 0, N ≠ 1",
  },
  input: {
    type: "string",
    valueHint: "probabilities|counts|logprobs|logits",
    description: "how the inputs encode distributions (default probabilities)",
  },
  tolerance: {
    type: "string",
    valueHint: "x",
    description: "how far a probability vector's sum may be from 1 (default 1e-6)",
  },
  json: {
    type: "boolean",
    description: 'print JSON: keys are the library\'s export names, +∞ is "Infinity"',
  },
  header: {
    type: "boolean",
    description:
      "the first CSV/TSV row is a header (--no-header: it is data); detected if not given",
  },
} as const;

/** Parsed values of {@link measureArgs}. */
export interface MeasureFlags {
  base?: string | undefined;
  input?: string | undefined;
  tolerance?: string | undefined;
  json?: boolean | undefined;
  header?: boolean | undefined;
}

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
    `--base ${JSON.stringify(text)} is not a unit: use nats, bits, dits or a number > 0 other than 1`,
  );
}

/** `--input` as the library takes it, or a usage error. */
export function parseInput(text: string | undefined): InputKind | undefined {
  if (text === undefined) return undefined;
  if ((INPUTS as readonly string[]).includes(text)) return text as InputKind;
  throw usageError(
    `--input ${JSON.stringify(text)} is not an input kind: use ${INPUTS.join(", ")}`,
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

/** The library options for the measure flags. */
export function measureOptions(flags: MeasureFlags): MeasureOptions {
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
  return o;
}

/** Where a value of an input came from, for error messages. */
export interface Role {
  /** `P`, `Q`, `--weights`… */
  label: string;
  /** The word the user typed for it. */
  name: string;
  /** The line of element `index` in its file, if it came from a text file. */
  line?: (index: number) => number | undefined;
}

const OPTION_FLAGS: Record<string, string> = {
  base: "--base",
  input: "--input",
  tolerance: "--tolerance",
  samples: "--samples",
  seed: "--seed",
  alpha: "--alpha",
  estimator: "--estimator",
};

/**
 * Turns a library refusal into the command line's words: the argument names `p`/`q` become the
 * inputs `P`/`Q`, option names become flags, the file and line of the offending value are named,
 * and `{ input: "counts" }` becomes `--input counts`. Returns a data error (exit 1), or a usage
 * error (exit 2) when the refused value came from a flag.
 */
export function translateLibraryError(e: SurprisalError, roles: Record<string, Role>) {
  let message = e.message
    .replace(/\{ input: "(\w+)" \}/g, "--input $1")
    .replace(/estimateKl\(p, q, \{ samples, seed \}\)/g, "surprisal sample P Q --samples N")
    .replace(/ \(closedFormPairs\(\) lists the supported pairs\)/g, "")
    .replace(
      /\b([pq])(?=\[|:| has | and | differ| is | must )/g,
      (m) => roles[m]?.label ?? m.toUpperCase(),
    );
  const base = e.argument.replace(/\[.*$/, "");
  const flag = OPTION_FLAGS[base];
  if (flag !== undefined && !(base in roles)) {
    message = message.replace(new RegExp(`^${base}\\b`), flag);
    return usageError(message);
  }
  const role = roles[base];
  if (role !== undefined) {
    const line = e.index !== undefined && role.line ? role.line(e.index) : undefined;
    const at = line !== undefined ? `, line ${line}` : "";
    if (role.name !== "" && !message.includes(role.name))
      message += ` (${role.label} = ${role.name}${at})`;
  }
  return dataError(message);
}
