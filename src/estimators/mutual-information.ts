import { describeValue, SurprisalError } from "../errors.js";
import { encodeLabels, type Label } from "../input/labels.js";
import { KlAccumulator, klDivergence } from "../measures/kl.js";
import { checkSeed, createRng } from "../numeric/rng.js";
import { logFactorial } from "../numeric/special.js";
import { CompensatedSum } from "../numeric/sum.js";
import type { Base, Matrix } from "../types.js";
import {
  bootstrapInterval,
  type CiOptions,
  intervalWarnings,
  resolveCi,
  scaleInterval,
} from "./bootstrap.js";
import { checkEntropyEstimator, type EntropyEstimator, entropyNats } from "./entropy.js";
import { checkWhole, type EstimateBase, type EstimateWarning, unitOf } from "./result.js";

/** A contingency table: counts nᵢⱼ, row-major, r rows × c columns. @internal */
export interface Table {
  counts: Float64Array;
  rows: number;
  cols: number;
  n: number;
}

/** Options of the mutual information family. */
export interface MutualInformationOptions {
  /**
   * `"plugin"` (default): D(P̂_XY ‖ P̂_X P̂_Y) through the KL kernel. Any other entropy estimator
   * (e.g. `"miller-madow"`): Ĥ(X) + Ĥ(Y) − Ĥ(X,Y) with that estimator (NSB with K_XY = K_X·K_Y).
   */
  estimator?: EntropyEstimator;
  /** Unit of the result (default nats). */
  base?: Base;
  /** Bootstrap interval over the pairs (paired samples only). */
  ci?: CiOptions | boolean;
  /** A permutation test of independence: `{ permutations: 1000, seed: 42 }` by default when `true`. */
  test?: PermutationOptions | boolean;
}

/** Options of the permutation test. */
export interface PermutationOptions {
  /** Number of permutations, ≥ 1 (default 1000). */
  permutations?: number;
  /** Seed (default 42). */
  seed?: number;
}

/** The result of a permutation test of independence. */
export interface PermutationTest {
  /** (1 + #{I* ≥ I})/(1 + B): the probability, under independence, of an MI at least as large. */
  pValue: number;
  permutations: number;
  seed: number;
}

/** A mutual information estimate. */
export interface MutualInformationEstimate extends EstimateBase {
  estimator: EntropyEstimator;
  /** Categories seen of X and of Y, and cells of the joint seen. */
  categoriesX: number;
  categoriesY: number;
  categoriesXY: number;
  /** Permutation test, when asked for. */
  test?: PermutationTest;
}

/** Checks a pair of samples of equal length. @internal */
function checkPair(x: ArrayLike<Label>, y: ArrayLike<Label>, nx = "x", ny = "y") {
  const ex = encodeLabels(x, nx);
  const ey = encodeLabels(y, ny);
  if (ex.codes.length !== ey.codes.length) {
    throw new SurprisalError(
      "length-mismatch",
      `${ny} has length ${ey.codes.length} but ${nx} has length ${ex.codes.length}: paired samples must have one value per observation`,
      { argument: ny, value: ey.codes.length },
    );
  }
  return { ex, ey };
}

/** Contingency table of coded pairs. @internal */
export function tableOfCodes(
  a: Int32Array,
  ra: number,
  b: Int32Array,
  cb: number,
  out?: Float64Array,
): Table {
  const counts = out ?? new Float64Array(ra * cb);
  counts.fill(0);
  for (let i = 0; i < a.length; i++) counts[a[i] * cb + b[i]]++;
  return { counts, rows: ra, cols: cb, n: a.length };
}

