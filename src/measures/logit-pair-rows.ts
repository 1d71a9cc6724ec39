import { resolveOptions } from "../input/options.js";
import { broadcastRows } from "../input/rows.js";
import { checkLogMass } from "../input/validate.js";
import { fastHooks } from "../numeric/fast-hooks.js";
import type { Matrix, MeasureOptions, RowOptions, Vector } from "../types.js";
import { RowValues } from "./row-values.js";

/**
 * The rows of a pair of flat typed arrays of logits or log-probabilities on the `logitPairRows` hook
 * (`measure` 0: Jensen–Shannon, in nats and not yet capped at log 2; 1: total variation; 2:
 * Hellinger; 3: Rényi of order `alpha` ≠ 1), or undefined where the TypeScript path runs: no hook,
 * other kinds or shapes, smoothing, the hook declines (an invalid element, or a Rényi
 * row whose e^{(1−α)ℓ} leaves the double range), or log-probabilities whose row sums are off 1 (the
 * TypeScript path then raises the precise error).
 */
export function logitPairRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options: RowOptions | undefined,
  measure: 0 | 1 | 2 | 3,
  alpha = 0,
): RowValues | undefined {
  const hook = fastHooks.logitPairRows;
  const input = options?.input;
  if (hook === undefined || (input !== "logits" && input !== "logprobs")) return undefined;
  if (!(pRows instanceof Float64Array || pRows instanceof Float32Array)) return undefined;
  if (!(qRows instanceof Float64Array || qRows instanceof Float32Array)) return undefined;
  if (pRows.length === 0 || qRows.length === 0 || options?.smoothing !== undefined)
    return undefined;
  const o = resolveOptions(options, ["columns"]);
  // One row of P or Q may be broadcast against the rows of the other (the hook repeats it).
  const { count, p: P } = broadcastRows(pRows, qRows, options?.columns);
  const rec = new Float64Array(4 * count);
  if (hook(pRows, qRows, count, P.columns, measure, rec, o.threads, alpha) !== -1) return undefined;
  const out = new RowValues(count);
  for (let r = 0; r < count; r++) {
    if (input === "logprobs") {
      try {
        checkLogMass(rec[4 * r + 1], "p", input, o.tolerance);
        checkLogMass(rec[4 * r + 2], "q", input, o.tolerance);
      } catch {
        return undefined;
      }
    }
    const v = rec[4 * r];
    // JS at most log 2, TV and Hellinger at most 1, Rényi at least 0 (!(v > 0) also turns −0 to +0).
    out[r] =
      measure === 0
        ? Math.min(v, Math.LN2) / o.logBase
        : measure === 3
          ? (v > 0 ? v : 0) / o.logBase
          : Math.min(v, 1);
  }
  return out;
}

/**
 * One pair of logits or log-probabilities (flat typed arrays) on the `logitPairRows` hook, as a
 * single row: the value of {@link logitPairRows}, or undefined where the TypeScript path runs.
 */
export function logitPair(
  p: unknown,
  q: unknown,
  options: MeasureOptions | undefined,
  measure: 0 | 1 | 2 | 3,
  alpha = 0,
): number | undefined {
  if (fastHooks.logitPairRows === undefined) return undefined;
  if (options?.input !== "logits" && options?.input !== "logprobs") return undefined;
  if (!(p instanceof Float64Array || p instanceof Float32Array)) return undefined;
  if (!(q instanceof Float64Array || q instanceof Float32Array) || q.length !== p.length)
    return undefined;
  if (p.length < (fastHooks.minLength ?? 0)) return undefined; // the loop is faster for so few
  return logitPairRows(p, q, { ...options, columns: p.length }, measure, alpha)?.[0];
}
