import { SurprisalError } from "../errors.js";
import { frozenOptions, type ResolvedOptions, resolveOptions } from "../input/options.js";
import { totalsOfSums } from "../input/pair.js";
import { broadcastRows, type RowView, viewRows } from "../input/rows.js";
import { checkMass } from "../input/validate.js";
import { entropyOfSums } from "../numeric/entropy-kernel.js";
import { fastHooks } from "../numeric/fast-hooks.js";
import { KL, scaleRatio } from "../numeric/kernels.js";
import { fusedPairSum } from "../numeric/pair-sum-kernel.js";
import { compensatedMerge } from "../numeric/sum.js";
import type { Matrix, MeasureOptions, RowOptions, Vector } from "../types.js";
import { crossEntropy, crossEntropyOfSums } from "./cross-entropy.js";
import { entropy } from "./entropy.js";
import { hellinger } from "./hellinger.js";
import { jsDistance, jsDivergence } from "./js.js";
import { klDivergence, klOfKernelState } from "./kl.js";
import { logitPairRows } from "./logit-pair-rows.js";
import { entropyLogitRowsNats, klLogitRowsNats } from "./logit-rows.js";
import {
  PSI_PASS,
  renyiDivergence,
  renyiKernelInputs,
  renyiOfKernelSums,
  renyiOfTotalsSums,
  renyiValue,
  splitAlpha,
} from "./renyi.js";
import { RowValues } from "./row-values.js";
import { totalVariation } from "./total-variation.js";

/** Re-raises an error of row `r` with the row in the argument name (`p[r]`) and the message. */
function inRow(e: unknown, r: number): never {
  if (e instanceof SurprisalError) {
    const rowArg = e.argument === "p" || e.argument === "q";
    throw new SurprisalError(e.code, `row ${r}: ${e.message}`, {
      argument: rowArg ? `${e.argument}[${r}]` : e.argument,
      index: e.index,
      value: e.value,
    });
  }
  throw e;
}

/** Row-wise inputs as the rows kernels take them (see {@link flatForm}). */
interface FlatForm {
  p: Matrix | Vector;
  q: Matrix | Vector | undefined;
  options: RowOptions | undefined;
}

/**
 * The inputs of a row-wise function with its arrays of rows (and plain single rows) copied into
 * flat Float64Arrays and `columns` set, so that every form of the same numbers takes the rows
 * kernels and gives the same values (a copy at memory speed, against the loop's per-row calls).
 * Typed arrays stay as they are, but for a Float32Array against float64 rows, which is widened
 * (exactly, as the kernels widen float32 elements). The inputs are returned unchanged where the copy does not apply
 * (no arrays, ragged rows, an entry that is not a number, shapes the row-by-row path refuses): that
 * path then raises the precise error.
 */
function flatForm(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector | undefined,
  options: RowOptions | undefined,
): FlatForm {
  const same = { p: pRows, q: qRows, options };
  if (options?.smoothing !== undefined) return same;
  if (!Array.isArray(pRows) && !Array.isArray(qRows)) {
    // Float32 against float64 rows: the float32 side widened (exactly), as the kernels widen it.
    if (pRows instanceof Float32Array && qRows instanceof Float64Array)
      return { p: Float64Array.from(pRows), q: qRows, options };
    if (pRows instanceof Float64Array && qRows instanceof Float32Array)
      return { p: pRows, q: Float64Array.from(qRows), options };
    return same;
  }
  let P: RowView;
  let Q: RowView | undefined;
  try {
    if (qRows === undefined) P = viewRows(pRows, "p", options?.columns);
    else ({ p: P, q: Q } = broadcastRows(pRows, qRows, options?.columns));
  } catch {
    return same;
  }
  const columns = P.columns;
  const flat = (m: Matrix | Vector, v: RowView): Vector | undefined => {
    if (m instanceof Float64Array || m instanceof Float32Array) {
      return m.length === v.count * columns || m.length === columns ? m : undefined;
    }
    // A single row (a plain array of numbers, or a matrix of one row) stays one row: broadcast.
    const rows = Array.isArray(m) && (m.length === 1 || typeof m[0] === "number") ? 1 : v.count;
    const out = new Float64Array(rows * columns);
    for (let r = 0; r < rows; r++) {
      const row = v.row(r);
      if (row.length !== columns) return undefined;
      for (let c = 0; c < columns; c++) {
        const x = row[c];
        if (typeof x !== "number") return undefined;
        out[r * columns + c] = x;
      }
    }
    return out;
  };
  let p = flat(pRows, P);
  let q = qRows === undefined || Q === undefined ? undefined : flat(qRows, Q);
  if (p === undefined || (qRows !== undefined && q === undefined)) return same;
  // The rows copied are float64: a float32 typed side is widened to them (exactly).
  if (p instanceof Float32Array && q !== undefined) p = Float64Array.from(p);
  if (q instanceof Float32Array) q = Float64Array.from(q);
  return { p, q, options: { ...options, columns } };
}

