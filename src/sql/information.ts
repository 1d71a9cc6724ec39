/**
 * Information between two categorical columns, and drift of a column against reference bins, as
 * SQL: mutual information and conditional entropy from joint counts (GROUP BY), and the population
 * stability index (PSI), per group.
 */

import { SurprisalError } from "../errors.js";
import { logOfBase } from "../numeric/units.js";
import type { Base } from "../types.js";
import { type Dialect, type DialectName, dialectOf } from "./dialect.js";
import { lit, log1pSql, phiSql } from "./expr.js";
import { keyColumns, keysOf } from "./groups.js";
import { fromSql, nonEmpty, type SqlSource } from "./source.js";

/** What {@link informationSql} computes. */
export type InformationMeasure = "mutual-information" | "conditional-entropy";

/** What {@link informationSql} needs. */
export interface InformationSqlOptions {
  dialect: DialectName | Dialect;
  /** `"mutual-information"` I(X;Y) or `"conditional-entropy"` H(Y|X). */
  measure: InformationMeasure;
  from: SqlSource;
  /** Categorical column X. */
  x: string;
  /** Categorical column Y. */
  y: string;
  /** Column to group by: one result per value. */
  groupBy?: string | undefined;
  /** Unit of `value` (default nats). */
  base?: Base | undefined;
}

/** A generated query: columns `grp`, `value`, `n` (rows counted), `n_null`, and its partial sums. */
export interface InformationSql {
  sql: string;
  dialect: DialectName;
  sums: readonly string[];
}

const BOUND = lit(0.1);

/**
 * The SQL for the mutual information I(X;Y) or the conditional entropy H(Y|X) of two categorical
 * columns, per group, from the joint counts n_xy (GROUP BY x, y), the marginals n_x, n_y and the
 * total n.
 *
 * I(X;Y) = D(P_XY‖P_X·P_Y) = Σ_{n_xy>0} q·φ(r) + (n² − Σ_{n_xy>0} n_x·n_y)/n², with q = n_x·n_y/n²,
 * r = (n_xy·n − n_x·n_y)/(n_x·n_y) (exact in float64 while n² < 2⁵³, about 9.4e7 rows per
 * group) and φ by its series near 0: non-negative terms, so near-independent columns keep their
 * digits. H(Y|X) = Σ (n_xy/n)·ln(n_x/n_xy), non-negative terms.
 * Rows where x or y is NULL are left out and counted (`n_null`).
 *
 * Reference: Cover & Thomas, Elements of Information Theory, 2nd ed. (2006), §2.4.
 *
 * @example
 * ```ts
 * informationSql({ dialect: "postgres", measure: "mutual-information", from: "t", x: "a", y: "b" }).sums;
 * // ["s_g", "s_qo"]
 * ```
 */
