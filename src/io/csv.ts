import { createReadStream } from "node:fs";
import { CategoryColumn, isIsoDate, MISSING, NumberColumn, parseDecimal } from "./builder.js";
import { TableReadError } from "./errors.js";
import type { ReadTableOptions, Table, TableColumnType } from "./table.js";

/** Rows read before the column types are decided (numeric, datetime or categorical). */
const SNIFF_ROWS = 1000;

type Builder =
  | { kind: "numeric"; col: NumberColumn; datetime: boolean }
  | { kind: "categorical"; col: CategoryColumn }
  | { kind: "skip" };

/**
 * Reads a CSV/TSV file into columns, streaming: one pass over the bytes, quoted fields (RFC 4180,
 * `""` for a quote) allowed anywhere, numbers parsed as they come into Float64Arrays, text into
 * dictionary codes, so memory holds the columns read, not the text. Types are decided on the first
 * 1000 rows (numeric if most values are numbers, datetime if most are ISO dates, categorical
 * otherwise); a value that does not fit its numeric or datetime column is refused with its line,
 * column and value. The delimiter is `\t` for .tsv, else the most frequent of `,`, `\t`, `;`
 * in the header.
 */
export async function readCsv(path: string, options: ReadTableOptions = {}): Promise<Table> {
  const file = options.name ?? path;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const decoder = new TextDecoder("utf-8");
  let delimiter = options.delimiter ?? (path.toLowerCase().endsWith(".tsv") ? 9 : -1);
  let header: string[] | undefined;
  let builders: Builder[] = [];
  let sniffed: string[][] | undefined = [];
  const sniffLines: number[] = [];
  let line = 1; // line of the record being read
  let recordLine = 1;
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let inQuotes = false;
  let pendingQuote = false;
  let carry = "";
  let wanted: Set<string> | undefined;
  let dataRows = 0;

  const fail = (message: string, at: { line?: number; column?: string; value?: string } = {}) =>
    new TableReadError(`${file}${at.line !== undefined ? `, line ${at.line}` : ""}: ${message}`, {
      file,
      ...at,
    });

  const decide = (): void => {
    const h = header as string[];
    const rows = sniffed as string[][];
    builders = h.map((name, j) => {
      if (wanted !== undefined && !wanted.has(name)) return { kind: "skip" } as const;
      const forced = options.types?.[name];
      let numbers = 0;
      let dates = 0;
      let seen = 0;
      for (const row of rows) {
        const v = (row[j] as string).trim();
        if (MISSING.has(v)) continue;
        seen++;
        if (!Number.isNaN(parseDecimal(v, 0, v.length))) numbers++;
        else if (isIsoDate(v)) dates++;
      }
      // Most values numbers: a numeric column, whose other values are errors (named with their
      // line); most values ISO dates: a datetime column; otherwise categories.
      const type: TableColumnType =
        forced ??
        (seen === 0 || numbers * 2 > seen
          ? "numeric"
          : dates * 2 > seen
            ? "datetime"
            : "categorical");
      if (type === "numeric" || type === "datetime") {
        return { kind: "numeric", col: new NumberColumn(), datetime: type === "datetime" } as const;
      }
      return { kind: "categorical", col: new CategoryColumn() } as const;
    });
    const lines = sniffLines;
    sniffed = undefined;
    rows.forEach((row, k) => {
      take(row, lines[k] as number);
    });
  };

  const take = (row: string[], at: number): void => {
    for (let j = 0; j < builders.length; j++) {
      const b = builders[j] as Builder;
      if (b.kind === "skip") continue;
      const raw = row[j] as string;
      if (b.kind === "categorical") {
        const v = raw.trim();
        b.col.push(MISSING.has(v) ? undefined : v);
        continue;
      }
      let x = b.datetime ? Number.NaN : parseDecimal(raw, 0, raw.length);
      if (Number.isNaN(x)) {
        const v = raw.trim();
        if (MISSING.has(v)) x = Number.NaN;
        else {
          x = b.datetime && isIsoDate(v) ? Date.parse(v) : Number.NaN;
          if (Number.isNaN(x)) {
            const name = (header as string[])[j] as string;
            throw fail(
              `column ${JSON.stringify(name)}: ${JSON.stringify(v)} is not ${b.datetime ? "an ISO date" : "a number"} (the column's other values are)`,
              { line: at, column: name, value: v },
            );
          }
        }
      }
      b.col.push(x);
    }
  };

  const endRecord = (): void => {
    record.push(field);
    field = "";
    quoted = false;
    const row = record;
    record = [];
    const at = recordLine;
    recordLine = line;
    if (row.length === 1 && (row[0] as string).trim() === "") return; // blank line
    if (header === undefined) {
      header = row.map((h) => h.trim());
      const seen = new Set<string>();
      header.forEach((h, j) => {
        if (h === "") throw fail(`column ${j + 1} of the header has no name`, { line: at });
        if (seen.has(h))
          throw fail(`the header names column ${JSON.stringify(h)} twice`, { line: at, column: h });
        seen.add(h);
      });
      if (options.columns !== undefined) {
        wanted = new Set(options.columns.filter((c) => seen.has(c)));
      }
      return;
    }
    if (row.length !== header.length) {
      throw fail(
        `${row.length} field${row.length === 1 ? "" : "s"} where the header has ${header.length} (delimiter ${JSON.stringify(String.fromCharCode(delimiter))}): is the file's delimiter another one?`,
        { line: at },
      );
    }
    dataRows++;
    if (sniffed !== undefined) {
      sniffed.push(row);
      sniffLines.push(at);
      if (sniffed.length >= SNIFF_ROWS) decide();
      return;
    }
    take(row, at);
  };

  const chooseDelimiter = (text: string): void => {
    const nl = text.indexOf("\n");
    const first = nl < 0 ? text : text.slice(0, nl);
    let best = 44;
    let count = -1;
    for (const d of [44, 9, 59]) {
      let k = 0;
      for (let i = 0; i < first.length; i++) if (first.charCodeAt(i) === d) k++;
      if (k > count) {
        count = k;
        best = d;
      }
    }
    delimiter = best;
  };

  const scan = (text: string): void => {
    const n = text.length;
    let i = 0;
    let start = 0;
    while (i < n) {
      if (inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          field += text.slice(i);
          for (let k = i; k < n; k++) if (text.charCodeAt(k) === 10) line++;
          i = n;
          start = n;
          break;
        }
        field += text.slice(i, q);
        for (let k = i; k < q; k++) if (text.charCodeAt(k) === 10) line++;
        if (q + 1 >= n) {
          pendingQuote = true;
          i = n;
          start = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          field += '"';
          i = q + 2;
        } else {
          inQuotes = false;
          i = q + 1;
        }
        start = i;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === delimiter) {
        record.push(field + text.slice(start, i));
        field = "";
        quoted = false;
        i++;
        start = i;
      } else if (c === 10) {
        let end = i;
        if (end > start && text.charCodeAt(end - 1) === 13) end--;
        field += text.slice(start, end);
        line++;
        endRecord();
        i++;
        start = i;
      } else if (c === 34 && !quoted && field === "" && i === start) {
        inQuotes = true;
        quoted = true;
        i++;
        start = i;
      } else i++;
    }
    if (start < n) field += text.slice(start, n);
  };

  try {
    for await (const chunk of stream) {
      let text = carry + decoder.decode(chunk as Buffer, { stream: true });
      carry = "";
      if (delimiter < 0) {
        if (text.indexOf("\n") < 0 && text.length < 1 << 16) {
          carry = text;
          continue;
        }
        chooseDelimiter(text);
      }
      if (pendingQuote) {
        pendingQuote = false;
        if (text.charCodeAt(0) === 34) {
          field += '"';
          text = text.slice(1);
        } else inQuotes = false;
      }
      scan(text);
    }
  } catch (e) {
    stream.destroy();
    if (e instanceof TableReadError) throw e;
    const code = (e as { code?: string }).code;
    throw fail(
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : (e as Error).message,
    );
  }
  let tail = carry + decoder.decode();
  if (delimiter < 0) chooseDelimiter(tail);
  if (pendingQuote) {
    pendingQuote = false;
    inQuotes = false;
  }
  if (tail !== "") scan(tail);
  tail = "";
  if (inQuotes)
    throw fail("a quoted field is not closed before the end of the file", { line: recordLine });
  if (field !== "" || record.length > 0) endRecord();
  if (header === undefined) throw fail("the file is empty: no header, no rows");
  if (sniffed !== undefined) decide();
  const columns: Table["columns"] = {};
  const types: Record<string, TableColumnType> = {};
  (header as string[]).forEach((name, j) => {
    const b = builders[j] as Builder;
    if (b.kind === "skip") return;
    if (b.kind === "numeric") {
      columns[name] = b.col.done();
      types[name] = b.datetime ? "datetime" : "numeric";
    } else {
      columns[name] = b.col.done();
      types[name] = "categorical";
    }
  });
  return {
    name: file,
    format: delimiter === 9 ? "tsv" : "csv",
    columns,
    types,
    rows: dataRows,
    names: header,
  };
}
