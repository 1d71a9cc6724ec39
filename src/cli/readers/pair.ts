import { dataError, usageError } from "../errors.js";
import { smooth } from "../smoothing.js";
import { alignByLabel } from "./align.js";
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

/**
 * Thrown by {@link zipStreams} when two labelled streams list their outcomes differently: they are
 * then read whole and matched by label (see {@link readPair}).
 */
export class LabelsDiffer extends Error {
  constructor() {
    super("the outcome labels of P and Q differ: match them by label");
    this.name = "LabelsDiffer";
  }
}

/** Whether two lists of outcome labels agree (true when either input has none). */
function labelsAgree(p: string[] | undefined, q: string[] | undefined): boolean {
  if (!p || !q) return true;
  if (p.length !== q.length) return false;
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return false;
  return true;
}

/** Reads one input whole (or, with `fromSamples`, the counts of its observed outcomes). */
export async function readOne(
  word: string,
  role: string,
  ctx: ReadContext,
  fromSamples: boolean,
): Promise<VectorInput> {
  const spec = parseSpec(word);
  if (!fromSamples) {
    const v = await readVector(spec, role, ctx);
    return { ...v, values: smooth(v.values, ctx.smoothing) };
  }
  const s = await readSamples(spec, role, ctx);
  const labels = sortOutcomes(s.counts.keys());
  const values = Float64Array.from(labels, (l) => s.counts.get(l) ?? 0);
  return { name: spec.name, values: smooth(values, ctx.smoothing), labels, lines: undefined };
}

/**
 * Reads P and Q whole. With `fromSamples`, each is a column of observed outcomes, counted over the
 * union of the outcomes seen in either (an outcome never seen in one gets count 0 there). Labelled
 * inputs (a CSV label column, a JSON object keyed by outcome) are matched by label on the union of
 * their labels (see {@link alignByLabel}); `--smoothing` is added after that.
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
    const pv = smooth(
      Float64Array.from(labels, (l) => a.counts.get(l) ?? 0),
      ctx.smoothing,
    );
    const qv = smooth(
      Float64Array.from(labels, (l) => b.counts.get(l) ?? 0),
      ctx.smoothing,
    );
    return {
      p: { name: ps.name, values: pv, labels, lines: undefined },
      q: { name: qs.name, values: qv, labels, lines: undefined },
    };
  }
  const aligned = alignByLabel(
    await readVector(ps, "P", ctx),
    await readVector(qs, "Q", ctx),
    ctx.input,
  );
  if (!ctx.smoothing) return aligned;
  const { p, q } = aligned;
  return {
    p: { ...p, values: smooth(p.values, ctx.smoothing) },
    q: { ...q, values: smooth(q.values, ctx.smoothing) },
  };
}

/** One row repeated `rows` times (a 1-row input broadcast against a matrix). */
function broadcast(m: MatrixInput, rows: number): MatrixInput {
  const data = new Float64Array(rows * m.columns);
  for (let r = 0; r < rows; r++) data.set(m.data.subarray(0, m.columns), r * m.columns);
  return { ...m, data, rows, rowLabels: undefined };
}

/**
 * Reads two matrices of rows and checks they have the same shape; a single row (a plain vector, or
 * a matrix of one row) is broadcast against the other's rows: one Q against many P rows, or the
 * reverse.
 */
export async function readMatrixPair(
  pWord: string,
  qWord: string,
  ctx: ReadContext,
): Promise<{ p: MatrixInput; q: MatrixInput }> {
  const ps = parseSpec(pWord);
  const qs = parseSpec(qWord);
  checkStdin([ps, qs]);
  let p = await readMatrix(ps, "P", ctx);
  let q = await readMatrix(qs, "Q", ctx);
  if (p.columns === q.columns && p.rows !== q.rows) {
    if (p.rows === 1) p = { ...broadcast(p, q.rows), broadcast: true };
    else if (q.rows === 1) q = { ...broadcast(q, p.rows), broadcast: true };
  }
  if (p.rows !== q.rows || p.columns !== q.columns) {
    throw dataError(
      `Q has ${q.rows} rows × ${q.columns} columns but P has ${p.rows} × ${p.columns}: both must give one row per case and one value per outcome`,
    );
  }
  return { p, q };
}

/**
 * Zips two chunk streams of P and Q (equal chunk sizes by construction) and calls `each` on every
 * pair, with the offset of the pair's first value. Refuses different lengths with both totals; throws
 * {@link LabelsDiffer} when labelled streams list different outcomes (the caller matches them by
 * label).
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
        if (ca?.labels && cb?.labels) throw new LabelsDiffer();
        for (let r = await a.next(); !r.done; r = await a.next()) na += r.value.values.length;
        for (let r = await b.next(); !r.done; r = await b.next()) nb += r.value.values.length;
        throw dataError(
          `Q has length ${nb} but P has length ${na}: both must give one value per outcome`,
        );
      }
      if (!labelsAgree(ca.labels, cb.labels)) throw new LabelsDiffer();
      each(ca, cb, offset);
      offset += ca.values.length;
    }
  } finally {
    await Promise.all([a.return(undefined), b.return(undefined)]);
  }
  return offset;
}
