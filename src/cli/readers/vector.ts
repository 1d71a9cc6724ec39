import { dataError, usageError } from "../errors.js";
import { resolveFormat } from "./bytes.js";
import { streamColumns } from "./columns.js";
import { inlineVector } from "./inline.js";
import { jsonVector } from "./json.js";
import { readNpy, streamNpy } from "./npy.js";
import { isStreamed } from "./spec.js";
import { CHUNK, type Chunk, type ReadContext, type SourceSpec, type VectorInput } from "./types.js";

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

/** Reads a whole vector into memory, whatever form the word names. */
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
    const values = inlineVector(spec.text, role);
    return { name: spec.name, values, labels: undefined, lines: undefined };
  }
  const file = await resolveFormat(spec);
  if (file.format === "json") return jsonVector(file, role, ctx);
  if (file.format === "npy") {
    const a = await readNpy(file, ctx);
    const [r, c] = a.shape;
    if (a.shape.length === 2 && r !== 1 && c !== 1) {
      throw dataError(`${spec.name} is 2-D (${r}×${c}): pass --rows for row-wise results`);
    }
    return { name: spec.name, values: a.data, labels: undefined, lines: undefined };
  }
  const chunks: Chunk[] = [];
  // Copied: the stream reuses a chunk's arrays for the next one.
  for await (const [c] of streamColumns([file], [role], ctx)) {
    const { values, labels, lines } = c as Chunk;
    chunks.push({ values: values.slice(), labels, lines: lines?.slice() });
  }
  return concat(chunks, spec.name);
}

/**
 * Streams one vector in chunks of exactly {@link CHUNK} values (the last may be shorter), so that
 * two streams zip chunk for chunk. Text inputs are parsed as they arrive, in bounded memory; other
 * forms are read whole and cut.
 */
export async function* streamVector(
  spec: SourceSpec,
  role: string,
  ctx: ReadContext,
): AsyncGenerator<Chunk> {
  if (spec.kind === "file" && spec.format === "npy") {
    yield* streamNpy(spec, ctx, () => cut(spec, role, ctx));
    return;
  }
  if (isStreamed(spec)) {
    for await (const [c] of streamColumns([spec], [role], ctx)) yield c as Chunk;
    return;
  }
  yield* cut(spec, role, ctx);
}

/** A vector read whole, cut into chunks of {@link CHUNK} values. */
async function* cut(spec: SourceSpec, role: string, ctx: ReadContext): AsyncGenerator<Chunk> {
  const whole = await readVector(spec, role, ctx);
  for (let i = 0; i < whole.values.length || i === 0; i += CHUNK) {
    yield {
      values: whole.values.subarray(i, i + CHUNK),
      labels: whole.labels?.slice(i, i + CHUNK),
      lines: whole.lines?.subarray(i, i + CHUNK),
    };
    if (whole.values.length === 0) break;
  }
}
