/**
 * The measure commands where the data lives: `--db duckdb:events.db|postgres://…|clickhouse://…
 * --table t --p col --q col [--group-by g]` runs the library's SQL on the engine, `--sql` prints
 * it instead (for Spark, BigQuery, Snowflake… with `--dialect`), and two columns of one Parquet
 * file (`big.parquet#p big.parquet#q`) run on DuckDB in process. One line per group.
 */
import { existsSync } from "node:fs";
import {
  DIALECTS,
  type DialectName,
  type InformationMeasure,
  informationSql,
  measureSql,
  type SqlGroup,
  type SqlMeasure,
  type SqlSource,
  SurprisalError,
  unitName,
} from "../index.js";
import {
  type Engine,
  openEngine,
  runInformation,
  runMeasure,
  type SqlInformationRecord,
  type SqlResultRecord,
} from "../node.js";
import type { Call } from "./command.js";
import { type CliError, dataError, usageError } from "./errors.js";
import type { Flags } from "./flags.js";
import { human, table } from "./format.js";
import { measureOptions } from "./options.js";
import type { Result } from "./render.js";

/** The flags of the database mode, shared by the pair commands (kl, cross-entropy, entropy, js, compare). */
export const dbArgs = {
  db: {
    type: "string",
    valueHint: "duckdb:FILE|postgres://…|clickhouse://host:port",
    description:
      "compute in a database: a DuckDB file (duckdb:events.db), a PostgreSQL URL, or ClickHouse HTTP ports (clickhouse://h:8123,h2:8123, one per shard); with --table, --p, --q",
  },
  table: {
    type: "string",
    valueHint: "name",
    description: "with --db or --sql: the table (schema.table for a qualified name)",
  },
  p: { type: "string", valueHint: "column", description: "with --db or --sql: the column of P" },
  q: { type: "string", valueHint: "column", description: "with --db or --sql: the column of Q" },
  "group-by": {
    type: "string",
    valueHint: "column",
    description: "with --db or --sql: one result per value of this column",
  },
  sql: {
    type: "boolean",
    description: "print the SQL that computes the measure instead of running it",
  },
  dialect: {
    type: "string",
    valueHint: DIALECTS.join("|"),
    description: "with --sql: the SQL dialect (default: the --db engine's, else duckdb)",
  },
  "drop-invalid": {
    type: "boolean",
    description:
      "with --db: leave out rows whose value is NULL, negative or not finite (counted per group) instead of refusing",
  },
} as const;

/** The flags of `mi --db`: the two categorical columns. */
export const dbInformationArgs = {
  x: { type: "string", valueHint: "column", description: "with --db or --sql: column X" },
  y: { type: "string", valueHint: "column", description: "with --db or --sql: column Y" },
} as const;

/** What a command computes in the database: the SQL measure, its JSON key and its symbol. */
interface DbMeasure {
  measure: SqlMeasure;
  key: string;
  symbol: string;
  name: string;
}

const MEASURES: Record<string, DbMeasure> = {
  kl: {
    measure: "kl",
    key: "klDivergence",
    symbol: "D(P‖Q)",
    name: "Kullback-Leibler divergence of Q from P",
  },
  "cross-entropy": {
    measure: "cross-entropy",
    key: "crossEntropy",
    symbol: "H(P,Q)",
    name: "cross-entropy",
  },
  entropy: { measure: "entropy", key: "entropy", symbol: "H(P)", name: "entropy" },
  js: { measure: "js", key: "jsDivergence", symbol: "JS(P,Q)", name: "Jensen-Shannon divergence" },
  "total-variation": {
    measure: "total-variation",
    key: "totalVariation",
    symbol: "TV(P,Q)",
    name: "total variation distance",
  },
  hellinger: {
    measure: "hellinger",
    key: "hellinger",
    symbol: "H²(P,Q)",
    name: "Hellinger distance",
  },
};

/** The measures `compare --db` shows (the ones with a SQL form). */
const COMPARE: readonly string[] = [
  "entropy",
  "cross-entropy",
  "kl",
  "js",
  "total-variation",
  "hellinger",
];

