import { describeValue, SurprisalError } from "../errors.js";
import { sortNumbers } from "../numeric/order.js";
import { checkSeed, createRng, type Rng } from "../numeric/rng.js";
import { digamma } from "../numeric/special.js";
import { CompensatedSum } from "../numeric/sum.js";
import type { Base, Vector } from "../types.js";
import { KdTree } from "./kdtree.js";
import type { PermutationOptions, PermutationTest } from "./mutual-information.js";
import { resolvePermutations } from "./mutual-information.js";
import { checkWhole, type EstimateBase, type EstimateWarning, unitOf } from "./result.js";

/** Continuous data: a vector of scalars (1-D points) or an array of points (rows of equal length). */
export type Points = Vector | readonly Vector[];

/** Options shared by the k-NN estimators. */
export interface KnnOptions {
  /** Neighbours, 1 ≤ k < n (default 3). */
  k?: number;
  /** Unit of the result (default nats). */
  base?: Base;
  /**
   * Divide each coordinate by its sample standard deviation (after centring) first. Default
   * `true` for KSG (its max-norm mixes the scales of x and y), `false` for entropy and KL.
   * For entropy the result is brought back to the data's scale (+ Σⱼ ln sⱼ).
   */
  standardize?: boolean;
  /**
   * Ties policy: `"jitter"` (default) adds seeded uniform noise in [−s, s]·(coordinate's standard
   * deviation, or 1 when it is 0) to every coordinate when some coordinate has repeated values, s
   * = `jitter` (default 1e-10), and reports it; `"none"` uses the data as given (a 0 distance
   * then gives ±∞ with a `zero-distance` warning).
   */
  ties?: "jitter" | "none";
  /** Jitter size s relative to each coordinate's standard deviation (default 1e-10). */
  jitter?: number;
  /** Seed of the jitter (default 42). */
  seed?: number;
}

/** How the data were prepared before the neighbour searches. */
export interface KnnPreparation {
  /** Whether coordinates were standardized. */
  standardized: boolean;
  /** Jitter added for ties: size (relative to each coordinate's std) and seed; absent when none. */
  jitter?: { size: number; seed: number; duplicates: number };
}

/** A k-NN estimate. */
export interface KnnEstimate extends EstimateBase {
  estimator: "kozachenko-leonenko" | "ksg1" | "ksg2" | "wang-kulkarni-verdu";
  /** Neighbours used. */
  k: number;
  /** Dimension(s): d, or [dx, dy] for MI. */
  dim: number | [number, number];
  /** What was done to the data first. */
  preparation: KnnPreparation;
  /** KSG and KL: true when the estimate is below 0 (returned as it is, never clipped). */
  negative?: boolean;
  /** KSG: permutation test of independence, when asked for. */
  test?: PermutationTest;
  /** k-NN KL: size of the second sample. */
  m?: number;
}

/** Flat row-major points. @internal */
export interface Flat {
  data: Float64Array;
  n: number;
  dim: number;
}

/** Checks and flattens points. @internal */
export function flatten(x: Points, argument: string): Flat {
  if (
    x instanceof Float64Array ||
    x instanceof Float32Array ||
    (Array.isArray(x) && (x.length === 0 || typeof x[0] === "number"))
  ) {
    const v = x as ArrayLike<number>;
    const data = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const t = v[i];
      if (typeof t !== "number" || !Number.isFinite(t)) {
        throw new SurprisalError(
          "not-finite",
          `${argument}[${i}] = ${describeValue(t)} is not finite: continuous data must be finite numbers`,
          { argument, index: i, value: t },
        );
      }
      data[i] = t;
    }
    if (data.length === 0) {
      throw new SurprisalError("empty", `${argument} is empty: give at least one point`, {
        argument,
        value: [],
      });
    }
    return { data, n: data.length, dim: 1 };
  }
  if (!Array.isArray(x)) {
    throw new SurprisalError(
      "invalid-option",
      `${argument} must be an array of numbers or of points, got ${describeValue(x)}`,
      { argument, value: x },
    );
  }
  const n = x.length;
  const dim = (x[0] as ArrayLike<number>).length;
  if (!(dim >= 1)) {
    throw new SurprisalError("empty", `${argument}[0] has no coordinates`, {
      argument,
      index: 0,
      value: x[0],
    });
  }
  const data = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    const row = x[i] as ArrayLike<number>;
    if (row.length !== dim) {
      throw new SurprisalError(
        "length-mismatch",
        `${argument}[${i}] has ${row.length} coordinates but ${argument}[0] has ${dim}`,
        { argument, index: i, value: row.length },
      );
    }
    for (let j = 0; j < dim; j++) {
      const t = row[j];
      if (typeof t !== "number" || !Number.isFinite(t)) {
        throw new SurprisalError(
          "not-finite",
          `${argument}[${i}][${j}] = ${describeValue(t)} is not finite: continuous data must be finite numbers`,
          { argument, index: i * dim + j, value: t },
        );
      }
      data[i * dim + j] = t;
    }
  }
  return { data, n, dim };
}

