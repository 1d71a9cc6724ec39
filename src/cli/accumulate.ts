import type { MeasureOptions } from "../index.js";
import { usageError } from "./errors.js";
import type { Output } from "./io.js";
import { Progress } from "./progress.js";
import type { ZeroInQCollector } from "./readers/align.js";
import { streamColumns } from "./readers/columns.js";
import { zipStreams } from "./readers/pair.js";
import { isStdin, isStreamed } from "./readers/spec.js";
import type { Chunk, ReadContext, SourceSpec } from "./readers/types.js";
import { streamVector } from "./readers/vector.js";
import { lib, type Role } from "./refusal.js";
import { smooth } from "./smoothing.js";

/** A library accumulator of one input (entropy) or of a pair (KL, cross-entropy). */
interface Accumulator<A extends unknown[]> {
  add(...chunks: A): unknown;
  value(): number;
}

/** A role whose `line` reads the line numbers of the chunk being added. */
function chunkRole(label: string, name: string, at: { chunk?: Chunk; offset: number }): Role {
  return { label, name, line: (i) => at.chunk?.lines?.[i - at.offset] };
}

/**
 * Streams one input through an accumulator in chunks, with a progress bar on `stderr` for big
 * files; a refused value is named by its file and line. Returns the accumulator's value.
 */
export async function accumulateOne(
  spec: SourceSpec,
  acc: Accumulator<[Float64Array]>,
  read: ReadContext,
  stderr: Output,
  options: MeasureOptions,
): Promise<number> {
  const at: { chunk?: Chunk; offset: number } = { offset: 0 };
  const roles = { p: chunkRole("P", spec.name, at) };
  const progress = await Progress.open(stderr);
  try {
    for await (const c of streamVector(spec, "P", { ...read, progress })) {
      at.chunk = c;
      lib(roles, () => acc.add(smooth(c.values, read.smoothing)), options);
      at.offset += c.values.length;
    }
  } finally {
    progress.stop();
  }
  at.chunk = undefined;
  return lib(roles, () => acc.value(), options);
}

/**
 * Streams P and Q through a pair accumulator, chunk for chunk: two columns of one text file in one
 * pass, or two inputs zipped. A refused value is named by its file and line. `--smoothing` is added
 * chunk by chunk; `zeros` collects the outcomes that P allows and Q rules out (named when the result
 * is +∞).
 */
export async function accumulatePair(
  ps: SourceSpec,
  qs: SourceSpec,
  acc: Accumulator<[Float64Array, Float64Array]>,
  read: ReadContext,
  stderr: Output,
  options: MeasureOptions,
  zeros?: ZeroInQCollector,
): Promise<number> {
  if (isStdin(ps) && isStdin(qs) && !(ps.kind === "file" && ps.format === "csv")) {
    throw usageError(
      "only one input can be - (standard input); two columns of one CSV on stdin: -#a -#b",
    );
  }
  const pAt: { chunk?: Chunk; offset: number } = { offset: 0 };
  const qAt: { chunk?: Chunk; offset: number } = { offset: 0 };
  const roles = { p: chunkRole("P", ps.name, pAt), q: chunkRole("Q", qs.name, qAt) };
  const progress = await Progress.open(stderr);
  const ctx = { ...read, progress };
  const each = (a: Chunk, b: Chunk, offset: number): void => {
    pAt.chunk = a;
    qAt.chunk = b;
    pAt.offset = offset;
    qAt.offset = offset;
    const pv = smooth(a.values, read.smoothing);
    const qv = smooth(b.values, read.smoothing);
    zeros?.add(pv, qv, a.labels ?? b.labels, offset);
    lib(roles, () => acc.add(pv, qv), options);
  };
  try {
    if (isStreamed(ps) && isStreamed(qs) && ps.path === qs.path && ps.format === qs.format) {
      let offset = 0;
      for await (const [a, b] of streamColumns([ps, qs], ["P", "Q"], ctx)) {
        each(a as Chunk, b as Chunk, offset);
        offset += (a as Chunk).values.length;
      }
    } else {
      await zipStreams(streamVector(ps, "P", ctx), streamVector(qs, "Q", ctx), each);
    }
  } finally {
    progress.stop();
  }
  pAt.chunk = undefined;
  qAt.chunk = undefined;
  return lib(roles, () => acc.value(), options);
}