/** Checks a contingency table given as rows or as a flat typed array with `columns`. @internal */
export function checkTable(table: Matrix, columns?: number, argument = "table"): Table {
  let counts: Float64Array;
  let rows: number;
  let cols: number;
  if (table instanceof Float64Array || table instanceof Float32Array) {
    cols = checkWhole(columns, "columns", 1);
    if (table.length % cols !== 0) {
      throw new SurprisalError(
        "length-mismatch",
        `${argument} has ${table.length} values, not a multiple of columns = ${cols}`,
        { argument, value: table.length },
      );
    }
    // Read in place (never written): no copy of a big table.
    counts = table instanceof Float64Array ? table : Float64Array.from(table);
    rows = table.length / cols;
  } else if (Array.isArray(table)) {
    rows = table.length;
    cols = rows > 0 ? (table[0] as ArrayLike<number>).length : 0;
    counts = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = table[i] as ArrayLike<number>;
      if (row.length !== cols) {
        throw new SurprisalError(
          "length-mismatch",
          `${argument}[${i}] has length ${row.length} but ${argument}[0] has length ${cols}: a table's rows must have equal lengths`,
          { argument, index: i, value: row.length },
        );
      }
      for (let j = 0; j < cols; j++) counts[i * cols + j] = row[j];
    }
  } else {
    throw new SurprisalError(
      "invalid-option",
      `${argument} must be an array of rows or a flat typed array, got ${describeValue(table)}`,
      { argument, value: table },
    );
  }
  if (counts.length === 0) {
    throw new SurprisalError("empty", `${argument} is empty: give at least one cell`, {
      argument,
      value: [],
    });
  }
  let n = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!Number.isFinite(c)) {
      throw new SurprisalError("not-finite", `${argument}[${i}] = ${c} is not finite`, {
        argument,
        index: i,
        value: c,
      });
    }
    if (c < 0) {
      throw new SurprisalError(
        "negative",
        `${argument}[${i}] = ${c} is negative: counts must be >= 0`,
        {
          argument,
          index: i,
          value: c,
        },
      );
    }
    n += c;
  }
  if (n === 0) {
    throw new SurprisalError("zero", `${argument} is all zeros: give at least one observation`, {
      argument,
      value: 0,
    });
  }
  return { counts, rows, cols, n };
}

/** Row and column sums (one pass over the table, row by row). @internal */
export function marginals(t: Table): { r: Float64Array; c: Float64Array } {
  const { counts, rows, cols } = t;
  const r = new Float64Array(rows);
  const c = new Float64Array(cols);
  for (let i = 0, k = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++, k++) {
      const v = counts[k];
      s += v;
      c[j] += v;
    }
    r[i] = s;
  }
  return { r, c };
}

function nonZero(a: Float64Array): Float64Array {
  return a.filter((v) => v > 0);
}

/** Cells of Q = rᵢ·cⱼ written per chunk (256 KiB: Q stays in cache between its write and its read). */
const Q_CHUNK = 1 << 15;

/**
 * Plug-in I(X;Y) in nats as D(P̂_XY ‖ P̂_X P̂_Y), through the KL kernel, over the rows and columns
 * with mass (q = rᵢ·cⱼ as counts; both sides normalized exactly). The table is read in place and
 * Q is formed chunk by chunk into one small buffer (no table-sized allocation), each chunk going
 * through {@link KlAccumulator} (the KL kernel, on the fast path when it is loaded). @internal
 */
export function pluginMiNats(
  t: Table,
  m: { r: Float64Array; c: Float64Array } = marginals(t),
): number {
  const { r, c } = m;
  const ri: number[] = [];
  const cj: number[] = [];
  for (let i = 0; i < t.rows; i++) if (r[i] > 0) ri.push(i);
  for (let j = 0; j < t.cols; j++) if (c[j] > 0) cj.push(j);
  if (ri.length === t.rows && cj.length === t.cols) {
    // Every row and column has mass: p is the table itself, q the outer product.
    const len = t.counts.length;
    const cols = t.cols;
    const acc = new KlAccumulator({ input: "counts" });
    const q = new Float64Array(Math.min(Q_CHUNK, len));
    let i = 0;
    let j = 0;
    for (let start = 0; start < len; start += Q_CHUNK) {
      const size = Math.min(Q_CHUNK, len - start);
      let rv = r[i];
      for (let k = 0; k < size; k++) {
        q[k] = rv * c[j];
        if (++j === cols) {
          j = 0;
          rv = r[++i];
        }
      }
      acc.add(t.counts.subarray(start, start + size), size === q.length ? q : q.subarray(0, size));
    }
    return acc.value();
  }
  const p = new Float64Array(ri.length * cj.length);
  const q = new Float64Array(ri.length * cj.length);
  let k = 0;
  for (const i of ri) {
    const base = i * t.cols;
    const rv = r[i];
    for (const j of cj) {
      p[k] = t.counts[base + j];
      q[k++] = rv * c[j];
    }
  }
  return klDivergence(p, q, { input: "counts" });
}

