/**
 * The partial sums a SQL query returns, as accumulator states: merged by addition (compensated)
 * across shards or chunks, and finished in memory by the same formulas as the SQL's `value`.
 */
import { phi } from "../numeric/phi.js";
import { CompensatedSum } from "../numeric/sum.js";
import { logOfBase } from "../numeric/units.js";
import type { Base } from "../types.js";
import type { SqlMeasure, SqlState } from "./measures.js";

/** Columns of a state merged by maximum rather than by addition. */
const MAX_COLUMNS = new Set(["lmax", "emax"]);

/**
 * Merges partial states of one group (from shards or chunks): every column added in a
 * compensated sum, `lmax` by maximum.
 *
 * @param states - the partial states, all with the same columns.
 * @returns the merged state.
 * @example
 * ```ts
 * mergeStates([{ s_tv: 0.1, n: 2 }, { s_tv: 0.2, n: 3 }]); // { s_tv: 0.30000000000000004, n: 5 }
 * // Rényi's s_s = Σ exp(e − emax) is rescaled to the largest emax before adding.
 * ```
 */
export function mergeStates(states: readonly SqlState[]): SqlState {
  const out: SqlState = {};
  if (states.length === 0) return out;
  for (const key of Object.keys(states[0])) {
    if (MAX_COLUMNS.has(key)) {
      out[key] = Math.max(...states.map((s) => s[key]));
      continue;
    }
    const acc = new CompensatedSum();
    if (key === "s_s" && "emax" in states[0]) {
      // Σ exp(e − emax) per part, rescaled to the largest emax (log-sum-exp).
      const m = Math.max(...states.map((s) => s.emax));
      for (const s of states) if (s[key] > 0) acc.add(s[key] * Math.exp(s.emax - m));
    } else for (const s of states) acc.add(s[key]);
    out[key] = acc.value();
  }
  return out;
}

/**
 * A measure's value from its merged partial sums: the same final formulas as the SQL `value`
 * column (D = (G − Sq·φ(δ/Sq))/Sp for KL; min(·, log 2), min(·, 1) caps for JS, total variation
 * and Hellinger; log1p(X)/(α − 1) for Rényi, or log Σ p̂^α q̂^{1−α}/(α − 1) when X is near −1).
 *
 * @param measure - the measure the state belongs to.
 * @param s - the merged state (see {@link mergeStates}).
 * @param options - `alpha` (Rényi), `base` (unit, default nats).
 * @returns the value in `base`; +∞ where Q rules out what P allows; NaN for an empty or all-zero group.
 * @example
 * ```ts
 * finishMeasure("total-variation", { s_tv: 0.8 }); // 0.4
 * ```
 */
export function finishMeasure(
  measure: SqlMeasure,
  s: SqlState,
  options: { alpha?: number | undefined; base?: Base | undefined } = {},
): number {
  const unit =
    measure === "total-variation" || measure === "hellinger" ? 1 : logOfBase(options.base);
  const inf = (s.n_inf ?? 0) > 0;
  let v: number;
  switch (measure) {
    case "kl":
      if (inf) return Number.POSITIVE_INFINITY;
      if (!(s.s_p > 0 && s.s_q > 0)) return Number.NaN;
      v = Math.max((s.s_g - s.s_q * phi(s.s_d / s.s_q)) / s.s_p, 0);
      break;
    case "cross-entropy":
      if (inf) return Number.POSITIVE_INFINITY;
      v = Math.max(s.s_ce, 0);
      break;
    case "entropy":
      v = Math.max(s.s_h, 0);
      break;
    case "js":
      v = Math.min(s.s_js, Math.LN2);
      break;
    case "total-variation":
      v = Math.min(0.5 * s.s_tv, 1);
      break;
    case "hellinger":
      v = Math.min(Math.sqrt(0.5 * s.s_h2), 1);
      break;
    case "renyi": {
      const alpha = options.alpha ?? Number.NaN;
      const beta = 1 - alpha;
      if (alpha > 1 && inf) return Number.POSITIVE_INFINITY;
      const x = s.s_x - beta * s.s_q0;
      if (Math.abs(beta) * s.lmax <= 1 && x > -0.5) v = Math.max(Math.log1p(x) / (alpha - 1), 0);
      else if (s.s_s > 0) v = Math.max((Math.log(s.s_s) + s.emax) / (alpha - 1), 0);
      else return Number.POSITIVE_INFINITY;
      break;
    }
  }
  return v / unit;
}