/** Column means and sample standard deviations (ddof 1; 0 for constant columns or n = 1). */
function columnStats(f: Flat): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(f.dim);
  const std = new Float64Array(f.dim);
  for (let j = 0; j < f.dim; j++) {
    const s = new CompensatedSum();
    for (let i = 0; i < f.n; i++) s.add(f.data[i * f.dim + j]);
    const m = s.value() / f.n;
    const v = new CompensatedSum();
    for (let i = 0; i < f.n; i++) v.add((f.data[i * f.dim + j] - m) ** 2);
    mean[j] = m;
    std[j] = f.n > 1 ? Math.sqrt(v.value() / (f.n - 1)) : 0;
  }
  return { mean, std };
}

/**
 * Number of values equal to an earlier one, per column, summed; and, for 1-D data, the sorted
 * values (which the 1-D neighbour counts reuse when no jitter changes them).
 */
function duplicates(f: Flat): { count: number; sorted?: Float64Array } {
  let d = 0;
  for (let j = 0; j < f.dim; j++) {
    const col = new Float64Array(f.n);
    for (let i = 0; i < f.n; i++) col[i] = f.data[i * f.dim + j];
    sortNumbers(col);
    for (let i = 1; i < f.n; i++) if (col[i] === col[i - 1]) d++;
    if (f.dim === 1) return { count: d, sorted: col };
  }
  return { count: d };
}

interface Resolved {
  k: number;
  scale: number;
  unit: string;
  ties: "jitter" | "none";
  jitter: number;
  seed: number;
}

function resolve(options: KnnOptions | undefined): Resolved {
  const ties = options?.ties ?? "jitter";
  if (ties !== "jitter" && ties !== "none") {
    throw new SurprisalError(
      "invalid-option",
      `ties = ${describeValue(ties)} is not valid: use "jitter" or "none"`,
      {
        argument: "ties",
        value: ties,
      },
    );
  }
  const jitter = options?.jitter ?? 1e-10;
  if (typeof jitter !== "number" || !(jitter > 0 && jitter < 1)) {
    throw new SurprisalError(
      "invalid-option",
      `jitter = ${describeValue(jitter)} is not valid: use a size in (0, 1)`,
      {
        argument: "jitter",
        value: jitter,
      },
    );
  }
  return {
    k: checkWhole(options?.k ?? 3, "k", 1),
    ...unitOf(options?.base),
    ties,
    jitter,
    seed: checkSeed(options?.seed),
  };
}

function checkK(k: number, n: number, argument: string): void {
  if (k >= n) {
    throw new SurprisalError(
      "invalid-option",
      `k = ${k} is not less than the ${n} points of ${argument}: k-NN estimators need k < n`,
      { argument: "k", value: k },
    );
  }
}

/**
 * Standardizes (optionally, with given stats) and jitters (when ties and asked) in place; returns
 * the preparation record and Σ ln sⱼ of the scaling.
 */