/** I(X;Y) in nats by the named estimator. @internal */
export function miNats(
  estimator: EntropyEstimator,
  t: Table,
  m: { r: Float64Array; c: Float64Array } = marginals(t),
): number {
  if (estimator === "plugin") return pluginMiNats(t, m);
  const { r, c } = m;
  const hx = entropyNats(estimator, nonZero(r), t.n, Math.max(2, t.rows)).value;
  const hy = entropyNats(estimator, nonZero(c), t.n, Math.max(2, t.cols)).value;
  const hxy = entropyNats(estimator, nonZero(t.counts), t.n, Math.max(2, t.rows * t.cols)).value;
  return hx + hy - hxy;
}

function countNonZero(a: Float64Array): number {
  let k = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > 0) k++;
  return k;
}

/** Fast plug-in MI of a table with fixed marginals (permutation test inner loop), in nats. */
function fastMi(t: Table, r: Float64Array, c: Float64Array): number {
  const n = t.n;
  let s = 0;
  for (let i = 0; i < t.rows; i++) {
    for (let j = 0; j < t.cols; j++) {
      const v = t.counts[i * t.cols + j];
      if (v > 0) s += v * Math.log((n * v) / (r[i] * c[j]));
    }
  }
  return s / n;
}

/** @internal */
export function resolvePermutations(o: PermutationOptions | boolean | undefined) {
  if (o === undefined || o === false) return undefined;
  const p = o === true ? {} : o;
  return {
    permutations: checkWhole(p.permutations ?? 1000, "test.permutations", 1),
    seed: checkSeed(p.seed, "test.seed"),
  };
}

function permutationTest(
  a: Int32Array,
  ra: number,
  b: Int32Array,
  cb: number,
  o: { permutations: number; seed: number },
): PermutationTest {
  if (ra < 2 || cb < 2) {
    throw new SurprisalError(
      "single-category",
      `${ra < 2 ? "x" : "y"} has a single category: the MI of every permutation is 0, nothing to test`,
      { argument: ra < 2 ? "x" : "y", value: 1 },
    );
  }
  const t0 = tableOfCodes(a, ra, b, cb);
  const { r, c } = marginals(t0);
  const observed = fastMi(t0, r, c);
  const rng = createRng(o.seed);
  const perm = Int32Array.from(b);
  const buf = new Float64Array(ra * cb);
  let atLeast = 0;
  const slack = 1e-12 * Math.max(observed, 1e-300);
  for (let k = 0; k < o.permutations; k++) {
    for (let i = perm.length - 1; i > 0; i--) {
      const j = rng.nextInt(0, i);
      const tmp = perm[i];
      perm[i] = perm[j];
      perm[j] = tmp;
    }
    const t = tableOfCodes(a, ra, perm, cb, buf);
    if (fastMi(t, r, c) >= observed - slack) atLeast++;
  }
  return {
    pValue: (1 + atLeast) / (1 + o.permutations),
    permutations: o.permutations,
    seed: o.seed,
  };
}

function miResult(
  estimator: EntropyEstimator,
  t: Table,
  options: MutualInformationOptions | undefined,
): MutualInformationEstimate {
  const { scale, unit } = unitOf(options?.base);
  const m = marginals(t);
  const nats = miNats(estimator, t, m);
  const { r, c } = m;
  const warnings: EstimateWarning[] = [];
  const kx = countNonZero(r);
  const ky = countNonZero(c);
  if (t.n < kx * ky)
    warnings.push({ code: "fewer-samples-than-categories", n: t.n, categories: kx * ky });
  if (nats < 0) warnings.push({ code: "negative-estimate", value: nats * scale });
  return {
    estimator,
    value: nats * scale,
    unit,
    n: t.n,
    categoriesX: kx,
    categoriesY: ky,
    categoriesXY: countNonZero(t.counts),
    warnings,
  };
}

