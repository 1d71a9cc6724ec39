/**
 * Two language models compared token by token: the statistics of llama.cpp's
 * `llama-perplexity --kl-divergence` report, in the same definitions and in float64, plus reverse KL,
 * Jensen–Shannon, the KL of the top-1 token's probability, top-k agreement, seeded bootstrap
 * confidence intervals and the exact per-token values.
 */

import { SurprisalError } from "../errors.js";
import { jsDivergenceRows, klDivergenceRows } from "../measures/rows.js";
import { fastHooks } from "../numeric/fast-hooks.js";
import { sortNumbers } from "../numeric/order.js";
import { checkSeed } from "../numeric/rng.js";
import {
  COLUMNS,
  Column,
  type ColumnName,
  decode,
  encode,
  type ModelComparisonState,
} from "./columns.js";
import { type FloatKind, widenHalf } from "./halves.js";
import { type Floats, logNormalizerCorrection, scanRow } from "./row.js";
import {
  covarianceOfMeans,
  DELTA_P_FRACTIONS,
  KLD_FRACTIONS,
  meanAndUncertainty,
} from "./stats.js";
import { bootstrapSorted, sameTop, summarize, summarizeFinite, sumOf } from "./summary.js";
import { bernoulliKl, deltaProbability } from "./token-math.js";
import { checkTopK } from "./top-k.js";
import type {
  BootstrapIntervals,
  ModelComparisonOptions,
  ModelComparisonResult,
  ModelRows,
  ModelValueOptions,
  PerToken,
  TopKRow,
} from "./types.js";

export type { ModelComparisonState } from "./columns.js";
export type {
  BootstrapIntervals,
  Interval,
  ModelComparisonOptions,
  ModelComparisonResult,
  ModelRows,
  ModelValueOptions,
  PerToken,
  TokenStatistics,
  TopKRow,
} from "./types.js";

/** Refuses a next-token id outside the vocabulary. */
function checkToken(tokens: ArrayLike<number>, r: number, row: number, V: number): void {
  const t = tokens[r] as number;
  if (!(Number.isInteger(t) && t >= 0 && t < V)) {
    throw new SurprisalError(
      "out-of-range",
      `tokens: row ${row} names token ${t}, outside the vocabulary 0 … ${V - 1}`,
      { argument: "tokens", index: row, value: t },
    );
  }
}

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
    const topP = new Int32Array(R * this.kMax);
    const topQ = new Int32Array(R * this.kMax);
    const extras = this.options.extras !== false;
    // The fast path: every per-row quantity of the report from one kernel (assembly/model-rows.ts);
    // it declines rows with an invalid element, which the scans below then name precisely.
    const hook = fastHooks.modelRows;
    if (hook !== undefined && P instanceof Float32Array === Q instanceof Float32Array) {
      const fused = new Float64Array(8 * R);
      const ok = hook(
        P,
        Q,
        R,
        V,
        this.kMax,
        extras,
        fused,
        topP,
        topQ,
        tokens,
        this.options.threads,
      );
      if (ok === -1) {
        if (tokens !== undefined) for (let r = 0; r < R; r++) checkToken(tokens, r, row0 + r, V);
        this.addFused(P, Q, V, fused, topP, topQ, tokens, extras);
        return this;
      }
    }
    // Validate, and the per-row scans: top-k, log-normalizers.
    const lseP = new Float64Array(R);
    const lseQ = new Float64Array(R);
    for (let r = 0; r < R; r++) {
      lseP[r] = scanRow(P, r * V, V, this.kMax, this.idxP, this.valP, this.baseName, row0 + r);
      topP.set(this.idxP, r * this.kMax);
      lseQ[r] = scanRow(Q, r * V, V, this.kMax, this.idxQ, this.valQ, this.otherName, row0 + r);
      topQ.set(this.idxQ, r * this.kMax);
      if (tokens !== undefined) checkToken(tokens, r, row0 + r, V);
    }
    const o = { columns: V, input: "logits" as const, threads: this.options.threads };
    const kld = klDivergenceRows(P, Q, o);
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

  /**
   * The per-token columns of a chunk from the fused kernel's rows: `fused[8r ..]` = [D(P‖Q), D(Q‖P),
   * JS, log Σ e^z, log Σ e^w, c, corr, 0] where ΔL = c + corr is the exact log-normalizer difference,
   * so that z_t − w_t − ΔL = ((z_t − w_t) − c) − corr keeps its digits when the models are close.
   */
  private addFused(
    P: Floats,
    Q: Floats,
    V: number,
    fused: Float64Array,
    topP: Int32Array,
    topQ: Int32Array,
    tokens: ArrayLike<number> | undefined,
    extras: boolean,
  ): void {
    const c = this.cols;
    const R = P.length / V;
    const kMax = this.kMax;
    const kk = Math.min(V, kMax);
    for (let r = 0; r < R; r++) {
      const off = r * V;
      const f = 8 * r;
      c.kld.push(fused[f] as number);
      if (extras) {
        c.reverseKld.push(fused[f + 1] as number);
        c.js.push(fused[f + 2] as number);
      }
      const lP = fused[f + 3] as number;
      const lQ = fused[f + 4] as number;
      const c0 = fused[f + 5] as number;
      const corr = fused[f + 6] as number;
      const tp = topP[r * kMax] as number;
      const tq = topQ[r * kMax] as number;
      c.sameTop.push(tp === tq ? 1 : 0);
      const dTop = (P[off + tp] as number) - (Q[off + tp] as number) - c0 - corr;
      c.top1Kld.push(bernoulliKl((Q[off + tp] as number) - lQ, dTop));
      if (tokens !== undefined) {
        const t = tokens[r] as number;
        const nllP = lP - (P[off + t] as number);
        const nllQ = lQ - (Q[off + t] as number);
        // log q_t − log p_t = −((z_t − w_t − c) − corr)
        const d = corr - ((P[off + t] as number) - (Q[off + t] as number) - c0);
        c.nllBase.push(nllP);
        c.nllOther.push(nllQ);
        c.deltaP.push(deltaProbability(-nllP, d));
        c.lnRatio.push(-d + 0);
      }
      this.agree(topP, topQ, r * kMax, kk, kk);
    }
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
    const sortedKld = sortNumbers(c.kld.view().slice());
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
        ...(q.uncertainty > 0 && b.uncertainty > 0
          ? { correlation: cov / (q.uncertainty * b.uncertainty) }
          : {}),
        logRatio: { value: lr, uncertainty: lrU },
        ratio: { value: ratio, uncertainty: ratio * lrU },
        difference: { value: diff, uncertainty: diffU },
      };
      const dp = c.deltaP.view();
      sortedDp = sortNumbers(dp.slice());
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
        sortNumbers(c.reverseKld.view().slice()),
        KLD_FRACTIONS,
      );
      result.js = summarize(c.js.view(), sortNumbers(c.js.view().slice()), KLD_FRACTIONS);
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
