import { dataError, usageError } from "../errors.js";
import { smooth } from "../smoothing.js";
import { resolveFormat } from "./bytes.js";
import { inlineMatrix } from "./inline.js";
import { jsonMatrix } from "./json.js";
import { readNpy } from "./npy.js";
import { tableMatrix } from "./table.js";
import type { MatrixInput, ReadContext, SourceSpec } from "./types.js";

/**
 * Reads a matrix: one distribution per row. Inline rows are separated by `;`; a CSV/TSV gives one
 * row per line; JSON an array of arrays; `.npy` a 2-D array. A plain vector (`0.5,0.5`, a 1-D JSON
 * array or `.npy`) is a matrix of one row. `--smoothing` adds its pseudocount to every entry.
 */
export async function readMatrix(
  spec: SourceSpec,
  role: string,
  ctx: ReadContext,
): Promise<MatrixInput> {
  const m = await readRows(spec, role, ctx);
  return ctx.smoothing ? { ...m, data: smooth(m.data, ctx.smoothing) } : m;
}

async function readRows(spec: SourceSpec, role: string, ctx: ReadContext): Promise<MatrixInput> {
  if (spec.kind === "distribution") {
    throw usageError(`${role} = ${spec.name} is a parametric distribution, not a matrix of rows`);
  }
  if (spec.kind === "inline") return inlineMatrix(spec.text, role, spec.name);
  const file = await resolveFormat(spec);
  if (file.format === "json") return jsonMatrix(file, role, ctx);
  if (file.format === "npy") {
    const a = await readNpy(file, ctx);
    if (a.shape.length === 1) {
      const columns = a.shape[0] as number;
      return {
        name: spec.name,
        data: a.data,
        rows: 1,
        columns,
        rowLabels: undefined,
        columnNames: undefined,
      };
    }
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
  return tableMatrix(file, file.format, role, ctx);
}
