import { dataError } from "../errors.js";
import { csvDialect, looksSemicolonSeparated } from "./delimiter.js";
import { columnLabel, detectLayout, isBlank, type Layout } from "./layout.js";
import { parseNumber, quote } from "./numbers.js";
import { openInput, recordBatches } from "./records.js";
import type { FileSpec, MatrixInput, ReadContext, TextFormat } from "./types.js";

/**
 * Reads a CSV/TSV (or plain text, read as CSV) as a matrix: one row per line from every column
 * except a first text column, which gives the row labels; a header, when detected, names the
 * columns.
 */
export async function tableMatrix(
  spec: FileSpec,
  format: TextFormat,
  role: string,
  ctx: ReadContext,
): Promise<MatrixInput> {
  const input = await openInput(spec.path, ctx);
  const rows: number[][] = [];
  const rowLabels: string[] = [];
  let layout: Layout | undefined;
  let first: { record: string[]; line: number } | undefined;
  const take = (record: string[], line: number): void => {
    const { labelIndex, names } = layout as Layout;
    const row: number[] = [];
    record.forEach((f, i) => {
      if (i === labelIndex) return;
      const v = parseNumber(f);
      if (v === undefined) {
        throw dataError(
          `${role} = ${spec.name}, line ${line}, column ${columnLabel(names, i)}: ${quote(f.trim())} is not a number`,
        );
      }
      row.push(v);
    });
    if (labelIndex >= 0) rowLabels.push((record[labelIndex] ?? "").trim());
    const width = rows[0]?.length;
    if (width !== undefined && row.length !== width) {
      throw dataError(
        `${role} = ${spec.name}, line ${line} has ${row.length} values but the first row has ${width}: rows must be the same length`,
      );
    }
    rows.push(row);
  };
  const decide = (second: string[] | undefined): void => {
    const a = first as { record: string[]; line: number };
    if (true && format !== "tsv" && looksSemicolonSeparated(a.record)) {
      throw dataError(
        `${spec.name} looks separated by semicolons (;), not commas: give it as a .csv file, whose delimiter is detected, or write it with commas`,
      );
    }
    layout = detectLayout(a.record, second, {
      forced: ctx.header,
      named: false,
      numeric: true,
      labels: ctx.labels,
    });
    if (!layout.header) take(a.record, a.line);
  };
  for await (const batch of recordBatches(
    input,
    format === "text" ? "csv" : format,
    spec.path,
    csvDialect(spec.path, format === "text" ? "csv" : format),
  )) {
    for (let k = 0; k < batch.records.length; k++) {
      const record = batch.records[k] as string[];
      const line = batch.firstLine + k;
      if (isBlank(record)) continue;
      if (!layout) {
        if (!first) {
          first = { record, line };
          continue;
        }
        decide(record);
      }
      take(record, line);
    }
  }
  if (!layout && first) decide(undefined);
  if (rows.length === 0)
    throw dataError(`${role} = ${spec.name} is empty: a matrix needs at least one row`);
  const { labelIndex, names } = layout as Layout;
  const columns = (rows[0] as number[]).length;
  const data = new Float64Array(rows.length * columns);
  rows.forEach((r, i) => {
    data.set(r, i * columns);
  });
  return {
    name: spec.name,
    data,
    rows: rows.length,
    columns,
    rowLabels: labelIndex >= 0 ? rowLabels : undefined,
    columnNames: names?.filter((_, i) => i !== labelIndex),
  };
}
