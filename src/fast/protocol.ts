/**
 * The job protocol between the calling thread and the worker threads, over a control block of
 * 32-bit integers in the shared kernels memory. A job is a list of chunks with fixed boundaries
 * (independent of the number of threads); every chunk writes its own state slot, and the caller
 * merges the slots in chunk order, so the result is the same for any thread count.
 *
 * Chunks are claimed with an atomic counter. Inputs that do not live in the kernels' memory are
 * copied in by the calling thread into a ring of slots, chunk by chunk, while the workers compute
 * (memory in proportion to the ring, not to the input). In such a job the calling thread takes its
 * own chunks from the back and computes them on a private plain memory (a plain memcpy instead of
 * the slower copy into shared memory); the workers take theirs from the front, through the ring.
 */

/** Indices into the control block (Int32). */
export const CTL = {
  /** Job sequence number (workers wait on it). */
  SEQ: 0,
  /** Sequence number of the open job, 0 when none is open. */
  OPEN: 1,
  /** Workers inside the open job: from their check of OPEN to the end of the chunk they run. */
  ACTIVE: 2,
  /**
   * Next chunk to claim from the front. In a two-ended job (TWO_ENDED = 1) the low 16 bits count
   * the chunks claimed from the front and the high 16 bits those the calling thread claimed from
   * the back (one atomic word, so a chunk is never claimed twice); chunk c is the front's to take
   * while c < chunks − back.
   */
  NEXT: 3,
  /** Chunks completed. */
  DONE: 4,
  /** Chunks available (copied in); equal to the chunk count for in-place inputs. */
  READY: 5,
  /** Workers that have started. */
  STARTED: 6,
  KIND: 8,
  F32: 9,
  /** Elements (KL, entropy) or rows (logits). */
  N: 10,
  /** Elements or rows per chunk. */
  CHUNK: 11,
  NCHUNKS: 12,
  PTR_A: 13,
  PTR_B: 14,
  STATES: 15,
  FLAGS: 16,
  /** Ring slots (0: inputs read in place). */
  RING: 17,
  /** Bytes per ring slot, per input. */
  SLOT: 18,
  COLS: 19,
  OUT: 20,
  /** JS: how p̂ − q̂ is formed (0: balanced, λ = 1; 1: balanced, λ ≠ 1; 2: unbalanced). */
  MODE: 21,
  /** 1 when the calling thread also claims chunks from the back (see NEXT). */
  TWO_ENDED: 22,
  /**
   * Byte offset of the row-scratch table of a MODEL job with Jensen–Shannon ([pointer, bytes] per
   * worker, by the worker's start order; see setRowScratch in assembly/model-rows.ts), 0 when none.
   */
  SCRATCH: 23,
  /** A word that stays 0, for timed sleeps with Atomics.wait. */
  PARK: 24,
  /** Byte offset of a float64 parameter (entropy reference M, or KL's scale λ) within the block. */
  F64_PARAM_BYTE: 128,
  /** JS: byte offsets of 1/Sp, 1/Sq and r = δ/SqL (λ is at F64_PARAM_BYTE). */
  F64_INV_SP_BYTE: 136,
  F64_INV_SQ_BYTE: 144,
  F64_R_BYTE: 152,
  /** Rényi: the scale λ of Q for counts of different totals (1 otherwise). */
  F64_LAMBDA_BYTE: 160,
  /** A sixth float64 parameter (LOGIT_TERMS: Sq/Sp). */
  F64_AUX_BYTE: 168,
  /** Size of the control block in bytes. */
  BYTES: 256,
} as const;

