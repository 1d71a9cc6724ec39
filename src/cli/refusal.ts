import { DEFAULT_TOLERANCE, type MeasureOptions, SurprisalError } from "../index.js";
import { type CliError, dataError, usageError } from "./errors.js";

/** Where a value of an input came from, for error messages. */
export interface Role {
  /** `P`, `Q`, `--weights`… */
  label: string;
  /** The word the user typed for it. */
  name: string;
  /** How many values it holds, when known (named in length mismatches). */
  size?: number | undefined;
  /** The line of element `index` in its file, if it came from a text file. */
  line?: ((index: number) => number | undefined) | undefined;
}

/** A role for an input read whole: its name, size and the line of each element. */
export function roleOf(
  label: string,
  input: { name: string; values?: ArrayLike<number>; lines?: Int32Array | undefined },
): Role {
  const lines = input.lines;
  return {
    label,
    name: input.name,
    size: input.values?.length,
    line: lines ? (i) => lines[i] : undefined,
  };
}

/** The library's argument names for the inputs, by the CLI's roles; `*` stands for any other. */
export type Roles = Record<string, Role>;

/** The flags that set a library option of the same name. */
const FLAGS: Record<string, string> = {
  base: "--base",
  input: "--input",
  tolerance: "--tolerance",
  samples: "--samples",
  n: "--samples",
  seed: "--seed",
  alpha: "--alpha",
  estimator: "--estimator",
};

/** A value as a message shows it: numbers as JavaScript prints them, text quoted. */
function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return String(value);
}

/**
 * A computed number at the precision its inputs were given: 12 significant digits, so that a sum
 * of 0.3 and 0.6 reads 0.9, not 0.8999999999999999 (float noise of the last bits).
 */
export function asGiven(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(12))) : String(x);
}

/**
 * Both ways out of a sum off 1: a tolerance just above the difference (for rounded probabilities
 * such as 0.333333 three times), and `--input counts` (for counts or weights, normalized exactly).
 */
function sumRemedies(sum: number, options: MeasureOptions): string {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const off = Math.abs(sum - 1);
  const head = Number.isFinite(off)
    ? `off by ${small(off)}, beyond the tolerance ${small(tolerance)}`
    : `beyond the tolerance ${small(tolerance)}`;
  if (!Number.isFinite(off) || off >= 1e-2)
    return `${head}. If they are counts or weights, pass --input counts to normalize them; --tolerance accepts a larger difference`;
  const enough = Number(`1e${Math.floor(Math.log10(off)) + 1}`);
  return `${head}. If they are rounded, pass --tolerance ${small(enough)}; if they are counts or weights, pass --input counts to normalize them`;
}

/** A small positive number for a message: `1e-6` rather than `0.000001`, two significant digits. */
function small(x: number): string {
  const r = Number(x.toPrecision(2));
  return r !== 0 && r < 1e-3 ? r.toExponential() : String(r);
}

/**
 * The command line's words for a library refusal, built from the error's fields (`code`,
 * `argument`, `index`, `value`), never from its prose: the argument `p`/`q` becomes the input
 * `P`/`Q` (with its file and line), an option becomes its flag, a row-wise argument `p[3]` names
 * row 3. A data error (exit 1), or a usage error (exit 2) when the refused value came from a flag.
 */
export function refusal(e: SurprisalError, roles: Roles, options: MeasureOptions = {}): CliError {
  const row = /\[(\d+)\]$/.exec(e.argument)?.[1];
  const base = e.argument.replace(/\[.*$/, "");
  const flag = FLAGS[base];
  if (flag !== undefined && !(base in roles))
    return usageError(`${flag} ${shown(e.value)} is not valid`);
  const role = roles[base];
  const label = role?.label ?? base;
  const other = base === "q" ? roles.p : base === "p" ? roles.q : undefined;
  const at = e.index !== undefined ? `${label}[${e.index}]` : label;
  const value = shown(e.value);
  const kind =
    base === "weights" ? "weights" : options.input === "counts" ? "counts" : "probabilities";
  let message: string;
  let where = true;
  switch (e.code) {
    case "negative":
      message = `${at} = ${value} is negative: ${kind} must be >= 0`;
      break;
    case "not-finite":
      message =
        e.index === undefined
          ? `${label}: a sum of these values is beyond 1.8e308 (not finite)`
          : typeof e.value === "number"
            ? `${at} = ${value} is not finite: every value must be a finite number`
            : `${at} = ${value} is not a number (not finite)`;
      break;
    case "length-mismatch":
      where = false;
      message =
        base === "weights"
          ? `--weights has length ${value} but there are ${roles.weights?.size} rows: give one weight per row`
          : other?.size !== undefined
            ? `${label} has length ${value} but ${other.label} has length ${other.size}: both must give one value per outcome`
            : `${label} has length ${value}, which does not match ${other?.label ?? "the other input"}`;
      break;
    case "empty":
      message = `${label} is empty: a distribution needs at least one outcome`;
      break;
    case "sum": {
      const sum = typeof e.value === "number" ? e.value : Number.NaN;
      message =
        base === "p" || base === "q"
          ? `${label}: the ${options.input === "logprobs" ? "exp of the log-probabilities" : "probabilities"} sum to ${asGiven(sum)}, not 1: ${sumRemedies(sum, options)}`
          : `${at} sums to ${asGiven(sum)}, not 1`;
      break;
    }
    case "zero":
      message =
        base === "weights"
          ? "--weights are all zero: at least one row must have a positive weight"
          : `${label}: ${options.input === "logits" ? "every logit is -Infinity (zero weight)" : "all counts are zero"}, so there is no distribution to normalize`;
      break;
    case "out-of-range":
      message = `${at} = ${value} is out of range`;
      break;
    case "invalid-parameter":
      message =
        e.value === undefined && e.index === undefined
          ? `${at} is not defined for this distribution`
          : `${at} = ${value} is invalid`;
      break;
    case "no-closed-form":
      where = false;
      message = `no closed form is known for D(P‖Q) of ${roles.p?.name ?? "P"} and ${roles.q?.name ?? "Q"}: estimate it by Monte Carlo with surprisal sample P Q --samples N`;
      break;
    case "invalid-input": {
      const word = role?.name !== undefined ? `${label} = ${role.name}` : label;
      message =
        e.index !== undefined
          ? `${word} cannot be read past position ${e.index} (e.g. normal(0, 1), gamma(shape=2, rate=3))`
          : `${word} is not a distribution the library knows (e.g. normal(0, 1), gamma(shape=2, rate=3))`;
      break;
    }
    case "incompatible":
      where = false;
      message = `${label} cannot be combined with the other partial result (${value})`;
      break;
    case "internal":
      where = false;
      message = `internal error in the library (${e.message}): please report it with the command line`;
      break;
    default:
      message = `${at} = ${value} is not valid (${e.code})`;
  }
  if (row !== undefined) message = `row ${row}: ${message}`;
  const context = role ?? roles["*"];
  if (where && context !== undefined && context.name !== "" && !message.includes(context.name)) {
    const line = e.index !== undefined && role?.line ? role.line(e.index) : undefined;
    message += ` (${context.label} = ${context.name}${line !== undefined ? `, line ${line}` : ""})`;
  }
  return dataError(message);
}

/** Runs a library call, turning its refusals into the command line's words (see {@link refusal}). */
export function lib<T>(roles: Roles, f: () => T, options?: MeasureOptions): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SurprisalError) throw refusal(e, roles, options);
    throw e;
  }
}
