import { dataError, usageError } from "../errors.js";
import { resolveFormat } from "./bytes.js";
import { fieldsOf } from "./columns.js";
import { inlineOutcomes } from "./inline.js";
import { jsonOutcomes } from "./json.js";
import { readNpy } from "./npy.js";
import { parseNumber } from "./numbers.js";
import type { ReadContext, SampleCounts, SourceSpec } from "./types.js";

function outcomeKey(text: string): string {
  const t = text.trim();
  const v = parseNumber(t);
  return v !== undefined && Number.isFinite(v) ? String(v) : t;
}

/**
 * Visits each observed outcome of an input in order (`--from-samples`): inline (`H,T,T`), a
 * CSV/TSV column, a JSON array, a `.npy` vector, a text file or stdin; each as its key (a word, or
 * a number as JavaScript prints it: `1.0` → `1`) with where it was read, for messages. Text inputs
 * are streamed. Refuses an empty outcome and an input with none.
 */
export async function forEachOutcome(
  spec: SourceSpec,
  role: string,
  ctx: ReadContext,
  visit: (key: string) => void,
): Promise<void> {
  let total = 0;
  const see = (text: string, at: string): void => {
    const key = outcomeKey(text);
    if (key === "") throw dataError(`${at}: an observed outcome is empty`);
    visit(key);
    total++;
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
  if (total === 0) throw dataError(`${role} = ${spec.name} is empty: no observed outcomes`);
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
  await forEachOutcome(spec, role, ctx, (key) => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  });
  return { name: spec.name, counts, total };
}

/** Sorts outcome labels: numerically when every label is a number, else by code point. */
export function sortOutcomes(labels: Iterable<string>): string[] {
  const all = [...labels];
  if (all.every((l) => Number.isFinite(Number(l)) && l.trim() !== ""))
    return all.sort((a, b) => Number(a) - Number(b));
  return all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
