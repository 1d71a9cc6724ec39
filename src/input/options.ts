import { describeValue, SurprisalError } from "../errors.js";
import { logOfBase } from "../numeric/units.js";
import type { InputKind, MeasureOptions, Smoothing, SmoothingPreset } from "../types.js";

/** Default for how far a probability vector's sum may be from 1. */
export const DEFAULT_TOLERANCE = 1e-6;

const KINDS: readonly InputKind[] = ["probabilities", "counts", "logprobs", "logits"];

/** The keys of {@link MeasureOptions}, the options every measure takes. */
export const MEASURE_OPTION_KEYS: readonly string[] = [
  "base",
  "input",
  "tolerance",
  "threads",
  "smoothing",
];

/** The pseudocount of each smoothing preset (`"perks"`: 1/K, so a function of K). */
const PRESETS: Readonly<Record<SmoothingPreset, (k: number) => number>> = {
  jeffreys: () => 0.5,
  laplace: () => 1,
  perks: (k) => 1 / k,
};

/** Levenshtein distance, for "did you mean" (short strings only). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * Refuses an options object with a key outside `known` (keys whose value is `undefined` are
 * ignored, so that `{ ...options, base: undefined }` stays valid).
 * @param where - the function's name, for the message.
 * @throws {SurprisalError} `unknown-option` naming the key (as `value`) and listing the known keys;
 * `invalid-option` when `options` is not an object.
 */
export function checkOptionKeys(options: unknown, known: readonly string[], where?: string): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new SurprisalError(
      "invalid-option",
      `options must be an object, got ${describeValue(options)}`,
      { argument: "options", value: options },
    );
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key) || (options as Record<string, unknown>)[key] === undefined) continue;
    let best: string | undefined;
    let bestDistance = 3;
    for (const k of known) {
      const d = editDistance(key.toLowerCase(), k.toLowerCase());
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    const hint = best === undefined ? "" : ` (did you mean ${JSON.stringify(best)}?)`;
    const fn = where === undefined ? "" : ` of ${where}`;
    throw new SurprisalError(
      "unknown-option",
      `${JSON.stringify(key)} is not an option${fn}${hint}: the options are ${known.map((k) => JSON.stringify(k)).join(", ")}`,
      { argument: "options", value: key },
    );
  }
}

/**
 * Validates a smoothing option (see {@link Smoothing}): a preset name or `{ pseudocount }` with a
 * finite number ≥ 0.
 * @throws {SurprisalError} `invalid-option` naming `smoothing`.
 */
export function checkSmoothing(smoothing: unknown): Smoothing | undefined {
  if (smoothing === undefined) return undefined;
  if (typeof smoothing === "string" && Object.hasOwn(PRESETS, smoothing)) {
    return smoothing as SmoothingPreset;
  }
  if (smoothing !== null && typeof smoothing === "object" && !Array.isArray(smoothing)) {
    checkOptionKeys(smoothing, ["pseudocount"], "smoothing");
    const a = (smoothing as { pseudocount?: unknown }).pseudocount;
    if (typeof a === "number" && a >= 0 && a < Number.POSITIVE_INFINITY) return { pseudocount: a };
    throw new SurprisalError(
      "invalid-option",
      `smoothing.pseudocount = ${describeValue(a)} is not valid: it must be a finite number >= 0`,
      { argument: "smoothing", value: a },
    );
  }
  throw new SurprisalError(
    "invalid-option",
    `smoothing = ${describeValue(smoothing)} is not valid: use "jeffreys" (1/2), "laplace" (1), "perks" (1/K) or { pseudocount: a }`,
    { argument: "smoothing", value: smoothing },
  );
}

/** The pseudocount a (validated) smoothing adds to each of `k` outcomes, with its preset name. */
export function pseudocountOf(
  smoothing: Smoothing,
  k: number,
): { preset?: SmoothingPreset; pseudocount: number } {
  if (typeof smoothing === "string")
    return { preset: smoothing, pseudocount: PRESETS[smoothing](k) };
  return { pseudocount: smoothing.pseudocount };
}

/** Options after validation: ln(base), the input kind, the tolerance. */
export interface ResolvedOptions {
  logBase: number;
  input: InputKind;
  tolerance: number;
  /** True for `logprobs` and `logits`. */
  log: boolean;
  /** The `threads` option (undefined: the default). */
  threads: number | undefined;
  /** The `smoothing` option, validated (undefined: none). */
  smoothing: Smoothing | undefined;
}

/** The resolution of each options object made by {@link frozenOptions} (frozen, so it stays valid). */
const RESOLVED = new WeakMap<object, ResolvedOptions>();

/**
 * A frozen copy of measure options, validated once: {@link resolveOptions} of it returns the kept
 * resolution without checking again. For the row-wise functions, which pass one options object to
 * the measure of every row (their checks were a quarter of 10⁵ rows of 10 outcomes).
 * @throws {SurprisalError} as {@link resolveOptions}.
 */
export function frozenOptions(options: MeasureOptions): MeasureOptions {
  const o = Object.freeze({ ...options });
  RESOLVED.set(o, resolveOptions(o));
  return o;
}

/**
 * Validates the shared options and fills in defaults.
 * @param extraKeys - the option keys the calling function takes besides {@link MEASURE_OPTION_KEYS}.
 * @param where - the calling function's name, for the unknown-option message.
 * @throws {SurprisalError} `unknown-option` for a key outside the known ones, `invalid-base`,
 * `invalid-input` or `invalid-option` (tolerance, threads, smoothing).
 */
export function resolveOptions(
  options: MeasureOptions | undefined,
  extraKeys: readonly string[] = [],
  where?: string,
): ResolvedOptions {
  const kept = options === undefined ? undefined : RESOLVED.get(options);
  if (kept !== undefined) return kept;
  checkOptionKeys(
    options,
    extraKeys.length === 0 ? MEASURE_OPTION_KEYS : [...MEASURE_OPTION_KEYS, ...extraKeys],
    where,
  );
  const o = options ?? {};
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
  const smoothing = checkSmoothing(o.smoothing);
  if (smoothing !== undefined && input !== "counts") {
    throw new SurprisalError(
      "invalid-option",
      `smoothing adds pseudocounts to counts, but input = ${describeValue(input)}: pass { input: "counts" } with counts`,
      { argument: "smoothing", value: o.smoothing },
    );
  }
  return {
    logBase,
    input,
    tolerance,
    log: input === "logprobs" || input === "logits",
    threads,
    smoothing,
  };
}
