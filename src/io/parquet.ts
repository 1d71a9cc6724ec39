import type { AsyncBuffer, FileMetaData } from "hyparquet";
import { CategoryColumn } from "./builder.js";
import { TableReadError } from "./errors.js";
import { type CategoryCounts, type DuckColumn, decodeWithDuckDB } from "./parquet-duckdb.js";
import type { ReadTableOptions, Table, TableColumnType } from "./table.js";

/**
 * Reads the flat columns of a Parquet file with hyparquet (pure JavaScript; snappy built in, gzip,
 * zstd, brotli and LZ4 from hyparquet-compressors), chunk by chunk: numbers (and dates, as ms since
 * 1970) into Float64Arrays, strings and booleans into dictionary codes; null is missing. With
 * `countCategories`, text columns read as categories come back counted by DuckDB (CountedColumn).
 */
export async function readParquet(path: string, options: ReadTableOptions = {}): Promise<Table> {
  const file = options.name ?? path;
  const fail = (message: string, column?: string) =>
    new TableReadError(`${file}: ${message}`, column === undefined ? { file } : { file, column });
  // Loaded on the first Parquet file, not at start-up (60 modules a CLI run rarely needs).
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await import("hyparquet");
  let buffer: AsyncBuffer;
  try {
    buffer = await asyncBufferFromFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw fail(
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : (e as Error).message,
    );
  }
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (e) {
    throw fail(`not a readable Parquet file (${(e as Error).message})`);
  }
  const rows = Number(metadata.num_rows);
  const top = metadata.schema.slice(1).filter((s) => s.num_children === undefined);
  const names = top.map((s) => s.name);
  const read =
    options.columns === undefined ? names : names.filter((n) => options.columns?.includes(n));
  const numeric = new Map<string, Float64Array>();
  const categorical = new Map<string, CategoryColumn>();
  const counted = new Map<string, CategoryCounts>();
  const kinds = new Map<string, TableColumnType>();
  // What DuckDB decodes, column by column (its native reader where it loads; else hyparquet below).
  const plan: DuckColumn[] = [];
  for (const s of top) {
    if (!read.includes(s.name)) continue;
    const forced = options.types?.[s.name];
    const logical = s.logical_type?.type;
    const isDate =
      logical === "DATE" ||
      logical === "TIMESTAMP" ||
      s.converted_type === "DATE" ||
      s.converted_type === "TIMESTAMP_MILLIS" ||
      s.converted_type === "TIMESTAMP_MICROS" ||
      s.type === "INT96";
    const isNumber =
      !isDate &&
      (s.type === "INT32" || s.type === "INT64" || s.type === "FLOAT" || s.type === "DOUBLE") &&
      logical !== "STRING";
    const kind: TableColumnType =
      forced ?? (isDate ? "datetime" : isNumber ? "numeric" : "categorical");
    kinds.set(s.name, kind);
    let out: Float64Array | CategoryColumn;
    if (kind === "categorical") {
      out = new CategoryColumn(rows);
      categorical.set(s.name, out);
    } else {
      out = new Float64Array(rows); // every row is written (NaN where null) by either decoder
      numeric.set(s.name, out);
    }
    const isText =
      s.type === "BYTE_ARRAY" &&
      (logical === "STRING" ||
        logical === "ENUM" ||
        s.converted_type === "UTF8" ||
        s.converted_type === "ENUM");
    if (options.countCategories === true && kind === "categorical" && isText) {
      // Counted by DuckDB (a CategoryColumn stays ready for hyparquet if DuckDB is not there).
      const sink: CategoryCounts = { labels: [], counts: [], missing: 0 };
      counted.set(s.name, sink);
      plan.push({ name: s.name, as: "count", out: sink });
      continue;
    }
    plan.push({
      name: s.name,
      as: isDate ? "date" : kind === "categorical" ? "value" : "number",
      out,
    });
  }
  let decoded = false;
  try {
    const streamed = await decodeWithDuckDB(path, plan);
    decoded = streamed !== false;
    if (decoded && streamed !== rows && plan.some((c) => c.as !== "count"))
      throw new Error(`${streamed} rows decoded where the file's metadata says ${rows}`);
  } catch (e) {
    throw fail(
      `cannot decode (${(e as Error).message}): the file is corrupt or uses an unsupported codec`,
    );
  }
  const pending = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>();
  if (!decoded) {
    for (const out of numeric.values()) out.fill(Number.NaN); // rows hyparquet does not reach
  }
  if (!decoded)
    try {
      await parquetRead({
        file: buffer,
        metadata,
        columns: read,
        compressors: (await import("hyparquet-compressors")).compressors,
        onChunk: ({ columnName, columnData, rowStart }) => {
          const out = numeric.get(columnName);
          if (out !== undefined) {
            for (let i = 0; i < columnData.length; i++) {
              const v = columnData[i] as unknown;
              out[rowStart + i] =
                v === null || v === undefined
                  ? Number.NaN
                  : typeof v === "number"
                    ? v
                    : typeof v === "bigint"
                      ? Number(v)
                      : v instanceof Date
                        ? v.getTime()
                        : typeof v === "boolean"
                          ? Number(v)
                          : Number(v);
            }
            return;
          }
          const list = pending.get(columnName) ?? [];
          list.push({ rowStart, data: columnData as ArrayLike<unknown> });
          pending.set(columnName, list);
        },
      });
    } catch (e) {
      throw fail(
        `cannot decode (${(e as Error).message}): the file is corrupt or uses an unsupported codec`,
      );
    }
  for (const [name, chunks] of pending) {
    const col = categorical.get(name) as CategoryColumn;
    chunks.sort((a, b) => a.rowStart - b.rowStart);
    for (const { data } of chunks) {
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        col.push(
          v === null || v === undefined
            ? undefined
            : v instanceof Date
              ? v.toISOString()
              : String(v),
        );
      }
    }
  }
  const columns: Table["columns"] = {};
  const types: Record<string, TableColumnType> = {};
  for (const name of read) {
    const kind = kinds.get(name) as TableColumnType;
    types[name] = kind;
    const n = numeric.get(name);
    if (n !== undefined) {
      for (let i = 0; i < n.length; i++) {
        if (n[i] === Number.POSITIVE_INFINITY || n[i] === Number.NEGATIVE_INFINITY) {
          throw fail(
            `column ${JSON.stringify(name)}, row ${i + 1}: ${n[i]} is not a finite number`,
            name,
          );
        }
      }
      columns[name] = n;
    } else if (decoded && counted.has(name)) {
      const c = counted.get(name) as CategoryCounts;
      const total = c.counts.reduce((a, b) => a + b, c.missing);
      if (total !== rows)
        throw fail(`column ${JSON.stringify(name)}: ${total} values counted, ${rows} rows`, name);
      columns[name] = { labels: c.labels, counts: Float64Array.from(c.counts), missing: c.missing };
    } else columns[name] = (categorical.get(name) as CategoryColumn).done();
  }
  return { name: file, format: "parquet", columns, types, rows, names };
}
