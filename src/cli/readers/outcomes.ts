import { resolveFormat } from "./bytes.js";
import { readNpy } from "./npy.js";
import { forEachOutcome } from "./samples.js";
import { parseSpec } from "./spec.js";
import type { ReadContext } from "./types.js";
import { readVector } from "./vector.js";

/** Observed outcomes in the order they were seen (pairs and bootstraps need the order). */
export interface Outcomes {
  name: string;
  /** One label per observation; numbers written as JavaScript prints them (`1.0` → `1`). */
  values: string[];
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
  await forEachOutcome(spec, role, ctx, (key) => values.push(key));
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
