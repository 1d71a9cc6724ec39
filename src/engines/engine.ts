/**
 * What the Node side needs of a database: run a query and read its rows as plain objects, list a
 * table's columns, and close. One small connector per engine implements it (duckdb.ts,
 * postgres.ts, clickhouse.ts); the library's SQL (src/sql/) is the same for all.
 */
import type { DialectName, SqlSource } from "../index.js";

/** A row as plain JavaScript values: numbers (±Infinity, NaN kept), strings, null. */
export type Row = Record<string, unknown>;

/** A column of a table and its engine type name. */
export interface ColumnInfo {
  name: string;
  type: string;
}

/** A connection to one engine (ClickHouse: to every shard). */
export interface Engine {
  readonly dialect: DialectName;
  /** Runs a query (on the first server) and returns its rows. */
  query(sql: string): Promise<Row[]>;
  /** Runs a query on every shard and returns the rows of each (one entry per shard). */
  queryShards(sql: string): Promise<Row[][]>;
  /** The columns of a table or file, or undefined when it does not exist. */
  columns(source: SqlSource): Promise<ColumnInfo[] | undefined>;
  /** The tables there are (to name them when one is missing). */
  tables(): Promise<string[]>;
  close(): Promise<void>;
}

/** A number from a driver value (bigint counts, numeric strings, ClickHouse "inf"/"nan"). */
export function toNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (v === null || v === undefined) return Number.NaN;
  const s = String(v);
  if (s === "inf" || s === "+inf" || s === "Infinity") return Number.POSITIVE_INFINITY;
  if (s === "-inf" || s === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (s === "nan" || s === "NaN" || s === "-nan") return Number.NaN;
  return Number(s);
}