function prepare(
  parts: Flat[],
  standardize: boolean,
  o: Resolved,
  rng: Rng,
  pooled: boolean,
): { prep: KnnPreparation; logScale: number; sorted: (Float64Array | undefined)[] } {
  let logScale = 0;
  const stats = pooled
    ? columnStats({
        data: Float64Array.from(parts.flatMap((p) => Array.from(p.data))),
        n: parts.reduce((a, p) => a + p.n, 0),
        dim: parts[0].dim,
      })
    : undefined;
  const stds: Float64Array[] = [];
  for (const p of parts) {
    const s = stats ?? columnStats(p);
    stds.push(s.std);
    if (standardize) {
      for (let j = 0; j < p.dim; j++) {
        const sd = s.std[j] > 0 ? s.std[j] : 1;
        logScale += Math.log(sd);
        for (let i = 0; i < p.n; i++)
          p.data[i * p.dim + j] = (p.data[i * p.dim + j] - s.mean[j]) / sd;
      }
    }
  }
  const prep: KnnPreparation = { standardized: standardize };
  const scans = parts.map(duplicates);
  const dup = scans.reduce((a, x) => a + x.count, 0);
  if (dup > 0 && o.ties === "jitter") {
    parts.forEach((p, t) => {
      for (let i = 0; i < p.n; i++) {
        for (let j = 0; j < p.dim; j++) {
          const sd = standardize ? 1 : stds[t][j] > 0 ? stds[t][j] : 1;
          p.data[i * p.dim + j] += (2 * rng.nextFloat() - 1) * o.jitter * sd;
        }
      }
    });
    prep.jitter = { size: o.jitter, seed: o.seed, duplicates: dup };
  }
  return { prep, logScale, sorted: prep.jitter ? [] : scans.map((x) => x.sorted) };
}

/** Adds ln x to a compensated sum, keeping ±∞ (a zero or infinite ratio) out of the error term. */
function addLog(s: CompensatedSum, x: number): void {
  const l = Math.log(x);
  if (Number.isFinite(l) && Number.isFinite(s.hi)) s.add(l);
  else {
    s.hi += l;
    s.lo = 0;
  }
}

function point(f: Flat, i: number, out: Float64Array): Float64Array {
  for (let j = 0; j < f.dim; j++) out[j] = f.data[i * f.dim + j];
  return out;
}

function jitterWarning(prep: KnnPreparation, warnings: EstimateWarning[]): void {
  if (prep.jitter)
    warnings.push({
      code: "ties-jittered",
      duplicates: prep.jitter.duplicates,
      size: prep.jitter.size,
    });
}

/**
 * Differential entropy of a continuous sample by the Kozachenko–Leonenko k-nearest-neighbour
 * estimator, in the max-norm (Kraskov et al. 2004, eq. 20):
 * Ĥ = ψ(n) − ψ(k) + d·ln 2 + (d/n)·Σᵢ ln εᵢ, εᵢ the max-norm distance from xᵢ to its k-th nearest
 * neighbour (ln 2ᵈ·εᵈ is the volume of the max-norm ball). Consistent for any continuous density;
 * the bias shrinks as n grows (slowly in high d).
 *
 * Reference: L. F. Kozachenko & N. N. Leonenko, Probl. Inf. Transm. 23 (1987) 95–101;
 * A. Kraskov, H. Stögbauer & P. Grassberger, Phys. Rev. E 69, 066138 (2004).
 *
 * @param x - n points (a vector for 1-D, or rows of d coordinates).
 * @param options - `k` (default 3), `base`, `standardize` (default false; the result is on the
 *   data's scale either way), `ties`, `jitter`, `seed`.
 * @throws {SurprisalError} `not-finite` (NaN), `empty`, `invalid-option` for k ≥ n.
 * @example
 * ```ts
 * knnEntropy([0.1, 0.5, 0.9, 0.3, 0.7], { k: 1 }).value; // 1.1670426014591782 (a grid is not a random sample)
 * ```
 */
