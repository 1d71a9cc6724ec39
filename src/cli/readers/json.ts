import { dataError } from "../errors.js";
import { readBytes } from "./bytes.js";
import { stackRows } from "./inline.js";
import { parseNumber, quote } from "./numbers.js";
import type { FileSpec, MatrixInput, ReadContext, VectorInput } from "./types.js";

type Json = unknown;

/** A JSON value as a number (numbers, and strings that read as one), or a data error at `where`. */
function numberAt(v: Json, where: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const n = parseNumber(v);
    if (n !== undefined) return n;
  }
  throw dataError(
    `${where} = ${typeof v === "string" ? quote(v) : (JSON.stringify(v) ?? String(v))} is not a number`,
  );
}

/** The JSON document of a file, and its `#name` entry when the spec names one. */
async function readJson(spec: FileSpec, ctx: ReadContext): Promise<Json> {
  const bytes = await readBytes(spec.path, ctx.stdin);
  let doc: Json;
  try {
    doc = JSON.parse(new TextDecoder("utf-8").decode(bytes)) as Json;
  } catch (error) {
    throw dataError(`cannot parse ${spec.path}: ${(error as Error).message}`);
  }
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

/** A JSON array of numbers, or an object of named numbers (the names become outcome labels). */
export async function jsonVector(
  spec: FileSpec,
  role: string,
  ctx: ReadContext,
): Promise<VectorInput> {
  const v = await readJson(spec, ctx);
  if (Array.isArray(v)) {
    if (v.some((x) => Array.isArray(x))) {
      throw dataError(`${spec.name} is an array of rows: pass --rows for row-wise results`);
    }
    const values = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) values[i] = numberAt(v[i], `${role}[${i}]`);
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
        values[i] = numberAt(x, `${role}[${JSON.stringify(k)}]`);
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

/** A JSON array of rows (arrays of numbers of one length). */
export async function jsonMatrix(
  spec: FileSpec,
  role: string,
  ctx: ReadContext,
): Promise<MatrixInput> {
  const v = await readJson(spec, ctx);
  if (Array.isArray(v) && v.length > 0 && v.every((x) => !Array.isArray(x))) {
    // A plain array is one row (broadcast against the other input's rows).
    return stackRows([v.map((x, j) => numberAt(x, `${role}[${j}]`))], role, spec.name);
  }
  if (!Array.isArray(v) || v.length === 0 || !v.every((r) => Array.isArray(r))) {
    throw dataError(`${spec.name} is not an array of rows (an array of arrays of numbers)`);
  }
  const rows = (v as Json[][]).map((r, i) => r.map((x, j) => numberAt(x, `${role}[${i}][${j}]`)));
  return stackRows(rows, role, spec.name);
}

/** A JSON array of observed outcomes (words or numbers), as text. */
export async function jsonOutcomes(
  spec: FileSpec,
  role: string,
  ctx: ReadContext,
): Promise<string[]> {
  const v = await readJson(spec, ctx);
  if (!Array.isArray(v)) throw dataError(`${spec.name} is not an array of observed outcomes`);
  return v.map((x, i) => {
    if (typeof x !== "string" && typeof x !== "number") {
      throw dataError(
        `${role}[${i}] = ${JSON.stringify(x)} is not an outcome (a word or a number)`,
      );
    }
    return String(x);
  });
}
