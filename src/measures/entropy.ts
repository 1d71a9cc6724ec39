import { SurprisalError } from "../errors.js";
import type { DistributionLike } from "../input/labels.js";
import { matchOne, needsMatchingOne } from "../input/match.js";
import { type ResolvedOptions, resolveOptions } from "../input/options.js";
import { refuseDistribution } from "../input/refuse-distribution.js";
import {
  checkLogMass,
  checkMass,
  checkNotEmpty,
  checkVector,
  mergeError,
  scanAndThrow,
} from "../input/validate.js";
import {
  ENT,
  ENTL,
  entropyChunk,
  entropyFinish,
  entropyLogChunk,
  entropyLogFinish,
  entropyLogMass,
  entropyLogMerge,
  entropyLogState,
  entropyMerge,
  entropyState,
  entropySum,
  VALID,
} from "../numeric/kernels.js";
import type { Base, MeasureOptions, Vector } from "../types.js";
import {
  checkSameKind,
  type EntropyAccumulatorState,
  entropyFromState,
  entropyToState,
} from "./accumulator-state.js";
import { entropyLogitsNats } from "./logit-rows.js";

/** Options of {@link EntropyAccumulator}: the measure options and the name used in errors. */
export interface EntropyAccumulatorOptions extends MeasureOptions {
  /** The name of the distribution in error messages (default `"p"`). */
  argument?: string;
}

/**
 * Entropy as a stream: `add` chunks of one distribution (in order, or in any order: entropy does not
 * depend on the order of outcomes), `merge` partial results from other workers or machines, read
 * `value()` at any time. Memory is a few numbers, whatever the length.
 *
 * The state is M = max xᵢ, S = Σ xᵢ and B = Σ xᵢ·log(M/xᵢ) (all terms ≥ 0, compensated sums), and
 * H = log1p((S − M)/M) + B/S; for log-probabilities and logits the same in log space. Merging rescales
 * to the larger M and adds. The whole-array {@link entropy} is one chunk of this kernel.
 *
 * @example
 * ```ts
 * const acc = new EntropyAccumulator({ input: "counts", base: "bits" });
 * acc.add([10, 10]).add([10, 10]);
 * acc.value(); // 2 (bits: four equally likely outcomes)
 * ```
 */
export class EntropyAccumulator {
  readonly #o: ResolvedOptions;
  readonly #s: Float64Array;
  readonly #argument: string;
  readonly #base: Base;

  /**
   * @param options - `base`, `input` (default probabilities), `tolerance`, `threads`, and
   * `argument`, the name used in error messages (default `"p"`).
   */
  constructor(options?: EntropyAccumulatorOptions);
  /**
   * The positional form.
   * @deprecated Since 0.2: pass the name in the options, `new EntropyAccumulator({ ...options, argument })`.
   */
  constructor(options: MeasureOptions | undefined, argument: string);
  constructor(options?: EntropyAccumulatorOptions, argument?: string) {
    this.#o = resolveOptions(options, ["argument"], "EntropyAccumulator");
    if (this.#o.smoothing !== undefined) {
      throw new SurprisalError(
        "invalid-option",
        "EntropyAccumulator does not take smoothing: add the pseudocount to each chunk's counts before add(), or smooth the whole array with entropy()",
        { argument: "smoothing" },
      );
    }
    this.#s = this.#o.log ? entropyLogState() : entropyState();
    this.#argument = argument ?? options?.argument ?? "p";
    this.#base = options?.base ?? "nats";
  }