export function knnEntropy(x: Points, options?: KnnOptions): KnnEstimate {
  const o = resolve(options);
  const f = flatten(x, "x");
  checkK(o.k, f.n, "x");
  const { prep, logScale } = prepare(
    [f],
    options?.standardize ?? false,
    o,
    createRng(o.seed),
    false,
  );
  const tree = new KdTree(f.data, f.dim);
  const q = new Float64Array(f.dim);
  const s = new CompensatedSum();
  const warnings: EstimateWarning[] = [];
  jitterWarning(prep, warnings);
  for (let i = 0; i < f.n; i++) {
    const e = tree.kthDistance(point(f, i, q), o.k, i);
    if (e === 0 && !warnings.some((w) => w.code === "zero-distance"))
      warnings.push({ code: "zero-distance", index: i });
    addLog(s, e);
  }
  const nats =
    digamma(f.n) - digamma(o.k) + f.dim * Math.LN2 + (f.dim * s.value()) / f.n + logScale;
  return {
    estimator: "kozachenko-leonenko",
    value: nats * o.scale,
    unit: o.unit,
    n: f.n,
    k: o.k,
    dim: f.dim,
    preparation: prep,
    warnings,
  };
}

/**
 * Whether sorted position j lies before the window boundary that `mode` names: 0, the left end of
 * the strict window (s[j] < v and v − s[j] ≥ r); 1, its right end (s[j] ≤ v or s[j] − v < r); 2
 * and 3, the same with ≤ r (the closed window). Monotone in j: true, then false.
 */
function before(s: Float64Array, j: number, v: number, r: number, mode: number): boolean {
  const x = s[j] as number;
  switch (mode) {
    case 0:
      return x < v && v - x >= r;
    case 1:
      return x <= v || x - v < r;
    case 2:
      return x < v && v - x > r;
    default:
      return x <= v || x - v <= r;
  }
}

/**
 * Counts of marginal neighbours, by sorted values (1-D) or a k-d tree.
 *
 * In 1-D each window boundary is the first sorted position where a monotone test turns false,
 * the distances formed as the definition says (v − s[j] and s[j] − v, never v ± r). The search
 * starts from a hint: a table of the first sorted position in each of n equal-width value buckets
 * gives the position of v ∓ r to within a bucket's occupancy, and an exponential search from
 * there finds the boundary in a few steps (a binary search over all n values costs ~17 steps and
 * as many mispredicted branches). The hint only saves time: the boundary found is the same.
 */
