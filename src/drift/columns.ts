import { describeValue, SurprisalError } from "../errors.js";

/** How a column is compared: binned on the reference (numeric, datetime) or by category. */
export type ColumnType = "numeric" | "categorical" | "boolean" | "datetime";

/**
 * A categorical column already encoded as codes into a list of labels (what the file readers
 * hand over: one small integer per row instead of one string); a code of −1 is a missing value.
 */
export interface EncodedColumn {
  codes: Int32Array | readonly number[];
  labels: readonly string[];
  /** `"categorical"` (default) or `"boolean"` (labels `"false"`/`"true"`). */
  type?: "categorical" | "boolean";
}

/**
 * A categorical column given by its counts instead of row by row: `counts[k]` rows take
 * `labels[k]` and `missing` rows have no value. The drift report needs nothing else of a categorical
 * column (rows have no order there), so a reader can let its engine count the categories (Parquet
 * through DuckDB: `readTable(path, { countCategories: true })`) instead of handing over a code per
 * row.
 *
 * @example
 * ```ts
 * const color: CountedColumn = { labels: ["red", "blue"], counts: [70, 30], missing: 2 };
 * ```
 */
export interface CountedColumn {
  labels: readonly string[];
  counts: Float64Array | readonly number[];
  missing: number;
  /** `"categorical"` (default) or `"boolean"` (labels `"false"`/`"true"`). */
  type?: "categorical" | "boolean";
}

/**
 * One column of a table: numbers (a typed array or an array; NaN, null and undefined are missing;
 * Dates are datetimes; booleans are a boolean column; strings are categories), an
 * {@link EncodedColumn} or a {@link CountedColumn}.
 */
export type DriftColumn =
  | Float64Array
  | Float32Array
  | Int32Array
  | readonly (number | string | boolean | Date | null | undefined)[]
  | EncodedColumn
  | CountedColumn;

/** A table: columns by name, or rows (objects whose keys are the column names). */
export type DriftTable =
  | Readonly<Record<string, DriftColumn>>
  | readonly Readonly<Record<string, unknown>>[];

/** A column made ready for binning. @internal */
export type PreparedColumn =
  | { kind: "numeric"; type: "numeric" | "datetime"; values: Float64Array; missing: number }
  | {
      kind: "categorical";
      type: "categorical" | "boolean";
      codes: Int32Array;
      labels: readonly string[];
      missing: number;
      /** Rows per label, when the column came counted ({@link CountedColumn}; codes then empty). */
      counts?: Float64Array;
    };

/** The columns of a table by name, in their order (rows are turned into columns). @internal */
export function columnsOf(table: DriftTable, argument: string): Map<string, DriftColumn> {
  if (table === null || typeof table !== "object") {
    throw new SurprisalError(
      "invalid-option",
      `${argument} must be a table (columns by name, or rows), got ${describeValue(table)}`,
      { argument, value: table },
    );
  }
  const out = new Map<string, DriftColumn>();
  if (Array.isArray(table)) {
    const rows = table as readonly Readonly<Record<string, unknown>>[];
    const names: string[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      if (row === null || typeof row !== "object") continue;
      for (const k of Object.keys(row)) {
        if (!seen.has(k)) {
          seen.add(k);
          names.push(k);
        }
      }
    }
    for (const name of names) {
      out.set(
        name,
        rows.map((r) => (r?.[name] ?? null) as number | string | boolean | Date | null),
      );
    }
  } else {
    for (const [k, v] of Object.entries(table)) out.set(k, v as DriftColumn);
  }
  return out;
}

function isEncoded(c: DriftColumn): c is EncodedColumn {
  return !ArrayBuffer.isView(c) && !Array.isArray(c) && typeof c === "object" && "codes" in c;
}

/** Whether a column came as counts ({@link CountedColumn}). @internal */
export function isCounted(c: unknown): c is CountedColumn {
  return (
    c !== null &&
    typeof c === "object" &&
    !ArrayBuffer.isView(c) &&
    !Array.isArray(c) &&
    "counts" in c &&
    !("codes" in c)
  );
}

