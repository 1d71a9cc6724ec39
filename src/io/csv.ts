import { type FileHandle, open } from "node:fs/promises";
import type { EncodedColumn } from "../index.js";
import { ByteMap, isIsoDate, MISSING, parseDecimal } from "./builder.js";
import { parseDecimalBytes } from "./decimal.js";
import { TableReadError } from "./errors.js";
import type { ReadTableOptions, Table, TableColumnType } from "./table.js";

/** Rows read before the column types are decided (numeric, datetime or categorical). */
const SNIFF_ROWS = 1000;
/** Bytes read at a time (the buffer grows only for a record longer than this). */
const BLOCK = 1 << 20;
/** Header bytes looked at for the delimiter when the first line is longer. */
const FIRST_LINE = 1 << 16;
const NL = 10;
const CR = 13;
const QUOTE = 34;

const SKIP = 0;
const NUMERIC = 1;
const DATETIME = 2;
const CATEGORICAL = 3;

/** A categorical column's labels, and the code of each (raw) field text seen. */
class Categories {
  labels: string[] = [];
  private index = new Map<string, number>();
  readonly seen = new ByteMap();
  /** The code of a (trimmed) label, −1 for a missing-value token. */
  codeOf(v: string): number {
    if (MISSING.has(v)) return -1;
    const known = this.index.get(v);
    if (known !== undefined) return known;
    const code = this.labels.length;
    this.index.set(v, code);
    this.labels.push(v);
    return code;
  }
}

/** Field bytes as text: exactly what decoding the whole file would give for them. */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Reads a CSV/TSV file into columns, streaming: one pass over the bytes, quoted fields (RFC 4180,
 * `""` for a quote) allowed anywhere, numbers parsed as they come into Float64Arrays, text into
 * dictionary codes, so memory holds the columns read, not the text. Types are decided on the first
 * 1000 rows (numeric if most values are numbers, datetime if most are ISO dates, categorical
 * otherwise); a value that does not fit its numeric or datetime column is refused with its line,
 * column and value. The delimiter is `\t` for .tsv, else the most frequent of `,`, `\t`, `;`
 * in the header.
 *
 * The bytes are split into records and fields by hand (a field is a pair of offsets), without a
 * string per field: a plain decimal is parsed from its bytes ({@link parseDecimalBytes}), and a
 * category is looked up by its bytes ({@link ByteMap}), so a text is decoded once per distinct
 * value. Anything else (quoted fields, other number forms, dates, missing-value tokens) is decoded
 * and read as text, as the values of the first 1000 rows are: the result is the same either way.
 */
