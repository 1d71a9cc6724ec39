/**
 * Runs the library's SQL on an engine and returns result records: one per group, with the value,
 * the rows counted and left out, and the partial sums (the accumulator state).
 */
import {
  CompensatedSum,
  DEFAULT_TOLERANCE,
  finishMeasure,
  type InformationSqlOptions,
  informationSql,
  type MeasureSqlOptions,
  measureSql,
  mergeStates,
  type PsiSqlOptions,
  psiSql,
  type SqlGroup,
  type SqlMeasure,
  type SqlSource,
  type SqlState,
  type SqlTotals,
  SurprisalError,
  totalsSql,
  unitName,
} from "../index.js";
import { type ColumnInfo, type Engine, type Row, toNumber } from "./engine.js";

/** One group's result. */
export interface SqlResultRecord {
  /** The group value (null when not grouped). */
  group: SqlGroup;
  measure: string;
  /** The value in `unit`. */
  value: number;
  unit: string;
  /** Rows read (valid or not). */
  n: number;
  /** Rows left out: p or q NULL, negative, NaN or infinite. */
  invalid: number;
  /** Of those, rows with a NULL. */
  nulls: number;
  /** Of those, rows with a negative value. */
  negative: number;
  /** Σp and Σq of the valid rows (pair measures). */
  sp?: number;
  sq?: number;
  /** The partial sums the value was finished from. */
  state: SqlState;
}

/** Options of {@link runMeasure}: the SQL options without the dialect, plus checking. */
export interface RunMeasureOptions extends Omit<MeasureSqlOptions, "dialect" | "totals"> {
  /** How far a probability column's group sum may be from 1. Default 1e-6. */
  tolerance?: number | undefined;
  /** `"error"` (default): NULL, negative or non-finite values are refused; `"drop"`: left out, counted. */
  invalidRows?: "error" | "drop" | undefined;
}

