import { dataError } from "../errors.js";
import { csvDialect, looksSemicolonSeparated } from "./delimiter.js";
import { fastColumns } from "./fast-csv.js";
import { detectLayout, isBlank, type Layout } from "./layout.js";
import { parseNumber, quote } from "./numbers.js";
import { openInput, recordBatches } from "./records.js";
import { CHUNK, type Chunk, type FileSpec, type ReadContext, type TextFormat } from "./types.js";

/** The index of the column a spec names (by header name, else by number from 1), or the only one. */
export function pickColumn(layout: Layout, spec: FileSpec, firstData?: string[]): number {
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
  const hint =
    labelIndex < 0 && candidates.length === 2 && /^\s*\d+\s*$/.test(firstData?.[0] ?? "")
      ? ` (or, if ${JSON.stringify(all[0])} names the outcomes, pass --labels first-column)`
      : "";
  throw dataError(
    `${spec.path} has ${candidates.length} columns (${list}): name one, e.g. ${spec.path}#${all[candidates[0] as number]}${hint}`,
  );
}

/** The fields of a batch of records, one array per spec, with their line numbers and labels. */
export interface Fields {
  fields: string[][];
  lines: number[];
  labels: string[] | undefined;
}

/** Whether a column was asked for by a name its first record holds. */
export function named(specs: FileSpec[], first: string[]): boolean {
  return specs.some(
    (s) =>
      s.column !== undefined && !/^\d+$/.test(s.column) && first.some((f) => f.trim() === s.column),
  );
}

/**
 * Streams, in one pass over one file, the fields of one or more of its columns (one spec each, all
 * with the same path), with line numbers and labels; or every field of a plain-number text input.
 * `numeric`: the columns hold numbers (false for observed outcomes, `--from-samples`).
 */
export async function* fieldsOf(
  specs: FileSpec[],
  format: TextFormat,
  ctx: ReadContext,
  numeric: boolean,
): AsyncGenerator<Fields> {
  const spec0 = specs[0] as FileSpec;
  const input = await openInput(spec0.path, ctx);
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
    if (numeric && format !== "tsv" && looksSemicolonSeparated(a.record)) {
      throw dataError(
        `${spec0.name} looks separated by semicolons (;), not commas: give it as a .csv file, whose delimiter is detected, or write it with commas`,
      );
    }
    layout = detectLayout(a.record, second, {
      forced: ctx.header,
      named: named(specs, a.record),
      numeric,
      labels: ctx.labels,
    });
    const firstData = (layout as Layout).header ? second : a.record;
    indices = specs.map((s) => pickColumn(layout as Layout, s, firstData));
    if (layout.header) skipLine = a.line;
  };
  const flush = (): Fields => {
    const out = fresh();
    for (const p of pending) if (p.line !== skipLine) take(out, p.record, p.line);
    pending = [];
    return out;
  };
  for await (const batch of recordBatches(
    input,
    format,
    spec0.path,
    csvDialect(spec0.path, format),
  )) {
    let out = fresh();
    const records = batch.records;
    for (let k = 0; k < records.length; k++) {
      const record = records[k] as string[];
      if (isBlank(record)) continue;
      const line = batch.firstLine + k;
      if (!textMode && !layout) {
        pending.push({ record, line });
        if (pending.length < 2) continue;
        decide(pending[1]?.record);
        out = flush();
        continue;
      }
      take(out, record, line);
    }
    if (out.lines.length > 0 || (out.fields[0] as string[]).length > 0) yield out;
  }
  if (!textMode && !layout && pending.length > 0) {
    decide(undefined);
    const out = flush();
    if (out.lines.length > 0) yield out;
  }
}

export function where(spec: FileSpec, role: string, line: number): string {
  return `${role} = ${spec.name}, line ${line}${spec.path === "-" ? " of stdin" : ""}`;
}

/**
 * Streams several number columns of one text file (all specs share the path) in a single pass, as
 * aligned chunks of exactly {@link CHUNK} values per column (the last may be shorter), so that two
 * streams zip chunk for chunk. Memory stays bounded whatever the file's size: a chunk's arrays are
 * reused for the next one, so a consumer uses (or copies) each chunk before asking for the next.
 */
export async function* streamColumns(
  specs: FileSpec[],
  roles: string[],
  ctx: ReadContext,
): AsyncGenerator<Chunk[]> {
  // Plain numeric CSV/TSV files and plain-number text: parsed from the bytes (fast-csv.ts), with
  // the same results. Only for named columns (or a whole text file) without --labels: choosing a
  // column and detecting labels (and their messages) stay with the general path.
  const wholeText =
    specs.length === 1 && specs[0]?.format === "text" && specs[0].column === undefined;
  const fast =
    ctx.labels === undefined && (wholeText || specs.every((s) => s.column !== undefined))
      ? await fastColumns(specs, roles, ctx, { pickColumn, named, where })
      : undefined;
  if (fast !== undefined) {
    yield* fast;
    return;
  }
  const m = specs.length;
  const fmt = (specs[0] as FileSpec).format as TextFormat;
  const values = specs.map(() => new Float64Array(CHUNK));
  const lines = new Int32Array(CHUNK);
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
            `${where(specs[s] as FileSpec, roles[s] as string, line)}: ${quote(text.trim())} is not a number`,
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
        labels = undefined;
        n = 0;
      }
    }
  }
  if (n > 0 || index === 0) yield emit(n);
}
