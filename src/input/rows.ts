import { describeValue, SurprisalError } from "../errors.js";
import type { Matrix, Vector } from "../types.js";

/** A matrix seen as rows, without copying: `rows` views of a flat typed array, or the given rows. */
export interface RowView {
  count: number;
  columns: number;
  row(r: number): Vector;
  flat: Float64Array | Float32Array | undefined;
}

/** Two matrices with the same number of rows (one of them possibly a single row repeated). */
export interface RowPair {
  /** Number of row pairs. */
  count: number;
  /** Rows of P (the one row of P for every r when P was a single row). */
  p: RowView;
  /** Rows of Q (likewise). */
  q: RowView;
}

/** A plain array of numbers: one distribution (a single row), not a matrix. */
function isOneRow(m: unknown): m is readonly number[] {
  return Array.isArray(m) && m.length > 0 && typeof m[0] === "number";
}

/**
 * Views a matrix as rows: an array of rows, a flat row-major typed array with `columns`, or one row
 * (a plain array of numbers; a typed array without `columns` when `oneRow` allows it).
 * @param oneRow - whether a typed array without `columns` is read as one row (when broadcast
 * against a matrix of rows); otherwise it is refused, so that a forgotten `columns` never reads a
 * whole batch as a single distribution.
 * @throws {SurprisalError} `invalid-option` for a flat array without a valid column count.
 */
export function viewRows(
  m: Matrix | Vector,
  argument: string,
  columns: number | undefined,
  oneRow = false,
): RowView {
  if (m instanceof Float64Array || m instanceof Float32Array) {
    if (columns === undefined && oneRow) {
      return { count: 1, columns: m.length, row: () => m, flat: m };
    }
    if (typeof columns !== "number" || !Number.isInteger(columns) || columns <= 0) {
      throw new SurprisalError(
        "invalid-option",
        `columns = ${describeValue(columns)}: a flat typed array needs { columns } (a positive integer) to be read as rows`,
        { argument: "columns", value: columns },
      );
    }
    if (m.length % columns !== 0) {
      throw new SurprisalError(
        "length-mismatch",
        `${argument} has length ${m.length}, which is not a multiple of columns = ${columns}`,
        { argument, value: m.length },
      );
    }
    return {
      count: m.length / columns,
      columns,
      row: (r) => m.subarray(r * columns, (r + 1) * columns),
      flat: m,
    };
  }
  if (!Array.isArray(m)) {
    throw new SurprisalError(
      "invalid-option",
      `${argument} must be an array of rows or a flat Float64Array/Float32Array with { columns }, got ${describeValue(m)}`,
      { argument, value: m },
    );
  }
  if (isOneRow(m)) return { count: 1, columns: m.length, row: () => m, flat: undefined };
  const rows = m as readonly Vector[];
  return {
    count: rows.length,
    columns: rows.length > 0 ? (rows[0] as Vector).length : 0,
    row: (r) => rows[r] as Vector,
    flat: undefined,
  };
}

/** A view whose every row is row 0 of `v`. */
function repeated(v: RowView, count: number): RowView {
  const one = v.row(0);
  return { count, columns: v.columns, row: () => one, flat: undefined };
}

/**
 * Pairs the rows of P and Q, broadcasting a single row against a matrix (NumPy's rule): one Q
 * against every row of P, or one P against every row of Q. A single row is a plain array of numbers,
 * a matrix of one row, or (against an array of rows, or without `columns`) a typed array.
 *
 * @param pRows - rows of P, or one row.
 * @param qRows - rows of Q, or one row.
 * @param columns - the column count of flat typed arrays.
 * @throws {SurprisalError} `length-mismatch` for different row counts, neither of them 1; `empty`
 * for no rows; `invalid-option` as {@link viewRows}.
 * @example
 * ```ts
 * const { count, p, q } = broadcastRows([[0.5, 0.5], [0.9, 0.1]], [0.8, 0.2], undefined);
 * count; // 2
 * q.row(1); // [0.8, 0.2]
 * ```
 */
export function broadcastRows(
  pRows: Matrix | Vector,
  qRows: Matrix | Vector,
  columns: number | undefined,
): RowPair {
  const flatP = pRows instanceof Float64Array || pRows instanceof Float32Array;
  const flatQ = qRows instanceof Float64Array || qRows instanceof Float32Array;
  // A typed array without columns is one row only against an array of rows (never both flat).
  let p = viewRows(pRows, "p", columns, !flatQ && Array.isArray(qRows) && !isOneRow(qRows));
  let q = viewRows(qRows, "q", columns, !flatP && Array.isArray(pRows) && !isOneRow(pRows));
  if (p.count === 0 || q.count === 0) {
    const argument = p.count === 0 ? "p" : "q";
    throw new SurprisalError("empty", `${argument} has no rows`, { argument, value: [] });
  }
  if (p.count !== q.count) {
    if (q.count === 1) q = repeated(q, p.count);
    else if (p.count === 1) p = repeated(p, q.count);
    else {
      throw new SurprisalError(
        "length-mismatch",
        `q has ${q.count} rows but p has ${p.count}: give one row per distribution, or a single row to compare with every row of the other`,
        { argument: "q", value: q.count },
      );
    }
  }
  return { count: p.count, p, q };
}
