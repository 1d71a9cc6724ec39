/**
 * The pairwise measures as SQL: KL, cross-entropy, entropy, Jensen–Shannon, total variation,
 * Hellinger and Rényi, of a probability or count column pair, per group, in the careful forms of
 * the numerical contract (DESIGN.md §3), written once over a {@link Dialect}.
 */

import { SurprisalError } from "../errors.js";
import { logOfBase } from "../numeric/units.js";
import type { Base } from "../types.js";
import { type Dialect, type DialectName, dialectOf } from "./dialect.js";
import {
  horner,
  jSql,
  klTermSql,
  LOG1P_COEFFS,
  lit,
  log1pSql,
  logRatioSql,
  ordinarySql,
  phiSql,
  psiBetaSql,
} from "./expr.js";
import { type Keys, keyColumns, keysOf } from "./groups.js";
import { fromSql, groupLiteral, nonEmpty, type SqlGroup, type SqlSource } from "./source.js";

/** The measures of a column pair (entropy reads `p` only). */
export type SqlMeasure =
  | "kl"
  | "cross-entropy"
  | "entropy"
  | "js"
  | "total-variation"
  | "hellinger"
  | "renyi";

/** Every {@link SqlMeasure}. */
export const SQL_MEASURES: readonly SqlMeasure[] = [
  "kl",
  "cross-entropy",
  "entropy",
  "js",
  "total-variation",
  "hellinger",
  "renyi",
];

/** Totals of one group computed beforehand (per shard, then merged), written into the query. */
export interface SqlTotals {
  group: SqlGroup;
  /** Σp of the group's valid rows. */
  sp: number;
  /** Σq of the group's valid rows. */
  sq: number;
  /** Σ(p − q) of the group's valid rows. */
  dl: number;
}

/** What {@link measureSql} needs. */
export interface MeasureSqlOptions {
  /** The engine's dialect (or a custom {@link Dialect}). */
  dialect: DialectName | Dialect;
  /** The measure. */
  measure: SqlMeasure;
  /** The table (or DuckDB file) holding one row per outcome. */
  from: SqlSource;
  /** Column of P (the truth): probabilities or counts. */
  p: string;
  /** Column of Q (the belief); not used by `entropy`. */
  q?: string | undefined;
  /** Column to group by: one result per value. */
  groupBy?: string | undefined;
  /** `"probabilities"` (default) or `"counts"` (each group normalized by its sums). */
  input?: "probabilities" | "counts" | undefined;
  /** Rényi order α > 0, finite, ≠ 1 (α = 1 is KL). */
  alpha?: number | undefined;
  /** Unit of the value column (default nats). */
  base?: Base | undefined;
  /**
   * Totals per group computed beforehand: the query then reads no totals itself and returns only
   * the partial sums (its `value` column is absent); finish them with {@link finishMeasure}.
   * Used by engines that sum per shard (ClickHouse) and merge in memory.
   */
  totals?: readonly SqlTotals[] | undefined;
}

/** A generated query and how to read its result. */
export interface MeasureSql {
  sql: string;
  dialect: DialectName;
  measure: SqlMeasure;
  /** Names of the partial-sum columns (the accumulator state), in order. */
  sums: readonly string[];
  /** Whether the query has the final `value` column and the totals columns. */
  complete: boolean;
}

/**
 * The partial sums of one group: the accumulator state the SQL returns, which merges by
 * addition (`n_inf` by addition, `lmax` by maximum) and finishes with {@link finishMeasure}.
 */
export type SqlState = Record<string, number>;