  /**
   * The state as a plain, versioned object ({@link EntropyAccumulatorState}): what
   * `JSON.stringify` writes. Read it back with {@link EntropyAccumulator.fromJSON}, or pass it to
   * `merge`.
   * @example
   * ```ts
   * const text = JSON.stringify(new EntropyAccumulator({ input: "counts" }).add([1, 1]));
   * EntropyAccumulator.fromJSON(JSON.parse(text)).value(); // 0.6931471805599453
   * ```
   */
  toJSON(): EntropyAccumulatorState {
    return entropyToState(this.#o.input, this.#base, this.#o.tolerance, this.#argument, this.#s);
  }

  /**
   * An accumulator from a state written by {@link EntropyAccumulator.toJSON} (parsed JSON).
   * @throws {SurprisalError} `invalid-state` for anything else.
   */
  static fromJSON(state: unknown): EntropyAccumulator {
    const { options, s, argument } = entropyFromState(state);
    const acc = new EntropyAccumulator({ ...options, argument });
    acc.#s.set(s);
    return acc;
  }

  /** Number of outcomes seen so far. */
  get length(): number {
    return this.#s[this.#o.log ? ENTL.N : ENT.N];
  }

  /** Adds a chunk of outcomes. @throws {SurprisalError} naming the element's global index. */
  add(chunk: Vector): this {
    entropyAdd(this.#o, this.#s, chunk, this.#argument);
    return this;
  }

  /**
   * Merges another accumulator's partial result into this one: an accumulator or its saved state
   * (parsed JSON), with the same `input` and `base`.
   * @throws {SurprisalError} `incompatible` for another input kind or unit; `invalid-state` for a
   * state that is not one.
   */
  merge(other: EntropyAccumulator | EntropyAccumulatorState): this {
    if (!(other instanceof EntropyAccumulator)) other = EntropyAccumulator.fromJSON(other);
    if (other.#o.log !== this.#o.log) {
      throw mergeError(this.#o.input, other.#o.input);
    }
    checkSameKind(
      { input: this.#o.input, base: this.#base },
      { input: other.#o.input, base: other.#base },
    );
    if (this.#o.log) entropyLogMerge(this.#s, other.#s);
    else entropyMerge(this.#s, other.#s);
    return this;
  }

  /** Total mass: Σx for probabilities/counts, Σ exp(x) for log forms. */
  mass(): number {
    return this.#o.log ? Math.exp(entropyLogMass(this.#s)) : entropySum(this.#s);
  }

  /**
   * H(P) of everything added so far, in the chosen unit.
   * @throws {SurprisalError} `empty`, `sum` (probabilities off 1), `zero` (all-zero counts) or
   * `not-finite` (counts whose sums overflow).
   */
  value(): number {
    return entropyValue(this.#o, this.#s, this.#argument);
  }
}

function entropyAdd(o: ResolvedOptions, s: Float64Array, chunk: Vector, argument: string): void {
  checkVector(chunk, argument);
  const offset = s[o.log ? ENTL.N : ENT.N];
  const bad = o.log
    ? entropyLogChunk(chunk, 0, chunk.length, s, o.threads)
    : entropyChunk(chunk, 0, chunk.length, s, o.threads, o.input === "probabilities" ? 1 : 0);
  if (bad !== VALID) scanAndThrow(chunk, argument, o.input, 0, offset);
}

/** Whether S or B overflowed: counts whose total is beyond the double range. */
function entropyOverflowed(s: Float64Array): boolean {
  return !Number.isFinite(s[ENT.S] + s[ENT.S + 1]) || !Number.isFinite(s[ENT.B] + s[ENT.B + 1]);
}

function entropyValue(o: ResolvedOptions, s: Float64Array, argument: string): number {
  checkNotEmpty(s[o.log ? ENTL.N : ENT.N], argument);
  if (o.log) {
    checkLogMass(entropyLogMass(s), argument, o.input, o.tolerance);
  } else {
    if (entropyOverflowed(s)) {
      throw new SurprisalError(
        "not-finite",
        `${argument}: the sum of these counts is not finite (beyond 1.8e308); divide them by a constant, which leaves the entropy unchanged (entropy does this itself)`,
        { argument, value: Number.POSITIVE_INFINITY },
      );
    }
    checkMass(entropySum(s), argument, o.input, o.tolerance);
  }
  const h = o.log ? entropyLogFinish(s) : entropyFinish(s);
  return h / o.logBase;
}

/**
 * Shannon entropy, the average surprise: H(P) = −Σᵢ pᵢ·log pᵢ.
 *
 * Zeros contribute nothing (0·log 0 = 0). Counts are normalized; log-probabilities and logits are
 * normalized exactly (log-sum-exp). Every summed term is non-negative, so the result keeps full
 * relative accuracy, also for a distribution concentrated on one outcome. Entropy is 0 exactly for a
 * certain outcome and log n for the uniform distribution on n outcomes.
 *
 * Reference: C. E. Shannon, "A Mathematical Theory of Communication", 1948;
 * https://en.wikipedia.org/wiki/Entropy_(information_theory)
 *
 * @param p - the distribution (probabilities by default; see `options.input`).
 * @param options - `base` (default nats), `input`, `tolerance`.
 * @returns H(P) in the chosen unit, between 0 and log n.
 * @throws {SurprisalError} for negative or non-finite values, empty input, probabilities off 1;
 * `invalid-input` for a parametric distribution object (use `dist.entropy()` for those).
 * @example
 * ```ts
 * entropy([0.5, 0.5], { base: "bits" }); // 1
 * entropy([0.9, 0.1]);                    // 0.3250829733914483 (nats)
 * entropy([1, 1, 1, 1, 1, 1], { input: "counts", base: "bits" }); // 2.584962500721156 (a fair die)
 * ```
 */
export function entropy(p: DistributionLike, options?: MeasureOptions): number {
  refuseDistribution(p, "p", "dist.entropy()");
  if (needsMatchingOne(p, options)) {
    const m = matchOne(p, options); // a labelled histogram, and smoothing
    return entropy(m.p, m.options);
  }
  checkVector(p, "p");
  const o = resolveOptions(options);
  if (o.log) {
    // Logits or log-probabilities in a typed array: the row kernel on the whole vector.
    const fast = entropyLogitsNats(p, options ?? {});
    if (fast !== undefined) return fast / o.logBase;
  }
  const s = o.log ? entropyLogState() : entropyState();
  entropyAdd(o, s, p, "p");
  if (!o.log && entropyOverflowed(s)) {
    // Counts whose total is beyond the double range: the same entropy from the counts times a
    // power of two that brings the largest to 1 or below (values pushed below the normal range
    // then carry terms x·log(M/x) far below the result's last digit).
    let m = 0;
    for (let i = 0; i < p.length; i++) if (p[i] > m) m = p[i];
    const c = 2 ** -Math.ceil(Math.log2(m));
    s.set(o.log ? entropyLogState() : entropyState());
    entropyAdd(
      o,
      s,
      Float64Array.from(p, (x) => x * c),
      "p",
    );
  }
  return entropyValue(o, s, "p");
}
