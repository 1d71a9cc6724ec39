import { fastPathInfo, type MeasureOptions, setFastThreads } from "../index.js";
import { usageError } from "./errors.js";
import type { Output } from "./io.js";
import { Progress } from "./progress.js";
import type { ZeroInQCollector } from "./readers/align.js";
import { streamColumns } from "./readers/columns.js";
import { zipStreams } from "./readers/pair.js";
import { isStdin, isStreamed } from "./readers/spec.js";
import { CHUNK, type Chunk, type ReadContext, type SourceSpec } from "./readers/types.js";
import { streamVector } from "./readers/vector.js";
import { lib, type Role } from "./refusal.js";
import { smooth } from "./smoothing.js";

/** A library accumulator of one input (entropy) or of a pair (KL, cross-entropy). */
interface Accumulator<A extends unknown[]> {
  add(...chunks: A): unknown;
  value(): number;
}

/**
 * Worker threads join a streamed computation only when its computing (the library's calls, not
 * the reading and parsing, which stay on this thread) would take longer than
 * {@link THREADS_WORTH_MS} from here on, judged from the share of the bytes read so far and the
 * time the calls took for it. A Node worker takes ~90 ms to start on this kind of machine (2
 * cores, a virtual machine), longer than KL of two 10⁷-element `.npy` files takes on one thread
 * (~55 ms), and starting one slows the calling thread meanwhile: end to end, that command took
 * 236 ms on one thread, 252 ms with a worker started at the first chunk, 264 ms with one started
 * before the CLI loaded (medians of 21 runs); a CSV file's parsing gains nothing from a worker.
 * The results do not depend on the thread count (fixed chunking).
 */
export const THREADS_WORTH_MS = 150;

/**
 * Milliseconds of computing before the remaining time is estimated: the first calls run the
 * kernels' baseline code while V8 optimizes them, and would make the rest look longer than it is.
 */
const ESTIMATE_AFTER_MS = 20;

/**
 * Whether worker threads are worth starting for a stream whose library calls took `spent` ms for
 * the share `fraction` of its bytes (undefined: size unknown): when the rest, at the same pace,
 * would take at least {@link THREADS_WORTH_MS} (without a size: once they have taken that long).
 */
export function threadsWorthIt(spent: number, fraction: number | undefined): boolean {
  if (spent < ESTIMATE_AFTER_MS) return false;
  const left =
    fraction === undefined ? spent : fraction > 0 ? (spent * (1 - fraction)) / fraction : 0;
  return left >= THREADS_WORTH_MS;
}

/**
 * Runs a stream with worker threads off until its remaining computing is worth them (see
 * {@link threadsWorthIt}). `compute` runs one library call and decides; the thread setting is
 * restored at the end.
 */
async function lateThreads(
  progress: Progress,
  run: (compute: (call: () => void) => void) => Promise<void>,
): Promise<void> {
  const threads = fastPathInfo().threads;
  if (threads === 1) return run((call) => call());
  let spent = 0;
  let late = false;
  setFastThreads(1);
  try {
    await run((call) => {
      if (late) return call();
      const t0 = performance.now();
      try {
        call();
      } finally {
        spent += performance.now() - t0;
      }
      if (threadsWorthIt(spent, progress.fraction())) {
        late = true;
        setFastThreads(threads);
      }
    });
  } finally {
    setFastThreads(threads);
  }
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
  // One array for the smoothed chunks of the stream (each is used before the next one comes).
  const scratch = read.smoothing ? new Float64Array(CHUNK) : undefined;
  const progress = await Progress.open(stderr);
  try {
    await lateThreads(progress, async (compute) => {
      for await (const c of streamVector(spec, "P", { ...read, progress })) {
        at.chunk = c;
        const values = smooth(c.values, read.smoothing, scratch);
        compute(() => lib(roles, () => acc.add(values), options));
        at.offset += c.values.length;
      }
    });
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
  const scratch = read.smoothing ? [new Float64Array(CHUNK), new Float64Array(CHUNK)] : undefined;
  const progress = await Progress.open(stderr);
  const ctx = { ...read, progress };
  try {
    await lateThreads(progress, async (compute) => {
      const each = (a: Chunk, b: Chunk, offset: number): void => {
        pAt.chunk = a;
        qAt.chunk = b;
        pAt.offset = offset;
        qAt.offset = offset;
        const pv = smooth(a.values, read.smoothing, scratch?.[0]);
        const qv = smooth(b.values, read.smoothing, scratch?.[1]);
        zeros?.add(pv, qv, a.labels ?? b.labels, offset);
        compute(() => lib(roles, () => acc.add(pv, qv), options));
      };
      if (isStreamed(ps) && isStreamed(qs) && ps.path === qs.path && ps.format === qs.format) {
        let offset = 0;
        for await (const [a, b] of streamColumns([ps, qs], ["P", "Q"], ctx)) {
          each(a as Chunk, b as Chunk, offset);
          offset += (a as Chunk).values.length;
        }
      } else {
        await zipStreams(streamVector(ps, "P", ctx), streamVector(qs, "Q", ctx), each);
      }
    });
  } finally {
    progress.stop();
  }
  pAt.chunk = undefined;
  qAt.chunk = undefined;
  return lib(roles, () => acc.value(), options);
}