interface Plan {
  /**
   * Whether the source rows carry `o`, the ordinary-row test of the KL term on the source columns
   * (one-pass KL only: after normalization by the totals the test would no longer hold).
   */
  ordinary?: boolean;
  /** Row columns computed from pn, qn, dn. */
  rows: [string, string][];
  /** Columns computed from the row columns, in a layer of their own (KL's term). */
  terms?: [string, string][];
  /**
   * Aggregated columns: name → [expression, kind]: `sum` (the dialect's compensated sum),
   * `count` (a plain sum of 0/1), `max`, or `raw` (an aggregate expression used as written).
   */
  sums: [string, string, "sum" | "count" | "max" | "raw"][];
  /** Final value from the sums (SQL). */
  final: string;
  /** Whether the measure needs the totals to normalize each row. */
  normalize: boolean;
  /** Whether Q is read. */
  pair: boolean;
  /**
   * Rényi: the exponent eᵢ = ln p̂ᵢ + β·ℓᵢ whose group maximum `emax` is joined back, so that
   * Σ exp(eᵢ − emax) neither underflows nor overflows (log-sum-exp).
   */
  lse?: string;
}

const BOUND = lit(0.1);
const MAXD = "1.7976931348623157e308";

function plan(d: Dialect, o: MeasureSqlOptions, alpha: number): Plan {
  const counted = (cond: string) => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;
  const inf = counted("pn > 0 AND qn = 0");
  switch (o.measure) {
    case "kl": {
      // One row term t = q·φ(r) (klTermSql: a short series near r = 0, x·ln x − (x − 1) elsewhere),
      // NULL where q = 0 < p, so n_inf is a count difference; Σq is Σp − Σ(p − q) (one compensated
      // sum fewer per row). Probabilities are read in one pass, so the ordinary-row test can be made
      // on the source columns (where column statistics may fold it).
      const ordinary = o.input !== "counts";
      return {
        ordinary,
        rows: [
          ["x", d.quotient("pn", "qn")],
          ["m", `${d.quotient("pn", "qn")} - 1`],
        ],
        terms: [["t", klTermSql(d, ordinary ? "o" : undefined)]],
        sums: [
          ["s_g", "t", "sum"],
          ["s_p", "pn", "sum"],
          ["s_q", `${d.sum("pn")} - ${d.sum("dn")}`, "raw"],
          ["s_d", "dn", "sum"],
          ["n_inf", "count(pn) - count(t)", "raw"],
        ],
        final: `CASE WHEN n_inf > 0 THEN ${d.infinity} WHEN s_p > 0 AND s_q > 0 THEN greatest((s_g - s_q * ${phiSql(d, "(s_d / s_q)")}) / s_p, 0.0) END`,
        normalize: o.input === "counts",
        pair: true,
      };
    }
    case "cross-entropy":
      return {
        rows: [],
        sums: [
          ["s_ce", `CASE WHEN pn > 0 AND qn > 0 THEN -pn * ${d.ln("qn")} ELSE 0.0 END`, "sum"],
          ["n_inf", inf, "count"],
        ],
        final: `CASE WHEN n_inf > 0 THEN ${d.infinity} ELSE greatest(s_ce, 0.0) END`,
        normalize: true,
        pair: true,
      };
    case "entropy":
      return {
        rows: [],
        sums: [["s_h", `CASE WHEN pn > 0 THEN -pn * ${d.ln("pn")} ELSE 0.0 END`, "sum"]],
        final: "greatest(s_h, 0.0)",
        normalize: true,
        pair: false,
      };
    case "js":
      return {
        rows: [
          ["m", "pn + qn"],
          ["s", "CASE WHEN pn + qn > 0 THEN dn / (pn + qn) ELSE 0.0 END"],
        ],
        sums: [["s_js", `CASE WHEN dn = 0 THEN 0.0 ELSE 0.25 * m * ${jSql(d, "s")} END`, "sum"]],
        final: `least(s_js, ${lit(Math.LN2)})`,
        normalize: true,
        pair: true,
      };
    case "total-variation":
      return {
        rows: [],
        sums: [["s_tv", "abs(dn)", "sum"]],
        final: "least(0.5 * s_tv, 1.0)",
        normalize: true,
        pair: true,
      };
    case "hellinger":
      return {
        rows: [["h", "CASE WHEN dn = 0 THEN 0.0 ELSE dn / (sqrt(pn) + sqrt(qn)) END"]],
        sums: [["s_h2", "h * h", "sum"]],
        final: "least(sqrt(0.5 * s_h2), 1.0)",
        normalize: true,
        pair: true,
      };
    case "renyi": {
      const beta = 1 - alpha;
      const b = lit(beta);
      const am1 = lit(alpha - 1);
      const x = `(s_x - ${b} * s_q0)`;
      return {
        rows: [
          [
            "l",
            `CASE WHEN pn > 0 AND qn > 0 THEN -(CASE WHEN abs(dn / qn) < ${BOUND} THEN (dn / qn) * ${horner("(dn / qn)", LOG1P_COEFFS)} ELSE ${logRatioSql(d, "pn", "qn")} END) ELSE 0.0 END`,
          ],
        ],
        sums: [
          [
            "s_x",
            `CASE WHEN pn > 0 AND qn > 0 THEN pn * ${psiBetaSql(beta, "l")} WHEN pn > 0 THEN pn * ${lit(beta - 1)} ELSE 0.0 END`,
            "sum",
          ],
          ["s_q0", "CASE WHEN pn = 0 THEN qn ELSE 0.0 END", "sum"],
          [
            "s_s",
            "CASE WHEN pn > 0 AND qn > 0 AND ee - gmax > -745 THEN exp(ee - gmax) ELSE 0.0 END",
            "sum",
          ],
          ["emax", "gmax", "max"],
          ["lmax", "abs(l)", "max"],
          ["n_inf", inf, "count"],
        ],
        final:
          alpha > 1
            ? `CASE WHEN n_inf > 0 THEN ${d.infinity} WHEN ${lit(Math.abs(beta))} * lmax <= 1 AND ${x} > -0.5 THEN greatest(${log1pSql(d, x)} / ${am1}, 0.0) WHEN s_s > 0 THEN greatest((${d.ln("s_s")} + emax) / ${am1}, 0.0) ELSE ${d.infinity} END`
            : `CASE WHEN ${lit(Math.abs(beta))} * lmax <= 1 AND ${x} > -0.5 THEN greatest(${log1pSql(d, x)} / ${am1}, 0.0) WHEN s_s > 0 THEN greatest((${d.ln("s_s")} + emax) / ${am1}, 0.0) ELSE ${d.infinity} END`,
        lse: `CASE WHEN pn > 0 AND qn > 0 THEN ${d.ln("pn")} + ${b} * l END`,
        normalize: true,
        pair: true,
      };
    }
    default:
      throw new SurprisalError(
        "invalid-option",
        `measure = "${String(o.measure)}" is not one of ${SQL_MEASURES.join(", ")}`,
        { argument: "measure", value: o.measure },
      );
  }
}