export function informationSql(options: InformationSqlOptions): InformationSql {
  const d = dialectOf(options.dialect);
  const X = d.ident(nonEmpty(options.x, "x"));
  const Y = d.ident(nonEmpty(options.y, "y"));
  const G = options.groupBy === undefined ? "0" : d.ident(nonEmpty(options.groupBy, "groupBy"));
  const from = fromSql(d, options.from);
  const unit = logOfBase(options.base);
  const grouped = options.groupBy !== undefined;
  const K = keysOf(grouped).carry; // the left side of each join carries the group value
  const J = keysOf(grouped).join; // the right side, the join columns alone (NULL groups kept)
  const Jc = J.join(", ");
  const a = `(SELECT ${keyColumns(d, G, grouped)}, ${X} AS vx, ${Y} AS vy, CASE WHEN ${X} IS NULL OR ${Y} IS NULL THEN 1 ELSE 0 END AS bnull FROM ${from}) a`;
  const j = `(SELECT ${K}, vx, vy, count(*) AS nxy FROM ${a} WHERE bnull = 0 GROUP BY ${K}, vx, vy)`;
  const mx = `(SELECT ${Jc}, vx, sum(nxy) AS nx FROM ${j} j0 GROUP BY ${Jc}, vx) mx`;
  const my = `(SELECT ${Jc}, vy, sum(nxy) AS ny FROM ${j} j0 GROUP BY ${Jc}, vy) my`;
  const totals = (cols: string) =>
    `(SELECT ${cols}, count(*) AS n, sum(bnull) AS n_null, sum(1 - bnull) AS nn FROM ${a} GROUP BY ${cols}) nt`;
  const l1 = `(SELECT ${K}, vx, vy, nxy, nx FROM ${d.join(`${j} j1`, mx, [...J, "vx"])}) l1`;
  let rows: string;
  let sums: [string, string][];
  let final: string;
  const f = (c: string) => d.toDouble(c);
  if (options.measure === "mutual-information") {
    const l2 = `(SELECT ${K}, nxy, nx, ny FROM ${d.join(l1, my, [...J, "vy"])}) l2`;
    // fp = n_xy, fq = n_x·n_y, fn = n, and r = (n_xy·n − n_x·n_y)/(n_x·n_y).
    rows = `(SELECT ${K}, ${f("nxy")} AS fp, ${f("nx")} * ${f("ny")} AS fq, ${f("nn")} AS fn FROM ${d.join(l2, totals(Jc), J)}) l3`;
    rows = `(SELECT ${K}, fp, fq, fn, (fp * fn - fq) / fq AS r FROM ${rows}) l4`;
    const term = `CASE WHEN abs(r) < ${BOUND} THEN (fq / (fn * fn)) * ${phiSql(d, "r")} ELSE (fp / fn) * ${d.ln("(fp * fn) / fq")} - ((fp * fn - fq) / fn) / fn END`;
    sums = [
      ["s_g", d.sum(term)],
      ["s_qo", d.sum("fq")],
    ];
    final = "greatest(s_g + (nn * nn - s_qo) / (nn * nn), 0.0)";
  } else if (options.measure === "conditional-entropy") {
    rows = `(SELECT ${K}, ${f("nxy")} AS fp, ${f("nx")} AS fx, ${f("nn")} AS fn FROM ${d.join(l1, totals(Jc), J)}) l3`;
    sums = [["s_hc", d.sum(`(fp / fn) * ${d.ln("fx / fp")}`)]];
    final = "greatest(s_hc, 0.0)";
  } else {
    throw new SurprisalError(
      "invalid-option",
      `measure = "${String(options.measure)}" is not "mutual-information" or "conditional-entropy"`,
      { argument: "measure", value: options.measure },
    );
  }
  const agg = `(SELECT ${Jc}, ${sums.map(([n, e]) => `${e} AS ${n}`).join(", ")} FROM ${rows} GROUP BY ${Jc}) e`;
  const u = unit === 1 ? "" : ` / ${lit(unit)}`;
  // Groups whose rows are all NULL have no joint counts: the left join keeps them (value NULL).
  const sql = `SELECT sg AS grp, (${final})${u} AS value, n, n_null, ${sums.map(([n]) => n).join(", ")} FROM ${d.leftJoin(totals(K), agg, J)} ORDER BY grp`;
  return { sql, dialect: d.name, sums: sums.map(([n]) => n) };
}

/** What {@link psiSql} needs. */
export interface PsiSqlOptions {
  dialect: DialectName | Dialect;
  from: SqlSource;
  /** The column whose distribution drifts: bin labels, or numbers binned by `edges`. */
  column: string;
  /**
   * The reference bins: a label (compared with the column's value as text, or the bin index
   * 0 … edges.length when `edges` is given) and a weight (count or probability) each.
   */
  reference: readonly { bin: string | number; weight: number }[];
  /** Increasing cut points: bin k holds edges[k−1] ≤ x < edges[k] (bin 0: x < edges[0]). */
  edges?: readonly number[] | undefined;
  groupBy?: string | undefined;
  base?: Base | undefined;
}

/**
 * The SQL for the population stability index of a column against reference bins, per group:
 * PSI = Σ_b (a_b − e_b)·ln(a_b/e_b) = D(A‖E) + D(E‖A), with a the group's bin shares and e the
 * reference shares. Each term is non-negative and formed as d·log1p(d/e) with
 * d = (n_b·E − w_b·N)/(N·E) (exact for integer counts), so nearly identical bins keep their digits.
 * +∞ when a bin has weight on one side only (the usual remedy, smoothing, is the caller's).
 * Rows whose column is NULL are left out and counted (`n_null`).
 *
 * Reference: Yurdakul, "Statistical properties of population stability index" (2018).
 *
 * @example
 * ```ts
 * psiSql({ dialect: "duckdb", from: "t", column: "score", edges: [0.5],
 *   reference: [{ bin: 0, weight: 40 }, { bin: 1, weight: 60 }] }).sums; // ["s_psi", "n_match", "n_inf"]
 * ```
 */