const PARQUET = /\.parquet(#[^#]*)?$/i;

function text(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
}

/** Whether the command line asks for the database mode (or names Parquet columns). */
export function isDbCall(call: Pick<Call, "flags" | "inputs">): boolean {
  const f = call.flags;
  return (
    text(f, "db") !== undefined ||
    text(f, "table") !== undefined ||
    f.sql === true ||
    (call.inputs.length > 0 && call.inputs.every((w) => PARQUET.test(w)))
  );
}

/** Where the rows are and which columns hold P and Q, from the flags or the Parquet words. */
interface Target {
  /** The engine URL, or undefined for `--sql` without `--db`. */
  db: string | undefined;
  from: SqlSource;
  /** As people read it: the table or file name. */
  fromName: string;
  p: string;
  q: string | undefined;
  groupBy: string | undefined;
}

function target(call: Call, pair: boolean, command: string): Target {
  const f = call.flags;
  const groupBy = text(f, "group-by") ?? text(f, "groupBy");
  if (call.inputs.length > 0) {
    const words = call.inputs;
    if (!words.every((w) => PARQUET.test(w))) {
      throw usageError(
        "with --db or --sql the columns are named by --table, --p and --q, not by inputs",
      );
    }
    const parts = words.map((w) => {
      const i = w.lastIndexOf("#");
      return i < 0
        ? { file: w, column: undefined }
        : { file: w.slice(0, i), column: w.slice(i + 1) };
    });
    const file = parts[0]?.file as string;
    if (parts.some((x) => x.file !== file)) {
      throw usageError(
        `P and Q must be two columns of one Parquet file (file.parquet#p file.parquet#q), got ${words.join(" ")}`,
      );
    }
    if (parts.some((x) => !x.column)) {
      throw usageError(`name the column of each input: ${file}#p ${pair ? `${file}#q` : ""}`);
    }
    if (text(f, "db") !== undefined && !text(f, "db")?.startsWith("duckdb")) {
      throw usageError("Parquet files are read by DuckDB in process: leave out --db");
    }
    return {
      db: "duckdb::memory:",
      from: { file },
      fromName: file,
      p: parts[0]?.column as string,
      q: pair ? (parts[1]?.column as string) : undefined,
      groupBy,
    };
  }
  const table = text(f, "table");
  const p = text(f, "p");
  const q = text(f, "q");
  const db = text(f, "db");
  const missing = [
    table === undefined && "--table",
    p === undefined && "--p",
    pair && q === undefined && "--q",
  ].filter(Boolean);
  if (missing.length > 0) {
    throw usageError(
      `${db !== undefined ? "--db" : "--sql"} needs ${missing.join(", ")}: the table and its column${pair ? "s" : ""} (surprisal ${command} --db duckdb:events.db --table events --p p${pair ? " --q q" : ""})`,
    );
  }
  if (db === undefined && f.sql !== true) throw usageError("--table needs --db (or --sql)");
  const parts = (table as string).split(".");
  return {
    db,
    from: parts.length > 1 ? parts : (table as string),
    fromName: table as string,
    p: p as string,
    q: pair ? q : undefined,
    groupBy,
  };
}

/** The dialect of an engine URL (as openEngine reads it). */
function dialectOfDb(db: string): DialectName {
  if (/^postgres(ql)?:\/\//.test(db)) return "postgres";
  if (/^(clickhouse|https?):\/\//.test(db)) return "clickhouse";
  return "duckdb";
}

function dialectFlag(flags: Flags, db: string | undefined): DialectName {
  const d = text(flags, "dialect");
  if (d === undefined) return db === undefined ? "duckdb" : dialectOfDb(db);
  if (!(DIALECTS as readonly string[]).includes(d)) {
    throw usageError(`--dialect ${JSON.stringify(d)} is not a dialect: use ${DIALECTS.join(", ")}`);
  }
  return d as DialectName;
}

/** The URL as it may be shown (no password). */
function shownDb(db: string): string {
  return db.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

function flagOf(argument: string): string {
  if (argument === "from") return "--table";
  if (argument === "groupBy") return "--group-by";
  if (argument === "p" || argument === "q" || argument === "x" || argument === "y")
    return `--${argument}`;
  return argument;
}

/**
 * The command line's words for an engine's refusal, from the error's fields: a missing table or
 * column (with the ones there are), a column of the wrong type, NULL/negative/non-finite rows per
 * group, a sum off 1, an unreachable server.
 */
export function dbRefusal(e: SurprisalError, t: Target): CliError {
  const v = e.value as Record<string, unknown> | string | undefined;
  const obj = typeof v === "object" && v !== null ? v : undefined;
  switch (e.code) {
    case "not-found": {
      const available = (obj?.available as string[] | undefined) ?? [];
      const name = String(obj?.missing ?? v);
      if (e.argument === "from") {
        return dataError(
          `--table ${name}: no such table in ${t.db ? shownDb(t.db) : "the database"}; tables there: ${available.length ? available.join(", ") : "(none)"}`,
        );
      }
      return dataError(
        `${flagOf(e.argument)} ${name}: no such column in ${t.fromName}; its columns: ${available.join(", ")}`,
      );
    }
    case "wrong-type":
      return dataError(
        `${flagOf(e.argument)} ${String(obj?.column ?? "")}: the column has type ${String(obj?.type ?? v)}, not a number type`,
      );
    case "null":
    case "negative":
    case "not-finite": {
      const groups =
        (obj?.groups as
          | { group: SqlGroup; nulls: number; negative: number; other: number }[]
          | undefined) ?? [];
      const per = groups
        .slice(0, 5)
        .map((g) => {
          const parts = [
            g.nulls && `${g.nulls} NULL`,
            g.negative && `${g.negative} negative`,
            g.other && `${g.other} NaN or infinite`,
          ].filter(Boolean);
          return `${g.group === null ? "all rows" : `${t.groupBy} = ${JSON.stringify(g.group)}`}: ${parts.join(", ")}`;
        })
        .join("; ");
      const more = groups.length > 5 ? `; ${groups.length - 5} more groups` : "";
      return dataError(
        `${t.q === undefined ? `--p ${t.p}` : `--p ${t.p}, --q ${t.q}`}: rows that are not valid values (${per}${more}); pass --drop-invalid to leave them out`,
      );
    }
    case "sum":
      return dataError(
        `${flagOf(e.argument)} ${t[e.argument as "p" | "q"] ?? ""}: the probabilities${obj?.group !== undefined && obj.group !== null ? ` of ${t.groupBy} = ${JSON.stringify(obj.group)}` : ""} sum to ${String(obj?.sum ?? v)}, not 1; pass --input counts to normalize`,
      );
    case "zero":
      return dataError(
        `${flagOf(e.argument)} ${t[e.argument as "p" | "q"] ?? ""}: the values${obj?.group !== undefined && obj.group !== null ? ` of ${t.groupBy} = ${JSON.stringify(obj.group)}` : ""} are all zero (or there is no valid row)`,
      );
    case "unreachable":
      return dataError(
        `--db ${t.db ? shownDb(t.db) : ""}: cannot reach the database${typeof obj?.reason === "string" ? ` (${obj.reason})` : ""}`,
      );
    default:
      return dataError(`${flagOf(e.argument)}: refused (${String(e.code)})`);
  }
}

async function withEngine<T>(t: Target, f: (engine: Engine) => Promise<T>): Promise<T> {
  let engine: Engine | undefined;
  const file = /^duckdb:(.+)$/.exec(t.db ?? "")?.[1];
  // DuckDB creates a missing file: a typo would give an empty database, so refuse it here.
  if (file !== undefined && file !== ":memory:" && !existsSync(file)) {
    throw dataError(`--db ${t.db}: no such DuckDB file`);
  }
  try {
    engine = await openEngine(t.db as string);
    return await f(engine);
  } catch (e) {
    if (e instanceof SurprisalError) throw dbRefusal(e, t);
    throw e;
  } finally {
    await engine?.close().catch(() => {});
  }
}

function groupLabel(g: SqlGroup): string {
  return g === null ? "NULL" : typeof g === "string" ? g : String(g);
}

/** One result per group: JSON (`groups`, or the value itself when not grouped) and text. */
function resultOf(
  t: Target,
  m: DbMeasure,
  recs: SqlResultRecord[],
  unit: string,
  extra: (r: SqlResultRecord) => Record<string, number> = () => ({}),
): Result {
  const where = `${t.fromName}${t.db && t.db !== "duckdb::memory:" ? ` (${shownDb(t.db)})` : ""}`;
  const cols = t.q === undefined ? `P = ${t.p}` : `P (truth) = ${t.p}, Q (belief) = ${t.q}`;
  const u = unit ? ` ${unit}` : "";
  const base = { db: t.db ? shownDb(t.db) : undefined, table: t.fromName, P: t.p, Q: t.q, unit };
  const rowsNote = (r: SqlResultRecord) =>
    `${r.n} row${r.n === 1 ? "" : "s"}${r.invalid > 0 ? `, ${r.invalid} left out` : ""}`;
  if (t.groupBy === undefined) {
    const r = recs[0] as SqlResultRecord;
    return {
      json: { ...base, [m.key]: r.value, ...extra(r), rows: r.n, invalidRows: r.invalid },
      text: `${m.symbol} = ${human(r.value)}${u}   (${m.name})\n  ${cols}\n  in ${where}: ${rowsNote(r)}`,
    };
  }
  const lines = recs.map((r) => [
    groupLabel(r.group),
    `${human(r.value)}${u}`,
    ...Object.values(extra(r)).map((x) => human(x)),
    `(${rowsNote(r)})`,
  ]);
  const head = [t.groupBy, m.symbol, ...Object.keys(extra(recs[0] as SqlResultRecord)), ""];
  return {
    json: {
      ...base,
      groupBy: t.groupBy,
      groups: recs.map((r) => ({
        group: r.group,
        [m.key]: r.value,
        ...extra(r),
        rows: r.n,
        invalidRows: r.invalid,
      })),
    },
    text: `${m.symbol} per ${t.groupBy} (${m.name}), ${cols}, in ${where}:\n${table(
      [head, ...lines],
      head.map((_, i) => i === 1 || (i > 1 && i < head.length - 1)),
    )}`,
  };
}

function sqlResult(sql: string, dialect: DialectName, extra: Record<string, unknown>): Result {
  return { json: { dialect, ...extra, sql }, text: `${sql};` };
}

/**
 * Runs (or, with `--sql`, prints) a pair command in the database; `undefined` when the command
 * line is not in the database mode.
 */
export async function dbCommand(call: Call, command: string): Promise<Result | undefined> {
  if (!isDbCall(call)) return undefined;
  const f = call.flags;
  const opts = measureOptions(f);
  if (opts.input !== undefined && opts.input !== "probabilities" && opts.input !== "counts") {
    throw usageError(
      `--input ${opts.input}: in a database the columns hold probabilities or counts`,
    );
  }
  const input = opts.input as "probabilities" | "counts" | undefined;
  const names = command === "compare" ? COMPARE : [command];
  const pair = names.some((n) => n !== "entropy");
  const t = target(call, pair, command);
  if (f.sql === true) {
    const dialect = dialectFlag(f, t.db);
    const sqls = names.map((n) => {
      try {
        return measureSql({
          dialect,
          measure: (MEASURES[n] as DbMeasure).measure,
          from: t.from,
          p: t.p,
          q: t.q,
          groupBy: t.groupBy,
          input,
          base: opts.base,
        }).sql;
      } catch (e) {
        if (e instanceof SurprisalError)
          throw usageError(`--${flagOf(e.argument).replace(/^--/, "")}: ${e.code}`);
        throw e;
      }
    });
    if (sqls.length === 1) return sqlResult(sqls[0] as string, dialect, { measure: names[0] });
    return {
      json: { dialect, sql: Object.fromEntries(names.map((n, i) => [n, sqls[i]])) },
      text: names.map((n, i) => `-- ${n}\n${sqls[i]};`).join("\n\n"),
    };
  }
  if (text(f, "dialect") !== undefined) throw usageError("--dialect goes with --sql");
  const common = {
    from: t.from,
    p: t.p,
    groupBy: t.groupBy,
    input,
    base: opts.base,
    tolerance: opts.tolerance,
    invalidRows: f["drop-invalid"] === true ? ("drop" as const) : ("error" as const),
  };
  return withEngine(t, async (engine) => {
    const run = (n: string) =>
      runMeasure(engine, {
        ...common,
        measure: (MEASURES[n] as DbMeasure).measure,
        q: n === "entropy" ? undefined : t.q,
      });
    if (command !== "compare") {
      const m = MEASURES[command] as DbMeasure;
      const recs = await run(command);
      const unit = recs[0]?.unit ?? unitName(opts.base);
      return resultOf(
        t,
        m,
        recs,
        unit,
        command === "js" ? (r) => ({ jsDistance: Math.sqrt(r.value) }) : undefined,
      );
    }
    const all = new Map<string, SqlResultRecord[]>();
    for (const n of COMPARE) all.set(n, await run(n));
    const first = all.get("kl") as SqlResultRecord[];
    const unit = first[0]?.unit ?? unitName(opts.base);
    const value = (n: string, i: number) => (all.get(n) as SqlResultRecord[])[i]?.value as number;
    const keys = COMPARE.map((n) => (MEASURES[n] as DbMeasure).key);
    const rowsOf = first.map((r, i) => ({
      group: r.group,
      ...Object.fromEntries(COMPARE.map((n, k) => [keys[k], value(n, i)])),
      rows: r.n,
      invalidRows: r.invalid,
    }));
    const head = [t.groupBy ?? "", ...COMPARE.map((n) => (MEASURES[n] as DbMeasure).symbol)];
    const lines = first.map((r, i) => [
      t.groupBy === undefined ? "" : groupLabel(r.group),
      ...COMPARE.map((n) => human(value(n, i))),
    ]);
    const where = `${t.fromName}${t.db && t.db !== "duckdb::memory:" ? ` (${shownDb(t.db)})` : ""}`;
    return {
      json: {
        db: t.db ? shownDb(t.db) : undefined,
        table: t.fromName,
        P: t.p,
        Q: t.q,
        unit,
        ...(t.groupBy === undefined
          ? (() => {
              const { group: _g, ...rest } = rowsOf[0] as Record<string, unknown>;
              return rest;
            })()
          : { groupBy: t.groupBy, groups: rowsOf }),
      },
      text: `Every measure with a SQL form, P (truth) = ${t.p}, Q (belief) = ${t.q}, in ${where}, ${unit} (TV and Hellinger unitless):\n${table(
        [head, ...lines],
        head.map((_, i) => i > 0),
      )}`,
    };
  });
}

const INFORMATION: Record<string, { measure: InformationMeasure; key: string; symbol: string }> = {
  mi: { measure: "mutual-information", key: "mutualInformation", symbol: "I(X;Y)" },
};

/**
 * `mi --db … --table t --x a --y b [--group-by g]`: the mutual information of two categorical
 * columns per group, from their joint counts (or `--sql`); `undefined` when not in the database mode.
 */
export async function dbInformation(call: Call, command = "mi"): Promise<Result | undefined> {
  const f = call.flags;
  if (text(f, "db") === undefined && text(f, "table") === undefined && f.sql !== true)
    return undefined;
  const m = INFORMATION[command] as (typeof INFORMATION)[string];
  const opts = measureOptions(f);
  const table = text(f, "table");
  const x = text(f, "x");
  const y = text(f, "y");
  const db = text(f, "db");
  const missing = [
    table === undefined && "--table",
    x === undefined && "--x",
    y === undefined && "--y",
  ].filter(Boolean);
  if (missing.length > 0)
    throw usageError(`${db !== undefined ? "--db" : "--sql"} needs ${missing.join(", ")}`);
  const parts = (table as string).split(".");
  const t: Target = {
    db,
    from: parts.length > 1 ? parts : (table as string),
    fromName: table as string,
    p: x as string,
    q: y,
    groupBy: text(f, "group-by") ?? text(f, "groupBy"),
  };
  const o = {
    measure: m.measure,
    from: t.from,
    x: x as string,
    y: y as string,
    groupBy: t.groupBy,
    base: opts.base,
  };
  if (f.sql === true) {
    const dialect = dialectFlag(f, db);
    return sqlResult(informationSql({ ...o, dialect }).sql, dialect, { measure: m.measure });
  }
  if (db === undefined) throw usageError("--table needs --db (or --sql)");
  return withEngine(t, async (engine) => {
    const recs: SqlInformationRecord[] = await runInformation(engine, o);
    const asPair: SqlResultRecord[] = recs.map((r) => ({
      group: r.group,
      measure: r.measure,
      value: r.value,
      unit: r.unit,
      n: r.n,
      invalid: r.nulls,
      nulls: r.nulls,
      negative: 0,
      state: r.state,
    }));
    const res = resultOf(
      { ...t, p: x as string, q: y },
      {
        measure: "kl",
        key: m.key,
        symbol: m.symbol,
        name: "mutual information, from the joint counts",
      },
      asPair,
      recs[0]?.unit ?? unitName(opts.base),
    );
    return {
      ...res,
      text: res.text.replace(`P (truth) = ${x}, Q (belief) = ${y}`, `X = ${x}, Y = ${y}`),
      json: { ...res.json, X: x, Y: y, P: undefined, Q: undefined },
    };
  });
}