/** Applies a measure of two distributions to every pair of rows. */
function pairRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options: RowOptions | undefined,
  measure: (p: Vector, q: Vector, o: MeasureOptions) => number,
): RowValues {
  resolveOptions(options, ["columns"]);
  const { count, p: P, q: Q } = broadcastRows(pRows, qRows, options?.columns);
  const out = new RowValues(count);
  // One validated, frozen options object for every row (their checks are not repeated per row).
  const o = frozenOptions({
    base: options?.base,
    input: options?.input,
    tolerance: options?.tolerance,
    threads: options?.threads,
    smoothing: options?.smoothing,
  });
  for (let r = 0; r < count; r++) {
    try {
      out[r] = measure(P.row(r), Q.row(r), o);
    } catch (e) {
      inRow(e, r);
    }
  }
  return out;
}

/**
 * Row-wise KL divergence: D(Pᵣ‖Qᵣ) for every row r, as one `Float64Array`. Rows are read in place
 * (a flat typed array is viewed, never copied). For logits, each row is normalized by its own
 * log-sum-exp (softmax per row), as for a batch of model outputs.
 *
 * @param pRows - rows of P: an array of rows, or a flat row-major typed array with `columns`.
 * @param qRows - rows of Q, same shape.
 * @param options - `base`, `input`, `tolerance`, `columns`.
 * @throws {SurprisalError} as {@link klDivergence}, with the row in the message; `length-mismatch`
 * for different row counts.
 * @example
 * ```ts
 * klDivergenceRows([[0.5, 0.5], [0.9, 0.1]], [[0.9, 0.1], [0.5, 0.5]]);
 * // Float64Array [0.5108256237659906, 0.368064207168497]
 * klDivergenceRows(new Float32Array([0, 0, 1, 0]), new Float32Array([0, 1, 0, 0]), { columns: 2, input: "logits" });
 * // Float64Array [0.12011450695827752, 0.11094407167172737]
 * ```
 */
export function klDivergenceRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options?: RowOptions,
): RowValues {
  // Rows of logits or log-probabilities on the kernel; an invalid element (or a log-probability row
  // off 1) falls through so that the TypeScript path raises the precise error.
  const f = flatForm(pRows, qRows, options);
  const fast = klLogitRowsNats(f.p, f.q as Matrix | Vector, f.options);
  if (fast !== undefined) return inBase(fast, options);
  return (
    klLinearRows(f.p, f.q as Matrix | Vector, f.options) ??
    pairRows(pRows, qRows, options, klDivergence)
  );
}

/**
 * Rows of probabilities or counts in flat typed arrays of one float type on the `klRows` hook: each
 * row's KL state formed by the single-vector kernel (counts: Q scaled by the row's λ = Σp/Σq, as
 * klDivergence does), the rows spread over the threads, then each finished as klDivergence finishes
 * a vector's state (the same bits as klDivergence of the row from 64 outcomes, where it takes that
 * kernel too). Undefined where the row-by-row path runs: no hook,
 * log kinds, smoothing, fewer than two rows, other shapes, or the hook declines (an element may be
 * invalid: the row-by-row path names it).
 */
function klLinearRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options: RowOptions | undefined,
): RowValues | undefined {
  const hook = fastHooks.klRows;
  const v = hook === undefined ? undefined : linearRows(pRows, qRows, options);
  if (hook === undefined || v === undefined) return undefined;
  const { o, P, p: pv } = v;
  const Q = v.Q as RowView;
  const qv = v.q as Floats;
  // A view of the kernels' memory: read before any other kernel call (the rescue below).
  const states = hook(pv, qv, P.count, P.columns, o.input === "counts", o.threads);
  if (states === undefined) return undefined;
  const s = new Float64Array(KL.SIZE);
  const mo = frozenOptions(o0(options));
  return finishRows(
    P.count,
    (r) => {
      const b = 10 * r;
      s.fill(0);
      s[KL.LAMBDA] = states[b + 9] as number;
      // λ NaN: Σp/Σq beyond the double range, klDivergence's power of 2 and rescue.
      if (Number.isNaN(s[KL.LAMBDA])) return undefined;
      for (let i = KL.G; i <= KL.D; i += 2)
        compensatedMerge(s, i, states[b + i], states[b + i + 1]);
      s[KL.INF] = states[b + 8] as number;
      s[KL.N] = P.columns;
      return klOfKernelState(o, s);
    },
    (r) => klDivergence(P.row(r), Q.row(r), mo),
  );
}

/**
 * Cross-entropy of rows of probabilities or counts in flat typed arrays on the `crossRows` hook:
 * each row's sums by the kernel of a vector's, the rows spread over the threads, each finished as
 * crossEntropy finishes a vector's (crossEntropyOfSums: the same bits from 64 outcomes); rows whose
 * sums overflow by crossEntropy itself. Undefined where another path runs (as
 * {@link klLinearRows}; also where some row's largest q is beyond 2^1000).
 */
function crossLinearRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options: RowOptions | undefined,
): RowValues | undefined {
  const hook = fastHooks.crossRows;
  const v = hook === undefined ? undefined : linearRows(pRows, qRows, options);
  if (hook === undefined || v === undefined) return undefined;
  const { o, P, p: pv } = v;
  const Q = v.Q as RowView;
  // A view of the kernels' memory: read before any other kernel call (the rescue below).
  const bound = o.input === "probabilities" ? 1 : 0; // probabilities: q ≤ 1, one pass
  const s = hook(pv, v.q as Floats, P.count, P.columns, o.threads, bound);
  if (s === undefined) return undefined;
  const mo = frozenOptions(o0(options));
  return finishRows(
    P.count,
    (r) => {
      const b = 8 * r;
      // B may overflow where huge counts of P meet small values of Q (as crossEntropyFast).
      const finite =
        (s[b + 1] as number) + (s[b + 2] as number) < Number.POSITIVE_INFINITY &&
        (s[b + 3] as number) + (s[b + 4] as number) < Number.POSITIVE_INFINITY &&
        Number.isFinite((s[b + 5] as number) + (s[b + 6] as number));
      return finite ? crossEntropyOfSums(s, b, o) : undefined;
    },
    (r) => crossEntropy(P.row(r), Q.row(r), mo),
  );
}

/**
 * Rows of probabilities or counts in a flat typed array on the `entropyRows` hook: each row's fused
 * state by the single-vector kernel, the rows spread over the threads, each finished as entropy()
 * finishes a vector's (the same bits as entropy of the row from 64 outcomes, where it takes that
 * kernel too). Undefined where the row-by-row path runs (as {@link klLinearRows}).
 */
function entropyLinearRows(
  rows: Matrix | Vector,
  options: RowOptions | undefined,
): RowValues | undefined {
  const hook = fastHooks.entropyRows;
  const v = hook === undefined ? undefined : linearRows(rows, undefined, options);
  if (hook === undefined || v === undefined) return undefined;
  const { o, P, p: pv } = v;
  // A view of the kernels' memory: read before any other kernel call (the rescue below).
  const states = hook(pv, P.count, P.columns, o.threads, o.input === "probabilities" ? 1 : 0);
  if (states === undefined) return undefined;
  const mo = frozenOptions(o0(options));
  return finishRows(
    P.count,
    (r) => {
      // Row r's state [m, S, B] (hi, lo pairs) is what entropy() forms from a fused chunk state
      // (addFusedEntropy into a fresh state keeps it as it is), finished as entropy() finishes it.
      const b = 5 * r;
      const m = states[b] as number;
      const sh = states[b + 1] as number;
      const sl = states[b + 2] as number;
      const bh = states[b + 3] as number;
      const bl = states[b + 4] as number;
      // Counts whose sums overflow: entropy() rescales them.
      if (!Number.isFinite(sh + sl) || !Number.isFinite(bh + bl)) return undefined;
      checkMass(sh + sl, "p", o.input, o.tolerance);
      return entropyOfSums(m, sh, sl, bh, bl) / o.logBase;
    },
    (r) => entropy(P.row(r), mo),
  );
}