/** Rows of a column (a counted column's counts and missing rows together). @internal */
export function columnLength(c: unknown): number {
  if (isCounted(c)) {
    let n = c.missing;
    for (let k = 0; k < c.counts.length; k++) n += c.counts[k] as number;
    return n;
  }
  if (c !== null && typeof c === "object" && "codes" in c)
    return (c as { codes: ArrayLike<number> }).codes.length;
  return (c as ArrayLike<unknown>).length;
}

/**
 * A counted column checked (one count per label, each a whole number ≥ 0, `missing` too) and as
 * a prepared categorical column, or as the numbers its labels parse to, each repeated as often as
 * counted, where `type` is numeric or datetime.
 */
function prepareCounted(c: CountedColumn, type: ColumnType, argument: string): PreparedColumn {
  const whole = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
  if (c.counts.length !== c.labels.length) {
    throw new SurprisalError(
      "length-mismatch",
      `${argument}.counts has ${c.counts.length} entries but ${argument}.labels has ${c.labels.length}`,
      { argument: `${argument}.counts`, value: c.counts.length },
    );
  }
  for (let k = 0; k < c.counts.length; k++) {
    if (!whole(c.counts[k])) {
      throw new SurprisalError(
        "invalid-input",
        `${argument}.counts[${k}] = ${describeValue(c.counts[k])} is not a count (a whole number >= 0)`,
        { argument: `${argument}.counts`, index: k, value: c.counts[k] },
      );
    }
  }
  if (!whole(c.missing)) {
    throw new SurprisalError(
      "invalid-input",
      `${argument}.missing = ${describeValue(c.missing)} is not a count (a whole number >= 0)`,
      { argument: `${argument}.missing`, value: c.missing },
    );
  }
  const counts = Float64Array.from(c.counts);
  if (type === "numeric" || type === "datetime") {
    const values = new Float64Array(columnLength(c)).fill(Number.NaN);
    let at = 0;
    c.labels.forEach((l, k) => {
      const v = type === "datetime" ? Date.parse(l) : Number(l);
      if (!Number.isFinite(v)) wrongType(argument, k, l, type);
      values.fill(v, at, at + (counts[k] as number));
      at += counts[k] as number;
    });
    return { kind: "numeric", type, values, missing: c.missing };
  }
  return {
    kind: "categorical",
    type,
    codes: new Int32Array(0),
    labels: c.labels,
    missing: c.missing,
    counts,
  };
}

/** The type a column's values call for: numbers, Dates, booleans or strings. @internal */
export function detectType(column: DriftColumn, argument: string): ColumnType {
  if (ArrayBuffer.isView(column)) return "numeric";
  if (isEncoded(column) || isCounted(column)) return column.type ?? "categorical";
  if (!Array.isArray(column)) {
    throw new SurprisalError(
      "invalid-option",
      `${argument} must be an array of values, got ${describeValue(column)}`,
      { argument, value: column },
    );
  }
  let type: ColumnType | undefined;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) continue;
    const t: ColumnType | undefined =
      typeof v === "number"
        ? "numeric"
        : typeof v === "string"
          ? "categorical"
          : typeof v === "boolean"
            ? "boolean"
            : v instanceof Date
              ? "datetime"
              : undefined;
    if (t === undefined || (type !== undefined && t !== type)) {
      throw new SurprisalError(
        "wrong-type",
        `${argument}[${i}] = ${describeValue(v)} does not match the column's ${type ?? "known"} values: a column holds numbers, strings, booleans or dates, not a mix`,
        { argument, index: i, value: v },
      );
    }
    type = t;
  }
  return type ?? "numeric";
}

/**
 * Turns a column into numbers (numeric, datetime as milliseconds since 1970) or codes
 * (categorical, boolean), as `type` says; values that cannot take the type are refused.
 * @internal
 */
