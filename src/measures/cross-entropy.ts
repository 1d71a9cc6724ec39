import type { DistributionLike } from "../input/labels.js";
import { matchPair, needsMatching } from "../input/match.js";
import { type ResolvedOptions, resolveOptions } from "../input/options.js";
import { refuseDistribution } from "../input/refuse-distribution.js";
import { STATE_VERSION, StateReader } from "../input/state.js";
import { checkMass } from "../input/validate.js";
import { fastHooks } from "../numeric/fast-hooks.js";
import type { Base, InputKind, MeasureOptions, Vector } from "../types.js";
import {
  type CrossEntropyAccumulatorState,
  checkSameKind,
  type EntropyAccumulatorState,
  type KlAccumulatorState,
} from "./accumulator-state.js";
import { EntropyAccumulator, entropy } from "./entropy.js";
import { KlAccumulator, klDivergence } from "./kl.js";

/**
 * Cross-entropy as a stream: `add(pChunk, qChunk)`, `merge`, `value()`. Holds an entropy state of P
 * and a KL state of (P, Q) over the same chunks; H(P, Q) = H(P) + D(P‖Q), both parts ≥ 0.
 *
 * @example
 * ```ts
 * const acc = new CrossEntropyAccumulator({ base: "bits" });
 * acc.add([0.5], [0.9]).add([0.5], [0.1]);
 * acc.value(); // 1.736965594166206 bits
 * ```
 *
 * `JSON.stringify(acc)` writes a versioned state ({@link CrossEntropyAccumulatorState}) holding
 * both parts; `CrossEntropyAccumulator.fromJSON` reads it back and `merge` takes either form.
 */
export class CrossEntropyAccumulator {
  readonly #h: EntropyAccumulator;
  readonly #d: KlAccumulator;
  readonly #logBase: number;
  readonly #base: Base;
  readonly #input: InputKind;
  readonly #tolerance: number;

  /** @param options - `base`, `input`, `tolerance`. */
  constructor(options?: MeasureOptions) {
    const o = resolveOptions(options, [], "CrossEntropyAccumulator");
    this.#logBase = o.logBase;
    this.#base = options?.base ?? "nats";
    this.#input = o.input;
    this.#tolerance = o.tolerance;
    const nats = { ...options, base: "nats" as const };
    this.#h = new EntropyAccumulator(nats);
    this.#d = new KlAccumulator(nats);
  }

  /**
   * The state as a plain, versioned object ({@link CrossEntropyAccumulatorState}).
   * @example
   * ```ts
   * const text = JSON.stringify(new CrossEntropyAccumulator().add([0.5, 0.5], [0.9, 0.1]));
   * CrossEntropyAccumulator.fromJSON(JSON.parse(text)).value(); // 1.203972804325936
   * ```
   */
  toJSON(): CrossEntropyAccumulatorState {
    return {
      kind: "CrossEntropyAccumulator",
      version: STATE_VERSION,
      input: this.#input,
      base: this.#base,
      tolerance: this.#tolerance,
      entropy: this.#h.toJSON(),
      kl: this.#d.toJSON(),
    };
  }

  /**
   * An accumulator from a state written by {@link CrossEntropyAccumulator.toJSON} (parsed JSON).
   * @throws {SurprisalError} `invalid-state` for anything else.
   */
  static fromJSON(state: unknown): CrossEntropyAccumulator {
    const r = new StateReader(state, "CrossEntropyAccumulator");
    const input = r.input();
    const base = r.base();
    const tolerance = r.number("tolerance", { min: 0 });
    const h = EntropyAccumulator.fromJSON(r.object("entropy"));
    const d = KlAccumulator.fromJSON(r.object("kl"));
    const hs = r.object("entropy") as EntropyAccumulatorState;
    const ds = r.object("kl") as KlAccumulatorState;
    for (const [name, part] of [
      ["entropy", hs],
      ["kl", ds],
    ] as const) {
      if (part.input !== input) {
        throw r.error(`state.${name}.input`, part.input, `differs from state.input = "${input}"`);
      }
      if (part.base !== "nats") {
        throw r.error(
          `state.${name}.base`,
          part.base,
          'is not "nats" (the parts are kept in nats)',
        );
      }
    }
    if (hs.length !== ds.length) {
      throw r.error(
        "state.entropy.length",
        hs.length,
        `differs from state.kl.length = ${ds.length}`,
      );
    }
    const acc = new CrossEntropyAccumulator({ input, base, tolerance });
    acc.#h.merge(h);
    acc.#d.merge(d);
    return acc;
  }

  /** Number of outcomes seen so far. */
  get length(): number {
    return this.#d.length;
  }

  /** Adds the next outcomes of P and of Q. */
  add(pChunk: Vector, qChunk: Vector): this {
    this.#d.add(pChunk, qChunk);
    this.#h.add(pChunk);
    return this;
  }