/**
 * Mutual information I(X;Y) from paired samples of two categorical variables.
 *
 * Plug-in: I = D(P̂_XY ‖ P̂_X·P̂_Y) = Σ p̂ₓᵧ ln(p̂ₓᵧ/(p̂ₓp̂ᵧ)), through the library's KL kernel, so it
 * keeps the 1e-12 contract on exact tables (also near independence) and is ≥ 0; it is biased up by
 * about (Kₓ − 1)(Kᵧ − 1)/(2n). `miller-madow` (and the other entropy estimators): Ĥ(X) + Ĥ(Y) −
 * Ĥ(X,Y), which may come out negative: returned as it is, with a `negative-estimate` warning.
 *
 * Reference: T. M. Cover & J. A. Thomas, Elements of Information Theory (2006), §2.3; Miller (1955).
 *
 * @param x - labels of X, one per observation.
 * @param y - labels of Y, same length.
 * @param options - `estimator`, `base`, `ci` (bootstrap over pairs), `test` (permutation test).
 * @throws {SurprisalError} `length-mismatch` for samples of unequal length, `empty`, `not-finite`.
 * @example
 * ```ts
 * mutualInformation([0, 0, 1, 1], ["a", "a", "b", "b"], { base: "bits" }).value; // 1
 * ```
 */
export function mutualInformation(
  x: ArrayLike<Label>,
  y: ArrayLike<Label>,
  options?: MutualInformationOptions,
): MutualInformationEstimate {
  const estimator = checkEntropyEstimator(options?.estimator);
  const { ex, ey } = checkPair(x, y);
  const ra = ex.labels.length;
  const cb = ey.labels.length;
  const t = tableOfCodes(ex.codes, ra, ey.codes, cb);
  const out = miResult(estimator, t, options);
  const ci = resolveCi(options?.ci);
  const { scale } = unitOf(options?.base);
  if (ci !== undefined) {
    const n = t.n;
    const a = new Int32Array(n);
    const b = new Int32Array(n);
    const buf = new Float64Array(ra * cb);
    // Jackknife by cell: removing any one pair of a cell gives the same table.
    const values: number[] = [];
    const weights: number[] = [];
    if (n >= 2) {
      for (let k = 0; k < t.counts.length; k++) {
        if (t.counts[k] === 0) continue;
        const loo = Float64Array.from(t.counts);
        loo[k] -= 1;
        values.push(miNats(estimator, { counts: loo, rows: ra, cols: cb, n: n - 1 }));
        weights.push(t.counts[k]);
      }
    }
    out.ci = scaleInterval(
      bootstrapInterval(
        out.value / scale,
        (rng) => {
          for (let i = 0; i < n; i++) {
            const j = rng.nextInt(0, n - 1);
            a[i] = ex.codes[j];
            b[i] = ey.codes[j];
          }
          return miNats(estimator, tableOfCodes(a, ra, b, cb, buf));
        },
        values.length > 0 ? { values, weights } : undefined,
        ci,
      ),
      scale,
    );
    out.warnings.push(...intervalWarnings(out.ci));
  }
  const perm = resolvePermutations(options?.test);
  if (perm !== undefined) out.test = permutationTest(ex.codes, ra, ey.codes, cb, perm);
  return out;
}

/**
 * Mutual information I(X;Y) of a contingency table of counts (rows: X, columns: Y); see
 * {@link mutualInformation}. Exact tables give exact answers: D(P_XY ‖ P_X P_Y) through the KL
 * kernel.
 *
 * @param table - rows of counts (equal lengths), or a flat row-major typed array with `columns`.
 * @param options - as {@link mutualInformation} (no `ci`/`test`: they need the pairs), plus `columns`.
 * @example
 * ```ts
 * mutualInformationFromTable([[10, 0], [0, 10]], { base: "bits" }).value; // 1
 * ```
 */
export function mutualInformationFromTable(
  table: Matrix,
  options?: Omit<MutualInformationOptions, "ci" | "test"> & { columns?: number },
): MutualInformationEstimate {
  const estimator = checkEntropyEstimator(options?.estimator);
  return miResult(estimator, checkTable(table, options?.columns), options);
}

