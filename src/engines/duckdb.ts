/** DuckDB, embedded (the default engine): a database file, `:memory:`, or CSV/Parquet files in place. */
import { dialects, fromSql, type SqlSource, SurprisalError } from "../index.js";
import type { ColumnInfo, Engine, Row } from "./engine.js";

/**
 * Opens DuckDB in process through `@duckdb/node-api` (loaded on demand).
 *
 * @param path - a database file (created if missing), `":memory:"` (default), or a connection
 *   of your own (`DuckDBConnection` from `@duckdb/node-api`), which `close` leaves open.
 * @returns an {@link Engine}; files are read with `from: { file }` in the SQL options.
 * @throws {SurprisalError} `unreachable` when the package is missing or the file cannot be opened.
 * @example
 * ```ts
 * const db = await openDuckDB();
 * await db.query("SELECT 1 AS x"); // [{ x: 1 }]
 * await db.close();
 * ```
 */
export async function openDuckDB(
  path: string | import("@duckdb/node-api").DuckDBConnection = ":memory:",
): Promise<Engine> {
  if (typeof path !== "string") return wrap(path, undefined);
  let api: typeof import("@duckdb/node-api");
  try {
    api = await import("@duckdb/node-api");
  } catch (e) {
    throw new SurprisalError(
      "unreachable",
      `duckdb: the package @duckdb/node-api is not installed (npm install @duckdb/node-api): ${(e as Error).message}`,
      { argument: "db", value: path },
    );
  }
  try {
    const instance = await api.DuckDBInstance.create(path);
    return wrap(await instance.connect(), instance);
  } catch (e) {
    throw new SurprisalError(
      "unreachable",
      `duckdb: cannot open ${path}: ${(e as Error).message}`,
      {
        argument: "db",
        value: path,
      },
    );
  }
}

function wrap(
  conn: import("@duckdb/node-api").DuckDBConnection,
  instance: import("@duckdb/node-api").DuckDBInstance | undefined,
): Engine {
  const query = async (sql: string): Promise<Row[]> => {
    const r = await conn.runAndReadAll(sql);
    return r.getRowObjectsJS() as Row[];
  };
  return {
    dialect: "duckdb",
    query,
    queryShards: async (sql) => [await query(sql)],
    async columns(source: SqlSource): Promise<ColumnInfo[] | undefined> {
      try {
        const r = await conn.runAndReadAll(
          `DESCRIBE SELECT * FROM ${fromSql(dialects.duckdb, source)}`,
        );
        return (r.getRowObjectsJS() as Row[]).map((x) => ({
          name: String(x.column_name),
          type: String(x.column_type),
        }));
      } catch {
        return undefined;
      }
    },
    async tables() {
      const rows = await query("SELECT table_name FROM information_schema.tables ORDER BY 1");
      return rows.map((x) => String(x.table_name));
    },
    async close() {
      if (instance === undefined) return;
      conn.closeSync();
      instance.closeSync();
    },
  };
}
