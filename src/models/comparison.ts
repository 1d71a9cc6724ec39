/**
 * Two language models compared token by token: the statistics of llama.cpp's
 * `llama-perplexity --kl-divergence` report, in the same definitions and in float64, plus reverse KL,
 * Jensen–Shannon, the KL of the top-1 token's probability, top-k agreement, seeded bootstrap
 * confidence intervals and the exact per-token values.
 */
import { SurprisalError } from "../errors.js";
import { jsDivergenceRows, klDivergenceRows } from "../measures/rows.js";
import { phi, psi } from "../numeric/phi.js";
import { checkSeed, createRng } from "../numeric/rng.js";
import { type FloatKind, widenHalf } from "./halves.js";
import { type Floats, logNormalizerCorrection, scanRow } from "./row.js";
import {
  covarianceOfMeans,
  DELTA_P_FRACTIONS,
  type Estimate,
  KLD_FRACTIONS,
  meanAndUncertainty,
  medianSorted,
  percentileSorted,
} from "./stats.js";

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
    /** Cor(ln PPL(Q), ln PPL(base)), in [−1, 1]. */
    correlation: number;
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
class Column {
  data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
  append(x: ArrayLike<number>): void {
    for (let i = 0; i < x.length; i++) this.push(x[i] as number);
  }
}

const COLUMNS = [
  "kld",
  "reverseKld",
  "js",
  "top1Kld",
  "nllBase",
  "nllOther",
  "lnRatio",
  "deltaP",
  "sameTop",
] as const;
type ColumnName = (typeof COLUMNS)[number];

/** Serialized state of a {@link ModelComparison} (see {@link ModelComparison.toJSON}). */
export interface ModelComparisonState {
  version: 1;
  options: ModelComparisonOptions;
  tokens: boolean | null;
  columns: Partial<Record<ColumnName, (number | string)[]>>;
  hits: number[];
  overlaps: number[];
  topKCounts: number[];
}

