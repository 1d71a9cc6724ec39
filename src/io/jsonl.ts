import { createReadStream } from "node:fs";
import { CategoryColumn, NumberColumn } from "./builder.js";
import { TableReadError } from "./errors.js";
import type { ReadTableOptions, Table, TableColumnType } from "./table.js";

/**
 * Reads JSON lines (one object per line) into columns: a column whose values are all numbers
 * (or null) is numeric, one of strings and booleans is categorical; a value of another kind than
 * its column's first is refused with its line. Keys missing from a line are missing values.
 */
export async function readJsonLines(path: string, options: ReadTableOptions = {}): Promise<Table> {
  const file = options.name ?? path;
  const wanted = options.columns === undefined ? undefined : new Set(options.columns);
  const cols = new Map<
    string,
    { kind: "numeric"; col: NumberColumn } | { kind: "categorical"; col: CategoryColumn }
  >();
  const names: string[] = [];
  let rows = 0;
  let line = 0;
  const stream = createReadStream(path);
  const fail = (message: string, at: { line?: number; column?: string; value?: string } = {}) =>
    new TableReadError(`${file}${at.line !== undefined ? `, line ${at.line}` : ""}: ${message}`, {
      file,
      ...at,
    });
  // Loaded here: node:readline costs ~1 ms to load, which every CLI command paid at start.
  const { createInterface } = await import("node:readline");
  try {
    for await (const text of createInterface({
      input: stream,
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      line++;
      if (text.trim() === "") continue;
      let row: unknown;
      try {
        row = JSON.parse(text);
      } catch (e) {
        throw fail(`not valid JSON (${(e as Error).message})`, { line });
      }
      if (row === null || typeof row !== "object" || Array.isArray(row)) {
        throw fail("a line must hold one JSON object", { line });
      }
      const obj = row as Record<string, unknown>;
      for (const [k, v] of Object.entries(obj)) {
        if (cols.has(k) || v === null) continue;
        if (!names.includes(k)) names.push(k);
        if (wanted !== undefined && !wanted.has(k)) continue;
        const forced = options.types?.[k];
        const kind = forced ?? (typeof v === "number" ? "numeric" : "categorical");
        const entry =
          kind === "categorical"
            ? ({ kind: "categorical", col: new CategoryColumn() } as const)
            : ({ kind: "numeric", col: new NumberColumn() } as const);
        for (let r = 0; r < rows; r++)
          (entry.col as { push(v: undefined | number): void }).push(
            entry.kind === "numeric" ? Number.NaN : undefined,
          );
        cols.set(k, entry);
      }
      for (const [k, entry] of cols) {
        const v = obj[k];
        if (entry.kind === "numeric") {
          if (v === null || v === undefined) entry.col.push(Number.NaN);
          else if (typeof v === "number") entry.col.push(v);
          else
            throw fail(
              `column ${JSON.stringify(k)}: ${JSON.stringify(v)} is not a number (the column's first values are)`,
              { line, column: k, value: String(v) },
            );
        } else if (v === null || v === undefined) entry.col.push(undefined);
        else if (typeof v === "string" || typeof v === "boolean" || typeof v === "number")
          entry.col.push(String(v));
        else
          throw fail(`column ${JSON.stringify(k)}: a nested value is not a category`, {
            line,
            column: k,
          });
      }
      rows++;
    }
  } catch (e) {
    stream.destroy();
    if (e instanceof TableReadError) throw e;
    const code = (e as { code?: string }).code;
    throw fail(code === "ENOENT" ? "no such file" : (e as Error).message);
  }
  const columns: Table["columns"] = {};
  const types: Record<string, TableColumnType> = {};
  for (const [k, entry] of cols) {
    columns[k] = entry.col.done();
    types[k] =
      entry.kind === "numeric" && options.types?.[k] === "datetime" ? "datetime" : entry.kind;
  }
  return { name: file, format: "jsonl", columns, types, rows, names };
}
