import { fastHooks } from "./fast-hooks.js";
import { logRatio } from "./phi.js";
import { compensatedAdd, compensatedMerge, neumaierError } from "./sum.js";
import { VALID } from "./valid.js";

/** Layout of the entropy state: the largest value M, S = Σ x, B = Σ x·log(M/x), the length. */
export const ENT = { M: 0, S: 1, B: 3, N: 5, SIZE: 6 } as const;

/** A fresh entropy state. */
export function entropyState(): Float64Array {
  return new Float64Array(ENT.SIZE);
}

/** Raises the reference M of an entropy state to `m`, rescaling B: B += S·log(m/M). */
export function entropyRaise(s: Float64Array, m: number): void {
  const m0 = s[ENT.M];
  if (m <= m0) return;
  if (m0 > 0) {
    const l = logRatio(m, m0);
    const sum = s[ENT.S] + s[ENT.S + 1];
    compensatedAdd(s, ENT.B, sum * l);
  }
  s[ENT.M] = m;
}

/**
 * Accumulates the entropy state over `x[start..end)`: two passes over the chunk (its maximum, then
 * the sums), all terms non-negative. `bound` (1 for probabilities, which cannot exceed their sum)
 * lets the accelerated hook take it as the reference in one pass; this loop takes the maximum.
 * Returns {@link VALID} or the first invalid index.
 */
export function entropyChunk(
  x: ArrayLike<number>,
  start: number,
  end: number,
  s: Float64Array,
  threads?: number,
  bound?: number,
): number {
  const fast = fastHooks.entropyChunk;
  if (
    fast !== undefined &&
    end - start >= (fastHooks.minLength ?? 0) &&
    (x instanceof Float64Array || x instanceof Float32Array)
  ) {
    return fast(x, start, end, s, threads, bound);
  }
  let m = 0;
  for (let i = start; i < end; i++) {
    const a = x[i];
    if (!(a >= 0 && a < Number.POSITIVE_INFINITY)) return i;
    if (a > m) m = a;
  }
  entropyRaise(s, m);
  const mm = s[ENT.M];
  let sh = s[ENT.S];
  let sl = s[ENT.S + 1];
  let bh = s[ENT.B];
  let bl = s[ENT.B + 1];
  // Locals around neumaierError, as in klChunk (bench/compensated.mjs).
  for (let i = start; i < end; i++) {
    const a = x[i];
    if (a === 0) continue;
    let t = sh + a;
    sl += neumaierError(sh, a, t);
    sh = t;
    if (a === mm) continue;
    const b = a * logRatio(mm, a);
    t = bh + b;
    bl += neumaierError(bh, b, t);
    bh = t;
  }
  s[ENT.S] = sh;
  s[ENT.S + 1] = sl;
  s[ENT.B] = bh;
  s[ENT.B + 1] = bl;
  s[ENT.N] += end - start;
  return VALID;
}

/** Merges entropy state `b` into `a`. */
export function entropyMerge(a: Float64Array, b: Float64Array): void {
  const t = new Float64Array(b);
  const m = Math.max(a[ENT.M], t[ENT.M]);
  entropyRaise(a, m);
  entropyRaise(t, m);
  compensatedMerge(a, ENT.S, t[ENT.S], t[ENT.S + 1]);
  compensatedMerge(a, ENT.B, t[ENT.B], t[ENT.B + 1]);
  a[ENT.N] += t[ENT.N];
}

/** The total Σx of an entropy state. */
export function entropySum(s: Float64Array): number {
  return s[ENT.S] + s[ENT.S + 1];
}

/** H(P̂) in nats: log1p((S − M)/M) + B/S. Callers have checked S > 0. */
export function entropyFinish(s: Float64Array): number {
  return entropyOfSums(s[ENT.M], s[ENT.S], s[ENT.S + 1], s[ENT.B], s[ENT.B + 1]);
}

/**
 * H(P̂) in nats from the largest value m, S = sh + sl and B = bh + bl (see {@link ENT}):
 * log1p((S − m)/m) + B/S, with S − m = (sh − m) + sl exact where m dominates. Callers have checked
 * S > 0.
 */
export function entropyOfSums(m: number, sh: number, sl: number, bh: number, bl: number): number {
  const h = Math.log1p((sh - m + sl) / m) + (bh + bl) / (sh + sl);
  return Math.max(h, 0);
}

/**
 * Adds a fused kernel's entropy chunk state [m, S_hi, S_lo, B_hi, B_lo] at f64[o] (sums relative to
 * the chunk's own maximum m; assembly/entropy-fused.ts) into `s`: the state's reference is raised
 * to m when m is larger, else the chunk's B is raised to the state's reference (B += S·log(M/m)),
 * as entropyMerge does.
 */
export function addFusedEntropy(s: Float64Array, f64: Float64Array, o: number): void {
  const m = f64[o] as number;
  entropyRaise(s, m);
  const mm = s[ENT.M] as number;
  if (m > 0 && m < mm) compensatedAdd(s, ENT.B, (f64[o + 1] + f64[o + 2]) * logRatio(mm, m));
  compensatedMerge(s, ENT.S, f64[o + 1], f64[o + 2]);
  compensatedMerge(s, ENT.B, f64[o + 3], f64[o + 4]);
}