export async function readCsv(path: string, options: ReadTableOptions = {}): Promise<Table> {
  const file = options.name ?? path;
  let delimiter = options.delimiter ?? (path.toLowerCase().endsWith(".tsv") ? 9 : -1);
  let header: string[] | undefined;
  // Per column: its kind, and where its values go (every column read has one value per row).
  let kinds = new Uint8Array(0);
  let numbers: (Float64Array | undefined)[] = [];
  let codes: (Int32Array | undefined)[] = [];
  let categories: (Categories | undefined)[] = [];
  let capacity = 0;
  let sniffed: string[][] | undefined = [];
  const sniffLines: number[] = [];
  let line = 1; // line of the record being read
  let wanted: Set<string> | undefined;
  let dataRows = 0;
  let size = 0; // the file's size in bytes
  let read = 0; // bytes read up to the end of the record being taken
  let base = 0; // the file offset of the buffer's first byte
  // The fields of the record being read: bytes [starts, ends); a quoted field's text lies between
  // its quotes up to `closes` (`""` for a quote), then to `ends` as it is (−1: not quoted).
  let starts = new Int32Array(64);
  let closes = new Int32Array(64);
  let ends = new Int32Array(64);

  const fail = (message: string, at: { line?: number; column?: string; value?: string } = {}) =>
    new TableReadError(`${file}${at.line !== undefined ? `, line ${at.line}` : ""}: ${message}`, {
      file,
      ...at,
    });

  /** Room for `rows` rows in every column read. */
  const reserve = (rows: number): void => {
    capacity = rows;
    for (let j = 0; j < kinds.length; j++) {
      const n = numbers[j];
      if (n !== undefined) {
        const next = new Float64Array(rows);
        next.set(n.subarray(0, Math.min(n.length, rows)));
        numbers[j] = next;
      }
      const c = codes[j];
      if (c !== undefined) {
        const next = new Int32Array(rows);
        next.set(c.subarray(0, Math.min(c.length, rows)));
        codes[j] = next;
      }
    }
  };

  const decide = (): void => {
    const h = header as string[];
    const rows = sniffed as string[][];
    kinds = new Uint8Array(h.length);
    h.forEach((name, j) => {
      if (wanted !== undefined && !wanted.has(name)) return;
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
      kinds[j] = type === "numeric" ? NUMERIC : type === "datetime" ? DATETIME : CATEGORICAL;
    });
    numbers = h.map((_, j) =>
      kinds[j] === NUMERIC || kinds[j] === DATETIME ? new Float64Array(0) : undefined,
    );
    codes = h.map((_, j) => (kinds[j] === CATEGORICAL ? new Int32Array(0) : undefined));
    categories = h.map((_, j) => (kinds[j] === CATEGORICAL ? new Categories() : undefined));
    // Room for the rows the file's size suggests (the rows so far, scaled), grown if short.
    const guess = read > 0 && size > read ? Math.ceil((dataRows * size * 1.02) / read) : dataRows;
    reserve(Math.max(1024, dataRows, Math.min(guess, 1 << 28)));
    const lines = sniffLines;
    sniffed = undefined;
    rows.forEach((row, k) => {
      const at = lines[k] as number;
      for (let j = 0; j < kinds.length; j++) takeText(j, row[j] as string, at, k);
    });
  };

  /** One value, as text: the reference reading of a field. */
  const takeText = (j: number, raw: string, at: number, row: number): void => {
    const kind = kinds[j] as number;
    if (kind === SKIP) return;
    if (kind === CATEGORICAL) {
      (codes[j] as Int32Array)[row] = (categories[j] as Categories).codeOf(raw.trim());
      return;
    }
    const datetime = kind === DATETIME;
    let x = datetime ? Number.NaN : parseDecimal(raw, 0, raw.length);
    if (Number.isNaN(x)) {
      const v = raw.trim();
      if (MISSING.has(v)) x = Number.NaN;
      else {
        x = datetime && isIsoDate(v) ? Date.parse(v) : Number.NaN;
        if (Number.isNaN(x)) {
          const name = (header as string[])[j] as string;
          throw fail(
            `column ${JSON.stringify(name)}: ${JSON.stringify(v)} is not ${datetime ? "an ISO date" : "a number"} (the column's other values are)`,
            { line: at, column: name, value: v },
          );
        }
      }
    }
    (numbers[j] as Float64Array)[row] = x;
  };

  /** The text of field k of the record in `buf`. */
  const fieldText = (buf: Uint8Array, k: number): string => {
    const a = starts[k] as number;
    const q = closes[k] as number;
    const e = ends[k] as number;
    if (q < 0) return utf8.decode(buf.subarray(a, e));
    const inside = utf8.decode(buf.subarray(a, q)).replaceAll('""', '"');
    return q + 1 < e ? inside + utf8.decode(buf.subarray(q + 1, e)) : inside;
  };

  /** Whether a one-field record is blank (its text trims to nothing). */
  const blank = (buf: Uint8Array): boolean => {
    if (closes[0] === -1) {
      for (let i = starts[0] as number; i < (ends[0] as number); i++) {
        const c = buf[i] as number;
        if (c > 32 && c < 128) return false;
      }
    }
    return fieldText(buf, 0).trim() === "";
  };

  /** A whole record of `fields` fields, starting on line `at`. */
  const endRecord = (buf: Uint8Array, fields: number, at: number): void => {
    if (fields === 1 && blank(buf)) return; // blank line
    if (header === undefined) {
      const names: string[] = [];
      for (let k = 0; k < fields; k++) names.push(fieldText(buf, k).trim());
      header = names;
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
    if (fields !== header.length) {
      throw fail(
        `${fields} field${fields === 1 ? "" : "s"} where the header has ${header.length} (delimiter ${JSON.stringify(String.fromCharCode(delimiter))}): is the file's delimiter another one?`,
        { line: at },
      );
    }
    dataRows++;
    if (sniffed !== undefined) {
      const row: string[] = [];
      for (let k = 0; k < fields; k++) row.push(fieldText(buf, k));
      sniffed.push(row);
      sniffLines.push(at);
      if (sniffed.length >= SNIFF_ROWS) decide();
      return;
    }
    const row = dataRows - 1;
    if (row === capacity) reserve(2 * capacity);
    for (let j = 0; j < fields; j++) {
      const kind = kinds[j] as number;
      if (kind === SKIP) continue;
      if (closes[j] === -1) {
        const a = starts[j] as number;
        const e = ends[j] as number;
        if (kind === CATEGORICAL) {
          const cats = categories[j] as Categories;
          let code = cats.seen.get(buf, a, e);
          if (code === -2) {
            code = cats.codeOf(utf8.decode(buf.subarray(a, e)).trim());
            cats.seen.set(buf, a, e, code);
          }
          (codes[j] as Int32Array)[row] = code;
          continue;
        }
        if (kind === NUMERIC) {
          const x = parseDecimalBytes(buf, a, e);
          if (!Number.isNaN(x)) {
            (numbers[j] as Float64Array)[row] = x;
            continue;
          }
        }
      }
      takeText(j, fieldText(buf, j), at, row);
    }
  };

  const chooseDelimiter = (buf: Uint8Array, from: number, to: number): void => {
    let end = buf.indexOf(NL, from);
    if (end < 0 || end > to) end = to;
    let best = 44;
    let count = -1;
    for (const d of [44, 9, 59]) {
      let k = 0;
      for (let i = from; i < end; i++) if (buf[i] === d) k++;
      if (k > count) {
        count = k;
        best = d;
      }
    }
    delimiter = best;
  };

  const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
    const next = new Int32Array(2 * a.length);
    next.set(a);
    return next;
  };

  /**
   * Reads the whole records of buf[from, to) (at the end of the file, `last`, the rest too) and
   * returns where the first incomplete one starts.
   */
  const scan = (buf: Uint8Array, from: number, to: number, last: boolean): number => {
    const d = delimiter;
    let p = from;
    while (p < to) {
      let i = p;
      let fields = 0;
      let inner = 0; // line breaks inside quoted fields
      for (;;) {
        if (fields === starts.length) {
          starts = grow(starts);
          closes = grow(closes);
          ends = grow(ends);
        }
        let seg = i;
        if (i < to && buf[i] === QUOTE) {
          let k = i + 1;
          let q: number;
          for (;;) {
            q = buf.indexOf(QUOTE, k);
            if (q < 0 || q >= to) {
              if (!last) return p;
              throw fail("a quoted field is not closed before the end of the file", {
                line: line,
              });
            }
            if (q + 1 < to && buf[q + 1] === QUOTE) {
              k = q + 2;
              continue;
            }
            if (q + 1 >= to && !last) return p; // a quote's meaning hangs on the next byte
            break;
          }
          for (let n = i + 1; n < q; n++) if (buf[n] === NL) inner++;
          starts[fields] = i + 1;
          closes[fields] = q;
          seg = q + 1;
        } else {
          starts[fields] = i;
          closes[fields] = -1;
        }
        let j = seg;
        let c = -1;
        while (j < to) {
          c = buf[j] as number;
          if (c === d || c === NL) break;
          j++;
        }
        if (j >= to) {
          if (!last) return p;
          ends[fields++] = to;
          read = base + to;
          endRecord(buf, fields, line);
          line += inner;
          return to;
        }
        ends[fields++] = c === NL && j > seg && buf[j - 1] === CR ? j - 1 : j;
        i = j + 1;
        if (c === NL) break;
      }
      read = base + i;
      endRecord(buf, fields, line);
      line += inner + 1;
      p = i;
    }
    return p;
  };

  let handle: FileHandle | undefined;
  const cannot = (e: unknown): TableReadError => {
    if (e instanceof TableReadError) return e;
    const code = (e as { code?: string }).code;
    return fail(
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : (e as Error).message,
    );
  };
  try {
    handle = await open(path, "r");
    size = (await handle.stat()).size;
    let buf = new Uint8Array(2 * BLOCK);
    let from = 0; // first byte not yet read as part of a record
    let to = 0; // end of the bytes read
    let first = true;
    base = 0;
    for (;;) {
      if (buf.length - to < BLOCK) {
        // Move the incomplete record to the front (into a larger buffer when it is long).
        const keep = to - from;
        if (keep + BLOCK > buf.length) {
          const next = new Uint8Array(2 * (keep + BLOCK));
          next.set(buf.subarray(from, to), 0);
          buf = next;
        } else buf.copyWithin(0, from, to);
        base += from;
        from = 0;
        to = keep;
      }
      const { bytesRead } = await handle.read(buf, to, buf.length - to, null);
      to += bytesRead;
      const last = bytesRead === 0;
      if (first) {
        if (!last && to < FIRST_LINE && buf.subarray(0, to).indexOf(NL) < 0) continue;
        first = false;
        if (to >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) from = 3;
        if (delimiter < 0) chooseDelimiter(buf, from, to);
      }
      from = scan(buf, from, to, last);
      if (last) break;
    }
  } catch (e) {
    throw cannot(e);
  } finally {
    await handle?.close();
  }
  if (header === undefined) throw fail("the file is empty: no header, no rows");
  if (sniffed !== undefined) decide();
  const columns: Table["columns"] = {};
  const types: Record<string, TableColumnType> = {};
  // Columns as long as the rows read (copied when the room reserved was much larger).
  const trimmed = <T extends Float64Array | Int32Array>(a: T): T =>
    (capacity - dataRows > capacity / 8 ? a.slice(0, dataRows) : a.subarray(0, dataRows)) as T;
  (header as string[]).forEach((name, j) => {
    const kind = kinds[j];
    if (kind === SKIP) return;
    if (kind === CATEGORICAL) {
      const column: EncodedColumn = {
        codes: trimmed(codes[j] as Int32Array),
        labels: (categories[j] as Categories).labels,
      };
      columns[name] = column;
      types[name] = "categorical";
    } else {
      columns[name] = trimmed(numbers[j] as Float64Array);
      types[name] = kind === DATETIME ? "datetime" : "numeric";
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
