import { open } from "node:fs/promises";
import type { CountedColumn, DriftTable, EncodedColumn } from "../index.js";
import { readCsv } from "./csv.js";
import { TableReadError } from "./errors.js";
import { readJsonLines } from "./jsonl.js";
import { readParquet } from "./parquet.js";

/** How a column of a table file was read. */
export type TableColumnType = "numeric" | "categorical" | "datetime";

/** A table read from a file, column by column. */
export interface Table {
  /** The file's name as given. */
  name: string;
  format: "csv" | "tsv" | "jsonl" | "parquet";
  /** The columns read: numbers (NaN for missing; datetimes as ms since 1970) or encoded categories. */
  columns: Record<string, Float64Array | EncodedColumn | CountedColumn>;
  /** The type of each column read (datetimes need saying: they are numbers). */
  types: Record<string, TableColumnType>;
  rows: number;
  /** Every column name of the file, read or not, in its order. */
  names: string[];
}

/** Options of {@link readTable}. */
export interface ReadTableOptions {
  /** Only these columns are read (names the file lacks are ignored here; the caller reports them). */
  columns?: readonly string[];
  /** Column types by name, overriding detection. */
  types?: Readonly<Record<string, TableColumnType>>;
  /** CSV: the delimiter's character code (default: `\t` for .tsv, else detected from the header). */
  delimiter?: number;
  /** The name errors use for the file (default: its path). */
  name?: string;
  /** Force a format instead of the extension (and the Parquet magic bytes). */
  format?: Table["format"];
  /**
   * Parquet: text columns read as categories may come back as {@link CountedColumn}s, counted by
   * DuckDB inside its engine, instead of a code per row (the drift report needs only the counts;
   * for 10⁶ rows this takes about a tenth of the time). Default false.
   */
  countCategories?: boolean;
}

/**
 * Reads a table file by its extension: .csv/.txt, .tsv, .jsonl/.ndjson, .parquet (also any file
 * starting with the Parquet magic `PAR1`). Returns columns ready for `driftReport`.
 *
 * @throws {TableReadError} for a file that cannot be read, with the file, line, column and value.
 */
export async function readTable(path: string, options: ReadTableOptions = {}): Promise<Table> {
  const lower = path.toLowerCase();
  let format = options.format;
  if (format === undefined) {
    if (lower.endsWith(".parquet") || lower.endsWith(".parq")) format = "parquet";
    else if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) format = "jsonl";
    else if (lower.endsWith(".tsv") || lower.endsWith(".tab")) format = "tsv";
    else if (await startsWithParquetMagic(path, options.name ?? path)) format = "parquet";
    else format = "csv";
  }
  const table =
    format === "parquet"
      ? await readParquet(path, options)
      : format === "jsonl"
        ? await readJsonLines(path, options)
        : await readCsv(path, format === "tsv" ? { delimiter: 9, ...options } : options);
  return table;
}

async function startsWithParquetMagic(path: string, name: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, "r");
    const buf = Buffer.alloc(4);
    await handle.read(buf, 0, 4, 0);
    return buf.toString("latin1") === "PAR1";
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new TableReadError(
      `${name}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (e as Error).message}`,
      { file: name },
    );
  } finally {
    await handle?.close();
  }
}

/** The table as `driftReport` takes it, with the types the file said (datetimes). */
export function driftInput(t: Table): {
  table: DriftTable;
  types: Record<string, TableColumnType>;
} {
  return { table: t.columns, types: t.types };
}