/**
 * The source rows (each column cast once, validity flags, invalid rows zeroed; with `ordinary`, the
 * KL term's ordinary-row test `o`) and each group's totals, as derived tables.
 */
function sourceParts(
  d: Dialect,
  o: Pick<MeasureSqlOptions, "p" | "q" | "groupBy" | "from">,
  pair: boolean,
  ordinary = false,
): { src: string; tot: string; keys: Keys } {
  const P = d.toDouble(d.ident(nonEmpty(o.p, "p")));
  const Q = pair ? d.toDouble(d.ident(nonEmpty(o.q ?? "", "q"))) : "0.0";
  const G = o.groupBy === undefined ? "0" : d.ident(nonEmpty(o.groupBy, "groupBy"));
  const keys = keysOf(o.groupBy !== undefined);
  const keyCols = keyColumns(d, G, o.groupBy !== undefined);
  const from = fromSql(d, o.from);
  const okOf = (x: string) => `${x} >= 0 AND ${x} <= ${MAXD}`;
  const ok = pair ? `${okOf("vp")} AND ${okOf("vq")}` : okOf("vp");
  const isNull = pair ? "vp IS NULL OR vq IS NULL" : "vp IS NULL";
  const isNeg = pair ? "vp < 0 OR vq < 0" : "vp < 0";
  const cast = `(SELECT ${keyCols}, ${P} AS vp, ${Q} AS vq FROM ${from}) a0`;
  const src =
    `(SELECT ${keys.carry}, CASE WHEN ${ok} THEN vp ELSE 0.0 END AS xp, ` +
    `CASE WHEN ${ok} THEN vq ELSE 0.0 END AS xq, ` +
    `CASE WHEN ${ok} THEN 0 ELSE 1 END AS bad, CASE WHEN ${isNull} THEN 1 ELSE 0 END AS bnull, ` +
    `CASE WHEN ${isNeg} THEN 1 ELSE 0 END AS bneg` +
    (ordinary ? `, ${ordinarySql("vp", "vq")} AS o` : "") +
    ` FROM ${cast}${d.fence}) a`;
  const k = keys.join.join(", ");
  const tot =
    `(SELECT ${k}, ${d.sum("xp")} AS tp, ${d.sum("xq")} AS tq, ${d.sum("xp - xq")} AS td, ` +
    `count(*) AS n, sum(bad) AS n_invalid, sum(bnull) AS n_null, sum(bneg) AS n_negative ` +
    `FROM ${src} GROUP BY ${k}) b`;
  return { src, tot, keys };
}