/**
 * Conditional entropy H(Y|X) from paired samples: the entropy left in Y once X is known,
 * H(Y|X) = −Σ p̂ₓᵧ ln(p̂ₓᵧ/p̂ₓ) = H(X,Y) − H(X) (plug-in, a sum of non-negative terms);
 * other estimators give Ĥ(X,Y) − Ĥ(X).
 *
 * Reference: Cover & Thomas (2006), §2.2. PyInform's `conditional_entropy(xs, ys)` is H(Y|X).
 *
 * @param y - the variable whose remaining uncertainty is measured.
 * @param x - the variable known (the condition), same length.
 * @example
 * ```ts
 * conditionalEntropy([1, 0, 0, 1, 0, 0, 1, 0, 0], [0, 0, 1, 1, 1, 1, 0, 0, 0], { base: "bits" }).value;
 * // 0.8999850522344305 (PyInform's 0.899985)
 * ```
 */
export function conditionalEntropy(
  y: ArrayLike<Label>,
  x: ArrayLike<Label>,
  options?: { estimator?: EntropyEstimator; base?: Base },
): EstimateBase & { estimator: EntropyEstimator } {
  const estimator = checkEntropyEstimator(options?.estimator);
  const { ex, ey } = checkPair(x, y, "x", "y");
  const t = tableOfCodes(ex.codes, ex.labels.length, ey.codes, ey.labels.length);
  const { r } = marginals(t);
  const { scale, unit } = unitOf(options?.base);
  let nats: number;
  if (estimator === "plugin") {
    const s = new CompensatedSum();
    for (let i = 0; i < t.rows; i++) {
      for (let j = 0; j < t.cols; j++) {
        const v = t.counts[i * t.cols + j];
        if (v > 0) s.add((v / t.n) * Math.log(r[i] / v));
      }
    }
    nats = s.value();
  } else {
    nats =
      entropyNats(estimator, nonZero(t.counts), t.n, Math.max(2, t.rows * t.cols)).value -
      entropyNats(estimator, nonZero(r), t.n, Math.max(2, t.rows)).value;
  }
  return { estimator, value: nats * scale, unit, n: t.n, warnings: [] };
}

/**
 * Conditional mutual information I(X;Y|Z) from three paired samples: what X tells about Y once Z
 * is known. Plug-in: I = Σ p̂ₓᵧ𝓏 ln(p̂ₓᵧ𝓏·p̂𝓏/(p̂ₓ𝓏·p̂ᵧ𝓏)) = D(P̂_XYZ ‖ P̂_X|Z·P̂_Y|Z·P̂_Z), through the
 * KL kernel over every (x, y) of each z. Other estimators: Ĥ(X,Z) + Ĥ(Y,Z) − Ĥ(X,Y,Z) − Ĥ(Z).
 *
 * Reference: Cover & Thomas (2006), §2.5.
 *
 * @example
 * ```ts
 * conditionalMutualInformation([0, 1, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1], { base: "bits" }).value; // 1
 * ```
 */
