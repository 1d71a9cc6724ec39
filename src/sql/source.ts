import { describeValue, SurprisalError } from "../errors.js";
import type { Dialect } from "./dialect.js";

/**
 * Where the rows are: a table name (one identifier, quoted as given: `"events"`), a qualified name
 * as its parts (`["analytics", "events"]`), or, on DuckDB, a CSV or Parquet file queried in place
 * (`{ file: "big.parquet" }`).
 */
export type SqlSource = string | readonly string[] | { readonly file: string };

/** A group value as it comes back from an engine (NULL for the ungrouped result). */
export type SqlGroup = string | number | bigint | boolean | null;

/** The FROM item of a source, every name quoted (no text of the caller reaches SQL unquoted). */
export function fromSql(d: Dialect, source: SqlSource): string {
  if (typeof source === "string") return d.ident(nonEmpty(source, "from"));
  if (Array.isArray(source)) {
    if (source.length === 0) nonEmpty("", "from");
    return source.map((s: string) => d.ident(nonEmpty(s, "from"))).join(".");
  }
  const file =
    typeof source === "object" && source !== null ? (source as { file?: unknown }).file : undefined;
  if (typeof file !== "string" || file.length === 0) {
    throw new SurprisalError(
      "invalid-option",
      `from must be a table name, its qualified parts (["schema", "table"]) or { file: "data.parquet" }; got ${describeValue(source)}`,
      { argument: "from", value: source },
    );
  }
  if (d.name !== "duckdb") {
    throw new SurprisalError(
      "invalid-option",
      `from = { file: "${file}" }: files are queried in place on DuckDB only; load them into a ${d.name} table first`,
      { argument: "from", value: file },
    );
  }
  const lower = file.toLowerCase();
  const reader = lower.endsWith(".parquet") ? "read_parquet" : "read_csv_auto";
  return `${reader}(${d.string(file)})`;
}

/** Refuses an empty name; returns it. */
export function nonEmpty(name: string, argument: string): string {
  if (typeof name !== "string" || name.length === 0) {
    throw new SurprisalError("invalid-option", `${argument} must be a non-empty name`, {
      argument,
      value: name,
    });
  }
  return name;
}

/** A group value as a SQL literal (for totals computed elsewhere and written back inline). */
export function groupLiteral(d: Dialect, g: SqlGroup): string {
  if (g === null) return "NULL";
  if (typeof g === "number") {
    if (!Number.isFinite(g))
      throw new SurprisalError("not-finite", `group value ${g} is not finite`, {
        argument: "group",
        value: g,
      });
    return String(g);
  }
  if (typeof g === "bigint") return g.toString();
  if (typeof g === "boolean") return g ? "TRUE" : "FALSE";
  return d.string(g);
}
