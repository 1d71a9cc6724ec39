import { fastHooks } from "./fast-hooks.js";
import { compensatedAdd, compensatedMerge } from "./sum.js";
import { isLogValue, VALID } from "./valid.js";

/** Layout: the largest log-value m, S = Σ e^{z−m}, T = Σ e^{z−m}·(m − z), the length. */
export const ENTL = { M: 0, S: 1, T: 3, N: 5, SIZE: 6 } as const;

/** A fresh log-domain entropy state (m = −∞). */
export function entropyLogState(): Float64Array {
  const s = new Float64Array(ENTL.SIZE);
  s[ENTL.M] = Number.NEGATIVE_INFINITY;
  return s;
}

function entropyLogRaise(s: Float64Array, m: number): void {
  const m0 = s[ENTL.M];
  if (m <= m0) return;
  if (m0 > Number.NEGATIVE_INFINITY) {
    const f = Math.exp(m0 - m);
    const sum = s[ENTL.S] + s[ENTL.S + 1];
    // T' = f·(T + (m − m0)·S), S' = f·S
    compensatedAdd(s, ENTL.T, (m - m0) * sum);
    s[ENTL.T] *= f;
    s[ENTL.T + 1] *= f;
    s[ENTL.S] *= f;
    s[ENTL.S + 1] *= f;
  }
  s[ENTL.M] = m;
}

/** Accumulates the log-domain entropy state over `z[start..end)`. */
export function entropyLogChunk(
  z: ArrayLike<number>,
  start: number,
  end: number,
  s: Float64Array,
  threads?: number,
): number {
  const fast = fastHooks.entropyLogChunk;
  if (
    fast !== undefined &&
    end - start >= (fastHooks.minLength ?? 0) &&
    (z instanceof Float64Array || z instanceof Float32Array)
  ) {
    return fast(z, start, end, s, threads);
  }
  let m = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i++) {
    const a = z[i];
    if (!isLogValue(a)) return i;
    if (a > m) m = a;
  }
  entropyLogRaise(s, m);
  const mm = s[ENTL.M];
  for (let i = start; i < end; i++) {
    const a = z[i];
    if (a === Number.NEGATIVE_INFINITY) continue;
    const u = mm - a;
    const e = Math.exp(-u);
    compensatedAdd(s, ENTL.S, e);
    if (u > 0) compensatedAdd(s, ENTL.T, e * u);
  }
  s[ENTL.N] += end - start;
  return VALID;
}

/** Merges log-domain entropy state `b` into `a`. */
export function entropyLogMerge(a: Float64Array, b: Float64Array): void {
  const t = new Float64Array(b);
  const m = Math.max(a[ENTL.M], t[ENTL.M]);
  entropyLogRaise(a, m);
  entropyLogRaise(t, m);
  compensatedMerge(a, ENTL.S, t[ENTL.S], t[ENTL.S + 1]);
  compensatedMerge(a, ENTL.T, t[ENTL.T], t[ENTL.T + 1]);
  a[ENTL.N] += t[ENTL.N];
}

/** log Σ e^z of a log-domain entropy state (−∞ when empty or all −∞). */
export function entropyLogMass(s: Float64Array): number {
  const m = s[ENTL.M];
  if (m === Number.NEGATIVE_INFINITY) return m;
  return m + Math.log1p(s[ENTL.S] - 1 + s[ENTL.S + 1]);
}

/** H in nats: log S + T/S, with log S = log1p(S − 1) (S ≥ 1 holds the maximum's own term 1). */
export function entropyLogFinish(s: Float64Array): number {
  const sum = s[ENTL.S] + s[ENTL.S + 1];
  const h = Math.log1p(s[ENTL.S] - 1 + s[ENTL.S + 1]) + (s[ENTL.T] + s[ENTL.T + 1]) / sum;
  return Math.max(h, 0);
}
