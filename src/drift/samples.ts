import { sortNumbers } from "../numeric/order.js";
import { CompensatedSum } from "../numeric/sum.js";
import { kolmogorovSf } from "./stats.js";

/**
 * The two-sample Kolmogorov–Smirnov statistic D = supₜ |F(t) − G(t)| of sorted samples, and its
 * p-value from Kolmogorov's limiting distribution at √(nm/(n + m))·D (scipy's
 * `ks_2samp(x, y, method="asymp")` for large samples uses the finite-n `kstwo`; the limit is within
 * 1e-3 of it from n·m/(n + m) ≈ 1000 on).
 *
 * Reference: N. Smirnov (1939); https://en.wikipedia.org/wiki/Kolmogorov%E2%80%93Smirnov_test
 * @internal
 */
export function ksTest(x: Float64Array, y: Float64Array): { statistic: number; pValue: number } {
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const t = x[i] <= y[j] ? x[i] : y[j];
    while (i < n && x[i] === t) i++;
    while (j < m && y[j] === t) j++;
    const diff = Math.abs(i / n - j / m);
    if (diff > d) d = diff;
  }
  const en = (n * m) / (n + m);
  return { statistic: d, pValue: kolmogorovSf(Math.sqrt(en) * d) };
}

/**
 * The 1-Wasserstein (earth mover's) distance between the empirical distributions of two sorted
 * samples, W₁ = ∫ |F(t) − G(t)| dt, in a compensated sum over the merged values (scipy's
 * `wasserstein_distance`).
 *
 * Reference: https://en.wikipedia.org/wiki/Wasserstein_metric (one-dimensional case).
 * @internal
 */
export function wasserstein(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  const sum = new CompensatedSum();
  let prev = Math.min(x[0], y[0]);
  while (i < n || j < m) {
    const t = j >= m || (i < n && x[i] <= y[j]) ? x[i] : y[j];
    if (t > prev) {
      const gap = Math.abs(i * m - j * n);
      if (gap !== 0) sum.add((gap / (n * m)) * (t - prev));
      prev = t;
    }
    while (i < n && x[i] === t) i++;
    while (j < m && y[j] === t) j++;
  }
  return sum.value();
}

/** Population standard deviation (ddof 0, numpy's `np.std`), two-pass. @internal */
export function populationStd(x: Float64Array): number {
  const n = x.length;
  const s = new CompensatedSum();
  for (let i = 0; i < n; i++) s.add(x[i]);
  const mean = s.value() / n;
  const ss = new CompensatedSum();
  for (let i = 0; i < n; i++) ss.add((x[i] - mean) ** 2);
  return Math.sqrt(ss.value() / n);
}

/** Largest buffer {@link sortedFinite} keeps between calls, in values (32 MB). */
const KEEP_MAX = 1 << 22;
const kept: (Float64Array | undefined)[] = [undefined, undefined];

/**
 * The finite values of a numeric column, sorted, in buffer `slot` (0 or 1) reused from column to
 * column: the result is valid until the next call with the same slot (the report sorts a column's
 * two samples, uses them, and moves on). Fresh memory costs a page fault per 4 KiB on its first
 * write, which on some machines is as slow as the sort itself. @internal
 */
export function sortedFinite(values: Float64Array, missing: number, slot: 0 | 1): Float64Array {
  const n = values.length - missing;
  let buf = kept[slot];
  if (buf === undefined || buf.length < n) {
    buf = new Float64Array(n);
    if (n <= KEEP_MAX) kept[slot] = buf;
  }
  const out = buf.subarray(0, n);
  if (missing === 0) out.set(values);
  else {
    let k = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isNaN(v)) out[k++] = v;
    }
  }
  return sortNumbers(out);
}

/** Distinct values of the union of two sorted samples, counted up to `cap` + 1. @internal */
export function distinctUnion(x: Float64Array, y: Float64Array, cap: number): number {
  let i = 0;
  let j = 0;
  let k = 0;
  while ((i < x.length || j < y.length) && k <= cap) {
    const t = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
    k++;
    while (i < x.length && x[i] === t) i++;
    while (j < y.length && y[j] === t) j++;
  }
  return k;
}