function encode(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function decode(x: number | string): number {
  return typeof x === "number" ? x : Number(x);
}

/**
 * Binary KL of Bernoulli(p) against Bernoulli(q) from log q and the exact d = log p − log q:
 * g(p, q) + g(1 − p, 1 − q) with g(a, b) = a·log(a/b) − a + b = b·ψ(log a − log b), where
 * (1 − p)/(1 − q) − 1 = −q·expm1(d)/(1 − q) is formed without cancellation, so the value keeps its
 * digits when p ≈ q.
 */
function bernoulliKl(lq: number, d: number): number {
  const q = Math.exp(lq);
  const q1 = -Math.expm1(lq);
  const first = q * psi(d);
  if (!(q1 > 0)) return d < 0 ? Number.POSITIVE_INFINITY : first; // q = 1: 1 − p > 0 = 1 − q when p < 1
  const r = (-q * Math.expm1(d)) / q1;
  return first + (r <= -1 ? q1 : q1 * phi(r));
}

/** −expm1-safe Δp = e^{lp_Q} − e^{lp_P} from the exact log difference d = lp_Q − lp_P. */
function deltaProbability(lpBase: number, d: number): number {
  return Math.exp(lpBase) * Math.expm1(d) + 0; // + 0: no −0 for identical models
}

/**
 * A streaming, mergeable comparison of two language models over the same tokens: the base model P
 * (the truth, e.g. the float16 original) and the other Q (e.g. its quantized twin). Rows arrive in
 * chunks ({@link add} for full rows of logits or log-probabilities, {@link addTopK} for top-K
 * log-probabilities with a tail mass); {@link value} yields every statistic of llama.cpp's
 * `llama-perplexity --kl-divergence` in its definitions (tools/perplexity/perplexity.cpp), in float64:
 *
 * - per token, nll = −log softmax(row)[next], KLD = D(P‖Q) = Σ p·log(p/q) (exact log-domain kernel,
 *   never negative, full relative accuracy when P ≈ Q), Δp = p_Q(next) − p_base(next), and whether
 *   the argmaxes (first index on ties) agree;
 * - mean ± √((E[x²] − E[x]²)/(n − 1)) (0 when n ≤ 10), covariance (E[ab] − E[a]E[b])/(n − 1)
 *   (0 when n < 10), PPL = exp(mean nll) ± PPL·σ, Cor = cov/(σ_Q σ_base),
 *   ln(PPL(Q)/PPL(base)) ± √(σ_Q² + σ_b² − 2cov), ratio = exp(·) ± ratio·σ,
 *   difference ± √(u_Q² + u_b² − 2·PPL_Q·PPL_b·cov), RMS Δp = √E[Δp²] ± ½·σ(Δp²)/RMS,
 *   Same top p ± √(p(1 − p)/(n − 1));
 * - percentiles interpolated at f·(n − 1) of the sorted values (f = 0.999 … 0.001), median, extremes.
 *
 * Added: reverse KL D(Q‖P), Jensen–Shannon, the KL of the top-1 token's probability, top-k agreement,
 * bootstrap intervals. Two accumulators over consecutive parts merge into the accumulator of the whole.
 *
 * @example
 * ```ts
 * const c = new ModelComparison({ vocab: 3 });
 * c.add({ base: new Float32Array([2, 1, 0, 0, 0, 3]), other: new Float32Array([2, 1, 0.5, 0, 0.1, 3]), tokens: [0, 2] });
 * const r = c.value();
 * r.count;           // 2
 * r.kld.mean;        // 0.005985181068044631
 * r.sameTop.value;   // 1
 * ```
 */
export class ModelComparison {
  readonly options: ModelComparisonOptions;
  private readonly ks: number[];
  private readonly kMax: number;
  private readonly cols: Record<ColumnName, Column>;
  private hasTokens: boolean | null = null;
  private readonly hits: number[];
  private readonly overlaps: number[];
  private readonly topKCounts: number[];
  // Scratch of the top-k scans.
  private readonly idxP: Int32Array;
  private readonly valP: Float64Array;
  private readonly idxQ: Int32Array;
  private readonly valQ: Float64Array;

  constructor(options: ModelComparisonOptions = {}) {
    const ks = [...(options.topK ?? [1, 5, 10])];
    for (const k of ks) {
      if (!Number.isInteger(k) || k < 1) {
        throw new SurprisalError(
          "invalid-option",
          `topK = ${k}: each k must be a positive integer`,
          {
            argument: "topK",
            value: k,
          },
        );
      }
    }
    const v = options.vocab;
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) {
      throw new SurprisalError("invalid-option", `vocab = ${v}: it must be a positive integer`, {
        argument: "vocab",
        value: v,
      });
    }
    if (options.input !== undefined && options.input !== "logits" && options.input !== "logprobs") {
      throw new SurprisalError(
        "invalid-input",
        `input = ${String(options.input)}: model rows are "logits" or "logprobs"`,
        { argument: "input", value: options.input },
      );
    }
    this.options = { ...options, topK: ks };
    this.ks = ks;
    this.kMax = Math.max(1, ...ks);
    this.cols = Object.fromEntries(COLUMNS.map((c) => [c, new Column()])) as Record<
      ColumnName,
      Column
    >;
    this.hits = ks.map(() => 0);
    this.overlaps = ks.map(() => 0);
    this.topKCounts = ks.map(() => 0);
    this.idxP = new Int32Array(this.kMax);
    this.valP = new Float64Array(this.kMax);
    this.idxQ = new Int32Array(this.kMax);
    this.valQ = new Float64Array(this.kMax);
  }

  /** Number of tokens accumulated so far. */
  get count(): number {
    return this.cols.kld.length;
  }

  private get baseName(): string {
    return this.options.baseName ?? "base";
  }

  private get otherName(): string {
    return this.options.otherName ?? "other";
  }

  private checkTokens(has: boolean): void {
    if (this.hasTokens === null) this.hasTokens = has;
    else if (this.hasTokens !== has) {
      throw new SurprisalError(
        "invalid-option",
        "tokens: some chunks give the next tokens and others do not: give them for every chunk or none",
        { argument: "tokens", value: has },
      );
    }
  }

  private widen(
    x: Float32Array | Float64Array | Uint16Array,
    kind: FloatKind | undefined,
    name: string,
  ): Floats {
    if (x instanceof Uint16Array) {
      if (kind !== "float16" && kind !== "bfloat16") {
        throw new SurprisalError(
          "invalid-option",
          `${name}: 16-bit rows need a kind, "float16" or "bfloat16", got ${String(kind)}`,
          { argument: name, value: kind },
        );
      }
      return widenHalf(x, kind);
    }
    if (x instanceof Float32Array || x instanceof Float64Array) return x;
    throw new SurprisalError(
      "invalid-option",
      `${name}: rows must be a Float32Array, Float64Array or Uint16Array`,
      { argument: name, value: x },
    );
  }

  /**
   * Adds a chunk of full rows (`rows × vocab`, row-major) of both models.
   * @throws {SurprisalError} `length-mismatch` when the shapes or the token count disagree;
   * `not-finite` for NaN/+∞ (naming the input, the row counted from the first chunk, and the column);
   * `out-of-range` for a token id outside the vocabulary.
   */
  add(chunk: ModelRows): this {
    const V = this.options.vocab;
    if (V === undefined) {
      throw new SurprisalError("invalid-option", "vocab: full rows need the vocabulary size", {
        argument: "vocab",
        value: V,
      });
    }
    const P = this.widen(chunk.base, chunk.baseKind, this.baseName);
    const Q = this.widen(chunk.other, chunk.otherKind, this.otherName);
    if (P.length % V !== 0) {
      throw new SurprisalError(
        "length-mismatch",
        `${this.baseName}: ${P.length} values are not a whole number of rows of vocab = ${V}`,
        { argument: this.baseName, value: P.length },
      );
    }
    if (Q.length !== P.length) {
      throw new SurprisalError(
        "length-mismatch",
        `${this.otherName}: ${Q.length / V} rows of ${V} values where ${this.baseName} has ${P.length / V}`,
        { argument: this.otherName, value: Q.length },
      );
    }
    const R = P.length / V;
    const tokens = chunk.tokens;
    this.checkTokens(tokens !== undefined);
    if (tokens !== undefined && tokens.length !== R) {
      throw new SurprisalError(
        "length-mismatch",
        `tokens: ${tokens.length} next tokens for ${R} rows`,
        { argument: "tokens", value: tokens.length },
      );
    }
    const row0 = this.count;
    // Validate, and the per-row scans: top-k, log-normalizers.
    const lseP = new Float64Array(R);
    const lseQ = new Float64Array(R);
    const topP = new Int32Array(R * this.kMax);
    const topQ = new Int32Array(R * this.kMax);
    for (let r = 0; r < R; r++) {
      lseP[r] = scanRow(P, r * V, V, this.kMax, this.idxP, this.valP, this.baseName, row0 + r);
      topP.set(this.idxP, r * this.kMax);
      lseQ[r] = scanRow(Q, r * V, V, this.kMax, this.idxQ, this.valQ, this.otherName, row0 + r);
      topQ.set(this.idxQ, r * this.kMax);
      if (tokens !== undefined) {
        const t = tokens[r] as number;
        if (!(Number.isInteger(t) && t >= 0 && t < V)) {
          throw new SurprisalError(
            "out-of-range",
            `tokens: row ${row0 + r} names token ${t}, outside the vocabulary 0 … ${V - 1}`,
            { argument: "tokens", index: row0 + r, value: t },
          );
        }
      }
    }
    const o = { columns: V, input: "logits" as const, threads: this.options.threads };
    const kld = klDivergenceRows(P, Q, o);
    const extras = this.options.extras !== false;
    const rev = extras ? klDivergenceRows(Q, P, o) : undefined;
    const js = extras ? jsDivergenceRows(P, Q, o) : undefined;
    const c = this.cols;
    for (let r = 0; r < R; r++) {
      const off = r * V;
      c.kld.push(kld[r] as number);
      if (rev) c.reverseKld.push(rev[r] as number);
      if (js) c.js.push(js[r] as number);
      const tp = topP[r * this.kMax] as number;
      const tq = topQ[r * this.kMax] as number;
      c.sameTop.push(tp === tq ? 1 : 0);
      // The difference of log-normalizers, exact when the rows are close at the tokens we read
      // (the rounding of each log-sum-exp, ~1e-16, would cost ~1e-16/|d| of the top-1 KL and of Δp).
      const dl = (lseP[r] as number) - (lseQ[r] as number);
      let corr = 0;
      const t = tokens === undefined ? tp : (tokens[r] as number);
      const dTop = (P[off + tp] as number) - (Q[off + tp] as number) - dl;
      const dTok = (P[off + t] as number) - (Q[off + t] as number) - dl;
      if (Math.abs(dTop) < 0.05 || Math.abs(dTok) < 0.05) {
        corr = logNormalizerCorrection(P, Q, off, V, lseP[r] as number, lseQ[r] as number);
      }
      // Top-1 KL: Bernoulli(p_t) vs Bernoulli(q_t), t = the base's argmax.
      const lqTop = (Q[off + tp] as number) - (lseQ[r] as number);
      const dt = dTop - corr;
      c.top1Kld.push(bernoulliKl(lqTop, dt));
      if (tokens !== undefined) {
        const nllP = (lseP[r] as number) - (P[off + t] as number);
        const nllQ = (lseQ[r] as number) - (Q[off + t] as number);
        c.nllBase.push(nllP);
        c.nllOther.push(nllQ);
        // log q_t − log p_t = −((z_t − w_t) − ΔL)
        const d = corr - dTok;
        c.deltaP.push(deltaProbability(-nllP, d));
        c.lnRatio.push(-d + 0);
      }
      this.agree(topP, topQ, r * this.kMax, Math.min(V, this.kMax), Math.min(V, this.kMax));
    }
    return this;
  }

  /** Top-k agreement of one row from the two descending top lists at `off` of lengths nP, nQ. */
  private agree(topP: Int32Array, topQ: Int32Array, off: number, nP: number, nQ: number): void {
    for (let j = 0; j < this.ks.length; j++) {
      const k = this.ks[j] as number;
      if (nP < k || nQ < k) continue;
      this.topKCounts[j]++;
      const first = topP[off] as number;
      let hit = 0;
      let overlap = 0;
      for (let a = 0; a < k; a++) {
        const id = topQ[off + a] as number;
        if (id === first) hit = 1;
        for (let b = 0; b < k; b++) {
          if (topP[off + b] === id) {
            overlap++;
            break;
          }
        }
      }
      this.hits[j] += hit;
      this.overlaps[j] += overlap;
    }
  }

  /**
   * Adds tokens given as top-K log-probabilities with a tail mass (the export of inference servers,
   * or a cache of the base's top-K). Each token's two distributions are compared on the coarsening
   * that both can resolve: the ids listed by both (all of the base's when the other row is full) and
   * one bucket for the rest. A divergence on a coarsening is a lower bound of the full one
   * (data-processing inequality), exact when the rest carries no mass.
   *
   * @param base - per token, the base model's top-K (with `ids`) and tail.
   * @param other - per token, the other model's top-K with `ids`, or a full row of `vocab` log-probabilities.
   * @param tokens - per token, the id of the next token (for PPL, Δp); its log-probability must be
   * listed or given as `tokenLogprob`.
   * @throws {SurprisalError} `out-of-range` for a tail outside [0, 1]; `sum` when listed mass and tail
   * do not add up to 1 (±1e-3); `not-finite` for NaN/+∞; `length-mismatch` for ids and log-probabilities
   * of different lengths; `invalid-option` for a missing next-token log-probability.
   */
  addTopK(base: readonly TopKRow[], other: readonly TopKRow[], tokens?: ArrayLike<number>): this {
    if (other.length !== base.length) {
      throw new SurprisalError(
        "length-mismatch",
        `${this.otherName}: ${other.length} tokens where ${this.baseName} has ${base.length}`,
        { argument: this.otherName, value: other.length },
      );
    }
    this.checkTokens(tokens !== undefined);
    if (tokens !== undefined && tokens.length !== base.length) {
      throw new SurprisalError(
        "length-mismatch",
        `tokens: ${tokens.length} for ${base.length} rows`,
        {
          argument: "tokens",
          value: tokens.length,
        },
      );
    }
    const c = this.cols;
    const extras = this.options.extras !== false;
    const topP = new Int32Array(this.kMax);
    const topQ = new Int32Array(this.kMax);
    for (let r = 0; r < base.length; r++) {
      const row = this.count;
      const bp = checkTopK(base[r] as TopKRow, this.baseName, row, false, this.options.vocab);
      const bq = checkTopK(other[r] as TopKRow, this.otherName, row, true, this.options.vocab);
      // The coarsening: ids known to both, then the rest.
      const zs: number[] = [];
      const ws: number[] = [];
      let restP = bp.tail;
      for (let i = 0; i < bp.ids.length; i++) {
        const id = bp.ids[i] as number;
        const lq = bq.lookup(id);
        if (lq === undefined) restP += Math.exp(bp.lps[i] as number);
        else {
          zs.push(bp.lps[i] as number);
          ws.push(lq);
        }
      }
      let restQ = bq.tail;
      for (const [id, lq] of bq.entries()) if (bp.lookup(id) === undefined) restQ += Math.exp(lq);
      zs.push(Math.log(restP));
      ws.push(Math.log(restQ));
      const z = Float64Array.from(zs);
      const w = Float64Array.from(ws);
      const o = { input: "logits" as const, columns: z.length };
      c.kld.push(klDivergenceRows(z, w, o)[0] as number);
      if (extras) {
        c.reverseKld.push(klDivergenceRows(w, z, o)[0] as number);
        c.js.push(jsDivergenceRows(z, w, o)[0] as number);
      }
      const nP = bp.top(this.kMax, topP);
      const nQ = bq.top(this.kMax, topQ);
      c.sameTop.push(nP > 0 && nQ > 0 && topP[0] === topQ[0] ? 1 : 0);
      const t0 = topP[0] as number;
      const lpTop = bp.lookup(t0) as number;
      const lqTop = bq.lookup(t0);
      c.top1Kld.push(lqTop === undefined ? Number.NaN : bernoulliKl(lqTop, lpTop - lqTop));
      if (tokens !== undefined) {
        const t = tokens[r] as number;
        const lp = bp.lookup(t) ?? (base[r] as TopKRow).tokenLogprob;
        const lq = bq.lookup(t) ?? (other[r] as TopKRow).tokenLogprob;
        if (lp === undefined || lq === undefined || !(lp <= 0) || !(lq <= 0)) {
          const name = lp === undefined || !(lp <= 0) ? this.baseName : this.otherName;
          throw new SurprisalError(
            "invalid-option",
            `${name}: row ${row} lists no log-probability (<= 0) for its next token ${t}`,
            { argument: name, index: row, value: t },
          );
        }
        c.nllBase.push(-lp);
        c.nllOther.push(-lq);
        c.deltaP.push(deltaProbability(lp, lq - lp));
        c.lnRatio.push(lp - lq);
      }
      this.agree(topP, topQ, 0, nP, nQ);
    }
    return this;
  }

  /**
   * Merges another comparison (of the tokens that follow this one's) into this one.
   * @throws {SurprisalError} `invalid-option` when one has next tokens and the other not, or their topK differ.
   */
  merge(other: ModelComparison): this {
    if (other.ks.join() !== this.ks.join()) {
      throw new SurprisalError("invalid-option", "topK: the two comparisons use different k", {
        argument: "topK",
        value: other.ks,
      });
    }
    if (other.hasTokens !== null) this.checkTokens(other.hasTokens);
    for (const name of COLUMNS) this.cols[name].append(other.cols[name].view());
    for (let j = 0; j < this.ks.length; j++) {
      this.hits[j] += other.hits[j] as number;
      this.overlaps[j] += other.overlaps[j] as number;
      this.topKCounts[j] += other.topKCounts[j] as number;
    }
    return this;
  }

  /** The per-token values (copies), in input order, for finding the worst positions. */
  perToken(): PerToken {
    const c = this.cols;
    const copy = (x: Column) => x.view().slice();
    const has = this.hasTokens === true;
    const extras = c.reverseKld.length === c.kld.length && c.kld.length > 0;
    return {
      kld: copy(c.kld),
      ...(extras ? { reverseKld: copy(c.reverseKld), js: copy(c.js) } : {}),
      top1Kld: copy(c.top1Kld),
      ...(has
        ? { nllBase: copy(c.nllBase), nllOther: copy(c.nllOther), deltaP: copy(c.deltaP) }
        : {}),
      sameTop: Uint8Array.from(c.sameTop.view()),
    };
  }

  /**
   * The statistics of the tokens so far.
   * @throws {SurprisalError} `empty` when no token was added; `invalid-option` for a bad bootstrap option.
   */
  value(options: ModelValueOptions = {}): ModelComparisonResult {
    const n = this.count;
    if (n === 0)
      throw new SurprisalError("empty", "no tokens were added", { argument: "rows", value: 0 });
    const c = this.cols;
    const sortedKld = c.kld.view().slice().sort();
    const result: ModelComparisonResult = {
      count: n,
      unit: "nats",
      kld: summarize(c.kld.view(), sortedKld, KLD_FRACTIONS),
      sameTop: sameTop(sumOf(c.sameTop.view()), n),
      top1Kld: summarizeFinite(c.top1Kld.view()),
      topK: this.ks.map((k, j) => {
        const m = this.topKCounts[j] as number;
        return {
          k,
          hit: m > 0 ? (this.hits[j] as number) / m : Number.NaN,
          overlap: m > 0 ? (this.overlaps[j] as number) / (m * k) : Number.NaN,
          count: m,
        };
      }),
    };
    let sortedDp: Float64Array | undefined;
    if (this.hasTokens) {
      const nllQ = c.nllOther.view();
      const nllB = c.nllBase.view();
      const q = meanAndUncertainty(nllQ);
      const b = meanAndUncertainty(nllB);
      const cov = covarianceOfMeans(nllQ, nllB);
      const pplQ = Math.exp(q.value);
      const pplB = Math.exp(b.value);
      // ln(PPL(Q)/PPL(base)) = mean(nll_Q − nll_base), and σ² + σ² − 2cov is the variance of the
      // per-token difference: the same quantities, formed from the exact per-token differences so
      // that near-identical models keep their digits (for n > 10; below, llama.cpp's formulas).
      const lnr = c.lnRatio.view();
      const big = n > 10;
      const d = meanAndUncertainty(lnr);
      const lr = big ? d.value : q.value - b.value;
      const lrU = big
        ? d.uncertainty
        : Math.sqrt(Math.max(q.uncertainty ** 2 + b.uncertainty ** 2 - 2 * cov, 0));
      const ratio = Math.exp(lr);
      const uQ = pplQ * q.uncertainty;
      const uB = pplB * b.uncertainty;
      const diff = pplB * Math.expm1(lr); // PPL(Q) − PPL(base) without cancellation
      let diffU: number;
      if (big) {
        // u_Q² + u_b² − 2·PPL_Q·PPL_b·cov = var(PPL_Q·nll_Q − PPL_b·nll_b)/(n − 1), per token
        // PPL_Q·(nll_Q − nll_b) + (PPL_Q − PPL_b)·nll_b.
        const y = new Float64Array(n);
        for (let i = 0; i < n; i++) y[i] = pplQ * (lnr[i] as number) + diff * (nllB[i] as number);
        diffU = meanAndUncertainty(y).uncertainty;
      } else diffU = Math.sqrt(Math.max(uQ * uQ + uB * uB - 2 * pplQ * pplB * cov, 0));
      result.perplexity = {
        other: { value: pplQ, uncertainty: uQ },
        base: { value: pplB, uncertainty: uB },
        correlation: cov / (q.uncertainty * b.uncertainty),
        logRatio: { value: lr, uncertainty: lrU },
        ratio: { value: ratio, uncertainty: ratio * lrU },
        difference: { value: diff, uncertainty: diffU },
      };
      const dp = c.deltaP.view();
      sortedDp = dp.slice().sort();
      const sq = new Float64Array(dp.length);
      for (let i = 0; i < dp.length; i++) sq[i] = (dp[i] as number) * (dp[i] as number);
      const mse = meanAndUncertainty(sq);
      const rms = Math.sqrt(mse.value);
      result.deltaP = {
        ...summarize(dp, sortedDp, DELTA_P_FRACTIONS),
        rms: { value: rms, uncertainty: rms > 0 ? (0.5 / rms) * mse.uncertainty : 0 },
      };
    }
    if (c.reverseKld.length === n) {
      result.reverseKld = summarize(
        c.reverseKld.view(),
        c.reverseKld.view().slice().sort(),
        KLD_FRACTIONS,
      );
      result.js = summarize(c.js.view(), c.js.view().slice().sort(), KLD_FRACTIONS);
    }
    const samples = options.bootstrap ?? 0;
    if (samples !== 0) {
      if (!(Number.isInteger(samples) && samples > 0)) {
        throw new SurprisalError(
          "invalid-option",
          `bootstrap = ${samples}: a positive integer of resamples`,
          {
            argument: "bootstrap",
            value: samples,
          },
        );
      }
      const level = options.level ?? 0.95;
      if (!(level > 0 && level < 1)) {
        throw new SurprisalError(
          "invalid-option",
          `level = ${level}: a confidence level in (0, 1)`,
          {
            argument: "level",
            value: level,
          },
        );
      }
      const seed = checkSeed(options.seed);
      const sets: { sorted: Float64Array; fractions: readonly number[] }[] = [
        { sorted: sortedKld, fractions: KLD_FRACTIONS },
      ];
      if (sortedDp) sets.push({ sorted: sortedDp, fractions: DELTA_P_FRACTIONS });
      const ci = bootstrapSorted(sets, samples, seed, level);
      result.bootstrap = {
        samples,
        seed,
        level,
        kld: ci[0] as BootstrapIntervals,
        ...(ci[1] ? { deltaP: ci[1] } : {}),
      };
    }
    return result;
  }

  /** The state as plain JSON (±∞ and NaN as strings), for {@link ModelComparison.fromJSON}. */
  toJSON(): ModelComparisonState {
    const columns: Partial<Record<ColumnName, (number | string)[]>> = {};
    for (const name of COLUMNS) {
      const v = this.cols[name].view();
      if (v.length > 0) columns[name] = Array.from(v, encode);
    }
    return {
      version: 1,
      options: this.options,
      tokens: this.hasTokens,
      columns,
      hits: [...this.hits],
      overlaps: [...this.overlaps],
      topKCounts: [...this.topKCounts],
    };
  }

  /** Restores a comparison from {@link ModelComparison.toJSON}'s state. */
  static fromJSON(state: ModelComparisonState): ModelComparison {
    if (state?.version !== 1) {
      throw new SurprisalError(
        "invalid-option",
        "state: not a ModelComparison state of version 1",
        {
          argument: "state",
          value: state?.version,
        },
      );
    }
    const m = new ModelComparison(state.options);
    m.hasTokens = state.tokens;
    for (const name of COLUMNS) {
      const v = state.columns[name];
      if (v) m.cols[name].append(v.map(decode));
    }
    for (let j = 0; j < m.ks.length; j++) {
      m.hits[j] = state.hits[j] ?? 0;
      m.overlaps[j] = state.overlaps[j] ?? 0;
      m.topKCounts[j] = state.topKCounts[j] ?? 0;
    }
    return m;
  }
}

function sumOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s;
}

function sameTop(k: number, n: number): Estimate & { count: number } {
  const p = k / n;
  return { value: p, uncertainty: n > 1 ? Math.sqrt((p * (1 - p)) / (n - 1)) : 0, count: k };
}

function summarize(
  x: Float64Array,
  sorted: Float64Array,
  fractions: readonly number[],
): TokenStatistics {
  const m = meanAndUncertainty(x);
  return {
    mean: m.value,
    uncertainty: m.uncertainty,
    max: sorted[sorted.length - 1] as number,
    min: sorted[0] as number,
    median: medianSorted(sorted),
    percentiles: fractions.map((f) => ({ fraction: f, value: percentileSorted(sorted, f) })),
    count: x.length,
  };
}

function summarizeFinite(x: Float64Array): TokenStatistics {
  const kept = x.filter((v) => !Number.isNaN(v));
  return summarize(kept, kept.slice().sort(), KLD_FRACTIONS);
}

/**
 * Percentile bootstrap of the mean, the median and the percentiles of sorted values: each resample
 * draws n indices with replacement (the same draws for every set), kept as counts over the sorted
 * values, so a resample's order statistics come from one cumulative scan, without sorting.
 */
function bootstrapSorted(
  sets: { sorted: Float64Array; fractions: readonly number[] }[],
  samples: number,
  seed: number,
  level: number,
): BootstrapIntervals[] {
  const n = (sets[0] as { sorted: Float64Array }).sorted.length;
  const rng = createRng(seed);
  const counts = new Uint32Array(n);
  const stats = sets.map((s) => ({
    mean: new Float64Array(samples),
    median: new Float64Array(samples),
    pct: s.fractions.map(() => new Float64Array(samples)),
  }));
  for (let b = 0; b < samples; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[rng.nextInt(0, n - 1)]++;
    sets.forEach((set, si) => {
      const st = stats[si] as (typeof stats)[number];
      const fr = [0.5, ...set.fractions];
      const pos = fr.map((f) => f * (n - 1));
      const out = fr.map(() => Number.NaN);
      const want: number[] = [];
      for (const p of pos) want.push(Math.floor(p));
      let sum = 0;
      let comp = 0;
      let seen = 0; // order statistics below this rank are passed
      for (let i = 0; i < n; i++) {
        const c = counts[i] as number;
        if (c === 0) continue;
        const v = set.sorted[i] as number;
        const term = c * v;
        const t = sum + term;
        comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
        sum = t;
        const next = seen + c;
        for (let j = 0; j < fr.length; j++) {
          const r = want[j] as number;
          if (r >= seen && r < next) out[j] = v; // x[r]; x[r + 1] filled below
        }
        seen = next;
      }
      // Second look for x[r + 1]: scan again only for the ranks that need it.
      const upper = fr.map(() => Number.NaN);
      seen = 0;
      for (let i = 0; i < n; i++) {
        const c = counts[i] as number;
        if (c === 0) continue;
        const next = seen + c;
        for (let j = 0; j < fr.length; j++) {
          const r = Math.min((want[j] as number) + 1, n - 1);
          if (r >= seen && r < next) upper[j] = set.sorted[i] as number;
        }
        seen = next;
      }
      st.mean[b] = (sum + comp) / n;
      for (let j = 0; j < fr.length; j++) {
        const t = (pos[j] as number) - (want[j] as number);
        const a = out[j] as number;
        const u = upper[j] as number;
        const v = t === 0 || a === u ? a : (1 - t) * a + t * u;
        if (j === 0) st.median[b] = v;
        else (st.pct[j - 1] as Float64Array)[b] = v;
      }
    });
  }
  const lo = (1 - level) / 2;
  const hi = 1 - lo;
  const interval = (x: Float64Array): Interval => {
    const s = x.slice().sort();
    return { low: percentileSorted(s, lo), high: percentileSorted(s, hi) };
  };
  return sets.map((set, si) => {
    const st = stats[si] as (typeof stats)[number];
    return {
      mean: interval(st.mean),
      median: interval(st.median),
      percentiles: set.fractions.map((f, j) => ({
        fraction: f,
        interval: interval(st.pct[j] as Float64Array),
      })),
    };
  });
}

