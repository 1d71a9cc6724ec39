import { SurprisalError } from "../errors.js";
import { toLogProbabilities, toLogProbabilityPair } from "../input/log-probabilities.js";
import { checkOptionKeys, MEASURE_OPTION_KEYS } from "../input/options.js";
import { rngFrom } from "../numeric/rng.js";
import { CompensatedSum } from "../numeric/sum.js";
import { fromNats, logOfBase, unitName } from "../numeric/units.js";
import type { MeasureOptions, Vector } from "../types.js";
import {
  checkCount,
  createAliasTable,
  fillAlias,
  SAMPLER_OPTION_KEYS,
  type SamplerOptions,
} from "./alias.js";

/**
 * Draws a sequence of `n` outcome indices from a categorical distribution P, O(1) per draw
 * (alias method), from a seeded generator: the same seed gives the same sequence, and the first
 * m draws of a longer sequence are the m-draw sequence.
 *
 * @param p - the distribution (probabilities by default; counts, log-probs or logits with `input`).
 * @param n - the sequence length, a whole number ≥ 1.
 * @param options - `seed` (default 42) or `rng`, plus `input` and `tolerance`.
 * @returns an `Int32Array` of outcome indices in 0 … p.length − 1 (outcomes with p = 0 never occur).
 * @throws {SurprisalError} `invalid-option` when n is not a whole number ≥ 1; the usual input errors for p.
 * @example
 * ```ts
 * sampleSequence([0.5, 0.5], 8, { seed: 3 }); // Int32Array [1, 1, 0, 0, 0, 0, 1, 0]
 * ```
 */
export function sampleSequence(p: Vector, n: number, options: SamplerOptions = {}): Int32Array {
  checkOptionKeys(options, SAMPLER_OPTION_KEYS, "sampleSequence");
  const count = checkCount(n, "n");
  const table = createAliasTable(p, { input: options.input, tolerance: options.tolerance });
  return fillAlias(table, rngFrom(options), new Int32Array(count));
}

/**
 * How many times each outcome occurs in a sequence, after checking every index.
 * @throws {SurprisalError} `empty` for an empty sequence; `out-of-range` for an index that is not
 *   a whole number in 0 … size − 1.
 * @internal
 */
export function countOutcomes(sequence: ArrayLike<number>, size: number): Float64Array {
  if (sequence.length === 0) {
    throw new SurprisalError("empty", "sequence is empty: give at least one outcome index", {
      argument: "sequence",
      value: sequence,
    });
  }
  const counts = new Float64Array(size);
  for (let i = 0; i < sequence.length; i++) {
    const x = sequence[i];
    if (!Number.isInteger(x) || x < 0 || x >= size) {
      throw new SurprisalError(
        "out-of-range",
        `sequence[${i}] = ${String(x)} is out of range: an outcome index must be a whole number from 0 to ${size - 1}`,
        { argument: "sequence", index: i, value: x },
      );
    }
    counts[x]++;
  }
  return counts;
}

/** Options of the sequence likelihoods: the unit of the result and how P (and Q) are encoded. */
export type SequenceOptions = MeasureOptions;

/**
 * The log-probability of a sequence of independent outcomes under P, as a sum of logs:
 * log ∏ᵢ P(xᵢ) = Σᵢ log P(xᵢ) = Σₖ cₖ·log pₖ, with cₖ the number of times outcome k occurs.
 *
 * The product itself underflows to 0 for a few thousand outcomes; the sum of logs does not
 * (5,000 rolls of a fair die give 5000·log(1/6) ≈ −8958.8 nats). It is −∞ when the sequence
 * contains an outcome with P = 0. Outcomes that do not occur contribute nothing.
 *
 * @param sequence - outcome indices in 0 … p.length − 1 (any array of whole numbers).
 * @param p - the distribution (probabilities by default; counts, log-probs or logits with `input`).
 * @param options - `base` of the result (default nats), `input`, `tolerance`.
 * @throws {SurprisalError} `empty` for an empty sequence, `out-of-range` for a bad index,
 *   the usual input errors for p.
 * @example
 * ```ts
 * const rolls = sampleSequence([1, 1, 1, 1, 1, 1], 5000, { input: "counts", seed: 7 });
 * sequenceLogProbability(rolls, [1, 1, 1, 1, 1, 1], { input: "counts" }); // -8958.797346140276
 * ```
 */
export function sequenceLogProbability(
  sequence: ArrayLike<number>,
  p: Vector,
  options: SequenceOptions = {},
): number {
  checkOptionKeys(options, MEASURE_OPTION_KEYS, "sequenceLogProbability");
  logOfBase(options.base);
  const logP = toLogProbabilities(p, options, "p");
  const counts = countOutcomes(sequence, logP.length);
  const s = new CompensatedSum();
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] === 0) continue;
    // An outcome P calls impossible makes the whole sequence impossible.
    if (logP[k] === Number.NEGATIVE_INFINITY) return Number.NEGATIVE_INFINITY;
    s.add(counts[k] * logP[k]);
  }
  return fromNats(s.value(), options.base);
}

/** Which distribution explains a sequence better. */
export type Favours = "P" | "Q" | "neither";