/**
 * The SQL for each group's totals of a column pair: `grp`, `sp` = Σp, `sq` = Σq, `dl` = Σ(p − q)
 * (compensated where the engine can), `n`, `n_invalid`, `n_null`, `n_negative`: the first pass of
 * the measures that normalize per row, for engines that sum per shard and pass the merged totals
 * back as {@link MeasureSqlOptions.totals}.
 *
 * @example
 * ```ts
 * totalsSql({ dialect: "clickhouse", from: "events_local", p: "p", q: "q" }).sql.includes("sumKahan"); // true
 * ```
 */
export function totalsSql(
  options: Pick<MeasureSqlOptions, "dialect" | "from" | "p" | "q" | "groupBy">,
): { sql: string } {
  const d = dialectOf(options.dialect);
  const { src } = sourceParts(d, options, options.q !== undefined);
  return {
    sql:
      `SELECT sg AS grp, ${d.sum("xp")} AS sp, ${d.sum("xq")} AS sq, ${d.sum("xp - xq")} AS dl, ` +
      `count(*) AS n, sum(bad) AS n_invalid, sum(bnull) AS n_null, sum(bneg) AS n_negative ` +
      `FROM ${src} GROUP BY sg ORDER BY grp`,
  };
}

/** Checks α for Rényi; returns it (1 for the others). */
function checkedAlpha(o: MeasureSqlOptions): number {
  if (o.measure !== "renyi") return 1;
  const a = o.alpha;
  if (typeof a !== "number" || !(a > 0) || a === 1 || !Number.isFinite(a)) {
    throw new SurprisalError(
      "invalid-alpha",
      `alpha = ${String(a)} is not a Rényi order the SQL form covers: it must be finite, > 0 and ≠ 1 (α = 1 is measure "kl")`,
      { argument: "alpha", value: a },
    );
  }
  return a;
}