export function psiSql(options: PsiSqlOptions): InformationSql {
  const d = dialectOf(options.dialect);
  const C = d.ident(nonEmpty(options.column, "column"));
  const G = options.groupBy === undefined ? "0" : d.ident(nonEmpty(options.groupBy, "groupBy"));
  const from = fromSql(d, options.from);
  const ref = options.reference;
  if (!Array.isArray(ref) || ref.length === 0) {
    throw new SurprisalError("empty", "reference: no bins", { argument: "reference" });
  }
  let total = 0;
  ref.forEach((r, i) => {
    if (!(r.weight >= 0 && Number.isFinite(r.weight))) {
      throw new SurprisalError(
        "negative",
        `reference[${i}].weight = ${r.weight} must be finite and >= 0`,
        { argument: "reference", index: i, value: r.weight },
      );
    }
    total += r.weight;
  });
  if (!(total > 0))
    throw new SurprisalError("zero", "reference: all weights are zero", { argument: "reference" });
  const edges = options.edges;
  let bin: string;
  if (edges !== undefined) {
    edges.forEach((e, i) => {
      if (!Number.isFinite(e) || (i > 0 && !(e > edges[i - 1]))) {
        throw new SurprisalError(
          "invalid-option",
          `edges[${i}] = ${e}: edges must be finite and increasing`,
          {
            argument: "edges",
            index: i,
            value: e,
          },
        );
      }
    });
    bin = `CASE ${edges.map((e, i) => `WHEN ${C} < ${lit(e)} THEN '${i}'`).join(" ")} ELSE '${edges.length}' END`;
  } else {
    bin = d.toText(C);
  }
  const k = ref.filter((r) => r.weight > 0).length;
  const weightOf = `CASE vb ${ref.map((r) => `WHEN ${d.string(String(r.bin))} THEN ${lit(r.weight)}`).join(" ")} ELSE 0.0 END`;
  const grouped = options.groupBy !== undefined;
  const K = keysOf(grouped).carry; // the left side of each join carries the group value
  const J = keysOf(grouped).join; // the right side, the join columns alone (NULL groups kept)
  const Jc = J.join(", ");
  const a = `(SELECT ${keyColumns(d, G, grouped)}, CASE WHEN ${C} IS NULL THEN NULL ELSE ${bin} END AS vb, CASE WHEN ${C} IS NULL THEN 1 ELSE 0 END AS bnull FROM ${from}) a`;
  const cur = `(SELECT ${K}, vb, count(*) AS na FROM ${a} WHERE bnull = 0 GROUP BY ${K}, vb)`;
  const totals = (cols: string) =>
    `(SELECT ${cols}, count(*) AS n, sum(bnull) AS n_null, sum(1 - bnull) AS nn FROM ${a} GROUP BY ${cols}) nt`;
  const E = lit(total);
  const rows0 = `(SELECT ${K}, ${d.toDouble("na")} AS fa, ${weightOf} AS fe, ${d.toDouble("nn")} AS fn FROM ${d.join(`${cur} c`, totals(Jc), J)}) r0`;
  const rows = `(SELECT ${K}, fa, fe, fn, CASE WHEN fe > 0 THEN ((fa * ${E} - fe * fn) / fn) / ${E} ELSE 0.0 END AS dd FROM ${rows0}) r1`;
  const term = `CASE WHEN fe > 0 THEN dd * ${log1pSql(d, `(dd / (fe / ${E}))`)} ELSE 0.0 END`;
  const agg = `(SELECT ${Jc}, ${d.sum(term)} AS s_psi, sum(CASE WHEN fe > 0 THEN 1 ELSE 0 END) AS n_match, sum(CASE WHEN fe > 0 THEN 0 ELSE 1 END) AS n_inf FROM ${rows} GROUP BY ${Jc}) e`;
  const u = logOfBase(options.base);
  const final = `CASE WHEN n_inf > 0 OR n_match < ${k} THEN ${d.infinity} ELSE greatest(s_psi, 0.0) END`;
  const sql = `SELECT sg AS grp, (${final})${u === 1 ? "" : ` / ${lit(u)}`} AS value, n, n_null, s_psi, n_match, n_inf FROM ${d.leftJoin(totals(K), agg, J)} ORDER BY grp`;
  return { sql, dialect: d.name, sums: ["s_psi", "n_match", "n_inf"] };
}