class Marginal {
  readonly #f: Flat;
  readonly #sorted?: Float64Array;
  readonly #tree?: KdTree;
  readonly #q: Float64Array;
  /** First sorted position in each value bucket (1-D, when the values span a positive range). */
  readonly #hint?: Int32Array;
  #min = 0;
  #scale = 0;
  /** @param sorted - the values of 1-D data already sorted, when the caller has them. */
  constructor(f: Flat, sorted?: Float64Array) {
    this.#f = f;
    this.#q = new Float64Array(f.dim);
    if (f.dim === 1) {
      const s = sorted ?? sortNumbers(Float64Array.from(f.data));
      this.#sorted = s;
      const n = s.length;
      const span = s[n - 1] - s[0];
      const scale = n / span;
      if (n > 64 && span > 0 && Number.isFinite(scale)) {
        const hint = new Int32Array(n + 2);
        let j = 0;
        for (let b = 0; b <= n + 1; b++) {
          while (j < n && (s[j] - s[0]) * scale < b) j++;
          hint[b] = j;
        }
        this.#hint = hint;
        this.#min = s[0];
        this.#scale = scale;
      }
    } else this.#tree = new KdTree(f.data, f.dim);
  }
  /** Other points with |xⱼ − xᵢ|∞ < r (strict) or ≤ r. */
  count(i: number, r: number, strict: boolean): number {
    const s = this.#sorted;
    if (s === undefined) return this.#tree!.countWithin(point(this.#f, i, this.#q), r, strict, i);
    // No distance is below 0 (the window would otherwise hold v's duplicates).
    if (strict && !(r > 0)) return 0;
    const v = this.#f.data[i];
    const left = this.#boundary(s, v, r, strict ? 0 : 2, this.#at(v - r));
    const right = this.#boundary(s, v, r, strict ? 1 : 3, this.#at(v + r));
    return right - left - 1;
  }
  /** A sorted position near value u (0 without a hint table). */
  #at(u: number): number {
    const h = this.#hint;
    if (h === undefined) return 0;
    const b = (u - this.#min) * this.#scale;
    return b > 0 ? (b < h.length - 1 ? h[Math.floor(b)] : h[h.length - 1]) : 0;
  }
  /**
   * The first position j in [0, n] where `before(j)` is false, searched outwards from `from`:
   * mode 0, left end of the strict window: s[j] < v and v − s[j] ≥ r; mode 1, right end of the
   * strict window: s[j] ≤ v or s[j] − v < r; modes 2 and 3, the same with ≤ r (closed window).
   */
  #boundary(s: Float64Array, v: number, r: number, mode: number, from: number): number {
    const n = s.length;
    let lo: number;
    let hi: number;
    if (from < n && before(s, from, v, r, mode)) {
      // The boundary is right of `from`: gallop right.
      lo = from + 1;
      let step = 1;
      hi = from + 1;
      while (hi < n && before(s, hi, v, r, mode)) {
        lo = hi + 1;
        step *= 2;
        hi = from + step;
      }
      if (hi > n) hi = n;
    } else {
      // The boundary is at or left of `from`: gallop left.
      hi = from;
      let step = 1;
      let j = from - 1;
      while (j >= 0 && !before(s, j, v, r, mode)) {
        hi = j;
        step *= 2;
        j = from - step;
      }
      lo = j < 0 ? 0 : j + 1;
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(s, mid, v, r, mode)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  distance(i: number, j: number): number {
    const d = this.#f.dim;
    let m = 0;
    for (let t = 0; t < d; t++) {
      const a = Math.abs(this.#f.data[i * d + t] - this.#f.data[j * d + t]);
      if (a > m) m = a;
    }
    return m;
  }
}

/** ψ(m) for m = 0 … n (ψ(0) = −∞): ψ(m + 1) = ψ(m) + 1/m, the harmonic sums compensated. */
function digammaTable(n: number): Float64Array {
  const t = new Float64Array(n + 1);
  t[0] = Number.NEGATIVE_INFINITY;
  const h = new CompensatedSum();
  for (let m = 1; m <= n; m++) {
    t[m] = h.value() - 0.5772156649015329;
    h.add(1 / m);
  }
  return t;
}

/** KSG sum in nats on prepared data. */
function ksgNats(
  fx: Flat,
  fy: Flat,
  k: number,
  algorithm: 1 | 2,
  sorted: (Float64Array | undefined)[] = [],
): number {
  const n = fx.n;
  const psi = digammaTable(n);
  const dim = fx.dim + fy.dim;
  const z = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < fx.dim; j++) z[i * dim + j] = fx.data[i * fx.dim + j];
    for (let j = 0; j < fy.dim; j++) z[i * dim + fx.dim + j] = fy.data[i * fy.dim + j];
  }
  const tree = new KdTree(z, dim);
  const mx = new Marginal(fx, sorted[0]);
  const my = new Marginal(fy, sorted[1]);
  const q = new Float64Array(dim);
  const ids = new Int32Array(k);
  const s = new CompensatedSum();
  // Queries in the tree's order: consecutive points are neighbours, their searches share nodes.
  const order = tree.order;
  for (let t = 0; t < n; t++) {
    const i = order[t];
    for (let j = 0; j < dim; j++) q[j] = z[i * dim + j];
    if (algorithm === 1) {
      const e = tree.kNearest(q, k, i, undefined, undefined, tree.leafAt(t));
      s.add(psi[mx.count(i, e, true) + 1] + psi[my.count(i, e, true) + 1]);
    } else {
      tree.kNearest(q, k, i, ids, undefined, tree.leafAt(t));
      let ex = 0;
      let ey = 0;
      for (let u = 0; u < k; u++) {
        ex = Math.max(ex, mx.distance(i, ids[u]));
        ey = Math.max(ey, my.distance(i, ids[u]));
      }
      s.add(psi[mx.count(i, ex, false)] + psi[my.count(i, ey, false)]);
    }
  }
  const c = algorithm === 1 ? digamma(k) + digamma(n) : digamma(k) - 1 / k + digamma(n);
  return c - s.value() / n;
}