/**
 * Job kinds (the kernel a job runs). ENTROPY: the maximum and the sums of a chunk in one pass, relative
 * to the chunk's own maximum (assembly/entropy-fused.ts). PAIR: total variation or Hellinger
 * (assembly/pair-sum.ts; the measure in the mode's bits 2 and up). RENYI: the sums and extremes of
 * a Rényi divergence (assembly/renyi.ts; β = 1 − α is the float64 parameter, shift = log1p(δ/SqL)
 * takes the place of r). TOTALS: Σp, Σq, Σ(p − q) of a pair and its validity
 * (assembly/pair-totals.ts; with MODE 1 or 2 also the total-variation or Hellinger sums). CROSS: the
 * maximum of q and the sums of a cross-entropy chunk in one pass (assembly/cross-entropy.ts).
 */
export const JOB_KIND = {
  KL: 1,
  ENTROPY_SUMS: 2,
  LOGITS: 3,
  MAX: 4,
  JS: 5,
  ENTROPY: 6,
  PAIR: 7,
  /**
   * Two models' rows compared (assembly/model-rows.ts): one record per row at OUT, MODE = 2·k + JS;
   * no chunk state.
   */
  MODEL: 8,
  RENYI: 9,
  TOTALS: 10,
  /**
   * Jensen–Shannon, total variation or Hellinger (MODE 0, 1, 2) of rows of logits or
   * log-probabilities (assembly/logit-pair-rows.ts): one 32-byte record per row at OUT; no chunk
   * state.
   */
  LOGIT_PAIR: 12,
  CROSS: 13,
  /** TOTALS, then the Rényi sums of the raw inputs (assembly/pair-totals.ts; β in the parameter). */
  TOTALS_RENYI: 14,
  /**
   * The contributions p̂ᵢ·(log(pᵢ/qᵢ) − shift)/log b of a pair, one float64 per element at OUT
   * (assembly/contributions.ts; 1/Sp, shift and 1/log b in the INV_SP, R and float64 parameters); with
   * MODE 1, of logits (max z, c₁, er in INV_SP, R, INV_SQ; 1/(log b·Σ e^{z − max z}) in the float64 one); no chunk state.
   */
  CONTRIB: 15,
  /**
   * The log-domain KL state of logits or log-probabilities per chunk (assembly/kl-logits.ts,
   * klLogChunk; 104 bytes: the layout KLL of src/numeric/kl-log-kernel.ts).
   */
  KL_LOG: 16,
  /**
   * The log-domain entropy sums of logits per chunk (assembly/entropy-logits.ts, entropyLogChunk;
   * 48 bytes: [m, k, rest (hi, lo), T (hi, lo)]).
   */
  ENT_LOG: 17,
  /**
   * One long pair of logits or log-probabilities over threads (assembly/logit-pair-rows.ts), pass 1:
   * the maxima of each chunk (16 bytes: max z, max w; −∞ for a chunk all −∞).
   */
  LOGIT_MAX: 18,
  /** Pass 2: Sq, Sp, δ (hi, lo) of each chunk for the row's maxima (in INV_SP, INV_SQ); 48 bytes. */
  LOGIT_SUMS: 19,
  /**
   * Pass 3: the terms of JS, TV, Hellinger or Rényi (MODE 0–3; α in the float64 parameter) of each
   * chunk, for the normalizers max z, max w, c₁, er, Sq/Sp in INV_SP, INV_SQ, R, LAMBDA, AUX; 88
   * bytes (assembly/logit-pair-rows.ts, renyiTerms).
   */
  LOGIT_TERMS: 20,
  /**
   * KL of rows of probabilities or counts (MODE 1; rows × COLS, row-major): each row's KL state as
   * the single-vector kernel forms it (assembly/kl-scaled.ts, klRowsRange; 80 bytes: G, Sp, Sq, δ
   * as hi/lo pairs, the count of q = 0 < p, λ) at OUT + 80·row; no chunk state.
   */
  KL_ROWS: 21,
  /**
   * Entropy of rows of probabilities or counts (rows × COLS, row-major, one input): each row's
   * fused entropy state (assembly/entropy-fused.ts; 40 bytes: m, S, B) at OUT + 40·row.
   */
  ENT_ROWS: 22,
  /**
   * Total variation or Hellinger (MODE 1, 2) of rows of probabilities or counts (rows × COLS): each
   * row's totals and sums as the totals pass forms a vector's (assembly/pair-totals.ts; 96 bytes:
   * Sp, Sq, δ, A, B as hi/lo pairs, K) at OUT + 96·row.
   */
  PAIR_ROWS: 23,
  /**
   * Jensen–Shannon of rows of probabilities or counts (rows × COLS): each row's Σ (m/4)·j(s) into
   * its 56-byte record at OUT + 56·row, [hi, lo, 1/Sp, 1/Sq, λ, r, mode], whose parameters the
   * calling thread wrote from the row's totals (assembly/js.ts, jsRowsRange).
   */
  JS_ROWS: 24,
  /**
   * Rényi of rows of probabilities or counts, pass 1 (rows × COLS; β in the float64 parameter, the
   * kernel's mode in MODE): each row's totals and the Rényi sums of its raw inputs as the totals
   * pass forms a vector's (assembly/renyi.ts, renyiTotalsRows; 144 bytes: Sp, Sq, δ as hi/lo pairs,
   * then the 12 sums and extremes) at OUT + 144·row; a 280-byte chunk state as scratch.
   */
  RENYI_TOTALS_ROWS: 25,
  /**
   * Rényi of rows, pass 2: the sums and extremes of each row whose 128-byte record at OUT + 128·row
   * holds its parameters [1/Sp, 1/Sq, shift, λ] at bytes 96..128 (written by the calling thread from
   * pass 1; 1/Sp = 0 skips the row), as the Rényi kernel forms a vector's, in the record's first 96
   * bytes (assembly/renyi.ts, renyiRows); a 280-byte chunk state as scratch.
   */
  RENYI_ROWS: 26,
  /**
   * Cross-entropy of rows of probabilities or counts (rows × COLS): each row's state as the
   * cross-entropy kernel forms a vector's (assembly/cross-entropy.ts, crossRows; 64 bytes: M, Sp, Sq,
   * B as hi/lo pairs, K) at OUT + 64·row.
   */
  CROSS_ROWS: 27,
} as const;

