/**
 * Registration point for accelerated kernels (WebAssembly SIMD, threads). The TypeScript kernels in
 * `kernels.ts` consult these hooks; an accelerated implementation registers itself here at import
 * time and must produce the same state (to rounding) as the TypeScript kernel it replaces.
 *
 * Every hook returns −1 when the whole range was valid and accumulated, or the index of the first
 * offending element (negative or not finite), in which case the state is left untouched and the
 * TypeScript path re-scans the range to raise the precise error. `threads` is the caller's
 * `threads` option (undefined: the default, all cores); results must not depend on it.
 *
 * The row-wise hooks of two inputs take `rows` rows of `columns` in each, or in one of them a single
 * row of `columns` broadcast against the other's rows (the hook repeats it: the values are those of
 * the rows given in full).
 */
export interface FastHooks {
  /**
   * KL of probabilities/counts over `p[start..end)`, `q[start..end)`, accumulated into
   * `state` = [G_hi, G_lo, Sp_hi, Sp_lo, Sq_hi, Sq_lo, δ_hi, δ_lo, infinite, n, λ] (the layout `KL`
   * of kernels.ts; Q is scaled by the state's λ, which the hook reads and leaves as it is).
   */
  /**
   * KL states of rows of probabilities/counts (rows × columns, row-major, both of one float type):
   * the rows' states, row r at `[10r .. 10r + 10)` = [G, Sp, Sq, δ (hi, lo each), infinite, λ]
   * (as klDivergence forms a whole vector's: for `counts`, Q scaled by λ = Σp/Σq, NaN where that is
   * not a normal double), in a view that is valid until the next call of a hook; or undefined when
   * declined (an element may be invalid, memory, shapes).
   */
  klRows?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    rows: number,
    columns: number,
    counts: boolean,
    threads?: number,
  ) => Float64Array | undefined;
  /**
   * Fused entropy states of rows of probabilities/counts (rows × columns, row-major): row r at
   * `[5r .. 5r + 5)` = [m, S (hi, lo), B (hi, lo)] (as entropyChunk adds a whole vector's, through
   * addFusedEntropy of entropy-kernel.ts), in a view that is valid until the next call of a hook;
   * or undefined when declined (an element may be invalid, memory, shapes).
   */
  /**
   * The totals and the sums of total variation (`mode` 1) or Hellinger (2) of rows of
   * probabilities/counts (rows × columns): row r at `[12r .. 12r + 12)` = [Sp, Sq, δ, A, B (hi, lo
   * each), K, 0] (the layout of pairTotals' `out` with its mode), in a view valid until the next
   * call of a hook; or undefined when declined (an element may be invalid, memory, shapes).
   */
  pairRows?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    rows: number,
    columns: number,
    mode: 0 | 1 | 2,
    threads?: number,
  ) => Float64Array | undefined;
  /**
   * Jensen–Shannon sums Σ (mᵢ/4)·j(sᵢ) of rows of probabilities/counts (rows × columns): the rows'
   * totals (the layout of `pairRows`, mode 0) are handed to `fill`, which writes each row's kernel
   * parameters [1/Sp, 1/Sq, λ, r = δ/SqL, form] at `records[7r + 2 .. 7r + 7)` (see jsSum) or
   * returns false (declined); then the rows' sums (hi, lo) at `records[7r], [7r + 1]`, in a view
   * valid until the next call of a hook; or undefined when declined.
   */
  jsRows?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    rows: number,
    columns: number,
    fill: (totals: Float64Array, records: Float64Array) => boolean,
    threads?: number,
  ) => Float64Array | undefined;
  /**
   * Rényi sums of rows of probabilities/counts (rows × columns; order α = 1 − β, the Rényi kernel's
   * `mode`): each row's totals and the sums of its raw inputs (`totals`, 18 per row, the layout of
   * `pairTotals` with mode 3) are handed to `fill`, which writes the kernel parameters [1/Sp, 1/Sq,
   * shift, λ] of the rows that need the Rényi kernel at `records[16r + 12 .. 16r + 16)` (else 1/Sp = 0) and
   * returns how many do (−1 declines); then those rows' sums (the layout of `renyiSums`) at
   * `records[16r .. 16r + 12)`, returned as a view valid until the next call of a hook; undefined
   * when declined.
   */
  renyiRows?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    rows: number,
    columns: number,
    beta: number,
    mode: number,
    fill: (totals: Float64Array, records: Float64Array) => number,
    threads?: number,
  ) => Float64Array | undefined;
  /**
   * Cross-entropy states of rows of probabilities/counts (rows × columns): row r at `[8r .. 8r + 8)`
   * = [M, Sp, Sq, B (hi, lo each), K] as `crossEntropySums` forms a vector's, in a view valid until
   * the next call of a hook; undefined when declined (an element may be invalid, a largest q beyond
   * 2^1000: the caller then takes H + D).
   */
  crossRows?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    rows: number,
    columns: number,
    threads?: number,
    /** 1 for probabilities (see `crossEntropySums`). */
    bound?: number,
  ) => Float64Array | undefined;
  entropyRows?: (
    x: Float64Array | Float32Array,
    rows: number,
    columns: number,
    threads?: number,
    /** 1 for probabilities: every element is at most 1, the reference of a one-pass kernel. */
    bound?: number,
  ) => Float64Array | undefined;
  klChunk?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    start: number,
    end: number,
    state: Float64Array,
    threads?: number,
  ) => number;
  /**
   * Cross-entropy sums of a pair of probabilities/counts (src/measures/cross-entropy.ts): writes
   * `out` = [M, Sp_hi, Sp_lo, Sq_hi, Sq_lo, B_hi, B_lo, K] with M = max qᵢ, B = Σ pᵢ·log(M/qᵢ) over
   * the outcomes with qᵢ > 0 and K the count of outcomes with pᵢ > 0 = qᵢ, and returns true; false
   * when an element may be invalid, a sum (B too) overflows, M is beyond 2^1000, or the hook declines (the
   * measure then takes H(P) + D(P‖Q), which raises the precise error).
   */
  crossEntropySums?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    out: Float64Array,
    threads?: number,
    /** 1 for probabilities: every qᵢ is at most 1, the reference of a one-pass kernel. */
    bound?: number,
  ) => boolean;
  /**
   * Row-wise entropy of logits in nats (`rows` rows of `columns`) into `out`, and with `masses`
   * each row's log Σ e^z into `masses[2r]`; returns −1, or 0 when declined (an invalid element or
   * a row all −∞: the TypeScript path raises the precise error).
   */
  entropyLogitsRows?: (
    z: Float64Array | Float32Array,
    rows: number,
    columns: number,
    out: Float64Array,
    threads?: number,
    masses?: Float64Array,
  ) => number;
  /**
   * Entropy of probabilities/counts over `x[start..end)` accumulated into
   * `state` = [M, S_hi, S_lo, B_hi, B_lo, n] (see kernels.ts).
   */
  entropyChunk?: (
    x: Float64Array | Float32Array,
    start: number,
    end: number,
    state: Float64Array,
    threads?: number,
    /** 1 for probabilities: every element is at most 1, the reference of a one-pass kernel. */
    bound?: number,
  ) => number;
  /**
   * The contributions p̂ᵢ·(log(pᵢ/qᵢ) − shift)·ilb of probabilities or counts into `out` (ip = 1/Sp,
   * ilb = 1/log b; 0 where pᵢ = 0, +∞ where qᵢ = 0 < pᵢ); false when declined (memory).
   */
  /**
   * The contributions e^{zᵢ − Lz}·log(p̂ᵢ/q̂ᵢ)·ilb of logits or log-probabilities into `out`;
   * returns [log Σ e^z, log Σ e^w], or undefined when declined (an invalid element, memory).
   */
  contributionsLogits?: (
    z: Float64Array | Float32Array,
    w: Float64Array | Float32Array,
    out: Float64Array,
    ilb: number,
    threads?: number,
  ) => [number, number] | undefined;
  /**
   * The contributions p̂ᵢ·(log(pᵢ/λqᵢ) − shift)·ilb of a validated pair of probabilities or counts
   * into `out` (ip = 1/Sp, shift = log1p(δ/SqL); λ = Sp/Sq for counts of different totals, else 1,
   * λqᵢ carried exactly); false when declined (memory).
   */
  contributions?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    out: Float64Array,
    ip: number,
    shift: number,
    ilb: number,
    threads?: number,
    lambda?: number,
  ) => boolean;
  /**
   * The log-domain entropy state (ENTL) of logits or log-probabilities over z[start..end) merged
   * into `state`; returns −1, or the index of the first NaN or +∞ element.
   */
  entropyLogChunk?: (
    z: Float64Array | Float32Array,
    start: number,
    end: number,
    state: Float64Array,
    threads?: number,
  ) => number;
  /**
   * The log-domain KL state (KLL) of logits or log-probabilities over z[start..end), w[start..end)
   * merged into `state`; returns −1, or the index of the first NaN or +∞ element.
   */
  klLogChunk?: (
    z: Float64Array | Float32Array,
    w: Float64Array | Float32Array,
    start: number,
    end: number,
    state: Float64Array,
    threads?: number,
  ) => number;
  /**
   * Row-wise KL of logits (softmax of each row of `p` and `q`, rows × columns, row-major) into
   * `out`, and with `masses` the rows' log Σ e^z and log Σ e^w into `masses[2r ..]`. Returns −1, or
   * 0 when declined (an invalid element or a row all −∞: the TypeScript path raises the error).
   */
  klLogitsRows?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    rows: number,
    columns: number,
    out: Float64Array,
    threads?: number,
    masses?: Float64Array,
  ) => number;
  /**
   * Two language models' rows compared (src/models): for each pair of rows of logits (rows ×
   * columns, row-major), `out[8r .. 8r + 8)` = [D(P‖Q), D(Q‖P), JS (NaN unless `js`), log Σ e^z,
   * log Σ e^w, c, corr, 0] with the exact log-normalizer difference c + corr (c = max z − max w, or
   * a closer reference where the next token's or the top-1's log-ratio is small), and
   * the indices of each row's k largest values (descending, lower index first among equals) in
   * `topP`, `topQ` (k per row). Returns −1 on success, else a non-negative number: the TypeScript
   * path then computes the rows (and raises the precise error for an invalid one).
   */
  modelRows?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    rows: number,
    columns: number,
    k: number,
    js: boolean,
    out: Float64Array,
    topP: Int32Array,
    topQ: Int32Array,
    tokens: ArrayLike<number> | undefined,
    threads?: number,
  ) => number;
  /**
   * Jensen–Shannon sum of a validated pair of probabilities/counts read in place (see
   * src/measures/js.ts and src/input/pair.ts): Σᵢ (mᵢ/4)·j(sᵢ) with mᵢ = pᵢ/Sp + qᵢ/Sq,
   * sᵢ = (p̂ᵢ − q̂ᵢ)/mᵢ, p̂ᵢ − q̂ᵢ = ((pᵢ − λqᵢ) − λqᵢ·δ/SqL)/Sp when `balanced`, else pᵢ/Sp − qᵢ/Sq,
   * and j(s) = (1 + s)·log1p(s) + (1 − s)·log1p(−s). Writes the compensated sum as
   * `out` = [hi, lo] and returns true, or returns false (declined: the TypeScript loop runs).
   * Unlike the other hooks it does not validate: `linearPair` has already done so.
   */
  jsSum?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    pair: {
      sp: number;
      sq: number;
      lambda: number;
      sqL: number;
      delta: number;
      balanced: boolean;
    },
    out: Float64Array,
    threads?: number,
  ) => boolean;
  /**
   * Total variation (`measure` 0: Σ |p̂ᵢ − q̂ᵢ|) or Hellinger (1: Σ ((p̂ᵢ − q̂ᵢ)/(√p̂ᵢ + √q̂ᵢ))²) sum of a
   * validated pair read in place, p̂ᵢ − q̂ᵢ formed as for `jsSum`; writes [hi, lo] to `out` and
   * returns true, or returns false (declined: the TypeScript loop runs).
   */
  pairSum?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    pair: {
      sp: number;
      sq: number;
      lambda: number;
      sqL: number;
      delta: number;
      balanced: boolean;
    },
    measure: 0 | 1,
    out: Float64Array,
    threads?: number,
  ) => boolean;
  /**
   * Totals of a pair of probabilities/counts: writes `out` = [Sp_hi, Sp_lo, Sq_hi, Sq_lo, δ_hi, δ_lo]
   * (δ = Σ(p − q), compensated) and returns true when every element is finite and ≥ 0 and the sums
   * are finite; returns false otherwise (invalid elements, overflow, or declined: the TypeScript
   * loops of linearPair run and raise the precise error). With `mode` 1 (total variation) or 2
   * (Hellinger), `out` holds 11 numbers: the same pass also writes the sums A, B (hi, lo pairs) and
   * the count K of src/numeric/pair-sum-kernel.ts (fusedPairSum) at out[6..11); with `mode` 3 and
   * `renyi` (β = 1 − α and the Rényi kernel's mode), `out` holds 18 numbers: the Rényi sums of the
   * raw inputs (the layout of `renyiSums`, with 1/Sp = 1/Sq = 1 and shift 0) at out[6..18).
   */
  pairTotals?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    out: Float64Array,
    threads?: number,
    mode?: 0 | 1 | 2 | 3,
    renyi?: { beta: number; mode: 0 | 1 | 2 },
  ) => boolean;
  /**
   * The sums and extremes of a Rényi divergence of order α = 1 − β of a validated pair of
   * probabilities or counts read in place (balanced totals; see src/measures/renyi.ts), with
   * p̂ᵢ = pᵢ/Sp, q̂ᵢ = qᵢ/Sq and ℓᵢ = log(q̂ᵢ/p̂ᵢ) = shift − log(pᵢ/λqᵢ) (λ = Sp/Sq for counts of
   * different totals, else 1; λqᵢ carried exactly), shift = log1p(δ/SqL). Writes
   * `out` = [Σ_{p>0} p̂·ψβ(ℓ) (hi, lo), Σ_{p,q>0} p̂·e^{βℓ} (hi, lo), Σ_{p=0} q̂ (hi, lo),
   * Σ_{p>0} q̂ (hi, lo), max ℓ, min ℓ (over p, q > 0), count of q = 0 < p, flags] and returns true,
   * or returns false (declined: the TypeScript loop runs). Flag bit 1: some chunk had
   * |β|·max|ℓ| > 1 (the ψ-sum is incomplete); bit 2: |ℓ| > 700 where the ψ-sum was formed (it is
   * not valid). The e-sum is valid only for |β|·max|ℓ| ≤ 700. `mode` 1 (α = 2) and 2 (α = ½) form
   * the e-sum without the factor e^{β·shift} and write max p/q, min p/q in place of max ℓ, min ℓ
   * (assembly/renyi.ts). With bit 4 of `mode`, the ψ-sum is formed up to |β|·max|ℓ| ≤ 600 (flag
   * bit 1 beyond), for the cases where the e-sum is near 1 (see src/measures/renyi.ts).
   */
  renyiSums?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    pair: { sp: number; sq: number; shift: number; lambda?: number },
    beta: number,
    mode: number,
    out: Float64Array,
    threads?: number,
  ) => boolean;
  /**
   * Row-wise Jensen–Shannon (`measure` 0: Σ (m̂ᵢ/2)·j(sᵢ)/2 in nats), total variation (1) or
   * Hellinger (2) or the Rényi divergence of order `alpha` ≠ 1 (3, in nats, not yet clamped at 0) of
   * logits or log-probabilities (softmax of each row of `p` and `q`, rows × columns, row-major;
   * assembly/logit-pair-rows.ts): `out[4r .. 4r + 4)` = [value, log Σ e^z, log Σ e^w, 0] (the
   * log-masses for the sum check of log-probabilities). JS is not capped at log 2 here.
   * Returns −1 on success, else a non-negative number: the TypeScript path then computes the rows
   * (and raises the precise error for an invalid one).
   */
  logitPairRows?: (
    p: Float64Array | Float32Array,
    q: Float64Array | Float32Array,
    rows: number,
    columns: number,
    measure: 0 | 1 | 2 | 3,
    out: Float64Array,
    threads?: number,
    alpha?: number,
  ) => number;
  /**
   * float16 (`kind` 0) or bfloat16 (1) bit patterns widened to float32 in place in the kernels'
   * memory (src/models/halves.ts, widenHalf); returns false (the TypeScript loop runs) unless both
   * arrays live there.
   */
  widenHalf?: (bits: Uint16Array, kind: 0 | 1, out: Float32Array) => boolean;
  /**
   * Rows of a llama.cpp base file (per row at `raw[r·stride]`: scale and min as float32, then
   * `columns` uint16 q) to float32 log-probabilities (scale·q)_f32 + min, in the kernels' memory
   * (src/models/halves.ts, dequantizeRows); returns false unless both arrays live there.
   */
  dequantizeRows?: (
    raw: Uint16Array,
    rows: number,
    stride: number,
    columns: number,
    out: Float32Array,
  ) => boolean;
  /** Smallest length for which the hooks are worth calling (below it the TypeScript loop wins). */
  minLength?: number;
}

/** The registered accelerated kernels (empty when none is available: the TypeScript path runs). */
export const fastHooks: FastHooks = {};
