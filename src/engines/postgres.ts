/** PostgreSQL by URL, through `pg`; installs the compensated sum aggregate on connect. */
import { dialects, postgresSetupSql, type SqlSource, SurprisalError } from "../index.js";
import type { ColumnInfo, Engine, Row } from "./engine.js";

/**
 * Connects to PostgreSQL (`postgres://user@host:port/db`) through `pg` (loaded on demand) and
 * installs `surprisal_ksum`, the compensated sum the SQL uses (see postgresSetupSql).
 * float8 values come back as JavaScript numbers (±Infinity, NaN kept), bigint counts as numbers.
 *
 * @throws {SurprisalError} `unreachable` when the package is missing or the server does not answer.
 * @example
 * ```ts
 * const db = await openPostgres("postgres://postgres@127.0.0.1:15432/postgres");
 * await db.query("SELECT 1 AS x"); // [{ x: 1 }]
 * ```
 */
export async function openPostgres(url: string): Promise<Engine> {
  let pg: typeof import("pg").default;
  try {
    pg = (await import("pg")).default;
  } catch (e) {
    throw new SurprisalError(
      "unreachable",
      `postgres: the package pg is not installed (npm install pg): ${(e as Error).message}`,
      { argument: "db", value: url },
    );
  }
  const types = {
    getTypeParser: (oid: number, format?: string) => {
      if (oid === 20 || oid === 701 || oid === 700 || oid === 1700) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format as "text");
    },
  };
  const client = new pg.Client({ connectionString: url, types, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  try {
    await client.connect();
    for (const s of postgresSetupSql()) await client.query(s);
  } catch (e) {
    await client.end().catch(() => {});
    throw new SurprisalError(
      "unreachable",
      `postgres: cannot connect to ${redact(url)}: ${(e as Error).message || (e as { code?: string }).code}`,
      {
        argument: "db",
        value: {
          url: redact(url),
          reason: (e as { code?: string }).code ?? ((e as Error).message || "no answer"),
        },
      },
    );
  }
  const query = async (sql: string): Promise<Row[]> => (await client.query(sql)).rows as Row[];
  const d = dialects.postgres;
  return {
    dialect: "postgres",
    query,
    queryShards: async (sql) => [await query(sql)],
    async columns(source: SqlSource): Promise<ColumnInfo[] | undefined> {
      if (typeof source === "object" && !Array.isArray(source)) return undefined;
      const parts = typeof source === "string" ? [source] : [...(source as string[])];
      const table = parts[parts.length - 1];
      const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
      const r = await client.query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ${schema ? "AND table_schema = $2" : "AND table_schema = ANY (current_schemas(false))"} ORDER BY ordinal_position`,
        schema ? [table, schema] : [table],
      );
      if (r.rows.length === 0) {
        // A view or a table the catalog hides: ask the server directly.
        try {
          const t = await client.query(`SELECT * FROM ${parts.map(d.ident).join(".")} LIMIT 0`);
          return t.fields.map((f) => ({ name: f.name, type: String(f.dataTypeID) }));
        } catch {
          return undefined;
        }
      }
      return r.rows.map((x) => ({ name: String(x.column_name), type: String(x.data_type) }));
    },
    async tables() {
      const r = await client.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false)) ORDER BY 1",
      );
      return r.rows.map((x) => String(x.table_name));
    },
    async close() {
      await client.end();
    },
  };
}

/** The URL without its password. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
