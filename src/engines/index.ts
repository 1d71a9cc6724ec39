/**
 * The Node side's database connectors: DuckDB (embedded, the default), PostgreSQL and ClickHouse,
 * and the runners that execute the library's SQL on them. Not exported from src/index.ts (drivers
 * are Node-only); import from "surprisal/node" (src/node.ts).
 */
import { SurprisalError } from "../index.js";
import { openClickHouse } from "./clickhouse.js";
import { openDuckDB } from "./duckdb.js";
import type { Engine } from "./engine.js";
import { openPostgres } from "./postgres.js";

export { openClickHouse } from "./clickhouse.js";
export { openDuckDB } from "./duckdb.js";
export type { ColumnInfo, Engine, Row } from "./engine.js";
export { openPostgres } from "./postgres.js";
export {
  checkColumns,
  type RunMeasureOptions,
  runInformation,
  runMeasure,
  runPsi,
  type SqlInformationRecord,
  type SqlResultRecord,
} from "./run.js";

/**
 * Opens an engine from a `--db` string: `duckdb:events.db`, `duckdb::memory:` (or a bare path),
 * `postgres://…` / `postgresql://…`, `clickhouse://host:port[,host:port…]` (HTTP ports, one per
 * shard) or `http://…`.
 *
 * @throws {SurprisalError} `unreachable` when the server does not answer, `invalid-option` for an
 *   unknown scheme.
 * @example
 * ```ts
 * const db = await openEngine("duckdb::memory:");
 * db.dialect; // "duckdb"
 * ```
 */
export async function openEngine(db: string): Promise<Engine> {
  if (db.startsWith("postgres://") || db.startsWith("postgresql://")) return openPostgres(db);
  if (db.startsWith("clickhouse://") || db.startsWith("http://") || db.startsWith("https://")) {
    const urls = db
      .replace(/^clickhouse:\/\//, "")
      .replace(/^https?:\/\//, "")
      .split(",")
      .map((h) => `${db.startsWith("https://") ? "https" : "http"}://${h}`);
    return openClickHouse(urls);
  }
  if (db.startsWith("duckdb:")) return openDuckDB(db.slice("duckdb:".length) || ":memory:");
  if (/^[a-z]+:\/\//.test(db)) {
    throw new SurprisalError(
      "invalid-option",
      `db = "${db}": use duckdb:FILE, postgres://…, or clickhouse://host:port`,
      { argument: "db", value: db },
    );
  }
  return openDuckDB(db);
}
