import { dataError, usageError } from "../errors.js";
import { resolveFormat } from "./bytes.js";
import { fieldsOf } from "./columns.js";
import { inlineOutcomes } from "./inline.js";
import { jsonOutcomes } from "./json.js";
import { readNpy } from "./npy.js";
import { parseNumber } from "./numbers.js";
import { parseSpec } from "./spec.js";
import type { ReadContext } from "./types.js";
import { readVector } from "./vector.js";

/** Observed outcomes in the order they were seen (pairs and bootstraps need the order). */
export interface Outcomes {
  name: string;
  /** One label per observation; numbers written as JavaScript prints them (`1.0` → `1`). */
  values: string[];
}

function outcomeKey(text: string): string {
  const t = text.trim();
  const v = parseNumber(t);
  return v !== undefined && Number.isFinite(v) ? String(v) : t;
}

/**
 * Reads a column of observed outcomes (words or numbers) in order, as `--from-samples` counts them:
 * inline (`H,T,T`), a CSV/TSV column, a JSON array, a `.npy` vector, a text file or stdin.
 */
export async function readOutcomes(
  word: string,
  role: string,
  ctx: ReadContext,
): Promise<Outcomes> {
  const spec = parseSpec(word);
  const values: string[] = [];
  const see = (text: string, at: string): void => {
    const key = outcomeKey(text);
    if (key === "") throw dataError(`${at}: an observed outcome is empty`);
    values.push(key);
  };
  if (spec.kind === "distribution") {
    throw usageError(
      `${role} = ${spec.name} is a parametric distribution, not a list of observed outcomes`,
    );
  }
  if (spec.kind === "inline") {
    inlineOutcomes(spec.text).forEach((t, i) => {
      see(t, `${role}[${i}]`);
    });
  } else {
    const file = await resolveFormat(spec);
    if (file.format === "json") {
      (await jsonOutcomes(file, role, ctx)).forEach((t, i) => {
        see(t, `${role}[${i}]`);
      });
    } else if (file.format === "npy") {
      (await readNpy(file, ctx)).data.forEach((x, i) => {
        see(String(x), `${role}[${i}]`);
      });
    } else {
      for await (const part of fieldsOf([file], file.format, ctx, false)) {
        (part.fields[0] as string[]).forEach((f, k) => {
          see(f, `${role} = ${spec.name}, line ${part.lines[k]}`);
        });
      }
    }
  }
  if (values.length === 0) throw dataError(`${role} = ${spec.name} is empty: no observed outcomes`);
  return { name: spec.name, values };
}

/**
 * Reads continuous measurements (`--continuous`): a column of numbers, or a 2-D `.npy` whose rows
 * are points of several coordinates.
 */
export async function readPoints(
  word: string,
  role: string,
  ctx: ReadContext,
): Promise<{
  name: string;
  points: Float64Array | Float64Array[];
  lines?: Int32Array | undefined;
}> {
  const spec = parseSpec(word);
  if (spec.kind === "file" && spec.format === "npy") {
    const a = await readNpy(await resolveFormat(spec), ctx);
    const [r, c] = a.shape as [number, number];
    if (a.shape.length === 2 && c > 1 && r > 1) {
      const rows: Float64Array[] = [];
      for (let i = 0; i < r; i++) rows.push(a.data.subarray(i * c, (i + 1) * c));
      return { name: spec.name, points: rows };
    }
    return { name: spec.name, points: a.data };
  }
  const v = await readVector(spec, role, ctx);
  return { name: spec.name, points: v.values, lines: v.lines };
}
