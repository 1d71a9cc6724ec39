/**
 * A table read in the page from a file the reader chose (or the shipped example), column by column,
 * as `driftReport` takes it: numbers (NaN for missing; datetimes as milliseconds since 1970) in
 * Float64Arrays, text as dictionary-encoded categories. The same conventions as the command line's
 * readers (src/io), which run in Node only: the missing-value tokens, types decided on the first
 * 1000 rows, a value that does not fit its numeric column refused with its line.
 */
import type { EncodedColumn } from "surprisal";

/** How a column was read. */
export type TableColumnType = "numeric" | "categorical" | "datetime";

/** A table read from a file. Records are keyed by user text: they have no prototype. */
export interface ReadTable {
  /** The file's name, as the reader's system gave it. */
  name: string;
  format: "csv" | "tsv" | "parquet";
  rows: number;
  /** Column names in the file's order. */
  names: string[];
  columns: Record<string, Float64Array | EncodedColumn>;
  types: Record<string, TableColumnType>;
}

/** A file that cannot be read as a table; the message is a sentence for the reader. */
export class TableFileError extends Error {}

/** The tokens read as a missing value in text tables (as src/io/builder.ts). */
export const MISSING: ReadonlySet<string> = new Set([
  "",
  "NA",
  "N/A",
  "NaN",
  "nan",
  "null",
  "NULL",
  "None",
  "none",
]);

/** Rows read before a text column's type is decided. */
export const SNIFF_ROWS = 1000;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A decimal number (correctly rounded by `Number`), or NaN when the text is not one. */
export function parseNumber(text: string): number {
  const t = text.trim();
  if (!DECIMAL.test(t)) return Number.NaN;
  const x = Number(t);
  return Number.isFinite(x) ? x : Number.NaN;
}

/** Milliseconds since 1970 of an ISO 8601 date or date-time, or NaN. */
export function parseIsoDate(text: string): number {
  const t = text.trim();
  return ISO_DATE.test(t) ? Date.parse(t) : Number.NaN;
}

/** An empty record without a prototype (column names such as `__proto__` are plain keys). */
export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Dictionary-encodes text values (undefined for missing, code −1). */
export class CategoryBuilder {
  #index = new Map<string, number>();
  #labels: string[] = [];
  #codes: Int32Array;
  #length = 0;

  constructor(capacity: number) {
    this.#codes = new Int32Array(Math.max(1, capacity));
  }

  push(v: string | undefined): void {
    if (this.#length === this.#codes.length) {
      const next = new Int32Array(this.#codes.length * 2);
      next.set(this.#codes);
      this.#codes = next;
    }
    let code = -1;
    if (v !== undefined) {
      const known = this.#index.get(v);
      if (known === undefined) {
        code = this.#labels.length;
        this.#index.set(v, code);
        this.#labels.push(v);
      } else code = known;
    }
    this.#codes[this.#length++] = code;
  }

  done(): EncodedColumn {
    return { codes: this.#codes.subarray(0, this.#length), labels: this.#labels };
  }
}