const NUMERIC =
  /^(tiny|small|big|hug|u)?int|integer|float|double|real|decimal|numeric|bigint|smallint|hugeint|uinteger|ubigint|usmallint|utinyint|^\d+$|nullable\((u?int|float|decimal)/i;

function sourceName(s: SqlSource): string {
  if (typeof s === "string") return s;
  if (Array.isArray(s)) return s.join(".");
  return (s as { file: string }).file;
}

/**
 * Checks that the table and the columns exist (naming the ones there are) and that the value
 * columns are numeric; returns the columns.
 */
export async function checkColumns(
  engine: Engine,
  from: SqlSource,
  columns: { name: string | undefined; argument: string; numeric: boolean }[],
): Promise<ColumnInfo[]> {
  const cols = await engine.columns(from);
  if (cols === undefined) {
    const tables = await engine.tables().catch(() => [] as string[]);
    throw new SurprisalError(
      "not-found",
      `from: table "${sourceName(from)}" does not exist on ${engine.dialect}; tables there: ${tables.length ? tables.join(", ") : "(none)"}`,
      { argument: "from", value: { missing: sourceName(from), available: tables } },
    );
  }
  for (const c of columns) {
    if (c.name === undefined) continue;
    const info = cols.find((x) => x.name === c.name);
    if (info === undefined) {
      throw new SurprisalError(
        "not-found",
        `${c.argument}: column "${c.name}" is not in "${sourceName(from)}"; its columns: ${cols.map((x) => x.name).join(", ")}`,
        { argument: c.argument, value: { missing: c.name, available: cols.map((x) => x.name) } },
      );
    }
    if (c.numeric && !NUMERIC.test(info.type)) {
      throw new SurprisalError(
        "wrong-type",
        `${c.argument}: column "${c.name}" of "${sourceName(from)}" has type ${info.type}, not a number type`,
        { argument: c.argument, value: { column: c.name, type: info.type } },
      );
    }
  }
  return cols;
}

function groupOf(v: unknown, grouped: boolean, numeric: boolean): SqlGroup {
  if (!grouped) return null;
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && numeric) return Number(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return v;
  return String(v);
}

function describeGroup(g: SqlGroup): string {
  return g === null
    ? "(all rows)"
    : `group ${JSON.stringify(typeof g === "bigint" ? String(g) : g)}`;
}

/** Throws for NULL/negative/non-finite rows (unless dropped) and sums off 1. */
function checkRecords(records: SqlResultRecord[], o: RunMeasureOptions, pair: boolean): void {
  const bad = records.filter((r) => r.invalid > 0);
  if (bad.length > 0 && o.invalidRows !== "drop") {
    const nulls = bad.reduce((a, r) => a + r.nulls, 0);
    const neg = bad.reduce((a, r) => a + r.negative, 0);
    const other = bad.reduce((a, r) => a + r.invalid - r.nulls - r.negative, 0);
    const per = bad
      .slice(0, 5)
      .map(
        (r) =>
          `${describeGroup(r.group)}: ${[r.nulls && `${r.nulls} NULL`, r.negative && `${r.negative} negative`, r.invalid - r.nulls - r.negative && `${r.invalid - r.nulls - r.negative} NaN or infinite`].filter(Boolean).join(", ")}`,
      )
      .join("; ");
    const code = nulls > 0 ? "null" : neg > 0 ? "negative" : "not-finite";
    throw new SurprisalError(
      code,
      `${pair ? "p, q" : "p"}: ${nulls} rows with NULL, ${neg} negative, ${other} NaN or infinite (${per}${bad.length > 5 ? `; ${bad.length - 5} more groups` : ""}); pass invalidRows: "drop" to leave them out`,
      {
        argument: pair ? "p, q" : "p",
        value: {
          nulls,
          negative: neg,
          other,
          groups: bad.map((r) => ({
            group: r.group,
            nulls: r.nulls,
            negative: r.negative,
            other: r.invalid - r.nulls - r.negative,
          })),
        },
      },
    );
  }
  const tol = o.tolerance ?? DEFAULT_TOLERANCE;
  for (const r of records) {
    for (const [k, name] of [
      ["sp", o.p],
      ["sq", o.q],
    ] as const) {
      const s = r[k];
      if (s === undefined || (k === "sq" && !pair)) continue;
      if (!(s > 0)) {
        throw new SurprisalError(
          "zero",
          `${name}: the values of ${describeGroup(r.group)} are all zero (or it has no valid row)`,
          { argument: k === "sp" ? "p" : "q", value: { sum: s, group: r.group, column: name } },
        );
      }
      if ((o.input ?? "probabilities") === "probabilities" && Math.abs(s - 1) > tol) {
        throw new SurprisalError(
          "sum",
          `${name}: the probabilities of ${describeGroup(r.group)} sum to ${s}, off 1 by more than ${tol} (pass input: "counts" to normalize)`,
          { argument: k === "sp" ? "p" : "q", value: { sum: s, group: r.group, column: name } },
        );
      }
    }
  }
}

/**
 * Computes a measure of a column pair per group on an engine, in the careful SQL of
 * {@link measureSql}, and returns one record per group (ordered by group).
 *
 * On DuckDB and PostgreSQL one query does it all. On ClickHouse each shard sums its own rows
 * (sumKahan) and the states merge in memory: first the totals (Σp, Σq, δ per group), then, written
 * back into the query, the partial sums of the terms, finished by {@link finishMeasure}.
 *
 * @throws {SurprisalError} `not-found` (table or column, naming the ones there are), `wrong-type`,
 *   `null` / `negative` / `not-finite` (rows counted per group, unless `invalidRows: "drop"`),
 *   `sum`, `zero`, `unreachable`.
 * @example
 * ```ts
 * const db = await openDuckDB();
 * await db.query("CREATE TABLE t AS SELECT * FROM (VALUES (0.5, 0.9), (0.5, 0.1)) v(p, q)");
 * (await runMeasure(db, { measure: "kl", from: "t", p: "p", q: "q" }))[0].value; // 0.5108256237659907
 * ```
 */
export async function runMeasure(
  engine: Engine,
  options: RunMeasureOptions,
): Promise<SqlResultRecord[]> {
  const pair = options.measure !== "entropy";
  const cols = await checkColumns(engine, options.from, [
    { name: options.p, argument: "p", numeric: true },
    { name: pair ? options.q : undefined, argument: "q", numeric: true },
    { name: options.groupBy, argument: "groupBy", numeric: false },
  ]);
  const grouped = options.groupBy !== undefined;
  const gType = cols.find((c) => c.name === options.groupBy)?.type ?? "";
  const gNumeric = NUMERIC.test(gType);
  const unit =
    options.measure === "total-variation" || options.measure === "hellinger"
      ? ""
      : unitName(options.base);
  const sqlOptions: MeasureSqlOptions = {
    ...options,
    q: pair ? options.q : undefined,
    dialect: engine.dialect,
  };
  let records: SqlResultRecord[];
  if (engine.dialect !== "clickhouse") {
    const q = measureSql(sqlOptions);
    const rows = await engine.query(q.sql);
    records = rows.map((r) =>
      recordOf(r, q.sums, options.measure, unit, grouped, gNumeric, toNumber(r.value)),
    );
  } else {
    records = await runSharded(engine, sqlOptions, unit, grouped, gNumeric);
  }
  checkRecords(records, options, pair);
  if (!pair) for (const r of records) delete r.sq;
  return records;
}

function recordOf(
  r: Row,
  sums: readonly string[],
  measure: string,
  unit: string,
  grouped: boolean,
  gNumeric: boolean,
  value: number,
): SqlResultRecord {
  const state: SqlState = {};
  for (const s of sums) state[s] = toNumber(r[s]);
  return {
    group: groupOf(r.grp, grouped, gNumeric),
    measure,
    value,
    unit,
    n: toNumber(r.n),
    invalid: toNumber(r.n_invalid),
    nulls: toNumber(r.n_null),
    negative: toNumber(r.n_negative),
    sp: toNumber(r.sp),
    sq: toNumber(r.sq),
    state,
  };
}

/** Per shard: totals, merged; then the partial sums with the totals written in, merged, finished. */
async function runSharded(
  engine: Engine,
  o: MeasureSqlOptions,
  unit: string,
  grouped: boolean,
  gNumeric: boolean,
): Promise<SqlResultRecord[]> {
  const totalsRows = await engine.queryShards(totalsSql(o).sql);
  const byGroup = new Map<string, Row[]>();
  for (const rows of totalsRows) {
    for (const r of rows) {
      const k = String(r.grp);
      byGroup.set(k, [...(byGroup.get(k) ?? []), r]);
    }
  }
  const merged = new Map<string, { row: Row; totals: SqlTotals }>();
  for (const [k, rows] of byGroup) {
    const add = (col: string) => {
      const s = new CompensatedSum();
      for (const r of rows) s.add(toNumber(r[col]));
      return s.value();
    };
    const row: Row = { grp: rows[0].grp };
    for (const c of ["n", "n_invalid", "n_null", "n_negative"]) row[c] = add(c);
    const totals: SqlTotals = {
      group: groupOf(rows[0].grp, true, gNumeric),
      sp: add("sp"),
      sq: add("sq"),
      dl: add("dl"),
    };
    row.sp = totals.sp;
    row.sq = totals.sq;
    merged.set(k, { row, totals });
  }
  const q = measureSql({ ...o, totals: [...merged.values()].map((m) => m.totals) });
  const stateRows = await engine.queryShards(q.sql);
  const states = new Map<string, SqlState[]>();
  for (const rows of stateRows) {
    for (const r of rows) {
      const s: SqlState = {};
      for (const c of q.sums) s[c] = toNumber(r[c]);
      const k = String(r.grp);
      states.set(k, [...(states.get(k) ?? []), s]);
    }
  }
  const out: SqlResultRecord[] = [];
  for (const [k, m] of merged) {
    const state = mergeStates(states.get(k) ?? []);
    const value = finishMeasure(o.measure as SqlMeasure, state, o);
    const rec = recordOf({ ...m.row, ...state }, q.sums, o.measure, unit, grouped, gNumeric, value);
    out.push(rec);
  }
  out.sort((a, b) => (a.group! < b.group! ? -1 : a.group! > b.group! ? 1 : 0));
  return out;
}

/** One group's mutual information, conditional entropy or PSI. */
export interface SqlInformationRecord {
  group: SqlGroup;
  measure: string;
  value: number;
  unit: string;
  /** Rows read. */
  n: number;
  /** Rows left out because a column was NULL. */
  nulls: number;
  state: SqlState;
}

/**
 * Mutual information or conditional entropy of two categorical columns per group (see
 * informationSql), on the first server of the engine (on ClickHouse: a Distributed table, whose
 * joint counts are merged by the cluster).
 *
 * @throws {SurprisalError} `not-found`, `unreachable`.
 * @example
 * ```ts
 * const db = await openDuckDB();
 * await db.query("CREATE TABLE t AS SELECT * FROM (VALUES ('x', 'u'), ('x', 'u'), ('y', 'v'), ('y', 'v')) v(a, b)");
 * (await runInformation(db, { measure: "mutual-information", from: "t", x: "a", y: "b" }))[0].value; // 0.6931471805599453 (ln 2)
 * ```
 */
export async function runInformation(
  engine: Engine,
  options: Omit<InformationSqlOptions, "dialect">,
): Promise<SqlInformationRecord[]> {
  const cols = await checkColumns(engine, options.from, [
    { name: options.x, argument: "x", numeric: false },
    { name: options.y, argument: "y", numeric: false },
    { name: options.groupBy, argument: "groupBy", numeric: false },
  ]);
  const q = informationSql({ ...options, dialect: engine.dialect });
  return infoRecords(
    await engine.query(q.sql),
    q.sums,
    options,
    cols,
    unitName(options.base),
    options.measure,
  );
}

/**
 * The population stability index of a column against reference bins per group (see psiSql).
 *
 * @throws {SurprisalError} `not-found`, `unreachable`, and psiSql's checks of the reference.
 */
export async function runPsi(
  engine: Engine,
  options: Omit<PsiSqlOptions, "dialect">,
): Promise<SqlInformationRecord[]> {
  const cols = await checkColumns(engine, options.from, [
    { name: options.column, argument: "column", numeric: options.edges !== undefined },
    { name: options.groupBy, argument: "groupBy", numeric: false },
  ]);
  const q = psiSql({ ...options, dialect: engine.dialect });
  return infoRecords(
    await engine.query(q.sql),
    q.sums,
    options,
    cols,
    unitName(options.base),
    "psi",
  );
}

function infoRecords(
  rows: Row[],
  sums: readonly string[],
  o: { groupBy?: string | undefined },
  cols: ColumnInfo[],
  unit: string,
  measure: string,
): SqlInformationRecord[] {
  const gNumeric = NUMERIC.test(cols.find((c) => c.name === o.groupBy)?.type ?? "");
  return rows.map((r) => {
    const state: SqlState = {};
    for (const s of sums) state[s] = toNumber(r[s]);
    return {
      group: groupOf(r.grp, o.groupBy !== undefined, gNumeric),
      measure,
      value: toNumber(r.value),
      unit,
      n: toNumber(r.n),
      nulls: toNumber(r.n_null),
      state,
    };
  });
}