/**
 * Jensen–Shannon of rows of probabilities or counts in flat typed arrays on the `jsRows` hook: the
 * rows' totals, each row's kernel parameters from them as jsDivergence forms a vector's (the mass
 * checks of the vector path), then the JS kernel over the rows on the threads, each row finished as
 * jsDivergence finishes (the same bits from 64 outcomes); rows whose parameters are not formed here
 * (counts of different totals) by jsDivergence itself. Undefined where the row-by-row path runs (as
 * {@link klLinearRows}).
 */
function jsLinearRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options: RowOptions | undefined,
): RowValues | undefined {
  const hook = fastHooks.jsRows;
  const v = hook === undefined ? undefined : linearRows(pRows, qRows, options);
  if (hook === undefined || v === undefined) return undefined;
  const { o, P, p: pv } = v;
  const Q = v.Q as RowView;
  const qv = v.q as Floats;
  const whole = new Uint8Array(P.count); // 1: the row goes to jsDivergence
  const fill = (totals: Float64Array, records: Float64Array): boolean => {
    for (let r = 0; r < P.count; r++) {
      const t = 12 * r;
      const sp = (totals[t] as number) + (totals[t + 1] as number);
      const sq = (totals[t + 2] as number) + (totals[t + 3] as number);
      try {
        checkMass(sp, "p", o.input, o.tolerance);
        checkMass(sq, "q", o.input, o.tolerance);
      } catch (e) {
        inRow(e, r);
      }
      const ip = 1 / sp;
      const iq = 1 / sq;
      const b = 7 * r;
      if (
        (o.input === "counts" && scaleRatio(sp, sq) !== 1) ||
        !(ip >= MIN_NORMAL && ip < Number.POSITIVE_INFINITY) ||
        !(iq >= MIN_NORMAL && iq < Number.POSITIVE_INFINITY)
      ) {
        whole[r] = 1;
        records.set([1, 1, 1, 0, 0], b + 2); // a harmless sum, replaced below
        continue;
      }
      const ratio = ((totals[t + 4] as number) + (totals[t + 5] as number)) / sq;
      const form = ratio < 0.125 && ratio > -0.125 ? 0 : 2; // balanced, λ = 1; or not balanced
      records[b + 2] = ip;
      records[b + 3] = iq;
      records[b + 4] = 1;
      records[b + 5] = ratio;
      records[b + 6] = form;
    }
    return true;
  };
  // A view of the kernels' memory: read before any other kernel call (finishRows).
  const records = hook(pv, qv, P.count, P.columns, fill, o.threads);
  if (records === undefined) return undefined;
  const mo = frozenOptions(o0(options));
  return finishRows(
    P.count,
    (r) =>
      whole[r] === 1
        ? undefined
        : Math.min((records[7 * r] as number) + (records[7 * r + 1] as number), Math.LN2) /
          o.logBase,
    (r) => jsDivergence(P.row(r), Q.row(r), mo),
  );
}

/** The smallest normal double: 1/Sp and 1/Sq below it leave the JS kernel (as jsSumFast). */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Total variation (`mode` 1) or Hellinger (2) of rows of probabilities or counts in flat typed
 * arrays on the `pairRows` hook: each row's totals and sums as the totals pass forms a vector's,
 * the rows spread over the threads, each finished from them as the measure finishes a vector's
 * (fusedPairSum, then `finish`: the same bits as the measure of the row from 64 outcomes); rows
 * those sums do not decide (counts of different totals, differences near the rounding of δ, or
 * `finish` returns undefined) by `measure` itself.
 * Undefined where the row-by-row path runs (as {@link klLinearRows}).
 */
function pairLinearRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options: RowOptions | undefined,
  mode: 1 | 2,
  measure: (p: Vector, q: Vector, o: MeasureOptions) => number,
  finish: (sum: number) => number | undefined = mode === 1
    ? (v) => Math.min(0.5 * v, 1)
    : (v) => Math.min(Math.sqrt(0.5 * v), 1),
): RowValues | undefined {
  const hook = fastHooks.pairRows;
  const v = hook === undefined ? undefined : linearRows(pRows, qRows, options);
  if (hook === undefined || v === undefined) return undefined;
  const { o, P, p: pv } = v;
  const Q = v.Q as RowView;
  const qv = v.q as Floats;
  // A view of the kernels' memory: read before any other kernel call (finishRows).
  const states = hook(pv, qv, P.count, P.columns, mode, o.threads);
  if (states === undefined) return undefined;
  const sums = new Float64Array(11);
  const mo = frozenOptions(o0(options));
  return finishRows(
    P.count,
    (r) => {
      sums.set(states.subarray(12 * r, 12 * r + 11));
      const sp = (sums[0] as number) + (sums[1] as number);
      const sq = (sums[2] as number) + (sums[3] as number);
      checkMass(sp, "p", o.input, o.tolerance);
      checkMass(sq, "q", o.input, o.tolerance);
      if (o.input === "counts" && scaleRatio(sp, sq) !== 1) return undefined;
      const delta = (sums[4] as number) + (sums[5] as number);
      const ratio = delta / sq;
      const balanced = ratio < 0.125 && ratio > -0.125;
      const v = fusedPairSum({ sp, sqL: sq, delta, lambda: 1, balanced }, mode, sums);
      if (v === undefined) return undefined;
      return finish(v);
    },
    (r) => measure(P.row(r), Q.row(r), mo),
  );
}

type Floats = Float64Array | Float32Array;

/**
 * What the rows kernels need of row-wise inputs: flat Float64Array/Float32Array rows of
 * probabilities or counts (one or two of one length, or a single row of one broadcast against the
 * rows of the other, which the hooks repeat in the kernels' memory), no smoothing; their options
 * resolved and their row views (a
 * broadcast row repeated, for the rows the vector function computes). Undefined where the
 * row-by-row path runs.
 */
function linearRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector | undefined,
  options: RowOptions | undefined,
):
  | { o: ResolvedOptions; P: RowView; Q: RowView | undefined; p: Floats; q: Floats | undefined }
  | undefined {
  if (options?.smoothing !== undefined) return undefined;
  if (!(pRows instanceof Float64Array || pRows instanceof Float32Array)) return undefined;
  if (qRows !== undefined && !(qRows instanceof Float64Array || qRows instanceof Float32Array))
    return undefined;
  const o = resolveOptions(options, ["columns"]);
  if (o.log) return undefined;
  let P: RowView;
  let Q: RowView | undefined;
  if (qRows === undefined) P = viewRows(pRows, "p", options?.columns);
  else ({ p: P, q: Q } = broadcastRows(pRows, qRows, options?.columns));
  // Any number of rows of any length: which path a row takes depends on nothing but the inputs'
  // kinds, so that its value does not depend on how the rows are batched (a stream's chunks).
  if (P.count === 0 || P.columns === 0) return undefined;
  return { o, P, Q, p: pRows, q: qRows as Floats | undefined };
}

/**
 * The values of `count` rows from a rows kernel's states: `finish(r)` gives row r's value, or
 * undefined where the vector function must compute it (its rescue), which `whole(r)` does after
 * every `finish` (which reads a view of the kernels' memory that another kernel call may reuse).
 * Errors carry the row (inRow).
 */
function finishRows(
  count: number,
  finish: (r: number) => number | undefined,
  whole: (r: number) => number,
): RowValues {
  const out = new RowValues(count);
  const rescue: number[] = [];
  for (let r = 0; r < count; r++) {
    try {
      const v = finish(r);
      if (v === undefined) rescue.push(r);
      else out[r] = v;
    } catch (e) {
      inRow(e, r);
    }
  }
  for (const r of rescue) {
    try {
      out[r] = whole(r);
    } catch (e) {
      inRow(e, r);
    }
  }
  return out;
}