/** The result of {@link logLikelihoodRatio}. */
export interface LikelihoodRatio {
  /** log(∏P(xᵢ) / ∏Q(xᵢ)) in the chosen unit: > 0 when P explains the sequence better. */
  total: number;
  /** total / n: converges to D(P‖Q) when the sequence is drawn from P. */
  perSample: number;
  /** Sequence length n. */
  n: number;
  /** Unit of `total` and `perSample`. */
  unit: string;
  /** Which of the two gives the sequence the higher probability. */
  favours: Favours;
  /** ∏P(xᵢ) / ∏Q(xᵢ) = e^total(nats): may overflow to +∞ or underflow to 0; see `log10BayesFactor`. */
  bayesFactor: number;
  /** log₁₀ of the Bayes factor of P over Q (finite wherever the ratio is). */
  log10BayesFactor: number;
  /**
   * When the ratio is ±∞: the first outcome (in index order) of the sequence that the losing
   * distribution gives probability zero (Q's when `total` is +∞, P's when it is −∞); else −1.
   */
  ruledOutBy: number;
}

/**
 * The log-likelihood ratio of a sequence: how much more probable it is under P than under Q,
 * log(∏ᵢ P(xᵢ) / ∏ᵢ Q(xᵢ)) = Σᵢ log(P(xᵢ)/Q(xᵢ)), computed as a sum of logs (never a product).
 *
 * This is the notes' algorithm: sample a sequence from P, ask how probable it is under P and
 * under Q. Divided by n it is the Monte Carlo estimate of D(P‖Q) (estimator k1). The Bayes factor
 * e^total says by what factor the sequence favours P over Q (equal prior odds).
 * When the sequence holds an outcome Q calls impossible (Q = 0) the ratio is +∞ (Q is ruled
 * out); an outcome P calls impossible gives −∞.
 *
 * @param sequence - outcome indices in 0 … n − 1 (e.g. from {@link sampleSequence}).
 * @param p - the first distribution (the truth, if the sequence was drawn from it).
 * @param q - the second distribution (the model), same length as p.
 * @param options - `base` of `total` and `perSample` (default nats), `input`, `tolerance`.
 * @throws {SurprisalError} `length-mismatch` when p and q differ in length, `out-of-range` for a
 *   bad index, `empty` for an empty sequence, `zero` when the sequence is impossible under both.
 * @example
 * ```ts
 * const loaded = [0.1, 0.1, 0.1, 0.1, 0.1, 0.5];
 * const fair = [1, 1, 1, 1, 1, 1].map((x) => x / 6);
 * const rolls = sampleSequence(loaded, 100, { seed: 1 });
 * const r = logLikelihoodRatio(rolls, loaded, fair);
 * r.favours; // "P"
 * r.log10BayesFactor; // 11.365685246493266 (the rolls are 2.3e11 times as likely under P)
 * ```
 */
export function logLikelihoodRatio(
  sequence: ArrayLike<number>,
  p: Vector,
  q: Vector,
  options: SequenceOptions = {},
): LikelihoodRatio {
  checkOptionKeys(options, MEASURE_OPTION_KEYS, "logLikelihoodRatio");
  const lnBase = logOfBase(options.base);
  const [logP, logQ] = toLogProbabilityPair(p, q, options);
  const counts = countOutcomes(sequence, logP.length);
  const n = sequence.length;
  const s = new CompensatedSum();
  let pImpossible = -1;
  let qImpossible = -1;
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] === 0) continue;
    const lp = logP[k];
    const lq = logQ[k];
    if (lp === Number.NEGATIVE_INFINITY && pImpossible < 0) pImpossible = k;
    if (lq === Number.NEGATIVE_INFINITY && qImpossible < 0) qImpossible = k;
    if (lp === Number.NEGATIVE_INFINITY || lq === Number.NEGATIVE_INFINITY) continue;
    s.add(counts[k] * (lp - lq));
  }
  if (pImpossible >= 0 && qImpossible >= 0) {
    throw new SurprisalError(
      "zero",
      `the sequence is impossible under both P and Q: P gives outcome ${pImpossible} probability zero and Q gives outcome ${qImpossible} probability zero`,
      { argument: "sequence", index: firstIndexOf(sequence, pImpossible), value: pImpossible },
    );
  }
  let nats = s.value();
  if (qImpossible >= 0) nats = Number.POSITIVE_INFINITY;
  else if (pImpossible >= 0) nats = Number.NEGATIVE_INFINITY;
  const unit = unitName(options.base);
  const total = lnBase === 1 ? nats : nats / lnBase;
  const perSample = total / n;
  const favours: Favours = nats > 0 ? "P" : nats < 0 ? "Q" : "neither";
  const log10 = nats / Math.LN10;
  return {
    total,
    perSample,
    n,
    unit,
    favours,
    bayesFactor: Math.exp(nats),
    log10BayesFactor: log10,
    ruledOutBy: qImpossible >= 0 ? qImpossible : pImpossible,
  };
}

function firstIndexOf(sequence: ArrayLike<number>, value: number): number {
  for (let i = 0; i < sequence.length; i++) if (sequence[i] === value) return i;
  return -1;
}
