import { dataError } from "../errors.js";
import { parseNumber, quote } from "./numbers.js";
import type { MatrixInput } from "./types.js";

/** Numbers typed on the command line, comma-separated (`0.5,0.5`). */
export function inlineVector(text: string, role: string): Float64Array {
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

/** Rows of the same length as one flat row-major matrix, or a data error naming the odd row. */
export function stackRows(rows: ArrayLike<number>[], role: string, name: string): MatrixInput {
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
  return { name, data, rows: rows.length, columns, rowLabels: undefined, columnNames: undefined };
}

/** Rows typed on the command line, separated by `;` (`0.9,0.1;0.2,0.8`). */
export function inlineMatrix(text: string, role: string, name: string): MatrixInput {
  const rowsText = text.split(";").filter((r) => r.trim() !== "");
  const rows = rowsText.map((r, i) => inlineVector(r, `${role} row ${i}, `));
  if (rows.length === 0) throw dataError(`${role} is empty: a matrix needs at least one row`);
  return stackRows(rows, role, name);
}

/** Observed outcomes typed on the command line, separated by `,` or `;` (`H,T,T`). */
export function inlineOutcomes(text: string): string[] {
  return text.split(/[,;]/);
}