/** The measure options of row options (without `columns`). */
function o0(options: RowOptions | undefined): MeasureOptions {
  return {
    base: options?.base,
    input: options?.input,
    tolerance: options?.tolerance,
    threads: options?.threads,
    smoothing: options?.smoothing,
  };
}

/** Divides nats by the log of the options' base, in place. */
function inBase(values: RowValues, options: RowOptions | undefined): RowValues {
  const { logBase } = resolveOptions(options, ["columns"]);
  if (logBase !== 1) for (let r = 0; r < values.length; r++) values[r] /= logBase;
  return values;
}

/** Row-wise cross-entropy H(Pᵣ, Qᵣ) (see {@link klDivergenceRows} for shapes). */
export function crossEntropyRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options?: RowOptions,
): RowValues {
  // Rows of logits or log-probabilities: H(Pᵣ) + D(Pᵣ‖Qᵣ) as crossEntropy forms them, both on
  // their row kernels (which validate every row, in row order, as the loop would).
  const f = flatForm(pRows, qRows, options);
  const [fp, fq, fo] = [f.p, f.q as Matrix | Vector, f.options];
  const d = klLogitRowsNats(fp, fq, fo);
  const h = d === undefined ? undefined : entropyLogitRowsNats(fp, fo);
  if (d !== undefined && h !== undefined) {
    const one = h.length === 1; // one row of P broadcast against the rows of Q
    for (let r = 0; r < d.length; r++) {
      const dr = d[r] as number;
      d[r] = dr === Number.POSITIVE_INFINITY ? dr : (h[one ? 0 : r] as number) + dr;
    }
    return inBase(d, options);
  }
  // Rows of probabilities or counts: each row's sums by the cross-entropy kernel, one log per
  // element (as crossEntropy forms a vector's); else H(Pᵣ) + D(Pᵣ‖Qᵣ), both on their rows kernels
  // (terms of one sign: the sum keeps the digits of both).
  const cross = crossLinearRows(fp, fq, fo);
  if (cross !== undefined) return cross;
  const dl = klLinearRows(fp, fq, fo);
  const hl = dl === undefined ? undefined : entropyLinearRows(fp, fo);
  if (dl !== undefined && hl !== undefined) {
    const one = hl.length === 1; // one row of P broadcast against the rows of Q
    for (let r = 0; r < dl.length; r++) {
      const dr = dl[r] as number;
      dl[r] = dr === Number.POSITIVE_INFINITY ? dr : (hl[one ? 0 : r] as number) + dr;
    }
    return dl;
  }
  return pairRows(pRows, qRows, options, crossEntropy);
}

/** Row-wise Jensen–Shannon divergence (see {@link klDivergenceRows} for shapes). */
export function jsDivergenceRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options?: RowOptions,
): RowValues {
  const f = flatForm(pRows, qRows, options);
  const [fp, fq, fo] = [f.p, f.q as Matrix | Vector, f.options];
  return (
    logitPairRows(fp, fq, fo, 0) ??
    jsLinearRows(fp, fq, fo) ??
    pairRows(pRows, qRows, options, jsDivergence)
  );
}

/** Row-wise Jensen–Shannon distance (see {@link klDivergenceRows} for shapes). */
export function jsDistanceRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options?: RowOptions,
): RowValues {
  const f = flatForm(pRows, qRows, options);
  const [fp, fq, fo] = [f.p, f.q as Matrix | Vector, f.options];
  const fast = logitPairRows(fp, fq, fo, 0) ?? jsLinearRows(fp, fq, fo);
  if (fast !== undefined) {
    for (let r = 0; r < fast.length; r++) fast[r] = Math.sqrt(fast[r]);
    return fast;
  }
  return pairRows(pRows, qRows, options, jsDistance);
}

/** Row-wise total variation distance (see {@link klDivergenceRows} for shapes). */
export function totalVariationRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options?: RowOptions,
): RowValues {
  const f = flatForm(pRows, qRows, options);
  const [fp, fq, fo] = [f.p, f.q as Matrix | Vector, f.options];
  return (
    logitPairRows(fp, fq, fo, 1) ??
    pairLinearRows(fp, fq, fo, 1, totalVariation) ??
    pairRows(pRows, qRows, options, totalVariation)
  );
}