/**
 * The kinds whose jobs run by rows of COLS elements (a chunk is a number of rows), with the bytes
 * of each row's record at OUT (MODEL: 0 here, its records depend on MODE, see modelRecordBytes).
 */
export const ROW_BYTES: Readonly<Record<number, number>> = {
  [JOB_KIND.LOGITS]: 32,
  [JOB_KIND.MODEL]: 0,
  [JOB_KIND.LOGIT_PAIR]: 32,
  [JOB_KIND.KL_ROWS]: 80,
  [JOB_KIND.ENT_ROWS]: 40,
  [JOB_KIND.PAIR_ROWS]: 96,
  [JOB_KIND.JS_ROWS]: 56,
  [JOB_KIND.RENYI_TOTALS_ROWS]: 144,
  [JOB_KIND.RENYI_ROWS]: 128,
  [JOB_KIND.CROSS_ROWS]: 64,
};

/** Bytes of one chunk state slot, per kind. */
export const STATE_BYTES = {
  1: 80,
  2: 32,
  3: 0,
  4: 8,
  5: 16,
  6: 40,
  7: 16,
  8: 0,
  9: 280,
  10: 96,
  12: 0,
  13: 64,
  14: 376,
  15: 0,
  16: 104,
  17: 48,
  18: 16,
  19: 48,
  20: 88,
  21: 0,
  22: 0,
  23: 0,
  24: 0,
  25: 280,
  26: 280,
  27: 0,
} as const;

/** Bytes of one row's record of a MODEL job for top-k of k (as recordBytes of assembly/model-rows.ts). */
export function modelRecordBytes(k: number): number {
  return (64 + 24 * k + 15) & ~15;
}
