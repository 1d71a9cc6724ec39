import { human, table } from "./format.js";
import type { MatrixInput } from "./readers/types.js";
import type { Result } from "./render.js";

/** One column of row-wise results: its JSON/CSV key, its header for people, its values. */
export interface RowColumn {
  key: string;
  header: string;
  values: Float64Array;
}

/**
 * The result of a `--rows` measure: JSON with one array per column (and the row labels), CSV with
 * one line per row, and for people a title over an aligned table.
 */
export function rowResult(
  m: MatrixInput,
  columns: RowColumn[],
  json: Record<string, unknown>,
  title: string,
): Result {
  const labels = m.rowLabels;
  const lead = (r: number): string[] => [String(r), ...(labels ? [labels[r] as string] : [])];
  const rows = Array.from({ length: m.rows }, (_, r) => r);
  const head = ["row", ...(labels ? ["label"] : [])];
  const text = [
    [...head, ...columns.map((c) => c.header)],
    ...rows.map((r) => [...lead(r), ...columns.map((c) => human(c.values[r] as number))]),
  ];
  const right = text[0]?.map((h) => h !== "label") ?? [];
  return {
    json: {
      ...json,
      ...Object.fromEntries(columns.map((c) => [c.key, c.values])),
      ...(labels ? { rowLabels: labels } : {}),
    },
    csv: {
      head: [...head, ...columns.map((c) => c.key)],
      rows: rows.map((r) => [...lead(r), ...columns.map((c) => c.values[r] as number)]),
    },
    text: `${title}\n${table(text, right)}`,
  };
}
