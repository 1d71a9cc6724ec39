import { resolveOptions } from "../input/options.js";
import { broadcastRows, viewRows } from "../input/rows.js";
import { checkLogMass } from "../input/validate.js";
import { fastHooks } from "../numeric/fast-hooks.js";
import type { Matrix, MeasureOptions, RowOptions, Vector } from "../types.js";
import { RowValues } from "./row-values.js";

type Floats = Float64Array | Float32Array;

function isFloats(x: unknown): x is Floats {
  return x instanceof Float64Array || x instanceof Float32Array;
}

/**
 * Checks the rows' log masses (`masses[2r + side]`) of log-probabilities against 1 within the
 * tolerance; false when one is off (the TypeScript path then raises the precise error). Logits
 * need no check here: the kernels decline rows that are all −∞.
 */
function massesHold(
  masses: Float64Array,
  rows: number,
  sides: 1 | 2,
  o: { input: string; tolerance: number },
): boolean {
  if (o.input !== "logprobs") return true;
  try {
    for (let r = 0; r < rows; r++) {
      checkLogMass(masses[2 * r] as number, "p", "logprobs", o.tolerance);
      if (sides === 2) checkLogMass(masses[2 * r + 1] as number, "q", "logprobs", o.tolerance);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Row-wise D(Pᵣ‖Qᵣ) in nats of flat typed arrays of logits or log-probabilities on the
 * `klLogitsRows` hook (assembly/kl-logits.ts), or undefined where the TypeScript path runs: no hook,
 * other kinds or shapes, smoothing, an invalid element, or log-probabilities whose rows
 * do not sum to 1 (that path then raises the precise error).
 */
export function klLogitRowsNats(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options: RowOptions | undefined,
): RowValues | undefined {
  const hook = fastHooks.klLogitsRows;
  const input = options?.input;
  if (hook === undefined || (input !== "logits" && input !== "logprobs")) return undefined;
  if (!isFloats(pRows) || !isFloats(qRows) || options?.smoothing !== undefined) return undefined;
  if (pRows.length === 0 || qRows.length === 0) return undefined;
  const o = resolveOptions(options, ["columns"]);
  // One row of P or Q may be broadcast against the rows of the other (the hook repeats it).
  const { count, p: P } = broadcastRows(pRows, qRows, options?.columns);
  const out = new RowValues(count);
  const masses = new Float64Array(2 * count);
  if (hook(pRows, qRows, count, P.columns, out, o.threads, masses) !== -1) return undefined;
  return massesHold(masses, count, 2, { input, tolerance: o.tolerance }) ? out : undefined;
}

/**
 * Row-wise H(Pᵣ) in nats of a flat typed array of logits or log-probabilities on the
 * `entropyLogitsRows` hook (assembly/entropy-logits.ts), or undefined where the TypeScript path
 * runs (as {@link klLogitRowsNats}).
 */
export function entropyLogitRowsNats(
  rows: Matrix | Vector,
  options: RowOptions | undefined,
): RowValues | undefined {
  const hook = fastHooks.entropyLogitsRows;
  const input = options?.input;
  if (hook === undefined || (input !== "logits" && input !== "logprobs")) return undefined;
  if (!isFloats(rows) || rows.length === 0 || options?.smoothing !== undefined) return undefined;
  const o = resolveOptions(options, ["columns"]);
  const P = viewRows(rows, "p", options?.columns);
  const out = new RowValues(P.count);
  const masses = new Float64Array(2 * P.count);
  if (hook(rows, P.count, P.columns, out, o.threads, masses) !== -1) return undefined;
  return massesHold(masses, P.count, 1, { input, tolerance: o.tolerance }) ? out : undefined;
}

/**
 * Longest single vector of logits taken as one row: a row runs on one thread, where longer vectors
 * go through the chunked log-domain states (the `klLogChunk` and `entropyLogChunk` hooks) on all
 * of them (10⁷ logits: entropy 80 → 47 ms, KL 120 → 92 ms here).
 */
const ONE_ROW_MAX = 65_536;

/**
 * D(P‖Q) in nats of one pair of logit or log-probability vectors (flat typed arrays) on the kernel,
 * as a single row, or undefined where the chunked path (longer vectors) or the TypeScript path runs.
 */
export function klLogitsNats(p: unknown, q: unknown, options: MeasureOptions): number | undefined {
  if (!isFloats(p) || !isFloats(q) || p.length !== q.length || p.length > ONE_ROW_MAX)
    return undefined;
  if (p.length < (fastHooks.minLength ?? 0)) return undefined; // the loop is faster for so few
  return klLogitRowsNats(p, q, { ...options, columns: p.length })?.[0];
}

/**
 * H(P) in nats of one logit or log-probability vector (a flat typed array) on the kernel, as a
 * single row, or undefined where the chunked path (longer vectors) or the TypeScript path runs.
 */
export function entropyLogitsNats(p: unknown, options: MeasureOptions): number | undefined {
  if (!isFloats(p) || p.length > ONE_ROW_MAX) return undefined;
  if (p.length < (fastHooks.minLength ?? 0)) return undefined; // the loop is faster for so few
  return entropyLogitRowsNats(p, { ...options, columns: p.length })?.[0];
}