export function conditionalMutualInformation(
  x: ArrayLike<Label>,
  y: ArrayLike<Label>,
  z: ArrayLike<Label>,
  options?: { estimator?: EntropyEstimator; base?: Base },
): EstimateBase & { estimator: EntropyEstimator } {
  const estimator = checkEntropyEstimator(options?.estimator);
  const { ex, ey } = checkPair(x, y);
  const ez = encodeLabels(z, "z");
  if (ez.codes.length !== ex.codes.length) {
    throw new SurprisalError(
      "length-mismatch",
      `z has length ${ez.codes.length} but x has length ${ex.codes.length}: paired samples must have one value per observation`,
      { argument: "z", value: ez.codes.length },
    );
  }
  const n = ex.codes.length;
  const kx = ex.labels.length;
  const ky = ey.labels.length;
  const kz = ez.labels.length;
  const { scale, unit } = unitOf(options?.base);
  const xyz = new Map<number, number>();
  const xz = new Float64Array(kx * kz);
  const yz = new Float64Array(ky * kz);
  const zc = new Float64Array(kz);
  for (let i = 0; i < n; i++) {
    const a = ex.codes[i];
    const b = ey.codes[i];
    const c = ez.codes[i];
    const key = (a * ky + b) * kz + c;
    xyz.set(key, (xyz.get(key) ?? 0) + 1);
    xz[a * kz + c]++;
    yz[b * kz + c]++;
    zc[c]++;
  }
  let nats: number;
  if (estimator === "plugin") {
    const p: number[] = [];
    const q: number[] = [];
    for (let c = 0; c < kz; c++) {
      for (let a = 0; a < kx; a++) {
        const na = xz[a * kz + c];
        if (na === 0) continue;
        for (let b = 0; b < ky; b++) {
          const nb = yz[b * kz + c];
          if (nb === 0) continue;
          p.push(xyz.get((a * ky + b) * kz + c) ?? 0);
          q.push((na * nb) / zc[c]);
        }
      }
    }
    nats = klDivergence(p, q, { input: "counts" });
  } else {
    const h = (a: Float64Array, K: number) =>
      entropyNats(estimator, nonZero(a), n, Math.max(2, K)).value;
    nats =
      h(xz, kx * kz) +
      h(yz, ky * kz) -
      h(Float64Array.from(xyz.values()), kx * ky * kz) -
      h(zc, kz);
  }
  const warnings: EstimateWarning[] = [];
  if (nats < 0) warnings.push({ code: "negative-estimate", value: nats * scale });
  return { estimator, value: nats * scale, unit, n, warnings };
}

/** How NMI and AMI average H(X) and H(Y), as scikit-learn's `average_method`. */
export type AverageMethod = "arithmetic" | "geometric" | "min" | "max";

function average(u: number, v: number, m: AverageMethod): number {
  switch (m) {
    case "arithmetic":
      return (u + v) / 2;
    case "geometric":
      return Math.sqrt(u * v);
    case "min":
      return Math.min(u, v);
    case "max":
      return Math.max(u, v);
  }
}

function checkAverage(m: unknown): AverageMethod {
  if (m === undefined) return "arithmetic";
  if (m === "arithmetic" || m === "geometric" || m === "min" || m === "max") return m;
  throw new SurprisalError(
    "invalid-option",
    `average = ${describeValue(m)} is not valid: use "arithmetic", "geometric", "min" or "max"`,
    { argument: "average", value: m },
  );
}

function plainEntropy(a: Float64Array, n: number): number {
  const s = new CompensatedSum();
  for (let i = 0; i < a.length; i++) if (a[i] > 0) s.add((a[i] / n) * Math.log(n / a[i]));
  return s.value();
}

/**
 * Normalized mutual information of two labelings, as scikit-learn's
 * `normalized_mutual_info_score`: NMI = I(X;Y) / mean(H(X), H(Y)), the mean by `average`
 * (arithmetic, the default, geometric, min or max). In [0, 1], a unitless ratio.
 * Conventions (scikit-learn's): both labelings of one category (or none) → 1; I = 0 → 0.
 *
 * Reference: A. Strehl & J. Ghosh, "Cluster ensembles", JMLR 3 (2002); Vinh, Epps & Bailey,
 * JMLR 11 (2010).
 *
 * @example
 * ```ts
 * normalizedMutualInformation([0, 0, 1, 1], [1, 1, 0, 0]); // 1
 * ```
 */
export function normalizedMutualInformation(
  x: ArrayLike<Label>,
  y: ArrayLike<Label>,
  options?: { average?: AverageMethod },
): number {
  const m = checkAverage(options?.average);
  const { ex, ey } = checkPair(x, y);
  if (ex.labels.length === 1 && ey.labels.length === 1) return 1;
  const t = tableOfCodes(ex.codes, ex.labels.length, ey.codes, ey.labels.length);
  const mi = pluginMiNats(t);
  if (mi === 0) return 0;
  const { r, c } = marginals(t);
  return Math.min(1, mi / average(plainEntropy(r, t.n), plainEntropy(c, t.n), m));
}

