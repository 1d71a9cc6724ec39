import type { Dialect } from "./dialect.js";

/**
 * The keys of a grouped query. The group value can be NULL, and a join on it would drop that group
 * (NULL = NULL is not true), so derived tables are joined on `sk` (the value as text, '' for NULL)
 * and `sn` (1 for NULL) instead; `sg` keeps the value itself, and comes from the left side of each
 * join only (the right side carries the join columns alone).
 */
export interface Keys {
  /** Columns the intermediate layers carry (`sg` or `sg, sk, sn`). */
  carry: string;
  /** Join columns (`["sg"]` when not grouped, else `["sk", "sn"]`). */
  join: string[];
}

/** The keys of a query grouped (or not) by a column. */
export function keysOf(grouped: boolean): Keys {
  return grouped ? { carry: "sg, sk, sn", join: ["sk", "sn"] } : { carry: "sg", join: ["sg"] };
}

/**
 * The key columns of the source rows: `G AS sg` (G is the quoted group column, or `0` when the
 * query is not grouped), and for a grouped query `sk` and `sn` (see {@link Keys}).
 */
export function keyColumns(d: Dialect, G: string, grouped: boolean): string {
  return grouped
    ? `${G} AS sg, coalesce(${d.toText(G)}, '') AS sk, CASE WHEN ${G} IS NULL THEN 1 ELSE 0 END AS sn`
    : `${G} AS sg`;
}