/** Row-wise Hellinger distance (see {@link klDivergenceRows} for shapes). */
export function hellingerRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options?: RowOptions,
): RowValues {
  const f = flatForm(pRows, qRows, options);
  const [fp, fq, fo] = [f.p, f.q as Matrix | Vector, f.options];
  return (
    logitPairRows(fp, fq, fo, 2) ??
    pairLinearRows(fp, fq, fo, 2, hellinger) ??
    pairRows(pRows, qRows, options, hellinger)
  );
}

/** Options of {@link renyiDivergenceRows}: the order α and the row options. */
export interface RenyiRowOptions extends RowOptions {
  /** The order α ≥ 0 (0, 1 and Infinity allowed). */
  alpha: number;
}

/**
 * Row-wise Rényi divergence of order α (see {@link klDivergenceRows} for shapes).
 * @example
 * ```ts
 * renyiDivergenceRows([[0.5, 0.5]], [[0.9, 0.1]], { alpha: 2 }); // Float64Array [1.0216512475319814]
 * ```
 */
export function renyiDivergenceRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options: RenyiRowOptions,
): RowValues;
/**
 * The positional form of {@link renyiDivergenceRows}.
 * @deprecated Since 0.2: pass the order in the options,
 * `renyiDivergenceRows(pRows, qRows, { alpha, ...options })`.
 */
export function renyiDivergenceRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  alpha: number,
  options?: RowOptions,
): RowValues;
export function renyiDivergenceRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  alphaOrOptions: number | RenyiRowOptions,
  positionalOptions?: RowOptions,
): RowValues {
  const [alpha, options] = splitAlpha(alphaOrOptions, positionalOptions, ["columns"]);
  // Rows of logits or log-probabilities on the kernel (α = 1 is the KL divergence).
  if (alpha === 1) return klDivergenceRows(pRows, qRows, options);
  // α = ½ of probabilities and counts: −2·log(1 − H²) from each row's Hellinger sum (halfOrder of
  // renyi.ts), on the rows kernel; H² > ½ rows by renyiDivergence itself.
  const logBase = resolveOptions(options, ["columns"]).logBase;
  const measure = (p: Vector, q: Vector, o: MeasureOptions) =>
    renyiDivergence(p, q, { ...o, alpha });
  const f = flatForm(pRows, qRows, options);
  const [fp, fq, fo] = [f.p, f.q as Matrix | Vector, f.options];
  const half =
    alpha === 0.5
      ? pairLinearRows(fp, fq, fo, 2, measure, (s) => {
          const h2 = 0.5 * s;
          if (!(h2 <= 0.5)) return undefined;
          const v = -2 * Math.log1p(-h2);
          return (v > 0 ? v : 0) / logBase;
        })
      : undefined;
  if (half !== undefined) return half;
  return (
    logitPairRows(fp, fq, fo, 3, alpha) ??
    renyiLinearRows(fp, fq, fo, alpha) ??
    pairRows(pRows, qRows, options, measure)
  );
}

/**
 * Rényi of order α of rows of probabilities or counts in flat typed arrays on the `renyiRows` hook,
 * each row as renyiDivergence forms a vector's (the same bits from 64 outcomes): pass 1 forms every
 * row's totals and the sums of its raw inputs, from which the far form decides most rows
 * (renyiOfTotalsSums, as fusedRenyi); pass 2 runs the Rényi kernel over the other rows (the near
 * form, counts of different totals, α = 0 and ∞), finished as renyiFast finishes; rows neither
 * settles (the ψ-sum pass, sums beyond the kernels' range, unbalanced totals) by renyiDivergence
 * itself. Undefined where the row-by-row path runs (as {@link klLinearRows}).
 */
function renyiLinearRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  options: RowOptions | undefined,
  alpha: number,
): RowValues | undefined {
  const hook = fastHooks.renyiRows;
  const v = hook === undefined ? undefined : linearRows(pRows, qRows, options);
  if (hook === undefined || v === undefined) return undefined;
  const { o, P, p: pv } = v;
  const Q = v.Q as RowView;
  const qv = v.q as Floats;
  const ends = alpha === 0 || alpha === Number.POSITIVE_INFINITY;
  const inputs = renyiKernelInputs({ sp: 1, sq: 1, lambda: 1, sqL: 1, delta: 0 }, alpha);
  if (inputs === undefined) return undefined;
  // Per row: 0 settled by pass 1 (its value in `early`), 1 by pass 2, 2 by renyiDivergence.
  const how = new Uint8Array(P.count);
  const early = new Float64Array(P.count);
  const t = { sp: 0, sq: 0, lambda: 1, sqL: 0, delta: 0 };
  const fill = (totals: Float64Array, records: Float64Array): number => {
    let need = 0;
    for (let r = 0; r < P.count; r++) {
      try {
        totalsOfSums(totals, 18 * r, o, t);
      } catch (e) {
        inRow(e, r);
      }
      const d = ends ? undefined : renyiOfTotalsSums(t, alpha, totals, 18 * r);
      const b = 16 * r + 12;
      if (d !== undefined) {
        early[r] = d;
        records[b] = 0; // pass 2 skips the row
        continue;
      }
      const k = renyiKernelInputs(t, alpha);
      const ip = 1 / t.sp;
      const iq = 1 / t.sq;
      if (
        k === undefined ||
        !(ip >= MIN_NORMAL && ip < Number.POSITIVE_INFINITY) ||
        !(iq >= MIN_NORMAL && iq < Number.POSITIVE_INFINITY)
      ) {
        how[r] = 2;
        records[b] = 0;
        continue;
      }
      records[b] = ip;
      records[b + 1] = iq;
      records[b + 2] = k.shift;
      records[b + 3] = t.lambda;
      how[r] = 1;
      need++;
    }
    return need;
  };
  // Views of the kernels' memory: read before any other kernel call (finishRows).
  const records = hook(pv, qv, P.count, P.columns, inputs.beta, inputs.mode, fill, o.threads);
  if (records === undefined) return undefined;
  const mo = frozenOptions(o0(options));
  return finishRows(
    P.count,
    (r) => {
      if (how[r] === 2) return undefined;
      if (how[r] === 0) return renyiValue(early[r] as number, o.logBase);
      // The shift and λ the kernel ran with, from the row's record (written by `fill`).
      const b = 16 * r;
      const d = renyiOfKernelSums(
        alpha,
        records[b + 14] as number,
        records[b + 15] as number,
        records,
        b,
      );
      return d === undefined || d === PSI_PASS ? undefined : renyiValue(d, o.logBase);
    },
    (r) => renyiDivergence(P.row(r), Q.row(r), { ...mo, alpha }),
  );
}

/**
 * Row-wise entropy H(Pᵣ) of every row of a matrix.
 * @example
 * ```ts
 * entropyRows([[0.5, 0.5], [1, 0]], { base: "bits" }); // Float64Array [1, 0]
 * ```
 */
export function entropyRows(rows: Matrix | Vector, options?: RowOptions): RowValues {
  resolveOptions(options, ["columns"]); // unknown or invalid options are refused first
  const P = viewRows(rows, "p", options?.columns);
  if (P.count === 0)
    throw new SurprisalError("empty", "p has no rows", { argument: "p", value: [] });
  // Rows of logits or log-probabilities on the kernel (assembly/entropy-logits.ts); an invalid row
  // falls through so that the TypeScript loop raises the precise error.
  const f = flatForm(rows, undefined, options);
  const fast = entropyLogitRowsNats(f.p, f.options);
  if (fast !== undefined) return inBase(fast, options);
  const linear = entropyLinearRows(f.p, f.options);
  if (linear !== undefined) return linear;
  const out = new RowValues(P.count);
  const o = frozenOptions({
    base: options?.base,
    input: options?.input,
    tolerance: options?.tolerance,
    threads: options?.threads,
    smoothing: options?.smoothing,
  });
  for (let r = 0; r < P.count; r++) {
    try {
      out[r] = entropy(P.row(r), o);
    } catch (e) {
      inRow(e, r);
    }
  }
  return out;
}
