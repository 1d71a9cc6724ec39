import { SurprisalError } from "../errors.js";

/** The SQL dialects the generator writes. The first three are run in the tests. */
export type DialectName = "duckdb" | "postgres" | "clickhouse" | "spark" | "bigquery" | "snowflake";

/** Every dialect name, in the order of the docs. */
export const DIALECTS: readonly DialectName[] = [
  "duckdb",
  "postgres",
  "clickhouse",
  "spark",
  "bigquery",
  "snowflake",
];

/**
 * What differs between engines, and nothing else: quoting, the compensated sum, the natural log,
 * the double type and the join syntax. Every query is written once over these.
 */
export interface Dialect {
  readonly name: DialectName;
  /** A quoted identifier (one part): hostile names stay names. */
  ident(name: string): string;
  /** A quoted string literal. */
  string(value: string): string;
  /** The compensated (Kahan/Neumaier) sum where the engine has one, else the plain sum. */
  sum(expr: string): string;
  /** Whether {@link Dialect.sum} is compensated. */
  readonly compensated: boolean;
  /** a / b, NULL (or ±∞/NaN, which the callers treat alike) where b = 0, never an error. */
  quotient(a: string, b: string): string;
  /** Natural logarithm. */
  ln(expr: string): string;
  /** The float64 type name for CAST. */
  readonly double: string;
  /** A column or expression converted to float64 (NULL stays NULL). */
  toDouble(expr: string): string;
  /** A value as text (for comparing bin labels). */
  toText(expr: string): string;
  /** +∞ as a float64 expression. */
  readonly infinity: string;
  /**
   * Appended to a derived table's SELECT so the planner computes its columns once instead of
   * inlining them into every use (PostgreSQL: `OFFSET 0`; the others eliminate common
   * subexpressions themselves).
   */
  readonly fence: string;
  /** An inner join of two derived tables on the listed key columns. */
  join(left: string, right: string, keys: readonly string[]): string;
  /** A left join of two derived tables on the listed key columns. */
  leftJoin(left: string, right: string, keys: readonly string[]): string;
}

/** Name of the PostgreSQL compensated-sum aggregate installed by {@link postgresSetupSql}. */
export const POSTGRES_SUM = "surprisal_ksum";

function doubled(q: string) {
  return (name: string) => {
    if (name.includes("\u0000")) {
      throw new SurprisalError("invalid-option", "an identifier cannot hold a NUL character", {
        argument: "identifier",
        value: name,
      });
    }
    return q + name.split(q).join(q + q) + q;
  };
}

function backslashed(q: string) {
  return (name: string) => {
    if (name.includes("\u0000")) {
      throw new SurprisalError("invalid-option", "an identifier cannot hold a NUL character", {
        argument: "identifier",
        value: name,
      });
    }
    return q + name.replace(/\\/g, "\\\\").replace(new RegExp(q, "g"), `\\${q}`) + q;
  };
}

const standardString = (value: string) => `'${value.split("'").join("''")}'`;
const backslashString = (value: string) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

const usingJoin = (kind: string) => (left: string, right: string, keys: readonly string[]) =>
  `${left} ${kind} JOIN ${right} USING (${keys.join(", ")})`;

const plainSum = (e: string) => `SUM(${e})`;

/** Division where x / 0 is an error (PostgreSQL, ANSI Spark, BigQuery, Snowflake): NULL instead. */
const nullIfZero = (a: string, b: string) => `${a} / NULLIF(${b}, 0)`;

