import { fsum } from "../index.js";
import { human, table } from "./format.js";
import type { MatrixInput } from "./readers/types.js";
import type { CsvTable, Result } from "./render.js";

/** One column of row-wise results: its JSON/CSV key, its header for people, its values. */
export interface RowColumn {
  key: string;
  header: string;
  values: Float64Array;
}

/** Rows, mean ± standard error, minimum and maximum of a column of row results. */
export interface RowSummary {
  rows: number;
  mean: number;
  /** s/√n with the sample standard deviation s; undefined for one row or an infinite mean. */
  standardError: number | undefined;
  min: number;
  max: number;
}

/** The summary of one column of row-wise results (a description of the rows, not a measure). */
export function summarize(values: ArrayLike<number>): RowSummary {
  const n = values.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = fsum(values) / n;
  let standardError: number | undefined;
  if (n > 1 && Number.isFinite(mean)) {
    const squares = fsum(Float64Array.from(values as ArrayLike<number>, (v) => (v - mean) ** 2));
    standardError = Math.sqrt(squares / (n - 1) / n);
  }
  return { rows: n, mean, standardError, min, max };
}

/** `3 rows: mean 0.12 ± 0.03 (standard error), min 0.01, max 0.3`. */
export function summaryLine(s: RowSummary, unit = ""): string {
  const u = unit ? ` ${unit}` : "";
  const se = s.standardError !== undefined ? ` ± ${human(s.standardError)}` : "";
  return `${s.rows} row${s.rows === 1 ? "" : "s"}: mean ${human(s.mean)}${se}${se ? " (standard error)" : ""}, min ${human(s.min)}, max ${human(s.max)}${u}`;
}

/**
 * The result of a `--rows` measure: JSON with one array per column (and the row labels) and a
 * `summary` of each column (rows, mean, standard error, min, max), CSV with one line per row, and
 * for people a title over an aligned table, then the summary (one line for one column; rows of the
 * table for several).
 */
export function rowResult(
  m: MatrixInput,
  columns: RowColumn[],
  json: Record<string, unknown>,
  title: string,
): Result {
  const labels = m.rowLabels;
  const lead = (r: number): string[] => [String(r), ...(labels ? [labels[r] as string] : [])];
  const head = ["row", ...(labels ? ["label"] : [])];
  const summaries = columns.map((c) => summarize(c.values));
  // The text and the CSV are built when asked for (one of the three forms is printed): for 10⁵ rows
  // each costs more than computing the rows.
  const text = (): string => {
    const cells = [[...head, ...columns.map((c) => c.header)]];
    for (let r = 0; r < m.rows; r++)
      cells.push([...lead(r), ...columns.map((c) => human(c.values[r] as number))]);
    const right = cells[0]?.map((h) => h !== "label") ?? [];
    let after = "";
    if (columns.length === 1) after = `\n${summaryLine(summaries[0] as RowSummary)}`;
    else {
      const pad = labels ? [""] : [];
      const cell = (f: (s: RowSummary) => number | undefined) =>
        summaries.map((s) => {
          const v = f(s);
          return v === undefined ? "" : human(v);
        });
      cells.push(
        ["mean", ...pad, ...cell((s) => s.mean)],
        ["± s.e.", ...pad, ...cell((s) => s.standardError)],
        ["min", ...pad, ...cell((s) => s.min)],
        ["max", ...pad, ...cell((s) => s.max)],
      );
      after = `\n${m.rows} row${m.rows === 1 ? "" : "s"}: mean ± standard error, min and max of each column above`;
    }
    return `${title}\n${table(cells, right)}${after}`;
  };
  const csv = (): CsvTable => ({
    head: [...head, ...columns.map((c) => c.key)],
    rows: Array.from({ length: m.rows }, (_, r) => [
      ...lead(r),
      ...columns.map((c) => c.values[r] as number),
    ]),
  });
  let textMemo: string | undefined;
  let csvMemo: CsvTable | undefined;
  return {
    json: {
      ...json,
      ...Object.fromEntries(columns.map((c) => [c.key, c.values])),
      ...(labels ? { rowLabels: labels } : {}),
      summary: Object.fromEntries(columns.map((c, i) => [c.key, summaries[i]])),
    },
    get csv(): CsvTable {
      csvMemo ??= csv();
      return csvMemo;
    },
    set csv(v: CsvTable) {
      csvMemo = v;
    },
    get text(): string {
      textMemo ??= text();
      return textMemo;
    },
    set text(v: string) {
      textMemo = v; // a note added after the result (main.ts: the smoothing line)
    },
  };
}
