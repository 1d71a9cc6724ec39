import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { dataError, fileErrorMessage, usageError } from "./errors.js";
import { looksLikeNpy, parseNpy } from "./npy.js";
import { isNumberText, parseNumber, quote } from "./numbers.js";
import type { Progress } from "./progress.js";
import { openInput, recordBatches, type TextFormat } from "./records.js";

/** Values handed to the library per chunk when streaming. */
export const CHUNK = 65536;

/** What a command-line word names as an input. */
export type SourceSpec =
  | { kind: "inline"; text: string; name: string }
  | { kind: "distribution"; text: string; name: string }
  | { kind: "file"; path: string; column: string | undefined; format: FileFormat; name: string };

/** How a file (or `-`, standard input) is read. */
export type FileFormat = TextFormat | "json" | "npy" | "sniff";

/** Per-run reading options shared by every input. */
export interface ReadContext {
  /** `true`/`false` force the first CSV/TSV row to be (or not be) a header; `undefined` detects it. */
  header: boolean | undefined;
  progress?: Progress | undefined;
}

/** A chunk of a streamed vector: its values, its labels (if the input has a label column) and lines. */
export interface Chunk {
  values: Float64Array;
  labels: string[] | undefined;
  /** Line number of each value (text inputs) or undefined (index = position). */
  lines: Int32Array | undefined;
}

/** A whole vector read into memory. */
export interface VectorInput {
  /** The word the user typed (e.g. `data.csv#observed`). */
  name: string;
  values: Float64Array;
  labels: string[] | undefined;
  lines: Int32Array | undefined;
}

/** A matrix (one distribution per row), flat and row-major. */
export interface MatrixInput {
  name: string;
  data: Float64Array;
  rows: number;
  columns: number;
  /** Labels of the rows (the first text column of a CSV/TSV), if any. */
  rowLabels: string[] | undefined;
  /** Names of the columns (the CSV/TSV header), if any. */
  columnNames: string[] | undefined;
}

/** Observed outcomes counted: the empirical distribution of a column of samples. */
export interface SampleCounts {
  name: string;
  counts: Map<string, number>;
  total: number;
}

const DISTRIBUTION = /^\s*[A-Za-z][A-Za-z0-9_]*\s*\(.*\)\s*$/s;

function formatOf(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".tsv" || ext === ".tab") return "tsv";
  if (ext === ".json") return "json";
  if (ext === ".npy") return "npy";
  if (ext === ".txt") return "text";
  return "sniff";
}

/**
 * Reads what a command-line word names: `-` (standard input), a file (`data.csv`, `data.csv#observed`,
 * `data.tsv#2`, `runs.json#model`, `logits.npy`), a parametric distribution (`normal(0,1)`) or inline
 * values (`0.5,0.5`; rows separated by `;`).
 */
export function parseSpec(word: string): SourceSpec {
  if (word === "")
    throw usageError("an input is empty: give numbers (0.5,0.5), a file or - for stdin");
  if (word === "-")
    return { kind: "file", path: "-", column: undefined, format: "text", name: "stdin" };
  if (word.startsWith("-#")) {
    return {
      kind: "file",
      path: "-",
      column: word.slice(2),
      format: "csv",
      name: `stdin${word.slice(1)}`,
    };
  }
  if (existsSync(word))
    return { kind: "file", path: word, column: undefined, format: formatOf(word), name: word };
  const hash = word.lastIndexOf("#");
  if (hash > 0) {
    const path = word.slice(0, hash);
    if (existsSync(path)) {
      return {
        kind: "file",
        path,
        column: word.slice(hash + 1),
        format: formatOf(path),
        name: word,
      };
    }
  }
  if (DISTRIBUTION.test(word))
    return { kind: "distribution", text: word.trim(), name: word.trim() };
  if (/[,;]/.test(word) || isNumberText(word)) return { kind: "inline", text: word, name: word };
  if (hash > 0) {
    const path = word.slice(0, hash);
    return { kind: "file", path, column: word.slice(hash + 1), format: formatOf(path), name: word };
  }
  return { kind: "file", path: word, column: undefined, format: formatOf(word), name: word };
}