/** Options of {@link ksgMutualInformation}. */
export interface KsgOptions extends KnnOptions {
  /** 1 (default) or 2: the two estimators of Kraskov et al. (2004). */
  algorithm?: 1 | 2;
  /** A permutation test of independence (rows of y shuffled, seeded). */
  test?: PermutationOptions | boolean;
}

/**
 * Mutual information of two continuous variables (any dimensions) by the Kraskov–Stögbauer–
 * Grassberger k-nearest-neighbour estimators, in the max-norm of the joint space (z = (x, y)):
 * - algorithm 1: I = ψ(k) + ψ(n) − ⟨ψ(nₓ + 1) + ψ(nᵧ + 1)⟩, εᵢ the distance to the k-th neighbour
 *   of zᵢ, nₓ the number of other points with ‖xⱼ − xᵢ‖∞ < εᵢ (strict), likewise nᵧ;
 * - algorithm 2: I = ψ(k) − 1/k + ψ(n) − ⟨ψ(nₓ) + ψ(nᵧ)⟩, εₓ,ᵢ the largest x-distance among the
 *   k neighbours, nₓ the points with ‖xⱼ − xᵢ‖∞ ≤ εₓ,ᵢ.
 * Coordinates are standardized by default (reported). A negative estimate is evidence of
 * (near-)independence in a small sample and is returned as it is, with `negative: true` and a
 * `negative-estimate` warning, never clipped to 0 (scikit-learn clips).
 *
 * Reference: A. Kraskov, H. Stögbauer & P. Grassberger, "Estimating mutual information",
 * Phys. Rev. E 69, 066138 (2004), eqs. 8 and 9.
 *
 * @param x - n points of X; `y` - n points of Y (same n).
 * @param options - `k` (3), `algorithm` (1), `base`, `standardize` (true), `ties`, `jitter`,
 *   `seed`, `test`.
 * @throws {SurprisalError} `length-mismatch` for unequal n, `not-finite`, `empty`, `invalid-option`
 *   for k ≥ n.
 * @example
 * ```ts
 * ksgMutualInformation([1, 2, 3, 4, 5, 6], [2, 4, 6, 8, 10, 12], { k: 2 }).value; // 1.9500000000000006 nats (y = 2x)
 * ```
 */
export function ksgMutualInformation(x: Points, y: Points, options?: KsgOptions): KnnEstimate {
  const o = resolve(options);
  const algorithm = options?.algorithm ?? 1;
  if (algorithm !== 1 && algorithm !== 2) {
    throw new SurprisalError(
      "invalid-option",
      `algorithm = ${describeValue(algorithm)} is not valid: use 1 or 2`,
      {
        argument: "algorithm",
        value: algorithm,
      },
    );
  }
  const fx = flatten(x, "x");
  const fy = flatten(y, "y");
  if (fx.n !== fy.n) {
    throw new SurprisalError(
      "length-mismatch",
      `y has ${fy.n} points but x has ${fx.n}: paired samples must have one value per observation`,
      { argument: "y", value: fy.n },
    );
  }
  checkK(o.k, fx.n, "x");
  const { prep, sorted } = prepare(
    [fx, fy],
    options?.standardize ?? true,
    o,
    createRng(o.seed),
    false,
  );
  const nats = ksgNats(fx, fy, o.k, algorithm, sorted);
  const warnings: EstimateWarning[] = [];
  jitterWarning(prep, warnings);
  if (nats < 0) warnings.push({ code: "negative-estimate", value: nats * o.scale });
  const out: KnnEstimate = {
    estimator: algorithm === 1 ? "ksg1" : "ksg2",
    value: nats * o.scale,
    unit: o.unit,
    n: fx.n,
    k: o.k,
    dim: [fx.dim, fy.dim],
    preparation: prep,
    negative: nats < 0,
    warnings,
  };
  const perm = resolvePermutations(options?.test);
  if (perm !== undefined) {
    const rng = createRng(perm.seed);
    const order = new Int32Array(fy.n);
    for (let i = 0; i < fy.n; i++) order[i] = i;
    const py: Flat = { data: new Float64Array(fy.data.length), n: fy.n, dim: fy.dim };
    let atLeast = 0;
    for (let b = 0; b < perm.permutations; b++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.nextInt(0, i);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (let i = 0; i < fy.n; i++) {
        for (let j = 0; j < fy.dim; j++) py.data[i * fy.dim + j] = fy.data[order[i] * fy.dim + j];
      }
      // A permutation of y has the same sorted values.
      if (ksgNats(fx, py, o.k, algorithm, sorted) >= nats) atLeast++;
    }
    out.test = {
      pValue: (1 + atLeast) / (1 + perm.permutations),
      permutations: perm.permutations,
      seed: perm.seed,
    };
  }
  return out;
}

