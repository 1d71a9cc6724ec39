import { SurprisalError } from "../errors.js";
import type { DistributionLike } from "../input/labels.js";
import { matchPair, needsMatching } from "../input/match.js";
import { type ResolvedOptions, resolveOptions } from "../input/options.js";
import { refuseDistribution } from "../input/refuse-distribution.js";
import {
  checkLogMass,
  checkMass,
  checkNotEmpty,
  checkSameLength,
  checkVector,
  mergeError,
  scanAndThrow,
} from "../input/validate.js";
import {
  KL,
  KLL,
  klChunk,
  klFinish,
  klLogChunk,
  klLogFinish,
  klLogMassP,
  klLogMassQ,
  klLogMerge,
  klLogState,
  klMerge,
  klState,
  scaleRatio,
  VALID,
} from "../numeric/kernels.js";
import type { Base, MeasureOptions, Vector } from "../types.js";
import {
  checkSameKind,
  type KlAccumulatorState,
  klFromState,
  klToState,
} from "./accumulator-state.js";
import { klLogitsNats } from "./logit-rows.js";

/**
 * KL divergence as a stream: `add(pChunk, qChunk)` the same outcomes of P and Q, chunk after chunk,
 * `merge` partial results, `value()` at any time.
 *
 * The state is the numerical contract's G = Σ(p·log(p/q) − p + q) (every term ≥ 0), Sp = Σp,
 * Sq = Σq and δ = Σ(p − q), all compensated; they merge by addition, and
 * D(P̂‖Q̂) = (G − Sq·φ(δ/Sq))/Sp with φ(r) = (1 + r)·log(1 + r) − r. The whole-array
 * {@link klDivergence} is one chunk of this kernel.
 *
 * @example
 * ```ts
 * const acc = new KlAccumulator({ base: "bits" });
 * acc.add([0.25, 0.25], [0.45, 0.05]).add([0.25, 0.25], [0.45, 0.05]);
 * acc.value(); // 0.7369655941662062 = D(fair coin ‖ 90/10 coin) in bits
 * ```
 *
 * The partial result leaves the process as JSON: `JSON.stringify(acc)` writes a versioned state
 * ({@link KlAccumulatorState}), `KlAccumulator.fromJSON(JSON.parse(text))` reads it back, and
 * `merge` takes an accumulator or a parsed state, so workers on other machines can send theirs.
 */
export class KlAccumulator {
  readonly #o: ResolvedOptions;
  readonly #s: Float64Array;
  readonly #base: Base;