/**
 * The SQL that computes a measure of a column pair per group, in the careful form of the numerical
 * contract: every term non-negative (φ, j, ψβ by their series near 0, since `log1p` is missing on
 * several engines), Σp, Σq and δ = Σ(p − q) in the engine's compensated sum (DuckDB `fsum`,
 * ClickHouse `sumKahan`, PostgreSQL `surprisal_ksum` from {@link postgresSetupSql}; a plain `SUM`
 * on Spark, BigQuery and Snowflake), and each group's divergence finished as
 * D = (G − Sq·φ(δ/Sq))/Sp. Measures other than KL of probabilities first read each group's totals
 * (a join) and form p̂ᵢ − q̂ᵢ = ((pᵢ − qᵢ) − qᵢ·δ/Sq)/Sp (probabilities) or
 * (pᵢ·Sq − qᵢ·Sp)/(Sp·Sq) (counts, exact for integer counts whose products stay below 2⁵³).
 *
 * Rows whose p or q is NULL, negative, NaN or infinite are left out of every sum and counted per
 * group (`n_null`, `n_negative`, `n_invalid`); the caller decides whether that is an error.
 *
 * Result columns: `grp` (the group value; 0 when ungrouped), `value` (in `base`), `n`,
 * `n_invalid`, `n_null`, `n_negative`, `sp`, `sq`, `dl` and the partial sums listed in `sums`.
 * With `totals`, only `grp` and the partial sums.
 *
 * Reference: DESIGN.md §3; Kullback & Leibler (1951); Lin (1991) for JS; Rényi (1961).
 *
 * @param options - dialect, measure, from, p, q, groupBy, input, alpha, base, totals.
 * @throws {SurprisalError} `invalid-option` (unknown measure, empty names, files off DuckDB),
 *   `invalid-alpha`.
 * @example
 * ```ts
 * const { sql } = measureSql({ dialect: "duckdb", measure: "kl", from: "events", p: "p", q: "q", groupBy: "day" });
 * sql.startsWith("SELECT sg AS grp"); // true
 * ```
 */