/**
 * KL divergence D(P‖Q) between two continuous samples by the k-nearest-neighbour estimator of
 * Wang, Kulkarni & Verdú (2009) (also Pérez-Cruz 2008), in the max-norm:
 * D̂ = (d/n)·Σᵢ ln(νₖ(i)/ρₖ(i)) + ln(m/(n − 1)), ρₖ(i) the distance from pᵢ to its k-th neighbour
 * among the other points of P, νₖ(i) to its k-th neighbour in Q. Consistent; may be negative in
 * small samples (flagged, not clipped).
 *
 * Reference: Q. Wang, S. R. Kulkarni & S. Verdú, "Divergence estimation for multidimensional
 * densities via k-nearest-neighbor distances", IEEE Trans. Inf. Theory 55 (2009) 2392–2405;
 * F. Pérez-Cruz, "Kullback–Leibler divergence estimation of continuous distributions", ISIT 2008.
 *
 * @param p - n points of P (the truth); `q` - m points of Q (the belief), same dimension.
 * @param options - `k` (3; k < n and k ≤ m), `base`, `standardize` (false; when true, both
 *   samples by the pooled mean and std), `ties`, `jitter`, `seed`.
 * @example
 * ```ts
 * knnKlDivergence([0.1, 0.4, 0.35, 0.8], [1.1, 1.3, 0.9, 1.6], { k: 1 }).value; // 1.407016276071332 nats
 * ```
 */
export function knnKlDivergence(p: Points, q: Points, options?: KnnOptions): KnnEstimate {
  const o = resolve(options);
  const fp = flatten(p, "p");
  const fq = flatten(q, "q");
  if (fp.dim !== fq.dim) {
    throw new SurprisalError(
      "length-mismatch",
      `q has points of ${fq.dim} coordinates but p has ${fp.dim}: both samples must live in one space`,
      { argument: "q", value: fq.dim },
    );
  }
  checkK(o.k, fp.n, "p");
  if (o.k > fq.n) checkK(o.k, fq.n + 1, "q");
  const { prep } = prepare([fp, fq], options?.standardize ?? false, o, createRng(o.seed), true);
  const tp = new KdTree(fp.data, fp.dim);
  const tq = new KdTree(fq.data, fq.dim);
  const pt = new Float64Array(fp.dim);
  const s = new CompensatedSum();
  const warnings: EstimateWarning[] = [];
  jitterWarning(prep, warnings);
  for (let i = 0; i < fp.n; i++) {
    point(fp, i, pt);
    const rho = tp.kthDistance(pt, o.k, i);
    const nu = tq.kthDistance(pt, o.k);
    if ((rho === 0 || nu === 0) && !warnings.some((w) => w.code === "zero-distance")) {
      warnings.push({ code: "zero-distance", index: i });
    }
    addLog(s, nu / rho);
  }
  const nats = (fp.dim * s.value()) / fp.n + Math.log(fq.n / (fp.n - 1));
  if (nats < 0) warnings.push({ code: "negative-estimate", value: nats * o.scale });
  return {
    estimator: "wang-kulkarni-verdu",
    value: nats * o.scale,
    unit: o.unit,
    n: fp.n,
    m: fq.n,
    k: o.k,
    dim: fp.dim,
    preparation: prep,
    negative: nats < 0,
    warnings,
  };
}
