import type { InputKind } from "../index.js";
import { usageError } from "./errors.js";
import { parseNumber } from "./readers/numbers.js";
import { didYouMean } from "./suggest.js";

/** The named pseudocounts of `--smoothing`. */
export const SMOOTHING_PRESETS = { jeffreys: 0.5, laplace: 1 } as const;

/**
 * `--smoothing`: a pseudocount added to every count, as the library's `smoothing` option records
 * it (`{ pseudocount: 0.5 }`, with the preset's name when one was used).
 */
export interface Smoothing {
  pseudocount: number;
  preset?: keyof typeof SMOOTHING_PRESETS | undefined;
}

/**
 * `--smoothing jeffreys|laplace|<pseudocount>`, checked: a pseudocount is a finite number > 0, and
 * smoothing adds to counts, so it needs `--input counts` (or `--from-samples`). Never applied by
 * default.
 */
export function parseSmoothing(
  text: string | undefined,
  input: InputKind | undefined,
): Smoothing | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (t === "none") return undefined;
  let s: Smoothing;
  if (Object.hasOwn(SMOOTHING_PRESETS, t)) {
    const preset = t as keyof typeof SMOOTHING_PRESETS;
    s = { pseudocount: SMOOTHING_PRESETS[preset], preset };
  } else {
    const n = parseNumber(t);
    if (n === undefined || !Number.isFinite(n) || n <= 0) {
      throw usageError(
        `--smoothing ${JSON.stringify(text)} is not valid: use jeffreys (add 0.5 to every count), laplace (add 1) or a pseudocount > 0${didYouMean(t, Object.keys(SMOOTHING_PRESETS))}`,
      );
    }
    s = { pseudocount: n };
  }
  if (input !== "counts") {
    throw usageError(
      `--smoothing adds ${s.pseudocount} to every count, so it needs counts: pass --input counts (or --from-samples)`,
    );
  }
  return s;
}

/**
 * The counts with the pseudocount added to each (a new array, or `into` when it is long enough: a
 * stream reuses one per input, as fresh memory costs page faults), or the counts themselves without
 * smoothing. Until the library takes `smoothing` as an option, the CLI applies it here, after the
 * outcomes are matched by label (so that an outcome missing from one input gets it too).
 */
export function smooth(
  values: Float64Array,
  s: Smoothing | undefined,
  into?: Float64Array,
): Float64Array {
  if (s === undefined) return values;
  const out =
    into !== undefined && into.length >= values.length
      ? into.subarray(0, values.length)
      : new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) + s.pseudocount;
  return out;
}

/** How a result records the smoothing it used (JSON), and the line people read. */
export function smoothingRecord(s: Smoothing): { pseudocount: number; preset?: string } {
  return s.preset
    ? { pseudocount: s.pseudocount, preset: s.preset }
    : { pseudocount: s.pseudocount };
}

/** `smoothed: 0.5 added to every count (Jeffreys)`. */
export function smoothingLine(s: Smoothing): string {
  const name = s.preset === "jeffreys" ? " (Jeffreys)" : s.preset === "laplace" ? " (Laplace)" : "";
  return `  smoothed: ${s.pseudocount} added to every count${name}`;
}