export function prepareColumn(
  column: DriftColumn,
  type: ColumnType,
  argument: string,
): PreparedColumn {
  if (isCounted(column)) return prepareCounted(column, type, argument);
  if (type === "numeric" || type === "datetime") {
    const values = toNumbers(column, type, argument);
    let missing = 0;
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) missing++;
    return { kind: "numeric", type, values, missing };
  }
  const { codes, labels } = toCodes(column, argument);
  let missing = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] < 0) missing++;
  return { kind: "categorical", type, codes, labels, missing };
}

function toNumbers(column: DriftColumn, type: ColumnType, argument: string): Float64Array {
  if (column instanceof Float64Array) {
    for (let i = 0; i < column.length; i++) {
      const v = column[i];
      if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY)
        notFinite(argument, i, v);
    }
    return column;
  }
  if (ArrayBuffer.isView(column)) {
    return Float64Array.from(column as ArrayLike<number>, (v, i) => {
      if (!Number.isFinite(v) && !Number.isNaN(v)) notFinite(argument, i, v);
      return v;
    });
  }
  if (isEncoded(column)) {
    const parsed = column.labels.map((l) => (type === "datetime" ? Date.parse(l) : Number(l)));
    return Float64Array.from(column.codes, (c, i) => {
      if (c < 0) return Number.NaN;
      const v = parsed[c];
      if (!Number.isFinite(v)) wrongType(argument, i, column.labels[c], type);
      return v;
    });
  }
  const arr = column as readonly unknown[];
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (v === null || v === undefined) {
      out[i] = Number.NaN;
      continue;
    }
    let x: number;
    if (typeof v === "number") {
      if (!Number.isFinite(v) && !Number.isNaN(v)) notFinite(argument, i, v);
      x = v;
    } else if (v instanceof Date) x = v.getTime();
    else if (typeof v === "boolean") x = v ? 1 : 0;
    else if (typeof v === "string") {
      x = type === "datetime" ? Date.parse(v) : v.trim() === "" ? Number.NaN : Number(v);
      if (!Number.isFinite(x)) wrongType(argument, i, v, type);
    } else {
      x = Number.NaN;
      wrongType(argument, i, v, type);
    }
    out[i] = x;
  }
  return out;
}

function toCodes(
  column: DriftColumn,
  argument: string,
): { codes: Int32Array; labels: readonly string[] } {
  if (isEncoded(column)) {
    const codes = column.codes instanceof Int32Array ? column.codes : Int32Array.from(column.codes);
    for (let i = 0; i < codes.length; i++) {
      if (codes[i] >= column.labels.length) {
        throw new SurprisalError(
          "out-of-range",
          `${argument}.codes[${i}] = ${codes[i]} has no label (${column.labels.length} labels)`,
          { argument, index: i, value: codes[i] },
        );
      }
    }
    return { codes, labels: column.labels };
  }
  const index = new Map<string, number>();
  const labels: string[] = [];
  const values = column as ArrayLike<unknown>;
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) {
      codes[i] = -1;
      continue;
    }
    const label = v instanceof Date ? v.toISOString() : String(v);
    let code = index.get(label);
    if (code === undefined) {
      code = labels.length;
      index.set(label, code);
      labels.push(label);
    }
    codes[i] = code;
  }
  return { codes, labels };
}

function notFinite(argument: string, index: number, value: number): never {
  throw new SurprisalError(
    "not-finite",
    `${argument}[${index}] = ${value} is not finite: a numeric column holds finite numbers (NaN for missing)`,
    { argument, index, value },
  );
}

function wrongType(argument: string, index: number, value: unknown, type: ColumnType): never {
  throw new SurprisalError(
    "wrong-type",
    `${argument}[${index}] = ${describeValue(value)} is not ${type === "datetime" ? "a date" : "a number"}`,
    { argument, index, value },
  );
}