/** The six dialects. */
export const dialects: Readonly<Record<DialectName, Dialect>> = {
  duckdb: {
    name: "duckdb",
    ident: doubled('"'),
    string: standardString,
    sum: (e) => `fsum(${e})`,
    compensated: true,
    quotient: (a, b) => `${a} / ${b}`,
    ln: (e) => `ln(${e})`,
    double: "DOUBLE",
    toDouble: (e) => `CAST(${e} AS DOUBLE)`,
    toText: (e) => `CAST(${e} AS VARCHAR)`,
    infinity: "CAST('Infinity' AS DOUBLE)",
    fence: "",
    join: usingJoin("INNER"),
    leftJoin: usingJoin("LEFT"),
  },
  postgres: {
    name: "postgres",
    ident: doubled('"'),
    string: standardString,
    sum: (e) => `${POSTGRES_SUM}(${e})`,
    compensated: true,
    quotient: nullIfZero,
    ln: (e) => `ln(${e})`,
    double: "DOUBLE PRECISION",
    toDouble: (e) => `CAST(${e} AS DOUBLE PRECISION)`,
    toText: (e) => `CAST(${e} AS TEXT)`,
    infinity: "CAST('Infinity' AS DOUBLE PRECISION)",
    fence: " OFFSET 0",
    join: usingJoin("INNER"),
    leftJoin: usingJoin("LEFT"),
  },
  clickhouse: {
    name: "clickhouse",
    ident: backslashed("`"),
    string: backslashString,
    sum: (e) => `sumKahan(${e})`,
    compensated: true,
    quotient: (a, b) => `${a} / ${b}`,
    ln: (e) => `log(${e})`,
    double: "Float64",
    // ClickHouse 18.16: one join per SELECT, strictness required, USING without parentheses works
    // for one or more keys.
    toDouble: (e) => `toFloat64(${e})`,
    toText: (e) => `toString(${e})`,
    infinity: "inf",
    fence: "",
    join: (l, r, k) => `${l} ALL INNER JOIN ${r} USING (${k.join(", ")})`,
    leftJoin: (l, r, k) => `${l} ALL LEFT JOIN ${r} USING (${k.join(", ")})`,
  },
  spark: {
    name: "spark",
    ident: doubled("`"),
    string: backslashString,
    sum: plainSum,
    compensated: false,
    quotient: nullIfZero,
    ln: (e) => `ln(${e})`,
    double: "DOUBLE",
    toDouble: (e) => `CAST(${e} AS DOUBLE)`,
    toText: (e) => `CAST(${e} AS STRING)`,
    infinity: "CAST('Infinity' AS DOUBLE)",
    fence: "",
    join: usingJoin("INNER"),
    leftJoin: usingJoin("LEFT"),
  },
  bigquery: {
    name: "bigquery",
    ident: backslashed("`"),
    string: backslashString,
    sum: plainSum,
    compensated: false,
    quotient: nullIfZero,
    ln: (e) => `LN(${e})`,
    double: "FLOAT64",
    toDouble: (e) => `CAST(${e} AS FLOAT64)`,
    toText: (e) => `CAST(${e} AS STRING)`,
    infinity: "CAST('inf' AS FLOAT64)",
    fence: "",
    join: usingJoin("INNER"),
    leftJoin: usingJoin("LEFT"),
  },
  snowflake: {
    name: "snowflake",
    ident: doubled('"'),
    string: standardString,
    sum: plainSum,
    compensated: false,
    quotient: nullIfZero,
    ln: (e) => `LN(${e})`,
    double: "DOUBLE",
    toDouble: (e) => `CAST(${e} AS DOUBLE)`,
    toText: (e) => `CAST(${e} AS VARCHAR)`,
    infinity: "CAST('inf' AS DOUBLE)",
    fence: "",
    join: usingJoin("INNER"),
    leftJoin: usingJoin("LEFT"),
  },
};

/**
 * The dialect of a name.
 * @throws {SurprisalError} `invalid-option` for an unknown name.
 */
export function dialectOf(name: DialectName | Dialect): Dialect {
  if (typeof name !== "string") return name;
  const d = dialects[name as DialectName];
  if (d === undefined) {
    throw new SurprisalError(
      "invalid-option",
      `dialect = "${name}" is not one of ${DIALECTS.join(", ")}`,
      { argument: "dialect", value: name },
    );
  }
  return d;
}

/**
 * The statements that install PostgreSQL's compensated sum `surprisal_ksum(float8)`: a Neumaier
 * step as the transition function over a `float8[2]` state (hi, lo), `hi + lo` as the final
 * function, and a combine function so parallel plans merge partial states. Idempotent
 * (`CREATE OR REPLACE`); the PostgreSQL connector runs it once per connection pool.
 *
 * Reference: A. Neumaier, ZAMM 54 (1974) 39–51.
 *
 * @example
 * ```ts
 * postgresSetupSql().length; // 4 statements
 * ```
 */
export function postgresSetupSql(): string[] {
  return [
    `CREATE OR REPLACE FUNCTION ${POSTGRES_SUM}_step(s float8[], x float8) RETURNS float8[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE h float8 := s[1]; t float8 := s[1] + x;
BEGIN
  IF abs(h) >= abs(x) THEN RETURN ARRAY[t, s[2] + ((h - t) + x)];
  ELSE RETURN ARRAY[t, s[2] + ((x - t) + h)]; END IF;
END $$`,
    `CREATE OR REPLACE FUNCTION ${POSTGRES_SUM}_combine(a float8[], b float8[]) RETURNS float8[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE h float8 := a[1]; x float8 := b[1]; t float8 := a[1] + b[1];
BEGIN
  IF abs(h) >= abs(x) THEN RETURN ARRAY[t, a[2] + b[2] + ((h - t) + x)];
  ELSE RETURN ARRAY[t, a[2] + b[2] + ((x - t) + h)]; END IF;
END $$`,
    `CREATE OR REPLACE FUNCTION ${POSTGRES_SUM}_final(s float8[]) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT s[1] + s[2] $$`,
    `CREATE OR REPLACE AGGREGATE ${POSTGRES_SUM}(float8) (
  SFUNC = ${POSTGRES_SUM}_step, STYPE = float8[], FINALFUNC = ${POSTGRES_SUM}_final,
  COMBINEFUNC = ${POSTGRES_SUM}_combine, INITCOND = '{0,0}', PARALLEL = SAFE)`,
  ];
}