function parseInlineVector(text: string, role: string): Float64Array {
  const parts = text.split(",");
  const out = new Float64Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const v = parseNumber(part);
    if (v === undefined) throw dataError(`${role}[${i}] = ${quote(part.trim())} is not a number`);
    out[i] = v;
  }
  return out;
}

async function readBytes(path: string): Promise<Uint8Array> {
  if (path === "-") {
    const parts: Buffer[] = [];
    for await (const c of process.stdin)
      parts.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
    return Buffer.concat(parts);
  }
  try {
    return await readFile(path);
  } catch (error) {
    throw dataError(fileErrorMessage(path, error));
  }
}

/** The resolved format of a file whose extension did not say (by its first bytes). */
function sniff(bytes: Uint8Array): "json" | "npy" | "text" {
  if (looksLikeNpy(bytes)) return "npy";
  let i = 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  return bytes[i] === 0x5b || bytes[i] === 0x7b ? "json" : "text";
}

// ---------------------------------------------------------------------------------------------
// JSON and .npy (read whole)

type Json = unknown;

function jsonNumber(v: Json, where: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const n = parseNumber(v);
    if (n !== undefined) return n;
  }
  throw dataError(
    `${where} = ${typeof v === "string" ? quote(v) : (JSON.stringify(v) ?? String(v))} is not a number`,
  );
}

async function readJson(spec: Extract<SourceSpec, { kind: "file" }>): Promise<Json> {
  const bytes = await readBytes(spec.path);
  try {
    return JSON.parse(new TextDecoder("utf-8").decode(bytes)) as Json;
  } catch (error) {
    throw dataError(`cannot parse ${spec.path}: ${(error as Error).message}`);
  }
}

/** Picks `#name` out of a JSON object, or says which names there are. */
function pickJson(doc: Json, spec: Extract<SourceSpec, { kind: "file" }>): Json {
  if (spec.column === undefined) return doc;
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw dataError(`${spec.path} is not a JSON object, so it has no entry "${spec.column}"`);
  }
  const obj = doc as Record<string, Json>;
  if (!Object.hasOwn(obj, spec.column)) {
    const keys = Object.keys(obj)
      .slice(0, 12)
      .map((k) => JSON.stringify(k));
    throw dataError(
      `${spec.path} has no entry "${spec.column}" (entries: ${keys.join(", ") || "none"})`,
    );
  }
  return obj[spec.column];
}

function jsonVector(
  doc: Json,
  spec: Extract<SourceSpec, { kind: "file" }>,
  role: string,
): VectorInput {
  const v = pickJson(doc, spec);
  if (Array.isArray(v)) {
    if (v.some((x) => Array.isArray(x))) {
      throw dataError(`${spec.name} is an array of rows: pass --rows for row-wise results`);
    }
    const values = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) values[i] = jsonNumber(v[i], `${role}[${i}]`);
    return { name: spec.name, values, labels: undefined, lines: undefined };
  }
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v as Record<string, Json>);
    if (
      entries.length > 0 &&
      entries.every(([, x]) => typeof x === "number" || typeof x === "string")
    ) {
      const values = new Float64Array(entries.length);
      entries.forEach(([k, x], i) => {
        values[i] = jsonNumber(x, `${role}[${JSON.stringify(k)}]`);
      });
      return { name: spec.name, values, labels: entries.map(([k]) => k), lines: undefined };
    }
    const keys = entries.slice(0, 12).map(([k]) => JSON.stringify(k));
    throw dataError(
      `${spec.name} holds several arrays (${keys.join(", ")}): pick one with ${spec.path}#name`,
    );
  }
  throw dataError(`${spec.name} is not an array of numbers`);
}

