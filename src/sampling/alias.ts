import { SurprisalError } from "../errors.js";
import { toProbabilities } from "../input/normalize.js";
import { checkOptionKeys } from "../input/options.js";
import { type Rng, rngFrom } from "../numeric/rng.js";
import type { MeasureOptions, Vector } from "../types.js";

/**
 * Walker's alias table for a categorical distribution over outcomes 0 … n − 1: column `c` keeps
 * outcome `c` with probability `probability[c]` and otherwise gives `alias[c]`.
 */
export interface AliasTable {
  /** Number of outcomes n. */
  readonly size: number;
  /** Probability of keeping the column's own outcome, in [0, 1]. */
  readonly probability: Float64Array;
  /** The other outcome of each column (always one with positive probability). */
  readonly alias: Int32Array;
}

/** Options of {@link createAliasTable}: how `p` encodes the distribution. */
export type AliasTableOptions = Pick<MeasureOptions, "input" | "tolerance">;

/**
 * Builds Walker's alias table for a categorical distribution (Vose's stable construction), so
 * that each draw costs O(1): one uniform number picks a column and decides between the column's
 * outcome and its alias.
 *
 * Every column c splits its 1/n share of the mass into `probability[c]/n` for outcome c and
 * `(1 − probability[c])/n` for `alias[c]`; the shares of each outcome add up to p(c).
 * Outcomes with p = 0 are never drawn (their column always gives its alias).
 *
 * Reference: M. D. Vose, "A linear algorithm for generating random numbers with a given
 * distribution", IEEE Trans. Software Eng. 17 (1991) 972–975.
 *
 * @param p - the distribution (probabilities by default; counts, log-probs or logits with `input`).
 * @param options - `input` and `tolerance`, as for every measure.
 * @returns the table, O(n) to build.
 * @throws {SurprisalError} for an invalid distribution (negative, not finite, empty, sum off 1, …).
 * @example
 * ```ts
 * const t = createAliasTable([0.1, 0.2, 0.7]);
 * t.probability; // Float64Array [0.30000000000000004, 0.6000000000000001, 1]
 * t.alias;       // Int32Array [2, 2, 2]: columns 0 and 1 top up with outcome 2
 * ```
 */
export function createAliasTable(p: Vector, options: AliasTableOptions = {}): AliasTable {
  checkOptionKeys(options, ["input", "tolerance"], "createAliasTable");
  const probs = toProbabilities(p, { input: options.input, tolerance: options.tolerance }, "p");
  const n = probs.length;
  const probability = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  let biggest = 0;
  for (let i = 0; i < n; i++) {
    scaled[i] = probs[i] * n;
    if (probs[i] > probs[biggest]) biggest = i;
    if (scaled[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  for (let i = 0; i < n; i++) alias[i] = i;
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[--nl];
    probability[s] = scaled[s];
    alias[s] = l;
    // What l gave to fill column s: scaled[l] − (1 − scaled[s]); scaled[l] − 1 is exact for
    // scaled[l] ≤ 2, so this order rounds least.
    scaled[l] = scaled[l] - 1 + scaled[s];
    if (scaled[l] < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  // What is left over holds (up to rounding) exactly one column's worth each.
  while (nl > 0) probability[large[--nl]] = 1;
  while (ns > 0) {
    const s = small[--ns];
    if (probs[s] > 0) probability[s] = 1;
    else {
      // Rounding must never make an impossible outcome drawable.
      probability[s] = 0;
      alias[s] = biggest;
    }
  }
  return { size: n, probability, alias };
}

/**
 * Draws one outcome from an alias table with one uniform number u ∈ [0, 1): the column is
 * ⌊u·n⌋ and the fractional part of u·n decides between the column and its alias.
 */
export function drawAlias(table: AliasTable, rng: Rng): number {
  const u = rng.nextFloat() * table.size;
  const c = Math.floor(u);
  return u - c < table.probability[c] ? c : table.alias[c];
}

/** Fills `out` with draws from an alias table. */
export function fillAlias(table: AliasTable, rng: Rng, out: Int32Array): Int32Array {
  const n = table.size;
  const prob = table.probability;
  const alias = table.alias;
  for (let i = 0; i < out.length; i++) {
    const u = rng.nextFloat() * n;
    const c = Math.floor(u);
    out[i] = u - c < prob[c] ? c : alias[c];
  }
  return out;
}

/** Options of a categorical sampler: the distribution's encoding and a seed or a generator. */
/** The keys of {@link SamplerOptions}. */
export const SAMPLER_OPTION_KEYS: readonly string[] = ["input", "tolerance", "seed", "rng"];

export interface SamplerOptions extends AliasTableOptions {
  /** Seed of a fresh generator (default {@link DEFAULT_SEED}). Ignored when `rng` is given. */
  seed?: number;
  /** A generator to draw from (shared state: draws advance it). Wins over `seed`. */
  rng?: Rng;
}

/** A seeded categorical sampler over outcomes 0 … n − 1, O(1) per draw. */
export interface CategoricalSampler {
  /** The alias table behind the sampler. */
  readonly table: AliasTable;
  /** Draws one outcome index. */
  next(): number;
  /** Draws `count` outcome indices. */
  sample(count: number): Int32Array;
}

/**
 * Checks a sample count: a whole number ≥ 1 (and at most 2³¹ − 1, the length of an Int32Array
 * we can allocate).
 * @throws {SurprisalError} `invalid-option` naming the argument and the value.
 */
export function checkCount(value: unknown, argument: string): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new SurprisalError(
      "invalid-option",
      `${argument} = ${String(value)} is not an integer: the number of samples must be a whole number >= 1`,
      { argument, value },
    );
  }
  if (value <= 0) {
    throw new SurprisalError(
      "invalid-option",
      `${argument} = ${value} is not positive: the number of samples must be >= 1`,
      { argument, value },
    );
  }
  if (value > 2147483647) {
    throw new SurprisalError(
      "invalid-option",
      `${argument} = ${value} is too large: at most 2147483647 samples at once`,
      { argument, value },
    );
  }
  return value;
}

/**
 * A seeded categorical sampler with O(1) draws (alias method): build once in O(n), then draw
 * as many outcome indices as needed. The same seed gives the same draws on every platform.
 *
 * Outcomes with probability 0 are never drawn.
 *
 * @param p - the distribution (probabilities by default; counts, log-probs or logits with `input`).
 * @param options - `seed` (default 42) or `rng`, plus `input` and `tolerance`.
 * @throws {SurprisalError} for an invalid distribution or seed.
 * @example
 * ```ts
 * const die = categoricalSampler([1, 1, 1, 1, 1, 5], { input: "counts", seed: 1 });
 * die.sample(10); // Int32Array [5, 5, 5, 3, 5, 5, 1, 0, 2, 3]
 * ```
 */
export function categoricalSampler(p: Vector, options: SamplerOptions = {}): CategoricalSampler {
  checkOptionKeys(options, SAMPLER_OPTION_KEYS, "categoricalSampler");
  const table = createAliasTable(p, { input: options.input, tolerance: options.tolerance });
  const rng = rngFrom(options);
  return {
    table,
    next: () => drawAlias(table, rng),
    sample: (count: number) => fillAlias(table, rng, new Int32Array(checkCount(count, "count"))),
  };
}