export function measureSql(options: MeasureSqlOptions): MeasureSql {
  const d = dialectOf(options.dialect);
  const o = { ...options, input: options.input ?? "probabilities" };
  if (o.input !== "probabilities" && o.input !== "counts") {
    throw new SurprisalError(
      "invalid-input",
      `input = "${String(o.input)}": the SQL forms read "probabilities" or "counts"`,
      { argument: "input", value: o.input },
    );
  }
  const alpha = checkedAlpha(o);
  const pl = plan(d, o, alpha);
  const logBase = logOfBase(o.base);
  const onePass = !pl.normalize;
  const { src, tot, keys } = sourceParts(d, o, pl.pair, pl.ordinary === true && onePass);
  const K = onePass ? "sg" : keys.carry;
  const norm =
    o.input === "counts"
      ? "CASE WHEN tp > 0 AND tq > 0 THEN ((xp * tq - xq * tp) / tp) / tq ELSE 0.0 END"
      : "CASE WHEN tp > 0 AND tq > 0 THEN ((xp - xq) - xq * (td / tq)) / tp ELSE 0.0 END";
  const normCols = `${K}, CASE WHEN tp > 0 THEN xp / tp ELSE 0.0 END AS pn, CASE WHEN tq > 0 THEN xq / tq ELSE 0.0 END AS qn, ${norm} AS dn`;
  const flags = `, bad, bnull, bneg${pl.ordinary === true && onePass ? ", o" : ""}`;
  let normalized: string;
  if (onePass) {
    // One pass (KL of probabilities): the row checks ride along and the totals are the sums of
    // the same aggregation, so no second scan or join is needed.
    normalized = `(SELECT sg, xp AS pn, xq AS qn, xp - xq AS dn${flags} FROM ${src}) c`;
  } else if (o.totals !== undefined) {
    const pick = (k: "sp" | "sq" | "dl") => {
      if (o.groupBy === undefined) return lit(o.totals?.[0]?.[k] ?? 0);
      const all = o.totals ?? [];
      const arms = all
        .filter((t) => t.group !== null)
        .map((t) => `WHEN ${groupLiteral(d, t.group)} THEN ${lit(t[k])}`);
      const nul = all.find((t) => t.group === null);
      const byValue = arms.length === 0 ? "0.0" : `CASE sg ${arms.join(" ")} ELSE 0.0 END`;
      // The NULL group (rows whose group value is NULL) is matched by IS NULL, not by value.
      return nul === undefined
        ? byValue
        : `CASE WHEN sg IS NULL THEN ${lit(nul[k])} ELSE ${byValue} END`;
    };
    const inner = `(SELECT ${K}, xp, xq, ${pick("sp")} AS tp, ${pick("sq")} AS tq, ${pick("dl")} AS td FROM ${src}) t`;
    normalized = `(SELECT ${normCols} FROM ${inner}${d.fence}) c`;
  } else {
    normalized = `(SELECT ${normCols} FROM ${d.join(src, tot, keys.join)}${d.fence}) c`;
  }
  const layer = (cols: [string, string][], input: string, alias: string, pass: string) =>
    cols.length === 0
      ? input
      : `(SELECT ${K}, pn, qn, dn${pass}${cols.map(([n, e]) => `, ${e} AS ${n}`).join("")} FROM ${input}${d.fence}) ${alias}`;
  const rowNames = pl.rows.map(([n]) => `, ${n}`).join("");
  let rows = layer(pl.rows, normalized, "r0", onePass ? flags : "");
  rows = layer(pl.terms ?? [], rows, "r1", (onePass ? flags : "") + rowNames);
  if (pl.lse !== undefined) {
    const withE = `(SELECT ${K}, pn, qn, dn${rowNames}, ${pl.lse} AS ee FROM ${rows}${d.fence})`;
    const mx = `(SELECT ${keys.join.join(", ")}, max(ee) AS gmax FROM ${withE} m0 GROUP BY ${keys.join.join(", ")}) mx`;
    rows = `(SELECT ${K}, pn, qn, dn${rowNames}, ee, gmax FROM ${d.join(`${withE} r1`, mx, keys.join)}${d.fence}) r2`;
  }
  const agg = (e: string, kind: "sum" | "count" | "max" | "raw") =>
    kind === "sum" ? d.sum(e) : kind === "count" ? `sum(${e})` : kind === "max" ? `max(${e})` : e;
  const sums = pl.sums.map(([n, e, k]) => `${agg(e, k)} AS ${n}`).join(", ");
  const aggregated = `(SELECT ${K}, ${sums} FROM ${rows} GROUP BY ${K}) e`;
  const names = pl.sums.map(([n]) => n);
  if (o.totals !== undefined) {
    return {
      sql: `SELECT sg AS grp, ${names.join(", ")} FROM ${aggregated} ORDER BY grp`,
      dialect: d.name,
      measure: o.measure,
      sums: names,
      complete: false,
    };
  }
  const unit =
    logBase === 1 || o.measure === "total-variation" || o.measure === "hellinger"
      ? ""
      : ` / ${lit(logBase)}`;
  const value = `(${pl.final})${unit}`;
  let sql: string;
  if (onePass) {
    // Not grouped: one plain aggregate (an engine aggregates much faster without a GROUP BY on a
    // constant), and `WHERE n > 0` keeps an empty table's answer the empty result it is when grouped.
    const counts = `count(*) AS n, sum(bad) AS n_invalid, sum(bnull) AS n_null, sum(bneg) AS n_negative`;
    const inner =
      o.groupBy === undefined
        ? `(SELECT 0 AS sg, ${sums}, ${counts} FROM ${rows}) e WHERE n > 0`
        : `(SELECT sg, ${sums}, ${counts} FROM ${rows} GROUP BY sg) e`;
    sql =
      `SELECT sg AS grp, ${value} AS value, n, n_invalid, n_null, n_negative, s_p AS sp, s_q AS sq, s_d AS dl, ${names.join(", ")} ` +
      `FROM ${inner} ORDER BY grp`;
  } else {
    sql =
      `SELECT sg AS grp, ${value} AS value, n, n_invalid, n_null, n_negative, tp AS sp, tq AS sq, td AS dl, ${names.join(", ")} ` +
      `FROM ${d.join(aggregated, tot, keys.join)} ORDER BY grp`;
  }
  return { sql, dialect: d.name, measure: o.measure, sums: names, complete: true };
}
