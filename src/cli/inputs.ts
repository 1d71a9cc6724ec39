import type { MeasureOptions } from "../index.js";
import { dataError, usageError } from "./errors.js";
import type { Role } from "./options.js";
import {
  type Chunk,
  type MatrixInput,
  parseSpec,
  type ReadContext,
  readMatrix,
  readSamples,
  readVector,
  type SourceSpec,
  sortOutcomes,
  streamVector,
  type VectorInput,
} from "./sources.js";

/** A role (P or Q) for error messages, with the line of each element when the input is a text file. */
export function roleOf(
  label: string,
  input: { name: string; lines?: Int32Array | undefined },
): Role {
  const lines = input.lines;
  return { label, name: input.name, line: lines ? (i) => lines[i] : undefined };
}

/** Checks that at most one input reads standard input. */
export function checkStdin(specs: SourceSpec[]): void {
  const n = specs.filter((s) => s.kind === "file" && s.path === "-").length;
  if (n > 1) throw usageError("only one input can be - (standard input)");
}

/** Checks that two inputs with outcome labels list the same outcomes in the same order. */
export function checkLabels(p: VectorInput, q: VectorInput): void {
  if (!p.labels || !q.labels) return;
  const n = Math.min(p.labels.length, q.labels.length);
  for (let i = 0; i < n; i++) {
    if (p.labels[i] !== q.labels[i]) {
      throw dataError(
        `P's outcome ${i} is ${JSON.stringify(p.labels[i])} but Q's is ${JSON.stringify(q.labels[i])}: both must list the same outcomes in the same order`,
      );
    }
  }
}

/**
 * Reads P and Q whole. With `fromSamples`, each is a column of observed outcomes, counted over the
 * union of the outcomes seen in either (an outcome never seen in one gets count 0 there), and the
 * input kind becomes counts.
 */
export async function readPair(
  pWord: string,
  qWord: string,
  ctx: ReadContext,
  fromSamples: boolean,
): Promise<{ p: VectorInput; q: VectorInput }> {
  const ps = parseSpec(pWord);
  const qs = parseSpec(qWord);
  checkStdin([ps, qs]);
  if (fromSamples) {
    const [a, b] = [await readSamples(ps, "P", ctx), await readSamples(qs, "Q", ctx)];
    const labels = sortOutcomes(new Set([...a.counts.keys(), ...b.counts.keys()]));
    const pv = Float64Array.from(labels, (l) => a.counts.get(l) ?? 0);
    const qv = Float64Array.from(labels, (l) => b.counts.get(l) ?? 0);
    return {
      p: { name: ps.name, values: pv, labels, lines: undefined },
      q: { name: qs.name, values: qv, labels, lines: undefined },
    };
  }
  const p = await readVector(ps, "P", ctx);
  const q = await readVector(qs, "Q", ctx);
  checkLabels(p, q);
  return { p, q };
}

/** Reads one vector whole (or, with `fromSamples`, the counts of its observed outcomes). */
export async function readOne(
  word: string,
  ctx: ReadContext,
  fromSamples: boolean,
): Promise<VectorInput> {
  const spec = parseSpec(word);
  if (fromSamples) {
    const s = await readSamples(spec, "P", ctx);
    const labels = sortOutcomes(s.counts.keys());
    return {
      name: spec.name,
      values: Float64Array.from(labels, (l) => s.counts.get(l) ?? 0),
      labels,
      lines: undefined,
    };
  }
  return readVector(spec, "P", ctx);
}

/** Reads two matrices of rows and checks they have the same shape. */
export async function readMatrixPair(
  pWord: string,
  qWord: string,
  ctx: ReadContext,
): Promise<{ p: MatrixInput; q: MatrixInput }> {
  const ps = parseSpec(pWord);
  const qs = parseSpec(qWord);
  checkStdin([ps, qs]);
  const p = await readMatrix(ps, "P", ctx);
  const q = await readMatrix(qs, "Q", ctx);
  if (p.rows !== q.rows || p.columns !== q.columns) {
    throw dataError(
      `Q has ${q.rows} rows × ${q.columns} columns but P has ${p.rows} × ${p.columns}: both must give one row per case and one value per outcome`,
    );
  }
  return { p, q };
}

/** The input kind with `--from-samples` (always counts); a usage error if --input says otherwise. */
export function samplesOptions(o: MeasureOptions, fromSamples: boolean): MeasureOptions {
  if (!fromSamples) return o;
  if (o.input !== undefined && o.input !== "counts") {
    throw usageError(
      `--from-samples counts observed outcomes, so --input ${o.input} does not apply`,
    );
  }
  return { ...o, input: "counts" };
}

/**
 * Zips two chunk streams of P and Q (equal chunk sizes by construction) and calls `each` on every
 * pair, with the offset of the pair's first value. Refuses different lengths with both totals.
 */
export async function zipStreams(
  a: AsyncGenerator<Chunk>,
  b: AsyncGenerator<Chunk>,
  each: (pc: Chunk, qc: Chunk, offset: number) => void,
): Promise<number> {
  let offset = 0;
  let na = 0;
  let nb = 0;
  try {
    for (;;) {
      const [ra, rb] = await Promise.all([a.next(), b.next()]);
      if (ra.done && rb.done) break;
      const ca = ra.done ? undefined : ra.value;
      const cb = rb.done ? undefined : rb.value;
      na += ca?.values.length ?? 0;
      nb += cb?.values.length ?? 0;
      if (!ca || !cb || ca.values.length !== cb.values.length) {
        for (let r = await a.next(); !r.done; r = await a.next()) na += r.value.values.length;
        for (let r = await b.next(); !r.done; r = await b.next()) nb += r.value.values.length;
        throw dataError(
          `Q has length ${nb} but P has length ${na}: both must give one value per outcome`,
        );
      }
      if (ca.labels && cb.labels) {
        for (let i = 0; i < ca.labels.length; i++) {
          if (ca.labels[i] !== cb.labels[i]) {
            throw dataError(
              `P's outcome ${offset + i} is ${JSON.stringify(ca.labels[i])} but Q's is ${JSON.stringify(cb.labels[i])}: both must list the same outcomes in the same order`,
            );
          }
        }
      }
      each(ca, cb, offset);
      offset += ca.values.length;
    }
  } finally {
    await Promise.all([a.return(undefined), b.return(undefined)]);
  }
  return offset;
}

export { parseSpec, streamVector };
