import { describeValue, SurprisalError } from "../errors.js";

/**
 * How numeric columns are cut into bins, always on the **reference only** (the current table is
 * counted on the same edges, with one bin below the first edge and one above the last):
 * - `"quantile"` (default): edges at the reference's type-7 quantiles k/B, k = 0 … B (ties merged);
 * - `"fixed"`: B equal-width bins between the reference's minimum and maximum (numpy's
 *   `histogram_bin_edges(reference, B)`);
 * - `"doane"`: equal-width bins, their number by Doane's rule (numpy's `bins="doane"`, NannyML's
 *   choice);
 * - an array of edges: strictly increasing finite numbers, at least two.
 */
export type Binning = "quantile" | "fixed" | "doane" | readonly number[];

/** A bin of a column: where it lies and what fell in it. */
export interface DriftBin {
  /**
   * `"below"`/`"above"`: outside the reference's edges; `"interval"`: [lower, upper) (the last
   * interval is closed); `"category"`: one reference category; `"unseen"`: every category of the
   * current table absent from the reference.
   */
  kind: "below" | "interval" | "above" | "category" | "unseen";
  /** The category (categorical), or the interval written `[a, b)`, `< a`, `> b`. */
  label: string;
  lower?: number;
  upper?: number;
  /** Rows of each table in the bin (missing values excluded). */
  reference: number;
  current: number;
  /** The counts as shares of the table's non-missing rows (before any smoothing). */
  referenceShare: number;
  currentShare: number;
}

/** Type-7 quantile (linear interpolation) of sorted values. @internal */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  // numpy's lerp: from the nearer end, so that the result is monotone and exact at the ends.
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/** numpy's linspace(a, b, k + 1): a + i·step, the last edge b exactly. */
function linspace(a: number, b: number, k: number): number[] {
  const step = (b - a) / k;
  const edges = Array.from({ length: k + 1 }, (_, i) => a + i * step);
  edges[k] = b;
  return edges;
}

/** numpy's outer edges: min and max, widened by ½ each way when they are equal. */
function outer(sorted: Float64Array): [number, number] {
  const a = sorted[0];
  const b = sorted[sorted.length - 1];
  return a === b ? [a - 0.5, b + 0.5] : [a, b];
}

/** Doane's number of bins, as numpy computes it (`_hist_bin_doane`, then ceil(range/width)). */
function doaneCount(sorted: Float64Array): number {
  const n = sorted.length;
  if (n <= 2) return 1;
  const sg1 = Math.sqrt((6 * (n - 2)) / ((n + 1) * (n + 3)));
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const sigma = Math.sqrt(ss / n);
  if (!(sigma > 0)) return 1;
  let g1 = 0;
  for (let i = 0; i < n; i++) g1 += ((sorted[i] - mean) / sigma) ** 3;
  g1 /= n;
  const ptp = sorted[n - 1] - sorted[0];
  const width = ptp / (1 + Math.log2(n) + Math.log2(1 + Math.abs(g1) / sg1));
  if (!(width > 0)) return 1;
  const [a, b] = outer(sorted);
  return Math.max(1, Math.ceil((b - a) / width));
}

/**
 * The edges of a numeric column's bins, from its sorted reference values (NaN removed).
 * @internal
 */
export function binEdges(sorted: Float64Array, binning: Binning, bins: number): number[] {
  if (Array.isArray(binning)) return checkEdges(binning as readonly number[]);
  if (binning === "quantile") {
    const edges: number[] = [];
    for (let k = 0; k <= bins; k++) {
      const e = quantileSorted(sorted, k / bins);
      if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
    }
    return edges;
  }
  if (binning === "fixed") {
    const [a, b] = outer(sorted);
    return linspace(a, b, bins);
  }
  if (binning === "doane") {
    const [a, b] = outer(sorted);
    return linspace(a, b, doaneCount(sorted));
  }
  throw new SurprisalError(
    "invalid-option",
    `binning = ${describeValue(binning)} is not valid: use "quantile", "fixed", "doane" or an array of edges`,
    { argument: "binning", value: binning },
  );
}

function checkEdges(edges: readonly number[]): number[] {
  if (edges.length < 2) {
    throw new SurprisalError(
      "invalid-option",
      `binning has ${edges.length} edge${edges.length === 1 ? "" : "s"}: give at least two`,
      { argument: "binning", value: edges },
    );
  }
  for (let i = 0; i < edges.length; i++) {
    if (typeof edges[i] !== "number" || !Number.isFinite(edges[i])) {
      throw new SurprisalError(
        "not-finite",
        `binning[${i}] = ${describeValue(edges[i])} is not a finite number`,
        {
          argument: "binning",
          index: i,
          value: edges[i],
        },
      );
    }
    if (i > 0 && !(edges[i] > edges[i - 1])) {
      throw new SurprisalError(
        "invalid-option",
        `binning[${i}] = ${edges[i]} is not above binning[${i - 1}] = ${edges[i - 1]}: edges must increase strictly`,
        { argument: "binning", index: i, value: edges[i] },
      );
    }
  }
  return [...edges];
}

/** Index of the first element of `sorted` that is > x (upper bound). @internal */
export function upperBound(sorted: ArrayLike<number>, x: number, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of `sorted` that is ≥ x (lower bound). @internal */
export function lowerBound(sorted: ArrayLike<number>, x: number, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Counts sorted values (NaN removed) in the bins of `edges`: below e₀, [eⱼ, eⱼ₊₁) for each
 * interval (the last one closed; a single edge makes one bin [e₀, e₀]), above the last edge.
 * O(B·log n) binary searches on the sorted values. @internal
 */
export function countSorted(sorted: Float64Array, edges: readonly number[]): Float64Array {
  const inner = Math.max(1, edges.length - 1);
  const out = new Float64Array(inner + 2);
  const last = edges[edges.length - 1];
  const below = lowerBound(sorted, edges[0]);
  const aboveFrom = upperBound(sorted, last, below);
  out[0] = below;
  out[inner + 1] = sorted.length - aboveFrom;
  let start = below;
  for (let j = 0; j < inner - 1; j++) {
    const end = lowerBound(sorted, edges[j + 1], start);
    out[j + 1] = end - start;
    start = end;
  }
  out[inner] = aboveFrom - start;
  return out;
}

/** A number as a bin label shows it: 6 significant digits, or an ISO date. @internal */
export function edgeText(x: number, datetime: boolean): string {
  if (datetime) {
    const d = new Date(x);
    return Number.isNaN(d.getTime()) ? String(x) : d.toISOString();
  }
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return String(Number(x.toPrecision(6)));
}

/** The bins of a numeric column, without their counts. @internal */
export function numericBins(
  edges: readonly number[],
  datetime: boolean,
): Pick<DriftBin, "kind" | "label" | "lower" | "upper">[] {
  const t = (x: number) => edgeText(x, datetime);
  const inner = Math.max(1, edges.length - 1);
  const last = edges[edges.length - 1];
  const out: Pick<DriftBin, "kind" | "label" | "lower" | "upper">[] = [
    { kind: "below", label: `< ${t(edges[0])}`, upper: edges[0] },
  ];
  for (let j = 0; j < inner; j++) {
    const a = edges[j];
    const b = edges.length === 1 ? a : edges[j + 1];
    const closed = j === inner - 1;
    out.push({
      kind: "interval",
      label: `[${t(a)}, ${t(b)}${closed ? "]" : ")"}`,
      lower: a,
      upper: b,
    });
  }
  out.push({ kind: "above", label: `> ${t(last)}`, lower: last });
  return out;
}
