import {
  CategoryBuilder,
  type ReadTable,
  record,
  type TableColumnType,
  TableFileError,
} from "./table.js";

/**
 * Reads the flat columns of a Parquet file's bytes with hyparquet and hyparquet-compressors (pure
 * JavaScript, loaded only when a Parquet file is dropped): numbers and dates (ms since 1970) into
 * Float64Arrays, strings and booleans into categories; null is missing. Throws
 * {@link TableFileError} with a sentence for a corrupt file or an unsupported codec.
 */
export async function readParquetBytes(bytes: ArrayBuffer, name: string): Promise<ReadTable> {
  const [{ parquetMetadata, parquetRead }, { compressors }] = await Promise.all([
    import("hyparquet"),
    import("hyparquet-compressors"),
  ]);
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(bytes);
  } catch (e) {
    throw new TableFileError(
      `${name} is not a readable Parquet file (${e instanceof Error ? e.message : String(e)}).`,
    );
  }
  const rows = Number(metadata.num_rows);
  if (rows === 0) {
    throw new TableFileError(`${name} has no rows: there is nothing to compare.`);
  }
  const flat = metadata.schema.slice(1).filter((s) => s.num_children === undefined);
  const names = flat.map((s) => s.name);
  const types = record<TableColumnType>();
  const numbers = new Map<string, Float64Array>();
  for (const s of flat) {
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
    const type: TableColumnType = isDate ? "datetime" : isNumber ? "numeric" : "categorical";
    types[s.name] = type;
    if (type !== "categorical") numbers.set(s.name, new Float64Array(rows).fill(Number.NaN));
  }
  const text = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>();
  try {
    await parquetRead({
      file: bytes,
      metadata,
      columns: names,
      compressors,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const out = numbers.get(columnName);
        if (out === undefined) {
          const list = text.get(columnName) ?? [];
          list.push({ rowStart, data: columnData as ArrayLike<unknown> });
          text.set(columnName, list);
          return;
        }
        for (let i = 0; i < columnData.length; i++) {
          const v = columnData[i] as unknown;
          out[rowStart + i] =
            v === null || v === undefined
              ? Number.NaN
              : v instanceof Date
                ? v.getTime()
                : Number(v as number | bigint | boolean);
        }
      },
    });
  } catch (e) {
    throw new TableFileError(
      `${name} cannot be decoded (${e instanceof Error ? e.message : String(e)}): the file is corrupt or uses an unsupported codec.`,
    );
  }
  const columns = record<ReadTable["columns"][string]>();
  for (const n of names) {
    const x = numbers.get(n);
    if (x !== undefined) {
      for (let i = 0; i < x.length; i++) {
        if (x[i] === Number.POSITIVE_INFINITY || x[i] === Number.NEGATIVE_INFINITY) {
          throw new TableFileError(
            `${name}, column “${n}”, row ${i + 1}: ${x[i]} is not a finite number.`,
          );
        }
      }
      columns[n] = x;
      continue;
    }
    const b = new CategoryBuilder(rows);
    const chunks = (text.get(n) ?? []).sort((a, c) => a.rowStart - c.rowStart);
    for (const { data } of chunks) {
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        b.push(
          v === null || v === undefined
            ? undefined
            : v instanceof Date
              ? v.toISOString()
              : String(v),
        );
      }
    }
    columns[n] = b.done();
  }
  return { name, format: "parquet", rows, names, columns, types };
}