/** A checked top-K row: ids, log-probabilities, tail, and lookups. */
interface CheckedTopK {
  ids: ArrayLike<number>;
  lps: ArrayLike<number>;
  tail: number;
  lookup(id: number): number | undefined;
  entries(): Iterable<[number, number]>;
  /** Writes up to k ids in descending log-probability (lower id first on ties); returns how many. */
  top(k: number, out: Int32Array): number;
}

function checkTopK(
  row: TopKRow,
  name: string,
  index: number,
  allowFull: boolean,
  vocab: number | undefined,
): CheckedTopK {
  const lps = row.logprobs;
  const full = row.ids === undefined;
  if (full && !allowFull) {
    throw new SurprisalError(
      "invalid-option",
      `${name}: row ${index} has no ids: the base's top-K needs them`,
      {
        argument: name,
        index,
      },
    );
  }
  if (full && vocab !== undefined && lps.length !== vocab) {
    throw new SurprisalError(
      "length-mismatch",
      `${name}: row ${index} has ${lps.length} log-probabilities where vocab = ${vocab}`,
      { argument: name, index, value: lps.length },
    );
  }
  const ids = row.ids ?? Int32Array.from({ length: lps.length }, (_, i) => i);
  if (ids.length !== lps.length) {
    throw new SurprisalError(
      "length-mismatch",
      `${name}: row ${index} lists ${ids.length} ids and ${lps.length} log-probabilities`,
      { argument: name, index, value: lps.length },
    );
  }
  const map = new Map<number, number>();
  let mass = 0;
  for (let i = 0; i < lps.length; i++) {
    const v = lps[i] as number;
    if (!(v <= 1e-6) || Number.isNaN(v)) {
      throw new SurprisalError(
        "not-finite",
        `${name}: row ${index}, entry ${i} holds log-probability ${v}: it must be <= 0 (or -Infinity)`,
        { argument: name, index, value: v },
      );
    }
    map.set(ids[i] as number, Math.min(v, 0));
    mass += Math.exp(v);
  }
  let tail = row.tail;
  if (tail === undefined) tail = full ? 0 : Math.max(0, 1 - mass);
  if (!(tail >= 0 && tail <= 1)) {
    throw new SurprisalError(
      "out-of-range",
      `${name}: row ${index} has tail mass ${tail}: it must lie in [0, 1]`,
      { argument: name, index, value: tail },
    );
  }
  if (!full && Math.abs(mass + tail - 1) > 1e-3) {
    throw new SurprisalError(
      "sum",
      `${name}: row ${index}: the listed probabilities (${mass}) and the tail (${tail}) add up to ${mass + tail}, not 1`,
      { argument: name, index, value: mass + tail },
    );
  }
  return {
    ids,
    lps,
    tail,
    lookup: (id) => map.get(id),
    entries: () => map.entries(),
    top(k, out) {
      const order = Array.from({ length: ids.length }, (_, i) => i);
      order.sort(
        (a, b) =>
          (lps[b] as number) - (lps[a] as number) || (ids[a] as number) - (ids[b] as number),
      );
      const m = Math.min(k, order.length);
      for (let i = 0; i < m; i++) out[i] = ids[order[i] as number] as number;
      return m;
    },
  };
}
