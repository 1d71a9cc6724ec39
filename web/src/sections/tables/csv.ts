import { type Info, parse } from "csv-parse/browser/esm/sync";
import {
  CategoryBuilder,
  MISSING,
  parseIsoDate,
  parseNumber,
  type ReadTable,
  record,
  SNIFF_ROWS,
  type TableColumnType,
  TableFileError,
} from "./table.js";

/** The delimiter a header line calls for: the most frequent of `,`, tab and `;` (`,` on ties). */
function delimiterOf(text: string): string {
  const nl = text.indexOf("\n");
  const header = nl < 0 ? text : text.slice(0, nl);
  let best = ",";
  let most = -1;
  for (const d of [",", "\t", ";"]) {
    const k = header.split(d).length - 1;
    if (k > most) {
      most = k;
      best = d;
    }
  }
  return best;
}

/**
 * Reads CSV/TSV text with csv-parse (RFC 4180 quotes, a BOM skipped, blank lines skipped). The
 * delimiter is tab for .tsv, else the header's most frequent of `,`, tab, `;`. A column is numeric
 * when most of its first 1000 values are numbers, datetime when most are ISO dates, else
 * categorical; a later value that does not fit a numeric or datetime column is refused with its
 * line. Throws {@link TableFileError} with a sentence.
 */
export function readCsvText(text: string, name: string): ReadTable {
  if (text.includes("\u0000")) {
    throw new TableFileError(
      `${name} is not a text table (it holds binary bytes): give a CSV, TSV or Parquet file.`,
    );
  }
  const tsv = /\.(tsv|tab)$/i.test(name);
  const delimiter = tsv ? "\t" : delimiterOf(text);
  let parsed: { record: string[]; info: Info }[];
  try {
    parsed = parse(text, {
      delimiter,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: Info }[];
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new TableFileError(`${name} cannot be read as CSV: ${why}.`);
  }
  if (parsed.length === 0) throw new TableFileError(`${name} is empty: no header, no rows.`);
  const header = (parsed[0] as { record: string[] }).record.map((h) => h.trim());
  const seen = new Set<string>();
  header.forEach((h, j) => {
    if (h === "") throw new TableFileError(`${name}: column ${j + 1} of the header has no name.`);
    if (seen.has(h)) throw new TableFileError(`${name}: the header names column “${h}” twice.`);
    seen.add(h);
  });
  const rows = parsed.slice(1);
  if (rows.length === 0) {
    throw new TableFileError(`${name} has a header but no rows: there is nothing to compare.`);
  }
  for (const { record: r, info } of rows) {
    if (r.length !== header.length) {
      throw new TableFileError(
        `${name}, line ${info.lines}: ${r.length} field${r.length === 1 ? "" : "s"} where the header has ${header.length} (delimiter “${delimiter === "\t" ? "tab" : delimiter}”): is the file's delimiter another one?`,
      );
    }
  }
  const columns = record<ReadTable["columns"][string]>();
  const types = record<TableColumnType>();
  header.forEach((h, j) => {
    let numbers = 0;
    let dates = 0;
    let present = 0;
    for (const { record: r } of rows.slice(0, SNIFF_ROWS)) {
      const v = (r[j] as string).trim();
      if (MISSING.has(v)) continue;
      present++;
      if (!Number.isNaN(parseNumber(v))) numbers++;
      else if (!Number.isNaN(parseIsoDate(v))) dates++;
    }
    const type: TableColumnType =
      present === 0 || numbers * 2 > present
        ? "numeric"
        : dates * 2 > present
          ? "datetime"
          : "categorical";
    types[h] = type;
    if (type === "categorical") {
      const b = new CategoryBuilder(rows.length);
      for (const { record: r } of rows) {
        const v = (r[j] as string).trim();
        b.push(MISSING.has(v) ? undefined : v);
      }
      columns[h] = b.done();
      return;
    }
    const out = new Float64Array(rows.length);
    rows.forEach(({ record: r, info }, i) => {
      const v = (r[j] as string).trim();
      if (MISSING.has(v)) {
        out[i] = Number.NaN;
        return;
      }
      const x = type === "datetime" ? parseIsoDate(v) : parseNumber(v);
      if (Number.isNaN(x)) {
        throw new TableFileError(
          `${name}, line ${info.lines}, column “${h}”: “${v}” is not ${type === "datetime" ? "an ISO date" : "a number"}, though the column's other values are.`,
        );
      }
      out[i] = x;
    });
    columns[h] = out;
  });
  return {
    name,
    format: delimiter === "\t" ? "tsv" : "csv",
    rows: rows.length,
    names: header,
    columns,
    types,
  };
}
