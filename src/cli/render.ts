import { dataError, usageError } from "./errors.js";
import type { Flags } from "./flags.js";

/** A table of results, one line per row, for `--csv`. */
export interface CsvTable {
  head: string[];
  rows: (string | number)[][];
}

/**
 * What a command's `run` returns: its answer, in the three forms the renderer prints. `run` never
 * prints; {@link render} picks the form the flags ask for.
 */
export interface Result {
  /** What `--json` prints: keys are the library's export names. */
  json: Record<string, unknown>;
  /** What `--csv` prints, for the commands that give one result per row. */
  csv?: CsvTable | undefined;
  /** What a person reads: the value, the inputs by role, and a sentence. */
  text: string;
}

/** The output forms. */
export type Format = "text" | "json" | "csv";

/** Whether a command gives one result per row: with `--rows`, always, or never. */
export type RowsMode = "optional" | "always" | "never";

/**
 * The output form the flags ask for, checked once for every command: `--csv` prints row-wise
 * results, so it needs `--rows` (or a command that always reads rows).
 */
export function outputFormat(flags: Flags, rows: RowsMode): Format {
  if (flags.json) return "json";
  if (!flags.csv) return "text";
  if (rows === "always" || (rows === "optional" && flags.rows)) return "csv";
  throw usageError("--csv prints row-wise results: use it with --rows");
}

/** The value as it goes into JSON or CSV: full precision; ±∞ as the strings `"Infinity"`/`"-Infinity"`. */
export function jsonNumber(x: number, what = "a result"): number | string {
  if (Number.isNaN(x))
    throw dataError(`${what} is not a number (NaN): this is a bug, please report it`);
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  return x;
}

/** Deeply converts numbers and typed arrays for {@link toJson}. */
function plain(v: unknown, path: string): unknown {
  if (typeof v === "number") return jsonNumber(v, path);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return Array.from(v as unknown as ArrayLike<number>, (x, i) => plain(x, `${path}[${i}]`));
  }
  if (Array.isArray(v)) return v.map((x, i) => plain(x, `${path}[${i}]`));
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = plain(x, `${path}.${k}`);
    return out;
  }
  return v;
}

/** JSON text of a result, with ±∞ as strings and never a NaN. */
export function toJson(value: unknown): string {
  return JSON.stringify(plain(value, "result"), null, 2);
}

/** A CSV field, quoted when it has to be. */
function csvField(v: string | number): string {
  if (typeof v === "number") return String(jsonNumber(v)); // never a comma, quote or line break
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV text of a table. */
export function toCsv(t: CsvTable): string {
  const lines = new Array<string>(t.rows.length + 1);
  lines[0] = t.head.map(csvField).join(",");
  for (let r = 0; r < t.rows.length; r++) {
    const row = t.rows[r] as (string | number)[];
    let line = row.length > 0 ? csvField(row[0] as string | number) : "";
    for (let c = 1; c < row.length; c++) line += `,${csvField(row[c] as string | number)}`;
    lines[r + 1] = line;
  }
  return lines.join("\n");
}

/** The text of a result in the form asked for. */
export function render(result: Result, format: Format): string {
  if (format === "json") return toJson(result.json);
  if (format === "csv") {
    if (result.csv === undefined)
      throw usageError("--csv prints row-wise results: use it with --rows");
    return toCsv(result.csv);
  }
  return result.text;
}
