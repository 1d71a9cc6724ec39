import { dataError, usageError } from "../errors.js";
import { readMatrix } from "./matrix.js";
import { readSamples, sortOutcomes } from "./samples.js";
import { isStdin, parseSpec } from "./spec.js";
import type { Chunk, MatrixInput, ReadContext, SourceSpec, VectorInput } from "./types.js";
import { readVector } from "./vector.js";

/** Checks that at most one input reads standard input. */
export function checkStdin(specs: SourceSpec[]): void {
  if (specs.filter(isStdin).length > 1)
    throw usageError("only one input can be - (standard input)");
}

function mismatch(i: number, p: string | undefined, q: string | undefined) {
  return dataError(
    `P's outcome ${i} is ${JSON.stringify(p)} but Q's is ${JSON.stringify(q)}: both must list the same outcomes in the same order`,
  );
}

/** Checks that two lists of outcome labels agree, from outcome `offset` on. */
function checkLabels(p: string[] | undefined, q: string[] | undefined, offset = 0): void {
  if (!p || !q) return;
  const n = Math.min(p.length, q.length);
  for (let i = 0; i < n; i++) if (p[i] !== q[i]) throw mismatch(offset + i, p[i], q[i]);
}

/** Reads one input whole (or, with `fromSamples`, the counts of its observed outcomes). */
export async function readOne(
  word: string,
  role: string,
  ctx: ReadContext,
  fromSamples: boolean,
): Promise<VectorInput> {
  const spec = parseSpec(word);
  if (!fromSamples) return readVector(spec, role, ctx);
  const s = await readSamples(spec, role, ctx);
  const labels = sortOutcomes(s.counts.keys());
  const values = Float64Array.from(labels, (l) => s.counts.get(l) ?? 0);
  return { name: spec.name, values, labels, lines: undefined };
}

/**
 * Reads P and Q whole. With `fromSamples`, each is a column of observed outcomes, counted over the
 * union of the outcomes seen in either (an outcome never seen in one gets count 0 there).
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
  checkLabels(p.labels, q.labels);
  return { p, q };
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

/**
 * Zips two chunk streams of P and Q (equal chunk sizes by construction) and calls `each` on every
 * pair, with the offset of the pair's first value. Refuses different lengths with both totals, and
 * outcome labels that differ.
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
      checkLabels(ca.labels, cb.labels, offset);
      each(ca, cb, offset);
      offset += ca.values.length;
    }
  } finally {
    await Promise.all([a.return(undefined), b.return(undefined)]);
  }
  return offset;
}