/**
 * Expected plug-in MI of two labelings with these marginals under random assignment (the
 * hypergeometric model, Vinh, Epps & Bailey 2010, eq. 24–25), in nats:
 * E[I] = Σᵢⱼ Σ_{k=max(1,aᵢ+bⱼ−N)}^{min(aᵢ,bⱼ)} (k/N)·ln(N·k/(aᵢbⱼ))·
 *        aᵢ!bⱼ!(N−aᵢ)!(N−bⱼ)! / (N!·k!(aᵢ−k)!(bⱼ−k)!(N−aᵢ−bⱼ+k)!).
 * Equal marginal counts are grouped. @internal
 */
export function expectedMutualInformation(r: Float64Array, c: Float64Array, n: number): number {
  const group = (a: Float64Array) => {
    const m = new Map<number, number>();
    for (const v of a) if (v > 0) m.set(v, (m.get(v) ?? 0) + 1);
    return [...m.entries()];
  };
  const gr = group(r);
  const gc = group(c);
  const lfN = logFactorial(n);
  const s = new CompensatedSum();
  for (const [a, ma] of gr) {
    const la = logFactorial(a) + logFactorial(n - a);
    for (const [b, mb] of gc) {
      const lb = logFactorial(b) + logFactorial(n - b);
      const lo = Math.max(1, a + b - n);
      const hi = Math.min(a, b);
      let cell = 0;
      for (let k = lo; k <= hi; k++) {
        const lp =
          la +
          lb -
          lfN -
          logFactorial(k) -
          logFactorial(a - k) -
          logFactorial(b - k) -
          logFactorial(n - a - b + k);
        cell += (k / n) * Math.log((n * k) / (a * b)) * Math.exp(lp);
      }
      s.add(ma * mb * cell);
    }
  }
  return s.value();
}

/**
 * Adjusted mutual information of two labelings, as scikit-learn's `adjusted_mutual_info_score`:
 * AMI = (I − E[I]) / (mean(H(X), H(Y)) − E[I]), E[I] the expected MI under the hypergeometric
 * model of random labelings with the same marginals. 1 for identical labelings, about 0 for
 * independent ones, negative when worse than chance. Same conventions as scikit-learn (one
 * category each → 1; the denominator kept away from 0 by ±ε).
 *
 * Reference: N. X. Vinh, J. Epps & J. Bailey, "Information theoretic measures for clusterings
 * comparison", JMLR 11 (2010) 2837–2854.
 *
 * @example
 * ```ts
 * adjustedMutualInformation([0, 0, 1, 1], [0, 0, 1, 1]); // 1
 * ```
 */
export function adjustedMutualInformation(
  x: ArrayLike<Label>,
  y: ArrayLike<Label>,
  options?: { average?: AverageMethod },
): number {
  const m = checkAverage(options?.average);
  const { ex, ey } = checkPair(x, y);
  if (ex.labels.length === ey.labels.length && ex.labels.length === 1) return 1;
  const t = tableOfCodes(ex.codes, ex.labels.length, ey.codes, ey.labels.length);
  const mi = pluginMiNats(t);
  const { r, c } = marginals(t);
  const emi = expectedMutualInformation(r, c, t.n);
  let den = average(plainEntropy(r, t.n), plainEntropy(c, t.n), m) - emi;
  den = den < 0 ? Math.min(den, -Number.EPSILON) : Math.max(den, Number.EPSILON);
  return (mi - emi) / den;
}

/**
 * A permutation test of independence for categorical pairs: the plug-in MI of the data against
 * the MI of B seeded permutations of y; p = (1 + #{I* ≥ I})/(1 + B) (Phipson & Smyth 2010).
 *
 * @throws {SurprisalError} `single-category` when x or y has one category.
 * @example
 * ```ts
 * miPermutationTest([0, 0, 1, 1, 0, 1], [0, 0, 1, 1, 0, 1], { permutations: 999, seed: 1 }).pValue; // ≈ 0.1
 * ```
 */
export function miPermutationTest(
  x: ArrayLike<Label>,
  y: ArrayLike<Label>,
  options?: PermutationOptions,
): PermutationTest {
  const { ex, ey } = checkPair(x, y);
  const o = resolvePermutations(options ?? true);
  return permutationTest(ex.codes, ex.labels.length, ey.codes, ey.labels.length, o!);
}