function jsonMatrix(
  doc: Json,
  spec: Extract<SourceSpec, { kind: "file" }>,
  role: string,
): MatrixInput {
  const v = pickJson(doc, spec);
  if (!Array.isArray(v) || v.length === 0 || !v.every((r) => Array.isArray(r))) {
    throw dataError(`${spec.name} is not an array of rows (an array of arrays of numbers)`);
  }
  const rows = v as Json[][];
  const columns = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * columns);
  rows.forEach((r, i) => {
    if (r.length !== columns) {
      throw dataError(
        `${role} row ${i} has length ${r.length} but row 0 has length ${columns}: rows must be the same length`,
      );
    }
    r.forEach((x, j) => {
      data[i * columns + j] = jsonNumber(x, `${role}[${i}][${j}]`);
    });
  });
  return {
    name: spec.name,
    data,
    rows: rows.length,
    columns,
    rowLabels: undefined,
    columnNames: undefined,
  };
}

async function readNpyFile(spec: Extract<SourceSpec, { kind: "file" }>) {
  const bytes = await readBytes(spec.path);
  try {
    return parseNpy(bytes);
  } catch (error) {
    throw dataError(`cannot read ${spec.path}: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// CSV, TSV, plain text (streamed)

function columnLabel(header: string[] | undefined, i: number): string {
  return header?.[i] !== undefined && header[i] !== "" ? (header[i] as string) : String(i + 1);
}

type FileSpec = Extract<SourceSpec, { kind: "file" }>;

interface Layout {
  header: boolean;
  names: string[] | undefined;
  labelIndex: number;
  all: string[];
}

/**
 * Decides, from the first two non-empty records, whether the first is a header (forced by
 * --header/--no-header; else when a named column appears in it, or when it has text where the next
 * row has numbers) and whether the first column holds outcome labels (text in a data row).
 */
function layoutOf(
  first: string[],
  second: string[] | undefined,
  specs: FileSpec[],
  ctx: ReadContext,
  numeric: boolean,
): Layout {
  let header: boolean;
  const named = specs.some(
    (s) =>
      s.column !== undefined && !/^\d+$/.test(s.column) && first.some((f) => f.trim() === s.column),
  );
  if (ctx.header !== undefined) header = ctx.header;
  else if (named) header = true;
  else if (second !== undefined)
    header = first.some((f, i) => !isNumberText(f) && isNumberText(second[i] ?? ""));
  else header = numeric && first.every((f) => !isNumberText(f));
  const names = header ? first.map((f) => f.trim()) : undefined;
  const data = header ? second : first;
  const width = Math.max(first.length, data?.length ?? 0);
  const labelIndex =
    numeric && width >= 2 && data !== undefined && !isNumberText(data[0] ?? "") ? 0 : -1;
  const all = Array.from({ length: width }, (_, i) => columnLabel(names, i));
  return { header, names, labelIndex, all };
}

/** The index of the column a spec names (by header name, else by number from 1), or the only one. */
function pickColumn(layout: Layout, spec: FileSpec): number {
  const { names, all, labelIndex } = layout;
  const wanted = spec.column;
  const width = all.length;
  if (wanted !== undefined) {
    let index = names ? names.indexOf(wanted) : -1;
    if (index < 0 && /^\d+$/.test(wanted)) {
      const k = Number(wanted);
      if (k < 1 || k > width) {
        throw dataError(
          `${spec.path} has no column ${wanted}: it has ${width} column${width === 1 ? "" : "s"} (numbered from 1)`,
        );
      }
      index = k - 1;
    }
    if (index < 0) {
      throw dataError(
        `${spec.path} has no column "${wanted}" (columns: ${all.map((n) => JSON.stringify(n)).join(", ")})`,
      );
    }
    return index;
  }
  const candidates = all.map((_, i) => i).filter((i) => i !== labelIndex);
  if (candidates.length === 1) return candidates[0] as number;
  if (candidates.length === 0) throw dataError(`${spec.path} has no column of values`);
  const list = candidates.map((i) => JSON.stringify(all[i])).join(", ");
  throw dataError(
    `${spec.path} has ${candidates.length} columns (${list}): name one, e.g. ${spec.path}#${all[candidates[0] as number]}`,
  );
}

function isBlank(record: string[]): boolean {
  return record.length === 0 || (record.length === 1 && (record[0] as string).trim() === "");
}

interface Fields {
  /** One array of fields per spec. */
  fields: string[][];
  lines: number[];
  labels: string[] | undefined;
}

/**
 * Streams, in one pass over one file, the fields of one or more of its columns (one spec each, all
 * with the same path), with line numbers and labels; or every field of a plain-number text input.
 */
async function* fieldsOf(
  specs: FileSpec[],
  format: TextFormat,
  ctx: ReadContext,
  numeric: boolean,
): AsyncGenerator<Fields> {
  const spec0 = specs[0] as FileSpec;
  const input = await openInput(spec0.path, ctx.progress);
  const textMode = format === "text" && specs.every((s) => s.column === undefined);
  let layout: Layout | undefined;
  let indices: number[] = [];
  let skipLine = -1;
  let pending: { record: string[]; line: number }[] = [];
  const take = (out: Fields, record: string[], line: number): void => {
    if (textMode) {
      const f0 = out.fields[0] as string[];
      for (const f of record) {
        if (f.trim() === "") continue;
        f0.push(f);
        out.lines.push(line);
      }
      return;
    }
    const lay = layout as Layout;
    for (let s = 0; s < indices.length; s++) {
      const f = record[indices[s] as number];
      if (f === undefined) {
        throw dataError(
          `${spec0.path} line ${line} has ${record.length} field${record.length === 1 ? "" : "s"}, so no column ${JSON.stringify(lay.all[indices[s] as number])}`,
        );
      }
      (out.fields[s] as string[]).push(f);
    }
    out.lines.push(line);
    out.labels?.push((record[lay.labelIndex] ?? "").trim());
  };
  const fresh = (): Fields => ({
    fields: specs.map(() => []),
    lines: [],
    labels: layout && layout.labelIndex >= 0 ? [] : undefined,
  });
  const decide = (second: string[] | undefined): void => {
    const a = pending[0] as { record: string[]; line: number };
    layout = layoutOf(a.record, second, specs, ctx, numeric);
    indices = specs.map((s) => pickColumn(layout as Layout, s));
    if (layout.header) skipLine = a.line;
  };
  for await (const batch of recordBatches(input, format, spec0.path)) {
    const out = fresh();
    const records = batch.records;
    for (let k = 0; k < records.length; k++) {
      const record = records[k] as string[];
      if (isBlank(record)) continue;
      const line = batch.firstLine + k;
      if (!textMode && !layout) {
        pending.push({ record, line });
        if (pending.length < 2) continue;
        decide(pending[1]?.record);
        const o2 = fresh();
        for (const p of pending) if (p.line !== skipLine) take(o2, p.record, p.line);
        pending = [];
        out.labels = o2.labels;
        out.fields = o2.fields;
        out.lines = o2.lines;
        continue;
      }
      take(out, record, line);
    }
    if (out.lines.length > 0 || (out.fields[0] as string[]).length > 0) yield out;
  }
  if (!textMode && !layout && pending.length > 0) {
    decide(undefined);
    const out = fresh();
    for (const p of pending) if (p.line !== skipLine) take(out, p.record, p.line);
    if (out.lines.length > 0) yield out;
  }
}

function where(spec: SourceSpec, role: string, line: number | undefined, index: number): string {
  if (spec.kind === "file" && line !== undefined) {
    return `${role} = ${spec.name}, line ${line}${spec.path === "-" ? " of stdin" : ""}`;
  }
  return `${role}[${index}]`;
}

/** Whether a spec is read as a stream of text records (CSV, TSV, plain numbers, stdin). */
export function isStreamed(spec: SourceSpec): spec is FileSpec {
  return (
    spec.kind === "file" &&
    (spec.format === "csv" || spec.format === "tsv" || spec.format === "text")
  );
}

/**
 * Streams one vector in chunks of exactly {@link CHUNK} values (the last may be shorter), so that two
 * streams zip chunk for chunk. Text inputs are parsed as they arrive, in bounded memory.
 */
export async function* streamVector(
  spec: SourceSpec,
  role: string,
  ctx: ReadContext,
): AsyncGenerator<Chunk> {
  if (!isStreamed(spec)) {
    const whole = await readVector(spec, role, ctx);
    for (let i = 0; i < whole.values.length || i === 0; i += CHUNK) {
      yield {
        values: whole.values.subarray(i, i + CHUNK),
        labels: whole.labels?.slice(i, i + CHUNK),
        lines: whole.lines?.subarray(i, i + CHUNK),
      };
      if (whole.values.length === 0) break;
    }
    return;
  }
  for await (const [c] of streamColumns([spec], [role], ctx)) yield c as Chunk;
}

/**
 * Streams several columns of one text file (all specs share the path) in a single pass, as aligned
 * chunks of exactly {@link CHUNK} values per column (the last may be shorter).
 */
export async function* streamColumns(
  specs: FileSpec[],
  roles: string[],
  ctx: ReadContext,
): AsyncGenerator<Chunk[]> {
  const m = specs.length;
  const fmt = (specs[0] as FileSpec).format as TextFormat;
  let values = specs.map(() => new Float64Array(CHUNK));
  let lines = new Int32Array(CHUNK);
  let labels: string[] | undefined;
  let n = 0;
  let index = 0;
  const emit = (len: number): Chunk[] =>
    values.map((v) => ({
      values: len === CHUNK ? v : v.subarray(0, len),
      labels,
      lines: len === CHUNK ? lines : lines.subarray(0, len),
    }));
  for await (const part of fieldsOf(specs, fmt, ctx, true)) {
    const count = (part.fields[0] as string[]).length;
    for (let k = 0; k < count; k++) {
      const line = part.lines[k] as number;
      for (let s = 0; s < m; s++) {
        const text = (part.fields[s] as string[])[k] as string;
        const v = parseNumber(text);
        if (v === undefined) {
          throw dataError(
            `${where(specs[s] as FileSpec, roles[s] as string, line, index)}: ${quote(text.trim())} is not a number`,
          );
        }
        (values[s] as Float64Array)[n] = v;
      }
      lines[n] = line;
      if (part.labels) {
        labels ??= [];
        labels.push(part.labels[k] as string);
      }
      n++;
      index++;
      if (n === CHUNK) {
        yield emit(n);
        values = specs.map(() => new Float64Array(CHUNK));
        lines = new Int32Array(CHUNK);
        labels = undefined;
        n = 0;
      }
    }
  }
  if (n > 0 || index === 0) yield emit(n);
}

function concat(chunks: Chunk[], name: string): VectorInput {
  const total = chunks.reduce((a, c) => a + c.values.length, 0);
  const values = new Float64Array(total);
  const lines = chunks.every((c) => c.lines) ? new Int32Array(total) : undefined;
  const labels = chunks.some((c) => c.labels) ? ([] as string[]) : undefined;
  let at = 0;
  for (const c of chunks) {
    values.set(c.values, at);
    if (lines && c.lines) lines.set(c.lines, at);
    if (labels) labels.push(...(c.labels ?? []));
    at += c.values.length;
  }
  return { name, values, labels, lines };
}

/** Reads a whole vector into memory. */
export async function readVector(
  spec: SourceSpec,
  role: string,
  ctx: ReadContext,
): Promise<VectorInput> {
  if (spec.kind === "distribution") {
    throw usageError(
      `${role} = ${spec.name} is a parametric distribution, which this command does not take`,
    );
  }
  if (spec.kind === "inline") {
    if (spec.text.includes(";"))
      throw usageError(`${role} = ${spec.name} has rows (;): pass --rows for row-wise results`);
    return {
      name: spec.name,
      values: parseInlineVector(spec.text, role),
      labels: undefined,
      lines: undefined,
    };
  }
  let format = spec.format;
  if (format === "sniff") format = sniff(await readBytesHead(spec.path));
  if (format === "json") return jsonVector(await readJson(spec), spec, role);
  if (format === "npy") {
    const a = await readNpyFile(spec);
    const [r, c] = a.shape;
    if (a.shape.length === 2 && r !== 1 && c !== 1) {
      throw dataError(`${spec.name} is 2-D (${r}×${c}): pass --rows for row-wise results`);
    }
    return { name: spec.name, values: a.data, labels: undefined, lines: undefined };
  }
  const chunks: Chunk[] = [];
  for await (const c of streamVector({ ...spec, format }, role, ctx)) chunks.push(c);
  return concat(chunks, spec.name);
}

async function readBytesHead(path: string): Promise<Uint8Array> {
  if (path === "-") throw usageError("stdin (-) is read as numbers; it cannot be sniffed");
  const { open } = await import("node:fs/promises");
  try {
    const fh = await open(path, "r");
    try {
      const buf = new Uint8Array(64);
      const { bytesRead } = await fh.read(buf, 0, 64, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (error) {
    throw dataError(fileErrorMessage(path, error));
  }
}

/**
 * Reads a matrix: one distribution per row. Inline rows are separated by `;`; a CSV/TSV gives one
 * row per line from every column except a first text column (the row labels); JSON an array of
 * arrays; `.npy` a 2-D array.
 */
export async function readMatrix(
  spec: SourceSpec,
  role: string,
  ctx: ReadContext,
): Promise<MatrixInput> {
  if (spec.kind === "distribution") {
    throw usageError(`${role} = ${spec.name} is a parametric distribution, not a matrix of rows`);
  }
  if (spec.kind === "inline") {
    const rowsText = spec.text.split(";").filter((r) => r.trim() !== "");
    const rows = rowsText.map((r, i) => parseInlineVector(r, `${role} row ${i}, `).slice());
    if (rows.length === 0) throw dataError(`${role} is empty: a matrix needs at least one row`);
    const columns = rows[0]?.length ?? 0;
    const data = new Float64Array(rows.length * columns);
    rows.forEach((r, i) => {
      if (r.length !== columns) {
        throw dataError(
          `${role} row ${i} has length ${r.length} but row 0 has length ${columns}: rows must be the same length`,
        );
      }
      data.set(r, i * columns);
    });
    return {
      name: spec.name,
      data,
      rows: rows.length,
      columns,
      rowLabels: undefined,
      columnNames: undefined,
    };
  }
  let format = spec.format;
  if (format === "sniff") format = sniff(await readBytesHead(spec.path));
  if (format === "json") return jsonMatrix(await readJson(spec), spec, role);
  if (format === "npy") {
    const a = await readNpyFile(spec);
    if (a.shape.length !== 2) {
      throw dataError(
        `${spec.name} is ${a.shape.length}-D (shape ${a.shape.join("×") || "()"}): a matrix of rows must be 2-D`,
      );
    }
    const [rows, columns] = a.shape as [number, number];
    return {
      name: spec.name,
      data: a.data,
      rows,
      columns,
      rowLabels: undefined,
      columnNames: undefined,
    };
  }
  // CSV/TSV/text: every numeric column; a first text column gives the row labels.
  const input = await openInput(spec.path, ctx.progress);
  const fmt: TextFormat = format === "text" ? "csv" : format;
  const rows: number[][] = [];
  const rowLabels: string[] = [];
  let header: string[] | undefined;
  let labelIndex = -1;
  let first: { record: string[]; line: number } | undefined;
  let decided = false;
  const take = (record: string[], line: number): void => {
    const row: number[] = [];
    record.forEach((f, i) => {
      if (i === labelIndex) return;
      const v = parseNumber(f);
      if (v === undefined) {
        throw dataError(
          `${role} = ${spec.name}, line ${line}, column ${columnLabel(header, i)}: ${quote(f.trim())} is not a number`,
        );
      }
      row.push(v);
    });
    if (labelIndex >= 0) rowLabels.push((record[labelIndex] ?? "").trim());
    if (rows.length > 0 && row.length !== (rows[0] as number[]).length) {
      throw dataError(
        `${role} = ${spec.name}, line ${line} has ${row.length} values but the first row has ${(rows[0] as number[]).length}: rows must be the same length`,
      );
    }
    rows.push(row);
  };
  const decide = (a: string[], b: string[] | undefined): boolean => {
    let isHeader: boolean;
    if (ctx.header !== undefined) isHeader = ctx.header;
    else if (b !== undefined)
      isHeader = a.some((f, i) => !isNumberText(f) && isNumberText(b[i] ?? ""));
    else isHeader = a.every((f) => !isNumberText(f));
    const data = isHeader ? b : a;
    if (isHeader) header = a.map((f) => f.trim());
    if (data && data.length >= 2 && !isNumberText(data[0] ?? "")) labelIndex = 0;
    decided = true;
    return isHeader;
  };
  for await (const batch of recordBatches(input, fmt, spec.path)) {
    for (let k = 0; k < batch.records.length; k++) {
      const record = batch.records[k] as string[];
      const line = batch.firstLine + k;
      if (isBlank(record)) continue;
      if (!decided) {
        if (!first) {
          first = { record, line };
          continue;
        }
        if (!decide(first.record, record)) take(first.record, first.line);
      }
      take(record, line);
    }
  }
  if (!decided && first && !decide(first.record, undefined)) take(first.record, first.line);
  if (rows.length === 0)
    throw dataError(`${role} = ${spec.name} is empty: a matrix needs at least one row`);
  const columns = (rows[0] as number[]).length;
  const data = new Float64Array(rows.length * columns);
  rows.forEach((r, i) => {
    data.set(r, i * columns);
  });
  const columnNames = header?.filter((_, i) => i !== labelIndex);
  return {
    name: spec.name,
    data,
    rows: rows.length,
    columns,
    rowLabels: labelIndex >= 0 ? rowLabels : undefined,
    columnNames,
  };
}

function outcomeKey(text: string): string {
  const t = text.trim();
  const v = parseNumber(t);
  return v !== undefined && Number.isFinite(v) ? String(v) : t;
}

/**
 * Counts observed outcomes (`--from-samples`): each value of the input is one observation (a word or
 * a number). Text inputs are streamed; memory grows with the number of distinct outcomes only.
 */
export async function readSamples(
  spec: SourceSpec,
  role: string,
  ctx: ReadContext,
): Promise<SampleCounts> {
  const counts = new Map<string, number>();
  let total = 0;
  const see = (text: string, at: string): void => {
    const key = outcomeKey(text);
    if (key === "") throw dataError(`${at}: an observed outcome is empty`);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  };
  if (spec.kind === "distribution") {
    throw usageError(
      `${role} = ${spec.name} is a parametric distribution, not a list of observed outcomes`,
    );
  }
  if (spec.kind === "inline") {
    spec.text.split(/[,;]/).forEach((t, i) => {
      see(t, `${role}[${i}]`);
    });
  } else {
    let format = spec.format;
    if (format === "sniff") format = sniff(await readBytesHead(spec.path));
    if (format === "json") {
      const v = pickJson(await readJson(spec), spec);
      if (!Array.isArray(v)) throw dataError(`${spec.name} is not an array of observed outcomes`);
      v.forEach((x, i) => {
        if (typeof x !== "string" && typeof x !== "number") {
          throw dataError(
            `${role}[${i}] = ${JSON.stringify(x)} is not an outcome (a word or a number)`,
          );
        }
        see(String(x), `${role}[${i}]`);
      });
    } else if (format === "npy") {
      const a = await readNpyFile(spec);
      a.data.forEach((x, i) => {
        see(String(x), `${role}[${i}]`);
      });
    } else {
      for await (const part of fieldsOf([{ ...spec, format }], format, ctx, false)) {
        (part.fields[0] as string[]).forEach((f, k) => {
          see(f, `${role} = ${spec.name}, line ${part.lines[k]}`);
        });
      }
    }
  }
  if (total === 0) throw dataError(`${role} = ${spec.name} is empty: no observed outcomes`);
  return { name: spec.name, counts, total };
}

/** Sorts outcome labels: numerically when every label is a number, else by code point. */
export function sortOutcomes(labels: Iterable<string>): string[] {
  const all = [...labels];
  if (all.every((l) => Number.isFinite(Number(l)) && l.trim() !== ""))
    return all.sort((a, b) => Number(a) - Number(b));
  return all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
