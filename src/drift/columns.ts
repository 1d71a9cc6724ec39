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
 * One column of a table: numbers (a typed array or an array; NaN, null and undefined are missing;
 * Dates are datetimes; booleans are a boolean column; strings are categories), or an
 * {@link EncodedColumn}.
 */
export type DriftColumn =
  | Float64Array
  | Float32Array
  | Int32Array
  | readonly (number | string | boolean | Date | null | undefined)[]
  | EncodedColumn;

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

/** The type a column's values call for: numbers, Dates, booleans or strings. @internal */
export function detectType(column: DriftColumn, argument: string): ColumnType {
  if (ArrayBuffer.isView(column)) return "numeric";
  if (isEncoded(column)) return column.type ?? "categorical";
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
