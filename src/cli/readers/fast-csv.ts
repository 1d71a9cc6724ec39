/**
 * The fast path of {@link streamColumns} for plain numeric CSV and TSV files, and for plain-number
 * `.txt` files (every non-blank field of every line a value, as the general path's text mode): the
 * bytes are read in blocks of 1 MiB into one reused buffer and split into lines and fields by hand,
 * and the numbers are parsed from the bytes ({@link parseDecimalBytes}), without a string or a
 * record per field. It gives the chunks, line numbers, labels and refusals of the general path
 * (csv-parse), and declines (returns undefined, before reading past the first block) a file it is
 * not sure to read the same way: standard input, a first block holding a quote, a semicolon in its
 * first line or a lone carriage return. A quote met later is read by csv-parse, line by line (in a
 * text file, quotes are characters, as in the general path).
 *
 * Runs of plain lines are read in WebAssembly ({@link WasmLines}, assembly/csv/): each block is
 * copied once into the module's memory, which reads as many complete lines as it can with
 * {@link fastLine}'s rules and correctly rounded numbers (Eisel–Lemire), and stops at the first line
 * it is not sure of; that line is read here as before (fastLine, or the general scan), then the
 * module resumes. On 2·10⁶ rows of two 17-digit columns it costs ~27–46 ns per field against
 * 60–110 ns for {@link scanDecimal} (bench/csv-lines.mjs; a pass finding the line breaks alone:
 * 15–25 ns per field), and `kl f.csv#p f.csv#q` takes 0.35 s instead of 0.51 s (medians of 11
 * interleaved runs on a shared 2-core machine; `entropy f.csv#p` 0.43 → 0.30 s).
 *
 * The blocks are read synchronously (a read through the thread pool costs a hop per call), and
 * the chunks' arrays are reused chunk after chunk, as streamColumns promises: memory touched for
 * the first time costs ~11 µs per 4 KiB page on this kind of machine, and new arrays for every
 * chunk cost ~200 ms of the ~900 ms of a 2·10⁶-row pair of columns (measured end to end; the
 * synchronous reads ~80 ms more).
 */
import { readSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { WasmLines } from "../../io/csv-lines.js";
import { parseDecimalBytes, scanDecimal, scanStop } from "../../io/decimal.js";
import { dataError } from "../errors.js";
import { detectLayout, isBlank, type Layout } from "./layout.js";
import { parseNumber, quote } from "./numbers.js";
import { CHUNK, type Chunk, type FileSpec, type ReadContext } from "./types.js";

const BLOCK = 1 << 20;
const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

const utf8 = new TextDecoder("utf-8");

/** csv-parse's synchronous parser, loaded on the first quoted line (most files have none). */
let parseSync: typeof import("csv-parse/sync").parse | undefined;

/** What streamColumns needs from columns.ts (passed in to avoid an import cycle). */
export interface ColumnPicking {
  pickColumn(layout: Layout, spec: FileSpec): number;
  named(specs: FileSpec[], first: string[]): boolean;
  where(spec: FileSpec, role: string, line: number): string;
}

/** The fields of one line (bytes a..e, no line break), split on the delimiter; quotes by csv-parse. */
function fieldsOfLine(buf: Uint8Array, a: number, e: number, delimiter: number): string[] {
  const text = utf8.decode(buf.subarray(a, e));
  if (buf.subarray(a, e).includes(QUOTE)) {
    const records = (parseSync as NonNullable<typeof parseSync>)(text, {
      delimiter: String.fromCharCode(delimiter),
      quote: '"',
      relax_column_count: true,
      relax_quotes: true,
    }) as string[][];
    return records[0] ?? [""];
  }
  return text.split(String.fromCharCode(delimiter));
}

/**
 * One data line whose wanted fields are all plain decimals, read in a single pass: each wanted
 * field is parsed where it starts ({@link scanDecimal}), the others skipped to the next delimiter,
 * and the line must end right after the last field (or hold more fields, read past to the line
 * break). Stores the values at `out[slot[c]][n]` and returns the position after the line break;
 * returns −1 without storing anything it is not sure of (a quote, a blank line, a field that is not
 * a plain decimal, too few fields, a lone carriage return, a line not complete in the buffer): the
 * general scan of the line then decides, exactly as it would have.
 */
function fastLine(
  b: Uint8Array,
  start: number,
  len: number,
  del: number,
  slot: Int32Array,
  out: Float64Array[],
  n: number,
): number {
  const width = slot.length;
  // Spaces and tabs around a number are allowed, unless the tab is the delimiter.
  const tab = del === 0x09 ? -1 : 0x09;
  let i = start;
  for (let c = 0; c < width; c++) {
    const s = slot[c] as number;
    if (s >= 0) {
      while (i < len && (b[i] === 0x20 || b[i] === tab)) i++;
      const v = scanDecimal(b, i, len);
      if (Number.isNaN(v)) return -1; // the general path parses the text (or refuses it)
      i = scanStop;
      while (i < len && (b[i] === 0x20 || b[i] === tab)) i++;
      (out[s] as Float64Array)[n] = v;
    } else {
      for (; i < len; i++) {
        const ch = b[i];
        if (ch === del || ch === NL || ch === CR) break;
        if (ch === QUOTE) return -1;
      }
    }
    if (i >= len) return -1;
    const ch = b[i];
    if (c < width - 1) {
      if (ch !== del) return -1;
      i++;
    } else if (ch === del) {
      // More fields than wanted: on to the line break, no quote on the way.
      for (i++; i < len; i++) {
        const d = b[i];
        if (d === NL) break;
        if (d === QUOTE) return -1;
      }
      if (i >= len) return -1;
    }
  }
  if (b[i] === CR) {
    i++;
    if (i >= len) return -1;
  }
  return b[i] === NL ? i + 1 : -1;
}

/**
 * The chunks of the columns `specs` (one path, CSV or TSV) as streamColumns gives them, or undefined
 * when this path declines the file.
 */
export async function fastColumns(
  specs: FileSpec[],
  roles: string[],
  ctx: ReadContext,
  pick: ColumnPicking,
): Promise<AsyncGenerator<Chunk[]> | undefined> {
  const spec0 = specs[0] as FileSpec;
  // Plain-number text (`.txt`): every non-blank field of every line is a value, no header.
  const text = spec0.format === "text" && specs.length === 1 && spec0.column === undefined;
  if (spec0.path === "-" || (spec0.format !== "csv" && spec0.format !== "tsv" && !text))
    return undefined;
  let fh: FileHandle;
  let size: number;
  try {
    fh = await open(spec0.path, "r");
    const st = await fh.stat();
    if (st.isDirectory()) {
      await fh.close();
      return undefined;
    }
    size = st.size;
  } catch {
    return undefined; // the general path gives the error
  }
  let buf = new Uint8Array(BLOCK);
  let len = readSync(fh.fd, buf, 0, BLOCK, 0);
  let pos = len;
  const head = buf.subarray(0, len);
  // Semicolon-separated files (decimal commas) take the general path, which detects the dialect.
  const firstLine = head.subarray(0, Math.max(0, head.indexOf(NL)) || len);
  if (firstLine.includes(0x3b)) {
    await fh.close();
    return undefined;
  }
  let lone = false;
  for (let k = head.indexOf(CR); k >= 0; k = head.indexOf(CR, k + 1)) {
    if (k + 1 < len && head[k + 1] !== NL) lone = true;
  }
  if (head.includes(QUOTE) || lone) {
    await fh.close();
    return undefined;
  }
  return run();

  async function* run(): AsyncGenerator<Chunk[]> {
    try {
      yield* lines();
    } finally {
      await fh.close();
    }
  }

  async function* lines(): AsyncGenerator<Chunk[]> {
    const delimiter = spec0.format === "tsv" ? 0x09 : 0x2c;
    const m = specs.length;
    const progress = ctx.progress;
    progress?.addTotal(size);
    progress?.add(len);
    let start = 0;
    // A UTF-8 byte order mark, as csv-parse's `bom: true`.
    if (len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    let line = 0;
    let layout: Layout | undefined;
    let indices: number[] = [];
    let width = 0;
    const pending: { fields: string[]; line: number }[] = [];
    const values = specs.map(() => new Float64Array(CHUNK));
    const lineNo = new Int32Array(CHUNK);
    let labels: string[] | undefined;
    let n = 0;
    let index = 0;
    const bounds = new Int32Array(2 * 64);
    let slot: Int32Array | undefined;
    /** The WebAssembly line reader (with the one-pass reader), and which block it holds. */
    let wasm: WasmLines | undefined;
    let block = 0;
    let loaded = -1;
    /** The next chunk, in the same arrays (the consumer is done with the emitted one). */
    const restart = (): void => {
      labels = undefined;
      n = 0;
    };
    const emit = (count: number): Chunk[] =>
      values.map((v) => ({
        values: count === CHUNK ? v : v.subarray(0, count),
        labels,
        lines: count === CHUNK ? lineNo : lineNo.subarray(0, count),
      }));
    const notANumber = (s: number, text: string, at: number): never => {
      throw dataError(
        `${pick.where(specs[s] as FileSpec, roles[s] as string, at)}: ${quote(text.trim())} is not a number`,
      );
    };
    /** Stores one data record given as strings (header lines, quoted lines). */
    const takeFields = (fields: string[], at: number): void => {
      const lay = layout as Layout;
      for (let s = 0; s < m; s++) {
        const f = fields[indices[s] as number];
        if (f === undefined) {
          throw dataError(
            `${spec0.path} line ${at} has ${fields.length} field${fields.length === 1 ? "" : "s"}, so no column ${JSON.stringify(lay.all[indices[s] as number])}`,
          );
        }
        const v = parseNumber(f);
        if (v === undefined) notANumber(s, f, at);
        (values[s] as Float64Array)[n] = v as number;
      }
      lineNo[n] = at;
      if (lay.labelIndex >= 0) {
        labels ??= [];
        labels.push((fields[lay.labelIndex] ?? "").trim());
      }
    };
    const decide = (second: string[] | undefined): Layout => {
      const first = pending[0] as { fields: string[]; line: number };
      const lay = detectLayout(first.fields, second, {
        forced: ctx.header,
        named: pick.named(specs, first.fields),
        numeric: true,
      });
      layout = lay;
      indices = specs.map((s) => pick.pickColumn(lay, s));
      width = Math.max(...indices, lay.labelIndex) + 1;
      // The one-pass line reader: up to 64 fields, no label column, each column wanted once.
      if (width <= 64 && lay.labelIndex < 0 && new Set(indices).size === indices.length) {
        slot = new Int32Array(width).fill(-1);
        indices.forEach((c, s) => {
          (slot as Int32Array)[c] = s;
        });
        wasm = WasmLines.create(slot, m, CHUNK);
      }
      return lay;
    };
    for (;;) {
      if (start >= len && pos >= size) break;
      if (slot !== undefined) {
        if (wasm !== undefined) {
          // As many lines as the WebAssembly reader takes; it stops before the first it is not
          // sure of, which fastLine or the general scan below then reads.
          if (loaded !== block) {
            wasm.load(buf, len);
            loaded = block;
          }
          const rows = wasm.read(start, len, delimiter, CHUNK - n);
          if (rows > 0) {
            wasm.take(values, n, rows);
            for (let r = 0; r < rows; r++) lineNo[n + r] = line + 1 + r;
            line += rows;
            index += rows;
            n += rows;
            start = wasm.stop;
            if (n === CHUNK) {
              yield emit(n);
              restart();
            }
            continue;
          }
        }
        const next = fastLine(buf, start, len, delimiter, slot, values, n);
        if (next >= 0) {
          line++;
          start = next;
          lineNo[n] = line;
          index++;
          if (++n === CHUNK) {
            yield emit(n);
            restart();
          }
          continue;
        }
      }
      // One pass over the line's bytes: its end, its field boundaries (up to 64), any quote.
      let k = start;
      let f = 0;
      let fs = start;
      let quoted = false;
      const b = buf; // locals: the closure's variables are loads from its context
      const end = len;
      const del = delimiter;
      for (; k < end; k++) {
        const c = b[k];
        if (c === del) {
          if (f < 64) {
            bounds[2 * f] = fs;
            bounds[2 * f + 1] = k;
          }
          f++;
          fs = k + 1;
        } else if (c === NL) break;
        else if (c === QUOTE) quoted = true;
      }
      let e = k;
      if (k === len) {
        if (pos < size) {
          // Move the partial line to the front, read the next block after it, scan it again.
          const rest = len - start;
          if (rest > buf.length / 2) {
            const bigger = new Uint8Array(buf.length * 2);
            bigger.set(buf.subarray(start, len));
            buf = bigger;
          } else buf.copyWithin(0, start, len);
          start = 0;
          len = rest;
          block++;
          const r = readSync(fh.fd, buf, len, buf.length - len, pos);
          if (r === 0) {
            pos = size;
          } else {
            pos += r;
            len += r;
            progress?.add(r);
          }
          continue;
        }
        // Else the last line, without a line break.
      }
      line++;
      const a = start;
      start = e + 1;
      if (e > a && buf[e - 1] === CR) e--;
      if (text) {
        // As the general path's text mode: fields split on commas, quotes literal, blank ones
        // skipped (JavaScript's trim), each parsed as a number.
        for (let fa = a; fa <= e; ) {
          let fe = fa;
          while (fe < e && buf[fe] !== delimiter) fe++;
          let v = parseDecimalBytes(buf, fa, fe);
          if (Number.isNaN(v)) {
            const field = utf8.decode(buf.subarray(fa, fe));
            if (field.trim() === "") {
              fa = fe + 1;
              continue;
            }
            const w = parseNumber(field);
            if (w === undefined) notANumber(0, field, line);
            v = w as number;
          }
          (values[0] as Float64Array)[n] = v;
          lineNo[n] = line;
          index++;
          if (++n === CHUNK) {
            yield emit(n);
            restart();
          }
          fa = fe + 1;
        }
        continue;
      }
      if (quoted) parseSync ??= (await import("csv-parse/sync")).parse;
      if (f < 64) {
        bounds[2 * f] = fs;
        bounds[2 * f + 1] = e;
      }
      if (layout === undefined) {
        const fields = fieldsOfLine(buf, a, e, delimiter);
        if (isBlank(fields)) continue;
        pending.push({ fields, line });
        if (pending.length < 2) continue;
        const lay = decide(pending[1]?.fields);
        for (const p of pending) {
          if (p.line === (pending[0] as { line: number }).line && lay.header) continue;
          takeFields(p.fields, p.line);
          index++;
          if (++n === CHUNK) {
            yield emit(n);
            restart();
          }
        }
        pending.length = 0;
        continue;
      }
      const count = f + 1;
      if (quoted || width > 64) {
        const fields = fieldsOfLine(buf, a, e, delimiter);
        if (isBlank(fields)) continue;
        takeFields(fields, line);
      } else {
        if (count === 1) {
          // One field: a blank line (csv-parse's [""]) is skipped.
          let blank = true;
          for (let k = a; k < e && blank; k++)
            if (buf[k] !== 0x20 && buf[k] !== 0x09) blank = false;
          if (blank) continue;
        }
        if (count < width) {
          takeFields(fieldsOfLine(buf, a, e, delimiter), line); // throws: no such column
        }
        for (let s = 0; s < m; s++) {
          const c = indices[s] as number;
          const fa = bounds[2 * c] as number;
          const fe = bounds[2 * c + 1] as number;
          let v = parseDecimalBytes(buf, fa, fe);
          if (Number.isNaN(v)) {
            const text = utf8.decode(buf.subarray(fa, fe));
            const w = parseNumber(text);
            if (w === undefined) notANumber(s, text, line);
            v = w as number;
          }
          (values[s] as Float64Array)[n] = v;
        }
        lineNo[n] = line;
        const li = (layout as Layout).labelIndex;
        if (li >= 0) {
          labels ??= [];
          labels.push(utf8.decode(buf.subarray(bounds[2 * li], bounds[2 * li + 1])).trim());
        }
      }
      index++;
      if (++n === CHUNK) {
        yield emit(n);
        restart();
      }
    }
    if (layout === undefined && pending.length > 0) {
      const lay = decide(undefined);
      const p = pending[0] as { fields: string[]; line: number };
      if (!lay.header) {
        takeFields(p.fields, p.line);
        n++;
        index++;
      }
    }
    if (n > 0 || index === 0) yield emit(n);
  }
}