  /**
   * Merges another accumulator's partial result into this one: an accumulator or its saved state
   * (parsed JSON), with the same `input` and `base`.
   * @throws {SurprisalError} `incompatible` for another input kind or unit; `invalid-state` for a
   * state that is not one.
   */
  merge(other: CrossEntropyAccumulator | CrossEntropyAccumulatorState): this {
    if (!(other instanceof CrossEntropyAccumulator))
      other = CrossEntropyAccumulator.fromJSON(other);
    checkSameKind(
      { input: this.#input, base: this.#base },
      { input: other.#input, base: other.#base },
    );
    this.#h.merge(other.#h);
    this.#d.merge(other.#d);
    return this;
  }

  /** H(P, Q) of everything added so far, in the chosen unit. */
  value(): number {
    const d = this.#d.value();
    if (d === Number.POSITIVE_INFINITY) return d / this.#logBase; // −∞ for a base < 1
    return (this.#h.value() + d) / this.#logBase;
  }
}

/**
 * Cross-entropy, the average surprise of someone who believes Q while P is true:
 * H(P, Q) = −Σᵢ pᵢ·log qᵢ = H(P) + D(P‖Q).
 *
 * P (the truth) first, Q (the belief) second. H(P, Q) ≥ H(P), with equality only when Q = P; +∞ where
 * Q gives probability 0 to an outcome P allows. In bits it is the average code length per symbol
 * when the data come from P and the code was built for Q.
 *
 * Reference: https://en.wikipedia.org/wiki/Cross-entropy
 *
 * @param p - the true distribution P.
 * @param q - the believed distribution Q.
 * @param options - `base` (default nats), `input`, `tolerance`.
 * @returns H(P, Q) in the chosen unit, in [H(P), +∞].
 * @throws {SurprisalError} as {@link klDivergence} (for a parametric distribution object, use
 *   `parametricCrossEntropy(p, q)`).
 * @example
 * ```ts
 * crossEntropy([0.5, 0.5], [0.9, 0.1]);                  // 1.203972804325936 nats
 * crossEntropy([0.5, 0.5], [0.9, 0.1], { base: "bits" }); // 1.736965594166206
 * ```
 */
export function crossEntropy(
  p: DistributionLike,
  q: DistributionLike,
  options?: MeasureOptions,
): number {
  refuseDistribution(p, "p", "parametricCrossEntropy(p, q)");
  refuseDistribution(q, "q", "parametricCrossEntropy(p, q)");
  if (needsMatching(p, q, options)) {
    const m = matchPair(p, q, options); // by label, and smoothing (once, for both parts)
    return crossEntropy(m.p, m.q, m.options);
  }
  const fast = fastCrossEntropy(p, q, options);
  if (fast !== undefined) return fast;
  // H(P) + D(P‖Q) as the accumulator computes them, through the whole-array functions (which
  // also handle counts near the top of the double range).
  const logBase = resolveOptions(options).logBase;
  const nats = { ...options, base: "nats" as const };
  const d = klDivergence(p, q, nats);
  if (d === Number.POSITIVE_INFINITY) return d / logBase; // −∞ for a base < 1
  return (entropy(p, nats) + d) / logBase;
}

/**
 * H(P, Q) of float64/float32 probabilities or counts in one read of the inputs (the
 * `crossEntropySums` hook, assembly/cross-entropy.ts), or undefined where H(P) + D(P‖Q) is taken (no
 * hook, other inputs or kinds, short inputs, an invalid element, sums beyond the double range). With
 * M = max qᵢ: H(P, Q) = Σ p̂ᵢ·log(M/qᵢ) + log(Sq/M), a sum of non-negative terms (full relative
 * accuracy, as H(P) + D(P‖Q)), and log(Sq/M) = log1p((Sq − M)/M) keeps its digits when one qᵢ
 * holds nearly all the mass.
 * @throws {SurprisalError} from checkMass: probabilities whose sum is off 1, all-zero counts.
 */
function fastCrossEntropy(
  p: DistributionLike,
  q: DistributionLike,
  options: MeasureOptions | undefined,
): number | undefined {
  const hook = fastHooks.crossEntropySums;
  if (hook === undefined) return undefined;
  if (!(p instanceof Float64Array || p instanceof Float32Array)) return undefined;
  if (!(q instanceof Float64Array || q instanceof Float32Array)) return undefined;
  const n = p.length;
  if (n === 0 || q.length !== n || n < (fastHooks.minLength ?? 0)) return undefined;
  const o = resolveOptions(options);
  if (o.log) return undefined;
  const s = new Float64Array(8);
  if (!hook(p, q, s, o.threads, o.input === "probabilities" ? 1 : 0)) return undefined;
  return crossEntropyOfSums(s, 0, o);
}

/**
 * H(P, Q) in the options' unit from the cross-entropy sums [M, Sp, Sq, B (hi, lo each), K] at
 * `s[at .. at + 8)` (a vector's, or a row's of the rows kernel): Σ p̂ᵢ·log(M/qᵢ) + log1p((Sq − M)/M),
 * +∞ where some pᵢ > 0 = qᵢ (K > 0).
 * @throws {SurprisalError} from checkMass: probabilities whose sum is off 1, all-zero counts.
 */
export function crossEntropyOfSums(s: Float64Array, at: number, o: ResolvedOptions): number {
  const sp = (s[at + 1] as number) + (s[at + 2] as number);
  checkMass(sp, "p", o.input, o.tolerance);
  checkMass((s[at + 3] as number) + (s[at + 4] as number), "q", o.input, o.tolerance);
  if ((s[at + 7] as number) > 0) return Number.POSITIVE_INFINITY / o.logBase; // −∞ for a base < 1
  const m = s[at] as number;
  const rest = (s[at + 3] as number) - m + (s[at + 4] as number); // Sq − M ≥ 0
  const h = ((s[at + 5] as number) + (s[at + 6] as number)) / sp + Math.log1p(rest / m);
  return Math.max(h, 0) / o.logBase;
}
