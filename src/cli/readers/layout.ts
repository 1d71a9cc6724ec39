import { isNumberText } from "./numbers.js";

/** What the first records of a CSV/TSV say about the rest. */
export interface Layout {
  /** The first record is a header (column names), not data. */
  header: boolean;
  /** The header's names, trimmed (when there is a header). */
  names: string[] | undefined;
  /** The column of outcome (or row) labels: 0 when the first column holds text, else −1. */
  labelIndex: number;
  /** A name for every column: the header's, or its number from 1. */
  all: string[];
}

/** What the caller knows before looking at the records. */
export interface LayoutHints {
  /** `--header` (true) or `--no-header` (false); undefined: detect. */
  forced: boolean | undefined;
  /** A column was asked for by a name (not a number) that appears in the first record. */
  named: boolean;
  /** The columns hold numbers (false for `--from-samples`, where words are data too). */
  numeric: boolean;
  /**
   * `--labels first-column`: the first column names the outcomes even when it holds numbers (years,
   * ids); `none`: no column does. Undefined: detect (a text first column).
   */
  labels?: "first-column" | "none" | undefined;
}

/** The name of column `i` (from 0) for messages: its header name, or its number from 1. */
export function columnLabel(names: string[] | undefined, i: number): string {
  return names?.[i] !== undefined && names[i] !== "" ? (names[i] as string) : String(i + 1);
}

/**
 * The one header and label detector of the CLI's readers, from the first two non-empty records.
 * The first record is a header when `--header`/`--no-header` says so; else when a column was asked
 * for by a name it holds; else when it has text where the next record has numbers; else, when it is
 * the only record, when every field is text (and the columns hold numbers). The first column holds
 * labels when `--labels first-column` says so, or (unless `--labels none`) when the columns hold
 * numbers, there are at least two columns and the first data field is text.
 */
export function detectLayout(
  first: string[],
  second: string[] | undefined,
  hints: LayoutHints,
): Layout {
  let header: boolean;
  if (hints.forced !== undefined) header = hints.forced;
  else if (hints.named) header = true;
  else if (second !== undefined)
    header = first.some((f, i) => !isNumberText(f) && isNumberText(second[i] ?? ""));
  else header = hints.numeric && first.every((f) => !isNumberText(f));
  const names = header ? first.map((f) => f.trim()) : undefined;
  const data = header ? second : first;
  const width = Math.max(first.length, data?.length ?? 0);
  const labelIndex =
    hints.labels === "first-column"
      ? 0
      : hints.labels !== "none" &&
          hints.numeric &&
          width >= 2 &&
          data !== undefined &&
          !isNumberText(data[0] ?? "")
        ? 0
        : -1;
  const all = Array.from({ length: width }, (_, i) => columnLabel(names, i));
  return { header, names, labelIndex, all };
}

/** A record with no fields, or one blank field (an empty line). */
export function isBlank(record: string[]): boolean {
  return record.length === 0 || (record.length === 1 && (record[0] as string).trim() === "");
}