  /** @param options - `base`, `input` (default probabilities), `tolerance`. */
  constructor(options?: MeasureOptions) {
    this.#o = resolveOptions(options, [], "KlAccumulator");
    if (this.#o.smoothing !== undefined) refuseSmoothing("KlAccumulator");
    this.#s = this.#o.log ? klLogState() : klState();
    this.#base = options?.base ?? "nats";
  }

  /**
   * The state as a plain, versioned object ({@link KlAccumulatorState}): what `JSON.stringify`
   * writes. Read it back with {@link KlAccumulator.fromJSON}, or pass it to `merge`.
   * @example
   * ```ts
   * const text = JSON.stringify(new KlAccumulator().add([0.5, 0.5], [0.9, 0.1]));
   * KlAccumulator.fromJSON(JSON.parse(text)).value(); // 0.5108256237659907
   * ```
   */
  toJSON(): KlAccumulatorState {
    return klToState(this.#o.input, this.#base, this.#o.tolerance, this.#s);
  }

  /**
   * An accumulator from a state written by {@link KlAccumulator.toJSON} (parsed JSON).
   * @throws {SurprisalError} `invalid-state` for anything else: another kind or version, a missing
   * field, NaN, a negative sum, an inconsistent state.
   */
  static fromJSON(state: unknown): KlAccumulator {
    const { options, s } = klFromState(state);
    const acc = new KlAccumulator(options);
    acc.#s.set(s);
    return acc;
  }

  /** Number of outcomes seen so far. */
  get length(): number {
    return this.#s[this.#o.log ? KLL.N : KL.N];
  }

  /** Adds the next outcomes of P and of Q. @throws {SurprisalError} naming the global index. */
  add(pChunk: Vector, qChunk: Vector): this {
    klAdd(this.#o, this.#s, pChunk, qChunk);
    return this;
  }

  /**
   * Merges another accumulator's partial result into this one: an accumulator or its saved state
   * (parsed JSON), with the same `input` and `base`.
   * @throws {SurprisalError} `incompatible` for another input kind or unit; `invalid-state` for a
   * state that is not one.
   */
  merge(other: KlAccumulator | KlAccumulatorState): this {
    if (!(other instanceof KlAccumulator)) other = KlAccumulator.fromJSON(other);
    if (other.#o.log !== this.#o.log) {
      throw mergeError(this.#o.input, other.#o.input);
    }
    checkSameKind(
      { input: this.#o.input, base: this.#base },
      { input: other.#o.input, base: other.#base },
    );
    if (this.#o.log) klLogMerge(this.#s, other.#s);
    else klMerge(this.#s, other.#s);
    return this;
  }

  /** Total masses (Σp, Σq); for log forms Σ exp(·). */
  masses(): [number, number] {
    return klMasses(this.#o, this.#s);
  }

  /**
   * D(P‖Q) of everything added so far, in the chosen unit (+∞ when Q rules out what P allows).
   * @throws {SurprisalError} `empty`, `sum`, `zero`, or `not-finite` for counts whose sums overflow.
   */
  value(): number {
    if (outOfStreamingRange(this.#o, this.#s)) {
      const [sp, sq] = klMasses(this.#o, this.#s);
      throw new SurprisalError(
        "out-of-range",
        `p, q: counts whose totals are this far from 1 or from each other (Σp = ${sp.toPrecision(3)}, Σq = ${sq.toPrecision(3)}) lose their digits in a streaming sum; multiply both by the same power of 2 before add() (the divergence is unchanged), or use klDivergence on the whole arrays, which rescales them itself`,
        { argument: "p", value: sp },
      );
    }
    return klValue(this.#o, this.#s);
  }
}

/**
 * Whether an accumulator's counts are beyond what its linear-domain sums keep exact: a total
 * below the normal range (terms p·log(p/q) of subnormal counts have few digits), or totals more
 * than the double range apart (Q's scale λ was clamped). The whole-array function rescales
 * such inputs instead; a stream cannot, since the magnitudes of later chunks are unknown.
 */
function outOfStreamingRange(o: ResolvedOptions, s: Float64Array): boolean {
  if (o.log || o.input !== "counts" || s[KL.INF] > 0 || klOverflowed(s)) return false;
  if (outOfRange(o, s)) return true;
  const [sp, sq] = klMasses(o, s);
  return (sp > 0 && sp < 2.2250738585072014e-308) || (sq > 0 && sq < 2.2250738585072014e-308);
}

/** Accumulators add chunks as they come: a pseudocount per outcome is the caller's to add. */
export function refuseSmoothing(where: string): never {
  throw new SurprisalError(
    "invalid-option",
    `${where} does not take smoothing: add the pseudocount to each chunk's counts before add(), or smooth the whole arrays with the measure functions`,
    { argument: "smoothing" },
  );
}

/** Adds the next outcomes of P and of Q to the state `s` (KlAccumulator.add). */
function klAdd(o: ResolvedOptions, s: Float64Array, pChunk: Vector, qChunk: Vector): void {
  checkVector(pChunk, "p");
  checkVector(qChunk, "q");
  const offset = s[o.log ? KLL.N : KL.N];
  checkSameLength(pChunk.length, qChunk.length, "p", "q", offset);
  const n = pChunk.length;
  if (o.input === "counts" && offset === 0 && s[KL.INF] === 0) {
    // Scale Q by λ = Σp/Σq (products carried exactly), so that counts of different totals keep
    // the normalization correction free of cancellation.
    let sp = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      sp += pChunk[i];
      sq += qChunk[i];
    }
    s[KL.LAMBDA] = scaleRatio(sp, sq);
  }
  const bad = o.log
    ? klLogChunk(pChunk, qChunk, 0, n, s, o.threads)
    : klChunk(pChunk, qChunk, 0, n, s, o.threads);
  if (bad !== VALID) {
    scanAndThrow(pChunk, "p", o.input, 0, offset);
    scanAndThrow(qChunk, "q", o.input, 0, offset);
  }
}

/**
 * Whether a sum of the state overflowed: counts near the top of the double range, where p·log(p/q)
 * or Σp exceeds it (terms with q = 0 < p are counted apart, so this is never their doing).
 */
function klOverflowed(s: Float64Array): boolean {
  for (const i of [KL.G, KL.SP, KL.SQ, KL.D]) {
    if (!Number.isFinite(s[i] + s[i + 1])) return true;
  }
  return false;
}

/**
 * x times the power of two that brings its largest value into (1/2, 1], or undefined when that
 * would push a nonzero value below the normal range (its digits would be lost). The normalized
 * distribution is the same.
 */
function scaledToOne(x: Vector): Float64Array | undefined {
  let m = 0;
  for (let i = 0; i < x.length; i++) if (x[i] > m) m = x[i];
  const k = -Math.ceil(Math.log2(m)); // up to 1075 for subnormal counts: 2^k in two steps
  const c1 = 2 ** Math.trunc(k / 2);
  const c2 = 2 ** (k - Math.trunc(k / 2));
  const y = Float64Array.from(x, (v) => v * c1 * c2);
  for (let i = 0; i < y.length; i++) {
    if (y[i] < 2.2250738585072014e-308 && x[i] !== 0) return undefined;
  }
  return y;
}

/** Whether counts of these totals need the rescue of {@link klDivergence} (see there). */
function outOfRange(o: ResolvedOptions, s: Float64Array): boolean {
  if (o.log || o.input !== "counts" || s[KL.INF] > 0) return false; // +∞ needs no rescue
  if (klOverflowed(s)) return true;
  const [sp, sq] = klMasses(o, s);
  if (!(sp > 0 && sq > 0)) return false; // all-zero counts: klValue refuses them
  const r = sp / sq;
  return !(r >= 2.2250738585072014e-308 && r < Number.POSITIVE_INFINITY);
}

function klMasses(o: ResolvedOptions, s: Float64Array): [number, number] {
  if (o.log) return [Math.exp(klLogMassP(s)), Math.exp(klLogMassQ(s))];
  return [s[KL.SP] + s[KL.SP + 1], (s[KL.SQ] + s[KL.SQ + 1]) / s[KL.LAMBDA]];
}

/**
 * D of one vector of probabilities or counts from its KL state (the layout KL), in the unit of the
 * options, as klDivergence finishes it; undefined where its rescue of counts out of range is
 * needed (the caller then calls klDivergence on the vector).
 * @throws {SurprisalError} as klDivergence: a mass off 1, all-zero counts.
 */
export function klOfKernelState(o: ResolvedOptions, s: Float64Array): number | undefined {
  return outOfRange(o, s) ? undefined : klValue(o, s);
}

function klValue(o: ResolvedOptions, s: Float64Array): number {
  checkNotEmpty(s[o.log ? KLL.N : KL.N], "p");
  if (o.input === "counts" && klOverflowed(s)) {
    // Q rules out an outcome P allows: +∞ whatever the (overflowing) totals are.
    if (s[KL.INF] > 0) return Number.POSITIVE_INFINITY / o.logBase;
    throw new SurprisalError(
      "not-finite",
      "p, q: the sums of these counts are not finite (p·log(p/q) or Σp beyond 1.8e308); divide both by the same constant, which leaves the divergence unchanged (klDivergence does this itself)",
      { argument: "p", value: Number.POSITIVE_INFINITY },
    );
  }
  if (o.log) {
    checkLogMass(klLogMassP(s), "p", o.input, o.tolerance);
    checkLogMass(klLogMassQ(s), "q", o.input, o.tolerance);
  } else {
    const [sp, sq] = klMasses(o, s);
    checkMass(sp, "p", o.input, o.tolerance);
    checkMass(sq, "q", o.input, o.tolerance);
  }
  const d = o.log ? klLogFinish(s) : klFinish(s);
  return d / o.logBase;
}

// The whole-array function reuses one state (allocating a small Float64Array costs about as much
// as the kernel on 100 outcomes); calls are synchronous, so it is never in use twice at once.
const scratchLinear = klState();
const scratchLog = klLogState();
const freshLinear = klState();
const freshLog = klLogState();

/**
 * Kullback–Leibler divergence of Q from P, the information lost when Q approximates P (the cost of
 * assuming Q when it is actually P):
 * D(P‖Q) = Σᵢ pᵢ·log(pᵢ/qᵢ) = H(P, Q) − H(P).
 *
 * P (the truth) comes first, Q (the belief, the model) second, as in the notes and in scipy.
 * Asymmetric: D(P‖Q) ≠ D(Q‖P) in general. Always ≥ 0, exactly 0 for identical inputs, +∞ where Q
 * gives probability 0 to an outcome P allows; outcomes with pᵢ = 0 contribute nothing.
 *
 * Computed through the non-negative terms pᵢ·log(pᵢ/qᵢ) − pᵢ + qᵢ and an exact normalization
 * correction (see {@link KlAccumulator}), so it keeps every digit also when P ≈ Q, where
 * Σ p·log(p/q) loses them all to cancellation.
 *
 * Reference: S. Kullback and R. A. Leibler, "On Information and Sufficiency", 1951;
 * https://en.wikipedia.org/wiki/Kullback%E2%80%93Leibler_divergence
 *
 * Outcomes are matched by position for arrays, and by label for histograms given as `Map`s or
 * objects keyed by outcome (aligned on the union of labels, a missing label counting 0). When the
 * result is +∞, `measureReport("klDivergence", p, q, options).infiniteAt` names the outcomes that
 * make it so; with counts, the `smoothing` option (e.g. `"jeffreys"`, ½ per outcome) removes them.
 * Smoothing is never applied by default.
 *
 * @param p - the true distribution P: an array, or a `Map`/object of values by outcome.
 * @param q - the assumed distribution Q: an array with the same outcomes in the same order, or by label.
 * @param options - `base` (default nats), `input`, `tolerance`, `smoothing` (counts only).
 * @returns D(P‖Q) in the chosen unit, in [0, +∞].
 * @throws {SurprisalError} for negative or non-finite values, mismatched lengths, empty input,
 * probabilities off 1, all-zero counts; `unknown-option` for an option key it does not know;
 * `invalid-input` for a parametric distribution object (use `parametricKlDivergence(p, q)`).
 * @example
 * ```ts
 * klDivergence([0.5, 0.5], [0.9, 0.1]); // 0.5108256237659907 nats: a fair coin, believed loaded
 * klDivergence([0.9, 0.1], [0.5, 0.5]); // 0.3680642071684971 nats: the other direction
 * klDivergence([0.5, 0.5], [1, 0]);     // Infinity: Q rules out tails
 * klDivergence({ heads: 1, tails: 1 }, new Map([["tails", 1], ["heads", 9]]), { input: "counts" });
 * // 0.5108256237659907: matched by label
 * klDivergence([3, 1], [4, 0], { input: "counts", smoothing: "jeffreys" }); // 0.15366358680379863
 * ```
 */
export function klDivergence(
  p: DistributionLike,
  q: DistributionLike,
  options?: MeasureOptions,
): number {
  refuseDistribution(p, "p", "parametricKlDivergence(p, q)");
  refuseDistribution(q, "q", "parametricKlDivergence(p, q)");
  if (needsMatching(p, q, options)) {
    const m = matchPair(p, q, options); // by label, and smoothing
    return klDivergence(m.p, m.q, m.options);
  }
  checkVector(p, "p");
  checkVector(q, "q");
  const o = resolveOptions(options);
  if (o.log) {
    // Logits or log-probabilities in typed arrays: the row kernel on the whole pair.
    const fast = klLogitsNats(p, q, options ?? {});
    if (fast !== undefined) return fast / o.logBase;
  }
  let s: Float64Array;
  if (o.log) {
    s = scratchLog;
    s.set(freshLog);
  } else {
    s = scratchLinear;
    s.set(freshLinear);
  }
  klAdd(o, s, p, q);
  if (outOfRange(o, s)) {
    // Counts whose sums (or p·log(p/q)) overflow, or whose totals are more than the double range
    // apart (λ = Σp/Σq would not be a double): the same divergence from each array times a power
    // of two that brings its largest count to 1 (exact), or, where that would lose the digits of
    // tiny counts, from their logarithms (the log-domain kernel; log rounds to ~1e-16 relative).
    const p1 = scaledToOne(p);
    const q1 = scaledToOne(q);
    if (p1 !== undefined && q1 !== undefined) {
      s.set(freshLinear);
      klAdd(o, s, p1, q1);
    } else {
      const logs = { ...options, input: "logits" as const };
      return klDivergence(Float64Array.from(p, Math.log), Float64Array.from(q, Math.log), logs);
    }
  }
  return klValue(o, s);
}
