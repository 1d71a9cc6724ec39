/**
 * The records of a model comparison: options, rows, the result and its statistics, the state.
 */
import type { FloatKind } from "./halves.js";
import type { Estimate } from "./stats.js";

/** Options of a {@link ModelComparison}. */
export interface ModelComparisonOptions {
  /** Vocabulary size: the length of a full row. Required for {@link ModelComparison.add}. */
  vocab?: number;
  /** How full rows encode distributions: `"logits"` (default) or `"logprobs"`; both are normalized exactly per row. */
  input?: "logits" | "logprobs";
  /** Name of the base model's input (a file name) used in error messages. Default `"base"`. */
  baseName?: string;
  /** Name of the other model's input used in error messages. Default `"other"`. */
  otherName?: string;
  /** The k of the top-k agreement. Default `[1, 5, 10]`. */
  topK?: readonly number[];
  /** Worker threads for the fast KL kernel (see `MeasureOptions.threads`). */
  threads?: number;
  /** Also compute the reverse KL D(Q‖P) and Jensen–Shannon per token. Default true. */
  extras?: boolean;
}

/** One chunk of full rows: `rows × vocab` values of each model, row-major, and the next tokens. */
export interface ModelRows {
  /** The base model's rows (P, the truth): float32/float64, or 16-bit patterns with `baseKind`. */
  base: Float32Array | Float64Array | Uint16Array;
  /** The other model's rows (Q), same shape. */
  other: Float32Array | Float64Array | Uint16Array;
  /** `"float16"` or `"bfloat16"` when `base` is a Uint16Array. */
  baseKind?: FloatKind;
  /** `"float16"` or `"bfloat16"` when `other` is a Uint16Array. */
  otherKind?: FloatKind;
  /** For each row, the id of the token that actually came next (needed for PPL, Δp). */
  tokens?: ArrayLike<number>;
}

/** One token's top-K log-probabilities and the mass outside them (the tail). */
export interface TopKRow {
  /** Token ids of the listed log-probabilities; omitted for a full row of `vocab` log-probabilities. */
  ids?: ArrayLike<number>;
  /** Natural-log probabilities, one per id (or the full row). */
  logprobs: ArrayLike<number>;
  /** Probability mass outside the listed ids, in [0, 1]; default 1 − Σ exp(logprobs). */
  tail?: number;
  /** The log-probability of the next token when it is not among `ids`. */
  tokenLogprob?: number;
}

/** A summary of one per-token quantity: mean ± uncertainty, extremes and percentiles. */
export interface TokenStatistics {
  mean: number;
  uncertainty: number;
  max: number;
  min: number;
  median: number;
  /** Percentiles at f·(n − 1), in the order llama.cpp prints them. */
  percentiles: { fraction: number; value: number }[];
  /** Number of values summarized. */
  count: number;
}

/** A bootstrap interval. */
export interface Interval {
  low: number;
  high: number;
}

/** Bootstrap confidence intervals of one per-token quantity. */
export interface BootstrapIntervals {
  mean: Interval;
  median: Interval;
  percentiles: { fraction: number; interval: Interval }[];
}

/** The report of a {@link ModelComparison}: every figure of llama.cpp's, plus the additions. */
export interface ModelComparisonResult {
  /** Number of scored tokens. */
  count: number;
  /** Unit of every divergence and log-perplexity. */
  unit: "nats";
  /** Perplexity statistics; absent when no next tokens were given. */
  perplexity?: {
    other: Estimate;
    base: Estimate;
    /**
     * Cor(ln PPL(Q), ln PPL(base)), in [−1, 1]; absent where it is 0/0: the per-token surprise of
     * a model has no spread (every token equally surprising, or one token).
     */
    correlation?: number;
    logRatio: Estimate;
    ratio: Estimate;
    difference: Estimate;
  };
  /** D(P‖Q) per token (P = base, the truth): llama.cpp's "KL divergence statistics". */
  kld: TokenStatistics;
  /** Δp = p_Q(next) − p_base(next), as probabilities (llama.cpp prints them in %). */
  deltaP?: TokenStatistics & { rms: Estimate };
  /** Fraction of tokens whose most likely next token is the same in both models. */
  sameTop: Estimate & { count: number };
  /** D(Q‖P) per token. */
  reverseKld?: TokenStatistics;
  /** Jensen–Shannon divergence per token. */
  js?: TokenStatistics;
  /** KL of the base's top-1 token seen as a yes/no event: Bernoulli(p_t) against Bernoulli(q_t). */
  top1Kld: TokenStatistics;
  /** Top-k agreement: `hit` = P's top token is among Q's k best; `overlap` = mean |top_k(P) ∩ top_k(Q)|/k. */
  topK: { k: number; hit: number; overlap: number; count: number }[];
  /** Seeded bootstrap confidence intervals, when asked for. */
  bootstrap?: {
    samples: number;
    seed: number;
    level: number;
    kld: BootstrapIntervals;
    deltaP?: BootstrapIntervals;
  };
}

/** Options of {@link ModelComparison.value}. */
export interface ModelValueOptions {
  /** Bootstrap resamples for confidence intervals (0: none, the default). */
  bootstrap?: number;
  /** Seed of the bootstrap. Default 42. */
  seed?: number;
  /** Confidence level of the intervals. Default 0.95. */
  level?: number;
}

/** Per-token values of a comparison, one entry per scored token, in input order. */
export interface PerToken {
  kld: Float64Array;
  reverseKld?: Float64Array;
  js?: Float64Array;
  top1Kld: Float64Array;
  /** −log p_base(next); absent without tokens. */
  nllBase?: Float64Array;
  /** −log p_Q(next). */
  nllOther?: Float64Array;
  /** p_Q(next) − p_base(next). */
  deltaP?: Float64Array;
  /** nll_Q − nll_base = log p_base(next) − log p_Q(next), exact also when they are close. */
  lnRatio?: Float64Array;
  /** 1 where the two models' top tokens agree. */
  sameTop: Uint8Array;
}

/** A growable Float64Array. */
