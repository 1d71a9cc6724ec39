/**
 * The measure commands where the data lives, in process through main(): `--db duckdb:FILE`,
 * two columns of one Parquet file, `--sql` in two dialects, and the refusals (missing table or
 * column with the ones there are, invalid rows per group, missing file, unreachable server);
 * against PostgreSQL and the 2-shard ClickHouse cluster too (started by test/engines' helpers).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dbInformation } from "../../src/cli/db.js";
import type { Flags } from "../../src/cli/flags.js";
import {
  crossEntropy,
  entropy,
  jsDivergence,
  klDivergence,
  mutualInformation,
} from "../../src/index.js";
import { openClickHouse, openPostgres } from "../../src/node.js";
import { ensureEngines, loadTable, type TestTable } from "../engines/helpers.js";
import { parseJson, runMain } from "./run.js";

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

// Three days of P and Q (probabilities per day) and two rows whose day is NULL.
const DAYS: [string | null, number[], number[]][] = [
  ["mon", [0.5, 0.25, 0.25], [0.4, 0.4, 0.2]],
  ["tue", [0.1, 0.6, 0.3], [0.1000001, 0.5999999, 0.3]],
  ["wed", [0.7, 0.3, 0], [0.5, 0.25, 0.25]],
  [null, [0.25, 0.75], [0.5, 0.5]],
];
const EVENTS: TestTable = { name: "events", g: [], cols: { p: [], q: [] } };
for (const [g, p, q] of DAYS) {
  p.forEach((x, i) => {
    EVENTS.g.push(g);
    EVENTS.cols.p.push(x);
    EVENTS.cols.q.push(q[i] as number);
  });
}

let dir = "";
let file = "";
let parquet = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "surprisal-db-"));
  file = join(dir, "events.db");
  parquet = join(dir, "big.parquet");
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const inst = await DuckDBInstance.create(file);
  const c = await inst.connect();
  await c.run("CREATE TABLE events (day VARCHAR, p DOUBLE, q DOUBLE)");
  const a = await c.createAppender("events");
  EVENTS.g.forEach((g, i) => {
    if (g === null) a.appendNull();
    else a.appendVarchar(String(g));
    a.appendDouble(EVENTS.cols.p[i] as number);
    a.appendDouble(EVENTS.cols.q[i] as number);
    a.endRow();
  });
  a.closeSync();
  await c.run(
    "CREATE TABLE bad AS SELECT * FROM (VALUES ('a', 0.5, 0.5), ('a', NULL, 0.5), ('b', 0.5, 0.5), ('b', -0.5, 0.5), ('b', 1.0, 0.0)) v(day, p, q)",
  );
  await c.run(
    "CREATE TABLE cat AS SELECT i % 3 AS g, i % 7 AS x, (i * i) % 5 AS y FROM range(2000) t(i)",
  );
  await c.run(
    `COPY (SELECT i % 1000 + 1 AS p, (i * 7) % 1000 + 1 AS q FROM range(100000) t(i)) TO '${parquet}' (FORMAT parquet)`,
  );
  c.closeSync();
  inst.closeSync();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const db = () => `duckdb:${file}`;

describe("--db duckdb:FILE", () => {
  test("kl per day: one line per group, the NULL day included, equal to the in-memory value", async () => {
    const r = await runMain([
      "kl",
      "--db",
      db(),
      "--table",
      "events",
      "--p",
      "p",
      "--q",
      "q",
      "--group-by",
      "day",
      "--json",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = parseJson(r.stdout) as {
      groups: { group: string | null; klDivergence: number; rows: number }[];
      unit: string;
      groupBy: string;
    };
    expect(j.groupBy).toBe("day");
    expect(j.unit).toBe("nats");
    expect(j.groups.map((g) => g.group)).toEqual(["mon", "tue", "wed", null]);
    for (const [g, p, q] of DAYS) {
      const got = j.groups.find((x) => x.group === g);
      expect(rel(got?.klDivergence as number, klDivergence(p, q)), String(g)).toBeLessThan(1e-12);
      expect(got?.rows).toBe(p.length);
    }
    const t = await runMain([
      "kl",
      "--db",
      db(),
      "--table",
      "events",
      "--p",
      "p",
      "--q",
      "q",
      "--group-by",
      "day",
    ]);
    const lines = t.stdout.trim().split("\n");
    expect(lines[0]).toContain("D(P‖Q) per day");
    expect(lines).toHaveLength(2 + DAYS.length); // title, header, one line per group
    expect(lines[2]).toMatch(/^mon\s+0\.0\d+ nats\s+\(3 rows\)$/);
    expect(lines.at(-1)).toMatch(/^NULL\s/);
  });

  test("entropy, cross-entropy and js per day; compare shows them side by side; bits", async () => {
    const args = ["--db", db(), "--table", "events", "--p", "p", "--group-by", "day", "--json"];
    const h = parseJson((await runMain(["entropy", ...args])).stdout) as {
      groups: { group: string; entropy: number }[];
    };
    const ce = parseJson(
      (await runMain(["cross-entropy", ...args, "--q", "q", "--base", "bits"])).stdout,
    ) as { unit: string; groups: { group: string; crossEntropy: number }[] };
    const js = parseJson((await runMain(["js", ...args, "--q", "q"])).stdout) as {
      groups: { group: string; jsDivergence: number; jsDistance: number }[];
    };
    expect(ce.unit).toBe("bits");
    for (const [g, p, q] of DAYS) {
      expect(rel(h.groups.find((x) => x.group === g)?.entropy as number, entropy(p))).toBeLessThan(
        1e-13,
      );
      expect(
        rel(
          ce.groups.find((x) => x.group === g)?.crossEntropy as number,
          crossEntropy(p, q, { base: "bits" }),
        ),
      ).toBeLessThan(1e-13);
      const j = js.groups.find((x) => x.group === g);
      expect(rel(j?.jsDivergence as number, jsDivergence(p, q))).toBeLessThan(1e-12);
      expect(rel(j?.jsDistance as number, Math.sqrt(jsDivergence(p, q)))).toBeLessThan(1e-12);
    }
    const c = await runMain(["compare", ...args, "--q", "q"]);
    expect(c.code).toBe(0);
    const cj = parseJson(c.stdout) as { groups: Record<string, number | string | null>[] };
    expect(Object.keys(cj.groups[0] as object)).toEqual(
      expect.arrayContaining([
        "entropy",
        "crossEntropy",
        "klDivergence",
        "jsDivergence",
        "totalVariation",
        "hellinger",
      ]),
    );
    const text = await runMain([
      "compare",
      "--db",
      db(),
      "--table",
      "events",
      "--p",
      "p",
      "--q",
      "q",
      "--group-by",
      "day",
    ]);
    expect(text.stdout.trim().split("\n")).toHaveLength(2 + DAYS.length);
  });

  test("ungrouped: the same first line as the in-memory command", async () => {
    const r = await runMain([
      "kl",
      "--db",
      db(),
      "--table",
      "events",
      "--p",
      "p",
      "--q",
      "q",
      "--input",
      "counts",
    ]);
    expect(r.code).toBe(0);
    const all = DAYS.flatMap((d) => d[1]);
    const allq = DAYS.flatMap((d) => d[2]);
    const mem = await runMain(["kl", all.join(","), allq.join(","), "--input", "counts"]);
    expect(r.stdout.split("\n")[0]).toBe(mem.stdout.split("\n")[0]);
  });

  test("rows that are not valid values are refused per group, or left out with --drop-invalid", async () => {
    const r = await runMain([
      "kl",
      "--db",
      db(),
      "--table",
      "bad",
      "--p",
      "p",
      "--q",
      "q",
      "--group-by",
      "day",
      "--input",
      "counts",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain('day = "a": 1 NULL');
    expect(r.stderr).toContain('day = "b": 1 negative');
    expect(r.stderr).toContain("--drop-invalid");
    const ok = await runMain([
      "kl",
      "--db",
      db(),
      "--table",
      "bad",
      "--p",
      "p",
      "--q",
      "q",
      "--group-by",
      "day",
      "--input",
      "counts",
      "--drop-invalid",
      "--json",
    ]);
    expect(ok.code).toBe(0);
    const j = parseJson(ok.stdout) as {
      groups: { group: string; klDivergence: number; invalidRows: number }[];
    };
    expect(j.groups.map((g) => [g.group, g.invalidRows])).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
    expect(j.groups[1]?.klDivergence).toBe(Infinity); // p = 1 where q = 0
  });

  test("a missing table or column is named with the ones there are; a missing file; exit 1", async () => {
    const col = await runMain(["kl", "--db", db(), "--table", "events", "--p", "p", "--q", "qq"]);
    expect(col.code).toBe(1);
    expect(col.stderr).toBe(
      "surprisal: kl: --q qq: no such column in events; its columns: day, p, q\n",
    );
    const tab = await runMain(["kl", "--db", db(), "--table", "evnts", "--p", "p", "--q", "q"]);
    expect(tab.code).toBe(1);
    expect(tab.stderr).toMatch(
      /--table evnts: no such table in duckdb:.*; tables there: bad, cat, events\n$/,
    );
    const typ = await runMain(["kl", "--db", db(), "--table", "events", "--p", "day", "--q", "q"]);
    expect(typ.code).toBe(1);
    expect(typ.stderr).toContain("--p day: the column has type VARCHAR, not a number type");
    const nofile = await runMain([
      "kl",
      "--db",
      `duckdb:${join(dir, "nope.db")}`,
      "--table",
      "t",
      "--p",
      "p",
      "--q",
      "q",
    ]);
    expect(nofile.code).toBe(1);
    expect(nofile.stderr).toContain("no such DuckDB file");
  });

  test("usage errors: a missing flag, a bad dialect, inputs with --db (exit 2)", async () => {
    const r = await runMain(["kl", "--db", db(), "--table", "events", "--p", "p"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--db needs --q");
    const d = await runMain([
      "kl",
      "--sql",
      "--dialect",
      "oracle",
      "--table",
      "t",
      "--p",
      "p",
      "--q",
      "q",
    ]);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain(
      '--dialect "oracle" is not a dialect: use duckdb, postgres, clickhouse, spark, bigquery, snowflake',
    );
    const i = await runMain(["kl", "0.5,0.5", "0.9,0.1", "--db", db()]);
    expect(i.code).toBe(2);
  });

  test("an unreachable server is one line and exit 1", async () => {
    for (const url of ["postgres://postgres@127.0.0.1:1/postgres", "clickhouse://127.0.0.1:1"]) {
      const r = await runMain(["kl", "--db", url, "--table", "t", "--p", "p", "--q", "q"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^surprisal: kl: --db .*: cannot reach the database \(.+\)\n$/);
    }
  });
});

describe("Parquet columns run on DuckDB by themselves", () => {
  test("kl big.parquet#p big.parquet#q equals the library on the same counts", async () => {
    const r = await runMain(["kl", `${parquet}#p`, `${parquet}#q`, "--input", "counts", "--json"]);
    expect(r.stderr).toBe("");
    const j = parseJson(r.stdout) as { klDivergence: number; rows: number };
    const p = Float64Array.from({ length: 100_000 }, (_, i) => (i % 1000) + 1);
    const q = Float64Array.from({ length: 100_000 }, (_, i) => ((i * 7) % 1000) + 1);
    expect(j.rows).toBe(100_000);
    expect(rel(j.klDivergence, klDivergence(p, q, { input: "counts" }))).toBeLessThan(1e-12);
  });

  test("P and Q from two files are refused", async () => {
    const r = await runMain(["kl", `${parquet}#p`, `${join(dir, "other.parquet")}#q`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("two columns of one Parquet file");
  });
});

describe("--sql prints the query", () => {
  test("spark and postgres: the dialect's quoting and sums, nothing run", async () => {
    const spark = await runMain([
      "kl",
      "--sql",
      "--dialect",
      "spark",
      "--table",
      "events",
      "--p",
      "p",
      "--q",
      "q",
      "--group-by",
      "day",
    ]);
    expect(spark.code).toBe(0);
    expect(spark.stdout).toMatch(/^SELECT sg AS grp/);
    expect(spark.stdout).toContain("`day` AS sg");
    expect(spark.stdout).toContain("SUM(");
    expect(spark.stdout.trimEnd().endsWith(";")).toBe(true);
    const pg = await runMain([
      "js",
      "--sql",
      "--db",
      "postgres://u@h/db",
      "--table",
      "s.events",
      "--p",
      "p",
      "--q",
      "q",
      "--json",
    ]);
    const j = parseJson(pg.stdout) as { dialect: string; sql: string };
    expect(j.dialect).toBe("postgres");
    expect(j.sql).toContain('"s"."events"');
    expect(j.sql).toContain("surprisal_ksum(");
  });
});

describe("mi --db (dbInformation, for the mi command)", () => {
  test("mutual information of two columns per group equals the library's", async () => {
    const flags: Flags = { db: db(), table: "cat", x: "x", y: "y", "group-by": "g" };
    const r = await dbInformation({
      flags: { ...flags, json: true },
      inputs: [],
      read: { header: undefined, stdin: Readable.from([]) },
      stderr: { write: () => true },
    });
    expect(r).toBeDefined();
    const json = (
      r as unknown as { json: { groups: { group: number; mutualInformation: number }[] } }
    ).json;
    const groups = json.groups;
    expect(groups).toHaveLength(3);
    for (const g of [0, 1, 2]) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < 2000; i++) {
        if (i % 3 === g) {
          xs.push(i % 7);
          ys.push((i * i) % 5);
        }
      }
      const mem = mutualInformation(xs, ys);
      const got = groups.find((x) => x.group === g)?.mutualInformation as number;
      expect(Math.abs(got - (typeof mem === "number" ? mem : mem.value))).toBeLessThan(1e-14);
    }
  });
});

describe("PostgreSQL and the ClickHouse cluster", () => {
  let urls: Awaited<ReturnType<typeof ensureEngines>>;
  beforeAll(async () => {
    urls = await ensureEngines();
    const pg = await openPostgres(urls.pgUrl);
    const ch = await openClickHouse(urls.chUrls);
    await loadTable(pg, { ...EVENTS, name: "cli_events" });
    await loadTable(ch, { ...EVENTS, name: "cli_events" }, urls.chUrls);
    await pg.close();
    await ch.close();
  }, 170_000);
  afterAll(() => urls?.stop());

  test.each(["postgres", "clickhouse"])(
    "%s: kl per day equals the in-memory value",
    async (engine) => {
      const url =
        engine === "postgres"
          ? urls.pgUrl
          : `clickhouse://${urls.chUrls.map((u) => u.replace(/^https?:\/\//, "")).join(",")}`;
      const r = await runMain([
        "kl",
        "--db",
        url,
        "--table",
        "cli_events",
        "--p",
        "p",
        "--q",
        "q",
        "--group-by",
        "g",
        "--json",
      ]);
      expect(r.stderr).toBe("");
      const j = parseJson(r.stdout) as { groups: { group: string | null; klDivergence: number }[] };
      expect(j.groups.map((g) => g.group).sort()).toEqual(["mon", "tue", "wed", null].sort());
      for (const [g, p, q] of DAYS) {
        const got = j.groups.find((x) => x.group === g)?.klDivergence as number;
        expect(rel(got, klDivergence(p, q)), `${engine} ${g}`).toBeLessThan(1e-12);
      }
    },
  );
});
