import type { CategoryColumn } from "./builder.js";

/** How one column is decoded: as a number, a date (ms since 1970), or text (categories). */
export interface DuckColumn {
  name: string;
  /** `number`: CAST to DOUBLE; `date`: epoch milliseconds; `value`: as DuckDB gives it, then text. */
  as: "number" | "date" | "value";
  /** Where numbers go (NaN where NULL), or the categories (undefined where NULL). */
  out: Float64Array | CategoryColumn;
}

type DuckApi = typeof import("@duckdb/node-api");
let api: Promise<DuckApi | undefined> | undefined;
let instance: Promise<import("@duckdb/node-api").DuckDBInstance> | undefined;

/** DuckDB's Node API, or undefined where it cannot be loaded (the caller then decodes itself). */
function duck(): Promise<DuckApi | undefined> {
  api ??= import("@duckdb/node-api").catch(() => undefined);
  return api;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Decodes the listed columns of a Parquet file with DuckDB's native reader (multi-threaded, every
 * codec), streaming its chunks straight into the columns' arrays: numbers without boxing, text
 * pushed as categories in row order (so codes follow first appearance, as the other readers'). About
 * 3× faster than decoding in JavaScript on flat nullable columns, at a quarter of the memory.
 *
 * @returns false when DuckDB is not available here (nothing was read).
 * @throws the engine's error for a file it cannot decode (the caller words it).
 */
export async function decodeWithDuckDB(path: string, columns: DuckColumn[]): Promise<boolean> {
  const d = await duck();
  if (d === undefined) return false;
  // One in-memory instance per thread; a connection per file (two files may stream at once).
  instance ??= d.DuckDBInstance.create(":memory:");
  const conn = await (await instance).connect();
  const select = columns.map(({ name, as }) => {
    const c = quoteIdent(name);
    if (as === "number") return `CAST(${c} AS DOUBLE)`;
    if (as === "date") return `CAST(epoch_ms(CAST(${c} AS TIMESTAMP)) AS DOUBLE)`;
    return c;
  });
  if (select.length === 0) return true;
  try {
    const result = await conn.stream(
      `SELECT ${select.join(", ")} FROM read_parquet(${quoteString(path)})`,
    );
    let row = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const m = chunk.rowCount;
      columns.forEach(({ as, out }, k) => {
        const v = chunk.getColumnVector(k);
        if (out instanceof Float64Array) {
          for (let i = 0; i < m; i++) {
            const x = v.getItem(i) as number | null;
            out[row + i] = x === null ? Number.NaN : x;
          }
        } else if (as === "date") {
          for (let i = 0; i < m; i++) {
            const x = v.getItem(i) as number | null;
            out.push(x === null ? undefined : new Date(x).toISOString());
          }
        } else {
          for (let i = 0; i < m; i++) {
            const x = v.getItem(i);
            out.push(x === null || x === undefined ? undefined : String(x));
          }
        }
      });
      row += m;
    }
  } finally {
    conn.closeSync();
  }
  return true;
}
