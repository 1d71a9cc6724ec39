/**
 * ClickHouse over HTTP (plain fetch, no driver): one URL per shard. Measures that sum run on every
 * shard's local table and merge in memory (ClickHouse 18.16 crashes when sumKahan runs over a
 * Distributed table); queries that must see all rows at once (joint counts) run on the first URL,
 * typically over a Distributed table.
 */
import { dialects, fromSql, type SqlSource, SurprisalError } from "../index.js";
import type { ColumnInfo, Engine, Row } from "./engine.js";

/** Parses TabSeparatedWithNames output (ClickHouse escapes \t, \n, \\ and writes NULL as \N). */
function parseTsv(text: string): Row[] {
  const lines = text.split("\n");
  if (lines.length === 0 || lines[0] === "") return [];
  const names = lines[0].split("\t").map(unescapeTsv);
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === "") continue;
    const cells = lines[i].split("\t");
    const row: Row = {};
    names.forEach((n, j) => {
      row[n] = cells[j] === "\\N" ? null : unescapeTsv(cells[j] ?? "");
    });
    rows.push(row);
  }
  return rows;
}

function unescapeTsv(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) =>
    c === "t" ? "\t" : c === "n" ? "\n" : c === "0" ? "\0" : c === "r" ? "\r" : c,
  );
}

/**
 * Connects to ClickHouse servers over HTTP (`http://host:8123`, one URL per shard).
 * Values come back as text; the runners convert numbers (`inf`, `nan` included).
 *
 * @throws {SurprisalError} `unreachable` when a server does not answer `/ping`.
 * @example
 * ```ts
 * const db = await openClickHouse(["http://127.0.0.1:18123", "http://127.0.0.1:18124"]);
 * (await db.queryShards("SELECT 1 AS n")).length; // 2: one answer per shard
 * ```
 */
export async function openClickHouse(urls: string | readonly string[]): Promise<Engine> {
  const list = (typeof urls === "string" ? urls.split(",") : [...urls]).map((u) =>
    u.replace(/^clickhouse:/, "http:").replace(/\/+$/, ""),
  );
  for (const u of list) {
    try {
      const r = await fetch(`${u}/ping`, { signal: AbortSignal.timeout(5000) });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
    } catch (e) {
      throw new SurprisalError(
        "unreachable",
        `clickhouse: ${u} does not answer: ${(e as Error).cause ?? (e as Error).message}`,
        {
          argument: "db",
          value: {
            url: u,
            reason:
              ((e as Error).cause as { code?: string } | undefined)?.code ?? (e as Error).message,
          },
        },
      );
    }
  }
  const run = async (url: string, sql: string): Promise<Row[]> => {
    let r: Response;
    try {
      r = await fetch(`${url}/`, { method: "POST", body: `${sql}\nFORMAT TabSeparatedWithNames` });
    } catch (e) {
      throw new SurprisalError(
        "unreachable",
        `clickhouse: ${url} does not answer: ${(e as Error).message}`,
        {
          argument: "db",
          value: url,
        },
      );
    }
    const text = await r.text();
    if (!r.ok) throw new Error(`clickhouse (${url}): ${text.trim().split("\n")[0]}`);
    return parseTsv(text);
  };
  const d = dialects.clickhouse;
  return {
    dialect: "clickhouse",
    query: (sql) => run(list[0], sql),
    queryShards: (sql) => Promise.all(list.map((u) => run(u, sql))),
    async columns(source: SqlSource): Promise<ColumnInfo[] | undefined> {
      try {
        const rows = await run(list[0], `DESCRIBE TABLE ${fromSql(d, source)}`);
        return rows.map((x) => ({ name: String(x.name), type: String(x.type) }));
      } catch {
        return undefined;
      }
    },
    async tables() {
      const rows = await run(
        list[0],
        "SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name",
      );
      return rows.map((x) => String(x.name));
    },
    async close() {},
  };
}
