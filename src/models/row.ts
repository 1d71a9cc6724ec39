/**
 * One pass over a row of logits or log-probabilities: validation, the largest values (top-k, first
 * index wins ties) and the log-sum-exp, plus the exact log-normalizer difference of two rows for
 * near-identical models.
 */
import { SurprisalError } from "../errors.js";

/** A row of model outputs read in place: a flat array, the row's offset and its length. */
export type Floats = Float32Array | Float64Array;

/**
 * Scans `x[off .. off + n)`: refuses NaN and +∞ (−∞ is a zero probability), keeps the `k` largest
 * values in `idx`/`val` (descending; among equal values the lower index first, so `idx[0]` is the
 * first maximum as in llama.cpp) and returns log Σ exp(x).
 *
 * @throws {SurprisalError} `not-finite` naming `argument`, the row and the column; `zero` for a
 * row that is all −∞.
 */
export function scanRow(
  x: Floats,
  off: number,
  n: number,
  k: number,
  idx: Int32Array,
  val: Float64Array,
  argument: string,
  row: number,
): number {
  let cnt = 0;
  let last = Number.NEGATIVE_INFINITY; // the k-th largest so far once cnt = k
  for (let i = 0; i < n; i++) {
    const v = x[off + i] as number;
    if (!(v < Number.POSITIVE_INFINITY)) {
      throw new SurprisalError(
        "not-finite",
        `${argument}: row ${row}, column ${i} holds ${v}: a logit or log-probability must be finite or -Infinity`,
        { argument, index: row, value: v },
      );
    }
    if (cnt < k || v > last) {
      let j = cnt < k ? cnt++ : k - 1;
      while (j > 0 && (val[j - 1] as number) < v) {
        val[j] = val[j - 1] as number;
        idx[j] = idx[j - 1] as number;
        j--;
      }
      val[j] = v;
      idx[j] = i;
      if (cnt === k) last = val[k - 1] as number;
    }
  }
  const m = val[0] as number;
  if (m === Number.NEGATIVE_INFINITY) {
    throw new SurprisalError(
      "zero",
      `${argument}: row ${row} is -Infinity everywhere: it gives no distribution`,
      { argument, index: row, value: m },
    );
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp((x[off + i] as number) - m);
  return m + Math.log(s);
}

/**
 * The difference of the two rows' log-normalizers, ΔL = log Σ e^{zᵢ} − log Σ e^{wᵢ}, accurate to
 * a few ulps of ΔL (not of the normalizers): with q̃ᵢ = e^{wᵢ − Lw} and dᵢ = zᵢ − wᵢ − ΔL₀,
 * ΔL = ΔL₀ + log1p(Σ q̃ᵢ·expm1(dᵢ) / Σ q̃ᵢ), an identity for any reference ΔL₀ and scale Lw. Used
 * for near-identical rows, where Lz − Lw loses the digits that the token's Δp and the top-1 KL need.
 * Returns the correction ΔL − ΔL₀ (terms where Q is 0 enter as p̃ᵢ − q̃ᵢ = e^{zᵢ − ΔL₀ − Lw}), so that
 * callers form (zᵢ − wᵢ − ΔL₀) − correction, whose first difference is exact for
 * close values: ΔL itself, rounded to a double near |ΔL|, would lose ulp(ΔL)/2 of every small d.
 */
export function logNormalizerCorrection(
  z: Floats,
  w: Floats,
  off: number,
  n: number,
  lz: number,
  lw: number,
): number {
  const d0 = lz - lw;
  let sq = 0;
  let sd = 0;
  let cq = 0;
  let cd = 0;
  for (let i = 0; i < n; i++) {
    const a = z[off + i] as number;
    const b = w[off + i] as number;
    if (b === Number.NEGATIVE_INFINITY && a === Number.NEGATIVE_INFINITY) continue;
    // q̃·expm1(a − b − ΔL₀) = p̃ − q̃ with p̃ = e^{a − ΔL₀ − Lw}: the form for q̃ = 0 (where Q rules out
    // an outcome P allows) and for differences whose expm1 overflows.
    const q = b === Number.NEGATIVE_INFINITY ? 0 : Math.exp(b - lw);
    const d = a - b - d0;
    const t = q === 0 || d > 700 ? Math.exp(a - d0 - lw) - q : q * Math.expm1(d);
    // Neumaier steps for both sums.
    let s = sq + q;
    cq += Math.abs(sq) >= q ? sq - s + q : q - s + sq;
    sq = s;
    s = sd + t;
    cd += Math.abs(sd) >= Math.abs(t) ? sd - s + t : t - s + sd;
    sd = s;
  }
  return Math.log1p((sd + cd) / (sq + cq));
}
