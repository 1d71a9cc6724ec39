/**
 * The accelerated implementations of the hooks of src/numeric/fast-hooks.ts: the same states as the
 * TypeScript kernels of src/numeric/kernels.ts, computed by the WebAssembly SIMD kernels in fixed
 * chunks (merged in chunk order), on one thread or several.
 */

import { ENTL, entropyLogChunk, entropyLogMerge } from "../numeric/entropy-log-kernel.js";
import { SPLITTER, twoSumError } from "../numeric/error-free.js";
import { fastHooks } from "../numeric/fast-hooks.js";
import { addFusedEntropy, ENT, entropyChunk, KL, klChunk } from "../numeric/kernels.js";
import { KLL, klLogChunk, klLogMergeAll } from "../numeric/kl-log-kernel.js";
import { logRatio } from "../numeric/phi.js";
import { compensatedAdd, compensatedMerge } from "../numeric/sum.js";
import { ensureBase, type JobResult, threadsFor as poolThreadsFor, runJob } from "./pool.js";
import { JOB_KIND, modelRecordBytes, STATE_BYTES } from "./protocol.js";
import {
  getRuntime,
  inMemory,
  type KernelExports,
  mem,
  privateRuntime,
  Scratch,
} from "./runtime.js";

/** Elements per chunk (KL, entropy): the unit of reproducible summation and of work sharing. */
export const KERNEL_CHUNK = 32768;
/** Below this many elements a call stays on the calling thread (waking a worker costs ≈ 60 µs). */
export const THREAD_MIN = 2 * KERNEL_CHUNK;

type Floats = Float64Array | Float32Array;

/** Adds a kernel's KL chunk state (G, Sp, Sq, δ as hi/lo pairs, then the +∞ count) at f64[o]. */
function addKlChunk(s: Float64Array, f64: Float64Array, o: number): void {
  for (let i = KL.G; i <= KL.D; i += 2) compensatedMerge(s, i, f64[o + i], f64[o + i + 1]);
  s[KL.INF] += f64[o + 8];
}

/** Index of the first element of a or b in [start, end) that is negative or not finite, else −1. */
function firstInvalid(a: Floats, b: Floats | undefined, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const x = a[i];
    if (!(x >= 0 && x < Number.POSITIVE_INFINITY)) return i;
    if (b !== undefined) {
      const y = b[i];
      if (!(y >= 0 && y < Number.POSITIVE_INFINITY)) return i;
    }
  }
  return -1;
}

/** Threads for a job of `elements`: 1 below THREAD_MIN, else the caller's choice or the default. */
const tileScratch = new Scratch();

/**
 * The inputs of a job over `rows` rows of `columns` elements, as {@link source} gives them, where
 * one of `a`, `b` may be a single row broadcast against the other's rows: that row is repeated
 * `rows` times in a scratch of the kernels' memory (a copy per call, at the speed of memory; the
 * kernels then read it in place as any matrix). Undefined when the shapes do not fit, the memory
 * cannot hold the copy, or the memory is not shared (a later growth would detach the copy's view).
 */
function rowSource(
  a: Floats,
  b: Floats | undefined,
  rows: number,
  columns: number,
): ReturnType<typeof source> | undefined {
  const n = rows * columns;
  if (b === undefined || (a.length === n && b.length === n))
    return a.length === n ? source(a, b, 0) : undefined;
  const tileA = a.length === columns && b.length === n;
  if (!tileA && !(b.length === columns && a.length === n)) return undefined;
  const row = tileA ? a : b;
  if (!getRuntime()!.shared || a instanceof Float32Array !== b instanceof Float32Array)
    return undefined;
  const bpe = row.BYTES_PER_ELEMENT;
  const ptr = tileScratch.ensure(n * bpe);
  if (ptr < 0) return undefined;
  const m = mem();
  const tiled =
    row instanceof Float32Array
      ? m.f32.subarray(ptr >> 2, (ptr >> 2) + n)
      : m.f64.subarray(ptr >> 3, (ptr >> 3) + n);
  tiled.set(row);
  // Doubling copies within the scratch: log₂(rows) moves instead of one per row.
  for (let have = columns; have < n; have *= 2) tiled.copyWithin(have, 0, Math.min(have, n - have));
  return tileA ? source(tiled, b, 0) : source(a, tiled, 0);
}

function threadsFor(elements: number, threads?: number): number {
  return elements >= THREAD_MIN ? poolThreadsFor(threads) : 1;
}

/** A job reading `a` (and `b`) from `start`: in place when both live in the kernels' memory. */
function source(
  a: Floats,
  b: Floats | undefined,
  start: number,
): {
  f32: boolean;
  ptrA: number;
  ptrB: number;
  srcA?: Floats;
  srcB?: Floats;
  srcOffset: number;
} {
  const f32 = a instanceof Float32Array && (b === undefined || b instanceof Float32Array);
  const sameType = b === undefined || a instanceof Float32Array === b instanceof Float32Array;
  if (sameType && inMemory(a) && (b === undefined || inMemory(b))) {
    const bpe = a.BYTES_PER_ELEMENT;
    return {
      f32,
      ptrA: a.byteOffset + start * bpe,
      ptrB: b === undefined ? 0 : b.byteOffset + start * bpe,
      srcOffset: 0,
    };
  }
  return { f32, ptrA: 0, ptrB: 0, srcA: a, srcB: b, srcOffset: start };
}

/**
 * KL state over p[start..end), q[start..end) (the `klChunk` hook), with Q scaled by the state's λ
 * (index KL.LAMBDA; λ = 1 takes the plain kernel). Returns −1, or the index of the first invalid
 * element with the state untouched.
 */
export function klChunkFast(
  p: Floats,
  q: Floats,
  start: number,
  end: number,
  s: Float64Array,
  threads?: number,
): number {
  const n = end - start;
  if (n <= 0) return -1;
  const lambda = s[KL.LAMBDA];
  // The kernels split λ (Veltkamp) as twoProductError does, which needs 2^27·λ below 1e300.
  if (!(lambda > 0 && lambda * SPLITTER < 1e300)) return klChunkScalar(p, q, start, end, s);
  if (n <= KERNEL_CHUNK) return klSmall(p, q, start, end, s);
  const src = source(p, q, start);
  const res = runJob(
    { kind: JOB_KIND.KL, n, chunk: KERNEL_CHUNK, cols: 1, out: 0, m: lambda, ...src },
    threadsFor(n, threads),
  );
  if (res === undefined) return klChunkScalar(p, q, start, end, s);
  if (res.suspicious) {
    const bad = firstInvalid(p, q, start, end);
    if (bad >= 0) return bad;
  }
  const f64 = mem().f64;
  for (let c = 0; c < res.nchunks; c++) addKlChunk(s, f64, (res.states >> 3) + c * 10);
  s[KL.N] += n;
  return -1;
}

/**
 * The states of a log-domain chunk kernel (`kind` KL_LOG or ENT_LOG) over a[start..end) (and b):
 * one call on the calling thread up to {@link KERNEL_CHUNK} elements, else a job in fixed chunks on
 * the threads; each chunk's state copied out, in chunk order. Undefined when a chunk is declined
 * (the kernel's flag) or memory runs out: the caller then runs the TypeScript loop.
 */
function logChunkStates(
  kind: typeof JOB_KIND.KL_LOG | typeof JOB_KIND.ENT_LOG,
  a: Floats,
  b: Floats | undefined,
  start: number,
  end: number,
  threads: number | undefined,
  run: (k: KernelExports, pa: number, pb: number, n: number, st: number, f32: boolean) => number,
): Float64Array[] | undefined {
  const n = end - start;
  const words = STATE_BYTES[kind] >> 3;
  if (n <= 0) return undefined;
  if (n <= KERNEL_CHUNK) {
    const one = single(a, b, start, end, STATE_BYTES[kind] + 8);
    if (one === undefined || run(one.k, one.pa, one.pb, n, one.st, one.f32) !== 0) return undefined;
    return [one.f64.slice(one.st >> 3, (one.st >> 3) + words)];
  }
  const res = runJob(
    { kind, n, chunk: KERNEL_CHUNK, cols: 1, out: 0, m: 0, ...source(a, b, start) },
    threadsFor(n, threads),
  );
  if (res === undefined || res.suspicious) return undefined;
  const f64 = mem().f64;
  const parts: Float64Array[] = [];
  for (let c = 0; c < res.nchunks; c++) {
    const o = (res.states >> 3) + c * words;
    parts.push(f64.slice(o, o + words));
  }
  return parts;
}

/** klLogChunk on the TypeScript loop (the hook taken out for the call). */
function klLogChunkScalar(
  z: Floats,
  w: Floats,
  start: number,
  end: number,
  s: Float64Array,
): number {
  const hook = fastHooks.klLogChunk;
  fastHooks.klLogChunk = undefined;
  try {
    return klLogChunk(z, w, start, end, s);
  } finally {
    fastHooks.klLogChunk = hook;
  }
}

/**
 * The log-domain KL state of logits or log-probabilities over z[start..end), w[start..end) (the
 * `klLogChunk` hook): fixed chunks of {@link KERNEL_CHUNK}, each with its own offset and scale
 * (assembly/kl-logits.ts, as the TypeScript loop forms one chunk), on the threads, merged into `s`
 * by the chain rule, all at once (klLogMergeAll), so the result does not depend on the thread count.
 * A chunk the kernel declines (NaN or +∞, or one side all −∞) sends the whole range to the loop,
 * which handles the latter and returns the index of the former.
 */
export function klLogChunkFast(
  z: Floats,
  w: Floats,
  start: number,
  end: number,
  s: Float64Array,
  threads?: number,
): number {
  if (z instanceof Float32Array !== w instanceof Float32Array)
    return klLogChunkScalar(z, w, start, end, s);
  const parts = logChunkStates(
    JOB_KIND.KL_LOG,
    z,
    w,
    start,
    end,
    threads,
    (k, pa, pb, n, st, f32) =>
      f32 ? k.klLogChunkF32(pa, pb, n, st) : k.klLogChunkF64(pa, pb, n, st),
  );
  if (parts === undefined) return klLogChunkScalar(z, w, start, end, s);
  klLogMergeAll(
    s,
    parts.map((p) => p.subarray(0, KLL.SIZE)),
  );
  return -1;
}

/** entropyLogChunk on the TypeScript loop (the hook taken out for the call). */
function entropyLogChunkScalar(z: Floats, start: number, end: number, s: Float64Array): number {
  const hook = fastHooks.entropyLogChunk;
  fastHooks.entropyLogChunk = undefined;
  try {
    return entropyLogChunk(z, start, end, s);
  } finally {
    fastHooks.entropyLogChunk = hook;
  }
}

/**
 * Merges a chunk's entropy sums [m, k, rest_hi, rest_lo, T_hi, T_lo] at f64[o] (the count k of
 * logits equal to the chunk's maximum m apart, so that S − 1 keeps its digits) into the log-domain
 * entropy state `s`, for `n` elements: S = k + rest formed exactly (TwoSum).
 */
function mergeEntropyLog(s: Float64Array, f64: Float64Array, o: number, n: number): void {
  const k = f64[o + 1] as number;
  const restHi = f64[o + 2] as number;
  const sHi = k + restHi;
  const t = new Float64Array(ENTL.SIZE);
  t[ENTL.M] = f64[o] as number;
  t[ENTL.S] = sHi;
  t[ENTL.S + 1] = twoSumError(k, restHi, sHi) + (f64[o + 3] as number);
  t[ENTL.T] = f64[o + 4] as number;
  t[ENTL.T + 1] = f64[o + 5] as number;
  t[ENTL.N] = n;
  entropyLogMerge(s, t);
}

/**
 * The log-domain entropy state of logits or log-probabilities over z[start..end) (the
 * `entropyLogChunk` hook): fixed chunks of {@link KERNEL_CHUNK}, each relative to its own maximum
 * (assembly/entropy-logits.ts), on the threads, merged into `s` in chunk order (entropyLogMerge).
 * A chunk the kernel declines (NaN or +∞, or all −∞) sends the whole range to the loop.
 */
export function entropyLogChunkFast(
  z: Floats,
  start: number,
  end: number,
  s: Float64Array,
  threads?: number,
): number {
  const parts = logChunkStates(
    JOB_KIND.ENT_LOG,
    z,
    undefined,
    start,
    end,
    threads,
    (k, pa, _pb, n, st, f32) =>
      f32 ? k.entropyLogChunkF32(pa, n, st) : k.entropyLogChunkF64(pa, n, st),
  );
  if (parts === undefined) return entropyLogChunkScalar(z, start, end, s);
  parts.forEach((p, c) => {
    mergeEntropyLog(s, p, 0, Math.min(KERNEL_CHUNK, end - start - c * KERNEL_CHUNK));
  });
  return -1;
}

/** Where a one-chunk call runs on the calling thread: its kernels, memory view, state and inputs. */
interface Single {
  k: KernelExports;
  f64: Float64Array;
  st: number;
  pa: number;
  pb: number;
  f32: boolean;
}

const singleState = new Scratch();

/**
 * Places a[start..end) (and b) for a call on the calling thread: in place when they live in the
 * shared memory, else copied into the private plain-memory instance (a plain memcpy; see
 * privateRuntime), else copied into the shared memory. The state area holds `stateBytes` bytes
 * (at most 512). Undefined
 * when no memory can hold them.
 */
function single(
  a: Floats,
  b: Floats | undefined,
  start: number,
  end: number,
  stateBytes = 80,
): Single | undefined {
  const n = end - start;
  const f32 = a instanceof Float32Array && (b === undefined || b instanceof Float32Array);
  const sameType = b === undefined || a instanceof Float32Array === b instanceof Float32Array;
  if (sameType && inMemory(a) && (b === undefined || inMemory(b))) {
    ensureBase();
    const st = singleState.ensure(stateBytes);
    if (st < 0) return undefined;
    const bpe = a.BYTES_PER_ELEMENT;
    const pb = b === undefined ? 0 : b.byteOffset + start * bpe;
    const k = getRuntime()!.kernels;
    return { k, f64: mem().f64, st, pa: a.byteOffset + start * bpe, pb, f32 };
  }
  const bpe = f32 ? 4 : 8;
  const half = Math.ceil((n * bpe) / 16) * 16;
  const bytes = b === undefined ? half : 2 * half;
  const pr = privateRuntime(bytes);
  let r: Single;
  let view: Floats;
  if (pr !== undefined) {
    r = { k: pr.kernels, f64: pr.f64, st: pr.state, pa: pr.data, pb: pr.data + half, f32 };
    view = f32 ? pr.f32 : pr.f64;
  } else {
    ensureBase();
    const st = singleState.ensure(stateBytes);
    const pa = small.ensure(bytes);
    if (pa < 0 || st < 0) return undefined;
    const m = mem();
    r = { k: getRuntime()!.kernels, f64: m.f64, st, pa, pb: pa + half, f32 };
    view = f32 ? m.f32 : m.f64;
  }
  const whole = start === 0 && end === a.length && (b === undefined || end === b.length);
  view.set(whole ? a : a.subarray(start, end), r.pa / bpe);
  if (b !== undefined) view.set(whole ? b : b.subarray(start, end), r.pb / bpe);
  return r;
}

const small = new Scratch();

/**
 * One chunk on the calling thread without the job machinery (per-call overhead of a few hundred
 * nanoseconds): the same kernel call on the same range as a one-chunk job, so the same result.
 */
function klSmall(p: Floats, q: Floats, start: number, end: number, s: Float64Array): number {
  const n = end - start;
  const r = single(p, q, start, end);
  if (r === undefined) return klChunkScalar(p, q, start, end, s);
  const { k, st, pa, pb, f32 } = r;
  k.clear(st, 80);
  const lambda = s[KL.LAMBDA];
  let flag: number;
  if (lambda === 1) flag = f32 ? k.klF32(pa, pb, n, st) : k.klF64(pa, pb, n, st);
  else flag = f32 ? k.klScaledF32(pa, pb, n, lambda, st) : k.klScaledF64(pa, pb, n, lambda, st);
  if (flag !== 0) {
    const bad = firstInvalid(p, q, start, end);
    if (bad >= 0) return bad;
  }
  addKlChunk(s, r.f64, st >> 3);
  s[KL.N] += n;
  return -1;
}

/** The TypeScript kernel, with the hook set aside (when the kernels' memory cannot hold a job). */
function klChunkScalar(p: Floats, q: Floats, start: number, end: number, s: Float64Array): number {
  const hook = fastHooks.klChunk;
  fastHooks.klChunk = undefined;
  try {
    return klChunk(p, q, start, end, s);
  } finally {
    fastHooks.klChunk = hook;
  }
}

function entropyChunkScalar(x: Floats, start: number, end: number, s: Float64Array): number {
  const hook = fastHooks.entropyChunk;
  fastHooks.entropyChunk = undefined;
  try {
    return entropyChunk(x, start, end, s);
  } finally {
    fastHooks.entropyChunk = hook;
  }
}

/**
 * Entropy state over x[start..end) (the `entropyChunk` hook): one pass over the inputs in fixed chunks
 * of {@link KERNEL_CHUNK}, each with its own maximum (assembly/entropy-fused.ts), merged in chunk order
 * (the same bits for any thread count).
 */
export function entropyChunkFast(
  x: Floats,
  start: number,
  end: number,
  s: Float64Array,
  threadsOption?: number,
  bound = 0,
): number {
  const n = end - start;
  if (n <= 0) return -1;
  if (n <= KERNEL_CHUNK) return entropySmall(x, start, end, s, bound);
  const src = source(x, undefined, start);
  const res = runJob(
    { kind: JOB_KIND.ENTROPY, n, chunk: KERNEL_CHUNK, cols: 1, out: 0, m: bound, ...src },
    threadsFor(n, threadsOption),
  );
  if (res === undefined) return entropyChunkScalar(x, start, end, s);
  if (res.suspicious) {
    const bad = firstInvalid(x, undefined, start, end);
    if (bad >= 0) return bad;
  }
  const f64 = mem().f64;
  for (let c = 0; c < res.nchunks; c++) addFusedEntropy(s, f64, (res.states >> 3) + c * 5);
  s[ENT.N] += n;
  return -1;
}

/**
 * {@link entropyChunkFast} for one chunk on the calling thread without the job machinery: the same
 * kernel call on the same range as a one-chunk job, so the same result.
 */
function entropySmall(
  x: Floats,
  start: number,
  end: number,
  s: Float64Array,
  bound: number,
): number {
  const n = end - start;
  const r = single(x, undefined, start, end);
  if (r === undefined) return entropyChunkScalar(x, start, end, s);
  const { k, f64, st, pa, f32 } = r;
  const flag = f32 ? k.entropyAutoF32(pa, n, bound, st) : k.entropyAutoF64(pa, n, bound, st);
  if (flag !== 0) {
    const bad = firstInvalid(x, undefined, start, end);
    if (bad >= 0) return bad;
  }
  addFusedEntropy(s, f64, st >> 3);
  s[ENT.N] += n;
  return -1;
}

const outScratch = new Scratch();

/**
 * One value per row of logits into `out` (rows in fixed chunks of ⌈32,768 / columns⌉, so the values
 * do not depend on the thread count): the KL of rows of `p` against rows of `q` (assembly/
 * kl-logits.ts), or with `q` undefined the entropy of rows of `p` (assembly/entropy-logits.ts, the
 * job's mode 1); with `masses`, the rows' log masses log Σ e^z (and log Σ e^w) into
 * `masses[2r ..]`. Returns −1, or 0 when the rows are left to the TypeScript path (an invalid element, a row that is all −∞, inputs of two different float types, or
 * memory that cannot hold the job): that path then raises the precise error or computes the value.
 */
function logitsRows(
  p: Floats,
  q: Floats | undefined,
  rows: number,
  columns: number,
  out: Float64Array,
  threads?: number,
  masses?: Float64Array,
): number {
  if (q !== undefined && p instanceof Float32Array !== q instanceof Float32Array) return 0;
  if (rows === 0) return 0;
  const outPtr = outScratch.ensure(rows * 32);
  if (outPtr < 0) return 0;
  const src = rowSource(p, q, rows, columns); // one row of p or q may be broadcast
  if (src === undefined) return 0;
  const chunk = Math.max(1, Math.floor(KERNEL_CHUNK / columns));
  const res = runJob(
    {
      kind: JOB_KIND.LOGITS,
      n: rows,
      chunk,
      cols: columns,
      out: outPtr,
      m: 0,
      js: { ip: 0, iq: 0, r: 0, mode: q === undefined ? 1 : 0 },
      ...src,
    },
    threadsFor(rows * columns, threads),
  );
  if (res === undefined || res.suspicious) return 0;
  const f64 = mem().f64;
  for (let r = 0, o = outPtr >> 3; r < rows; r++, o += 4) {
    out[r] = f64[o] as number;
    if (masses !== undefined) {
      masses[2 * r] = f64[o + 1] as number;
      masses[2 * r + 1] = f64[o + 2] as number;
    }
  }
  return -1;
}

/** Row-wise KL of logits (the `klLogitsRows` hook): see {@link logitsRows}. */
export function klLogitsRowsFast(
  p: Floats,
  q: Floats,
  rows: number,
  columns: number,
  out: Float64Array,
  threads?: number,
  masses?: Float64Array,
): number {
  return logitsRows(p, q, rows, columns, out, threads, masses);
}

/** Row-wise entropy of logits in nats (the `entropyLogitsRows` hook): see {@link logitsRows}. */
export function entropyLogitsRowsFast(
  z: Floats,
  rows: number,
  columns: number,
  out: Float64Array,
  threads?: number,
  masses?: Float64Array,
): number {
  return logitsRows(z, undefined, rows, columns, out, threads, masses);
}

const pairScratch = new Scratch();

/**
 * Row-wise Jensen–Shannon (`measure` 0), total variation (1), Hellinger (2) or Rényi of order
 * `alpha` (3; the kernel also declines rows whose |1 − α|·max|log(p̂/q̂)| exceeds 600) of logits or
 * log-probabilities (the `logitPairRows` hook, assembly/logit-pair-rows.ts): per row pair,
 * `out[4r ..]` = [value, log Σ e^z, log Σ e^w, 0]. Rows go in fixed chunks (⌈32,768 / columns⌉
 * rows each), so the values do not depend on the thread count. Returns −1, or a non-negative
 * number when the rows are left to the TypeScript path (an invalid element or a row that is all
 * −∞, two float types, short rows, or memory that cannot hold the job).
 */
export function logitPairRowsFast(
  p: Floats,
  q: Floats,
  rows: number,
  columns: number,
  measure: 0 | 1 | 2 | 3,
  out: Float64Array,
  threads?: number,
  alpha = 0,
): number {
  if (p instanceof Float32Array !== q instanceof Float32Array) return 0;
  if (rows === 0) return 0;
  if (rows === 1 && columns >= LONG_ROW) {
    if (p.length !== columns || q.length !== columns) return 0;
    return logitPairLongFast(p, q, measure, out, threads, alpha) ? -1 : 0;
  }
  const outPtr = pairScratch.ensure(rows * 32);
  if (outPtr < 0) return 0;
  const src = rowSource(p, q, rows, columns); // one row of p or q may be broadcast
  if (src === undefined) return 0;
  const chunk = Math.max(1, Math.floor(KERNEL_CHUNK / columns));
  const res = runJob(
    {
      kind: JOB_KIND.LOGIT_PAIR,
      n: rows,
      chunk,
      cols: columns,
      out: outPtr,
      m: alpha,
      js: { ip: 0, iq: 0, r: 0, mode: measure },
      ...src,
    },
    threadsFor(rows * columns, threads),
  );
  if (res === undefined || res.suspicious) return 0;
  out.set(mem().f64.subarray(outPtr >> 3, (outPtr >> 3) + 4 * rows));
  return -1;
}

/**
 * The prologue of the rows hooks of a pair: one float type, rows of at most one kernel chunk, the
 * scratches ensured (`needs`: each with its bytes; before the broadcast copy of rowSource, so that
 * none grows the memory after it), then the job's inputs. Undefined when declined.
 */
function pairRowsInputs(
  p: Floats,
  q: Floats,
  rows: number,
  columns: number,
  needs: [Scratch, number][],
): ReturnType<typeof source> | undefined {
  if (p instanceof Float32Array !== q instanceof Float32Array) return undefined;
  if (rows === 0 || columns === 0 || columns > KERNEL_CHUNK) return undefined;
  for (const [scratch, bytes] of needs) if (scratch.ensure(bytes) < 0) return undefined;
  return rowSource(p, q, rows, columns); // one row of p or q may be broadcast (one copy)
}

const klRowsScratch = new Scratch();
const entropyRowsScratch = new Scratch();
const pairRowsScratch = new Scratch();
const jsRowsScratch = new Scratch();

/**
 * Jensen–Shannon sums of rows of probabilities or counts (the `jsRows` hook): the rows' totals (one
 * job, as the totals pass forms a vector's), then `fill(totals, records)` writes each row's kernel
 * parameters into its record from its totals (the caller's checks: false declines), then one job
 * of the JS kernel over the rows (as jsSumFast runs a vector's). Returns the records (7 float64 per
 * row, the sum (hi, lo) first) as a view of the kernels' memory, valid until the next kernel call;
 * undefined when declined.
 */
export function jsRowsFast(
  p: Floats,
  q: Floats,
  rows: number,
  columns: number,
  fill: (totals: Float64Array, records: Float64Array) => boolean,
  threads?: number,
): Float64Array | undefined {
  const src = pairRowsInputs(p, q, rows, columns, [
    [jsRowsScratch, rows * 56],
    [pairRowsScratch, rows * 96],
  ]);
  if (src === undefined) return undefined;
  const recPtr = jsRowsScratch.ptr;
  const totals = rowsJob(JOB_KIND.PAIR_ROWS, pairRowsScratch, 96, src, rows, columns, 0, threads);
  if (totals === undefined) return undefined;
  // Views taken after the totals job (which may have grown the memory), used before the next one.
  const records = mem().f64.subarray(recPtr >> 3, (recPtr >> 3) + 7 * rows);
  if (!fill(totals, records)) return undefined;
  const res = runJob(
    {
      kind: JOB_KIND.JS_ROWS,
      n: rows,
      chunk: Math.max(1, Math.floor(KERNEL_CHUNK / columns)),
      cols: columns,
      out: recPtr,
      m: 0,
      ...src,
    },
    threadsFor(rows * columns, threads),
  );
  if (res === undefined) return undefined;
  return mem().f64.subarray(recPtr >> 3, (recPtr >> 3) + 7 * rows);
}

const renyiTotalsScratch = new Scratch();
const renyiRowsScratch = new Scratch();

/**
 * Rényi sums of rows of probabilities or counts (the `renyiRows` hook; order α = 1 − β, the
 * kernel's `mode` of src/measures/renyi.ts): pass 1, one job over the rows, forms each row's totals
 * and the Rényi sums of its raw inputs (18 float64 per row, as `pairTotals` with mode 3 forms a
 * vector's); `fill(totals, records)` then writes the parameters [1/Sp, 1/Sq, shift, λ] of the rows
 * that need the Rényi kernel at `records[16r + 12 .. 16r + 16)` (and 1/Sp = 0 for the others) and returns
 * how many do (−1 declines); pass 2 runs the kernel over those rows (mode with its bit 4 as given),
 * each row's 12 sums at `records[16r .. 16r + 12)`. Returns the records, a view of the kernels'
 * memory valid until the next kernel call; undefined when declined (an element may be invalid, two float types, rows
 * longer than one kernel chunk, memory).
 */
export function renyiRowsFast(
  p: Floats,
  q: Floats,
  rows: number,
  columns: number,
  beta: number,
  mode: number,
  fill: (totals: Float64Array, records: Float64Array) => number,
  threads?: number,
): Float64Array | undefined {
  // Both scratches before the first job, so that neither grows the memory under the other's view.
  const src = pairRowsInputs(p, q, rows, columns, [
    [renyiTotalsScratch, rows * 144],
    [renyiRowsScratch, rows * 128],
  ]);
  if (src === undefined) return undefined;
  const totPtr = renyiTotalsScratch.ptr;
  const recPtr = renyiRowsScratch.ptr;
  const job = {
    n: rows,
    chunk: Math.max(1, Math.floor(KERNEL_CHUNK / columns)),
    cols: columns,
    m: beta,
    js: { ip: 0, iq: 0, r: 0, mode },
    ...src,
  };
  const t = threadsFor(rows * columns, threads);
  const res = runJob({ ...job, kind: JOB_KIND.RENYI_TOTALS_ROWS, out: totPtr }, t);
  if (res === undefined || res.suspicious) return undefined;
  const f64 = mem().f64;
  const records = f64.subarray(recPtr >> 3, (recPtr >> 3) + 16 * rows);
  const need = fill(f64.subarray(totPtr >> 3, (totPtr >> 3) + 18 * rows), records);
  if (need < 0) return undefined;
  if (need > 0) {
    const res2 = runJob({ ...job, kind: JOB_KIND.RENYI_ROWS, out: recPtr }, t);
    if (res2 === undefined) return undefined;
  }
  return mem().f64.subarray(recPtr >> 3, (recPtr >> 3) + 16 * rows);
}

/**
 * The totals and the total-variation (`mode` 1) or Hellinger (2) sums of rows of probabilities or
 * counts (the `pairRows` hook): one job over the rows, each row's as the totals pass forms a
 * vector's (assembly/pair-totals.ts), as a view of the kernels' memory (12 float64 per row: Sp, Sq,
 * δ, A, B as hi/lo pairs, K, 0; valid until the next kernel call); undefined when declined.
 */
export function pairRowsFast(
  p: Floats,
  q: Floats,
  rows: number,
  columns: number,
  mode: 0 | 1 | 2,
  threads?: number,
): Float64Array | undefined {
  const src = pairRowsInputs(p, q, rows, columns, [[pairRowsScratch, rows * 96]]);
  if (src === undefined) return undefined;
  return rowsJob(JOB_KIND.PAIR_ROWS, pairRowsScratch, 96, src, rows, columns, mode, threads);
}

/**
 * The fused entropy states of rows of probabilities or counts (the `entropyRows` hook): one job over
 * the rows in fixed chunks of ⌈32,768 / columns⌉ rows, each row's state formed by the single-vector
 * kernel (as entropySmall forms a vector's), returned as a view of the kernels' memory (5 float64
 * per row: m, S, B as hi/lo pairs; valid until the next kernel call). Undefined when declined: an
 * element may be invalid (the caller's loop then names it), rows longer than one kernel chunk,
 * memory.
 */
export function entropyRowsFast(
  x: Floats,
  rows: number,
  columns: number,
  threads?: number,
  bound = 0,
): Float64Array | undefined {
  if (x.length !== rows * columns || rows === 0 || columns === 0 || columns > KERNEL_CHUNK)
    return undefined;
  const src = source(x, undefined, 0);
  const mode = bound === 1 ? 1 : 0;
  return rowsJob(JOB_KIND.ENT_ROWS, entropyRowsScratch, 40, src, rows, columns, mode, threads);
}

/**
 * A job over rows of `columns` elements (KL_ROWS, ENT_ROWS) that writes `bytes` per row at a
 * scratch of the kernels' memory, returned as a view (valid until the next kernel call); undefined
 * when declined: an element may be invalid, rows longer than one kernel chunk, memory.
 */
function rowsJob(
  kind: (typeof JOB_KIND)["KL_ROWS" | "ENT_ROWS" | "PAIR_ROWS" | "CROSS_ROWS"],
  scratch: Scratch,
  bytes: number,
  src: ReturnType<typeof source>,
  rows: number,
  columns: number,
  mode: number,
  threads: number | undefined,
): Float64Array | undefined {
  const outPtr = scratch.ensure(rows * bytes);
  if (outPtr < 0) return undefined;
  const res = runJob(
    {
      kind,
      n: rows,
      chunk: Math.max(1, Math.floor(KERNEL_CHUNK / columns)),
      cols: columns,
      out: outPtr,
      m: 0,
      js: { ip: 0, iq: 0, r: 0, mode },
      ...src,
    },
    threadsFor(rows * columns, threads),
  );
  if (res === undefined || res.suspicious) return undefined;
  return mem().f64.subarray(outPtr >> 3, (outPtr >> 3) + (rows * bytes) / 8);
}

const crossRowsScratch = new Scratch();

/**
 * The cross-entropy states of rows of probabilities or counts (the `crossRows` hook): one job over
 * the rows in fixed chunks of ⌈32,768 / columns⌉ rows, each row's state formed by the kernel of a
 * vector's (as crossEntropyFast forms one of at most 32,768 elements), returned as a view of the
 * kernels' memory (8 float64 per row: M, Sp, Sq, B as hi/lo pairs, K; valid until the next kernel
 * call). Undefined when declined: an element may be invalid, some row's largest q is beyond 2^1000,
 * two float types, rows longer than one kernel chunk, memory.
 */
export function crossRowsFast(
  p: Floats,
  q: Floats,
  rows: number,
  columns: number,
  threads?: number,
  bound = 0,
): Float64Array | undefined {
  const src = pairRowsInputs(p, q, rows, columns, [[crossRowsScratch, rows * 64]]);
  if (src === undefined) return undefined;
  const mode = bound === 1 ? 1 : 0;
  return rowsJob(JOB_KIND.CROSS_ROWS, crossRowsScratch, 64, src, rows, columns, mode, threads);
}

/**
 * The KL states of rows of probabilities or counts (the `klRows` hook): one job over the rows in
 * fixed chunks of ⌈32,768 / columns⌉ rows, each row's state formed by the single-vector kernel (as
 * klSmall forms a vector's), returned as a view of the kernels' memory (10 float64 per row; valid
 * until the next kernel call: a copy into fresh memory would cost its page faults, more than the
 * kernel for short rows). Undefined when declined: an element may be invalid (the caller's loop
 * then names it), two float types, rows longer than one kernel chunk, memory.
 */
export function klRowsFast(
  p: Floats,
  q: Floats,
  rows: number,
  columns: number,
  counts: boolean,
  threads?: number,
): Float64Array | undefined {
  const src = pairRowsInputs(p, q, rows, columns, [[klRowsScratch, rows * 80]]);
  if (src === undefined) return undefined;
  return rowsJob(JOB_KIND.KL_ROWS, klRowsScratch, 80, src, rows, columns, counts ? 1 : 0, threads);
}

/**
 * A single pair of logit or log-probability vectors at least this long is spread over the threads
 * in fixed chunks (three passes, see {@link logitPairLongFast}) instead of running as one row on one
 * thread; the same chunks for any thread count, so the same bits.
 */
export const LONG_ROW = 4 * KERNEL_CHUNK;

const longScratch = new Scratch();

/** The normalizers of one long logit pair from the chunked passes 1 and 2 (see logitPairLongFast). */
interface LongNormalizers {
  mz: number;
  mw: number;
  sp: number;
  sq: number;
  c1: number;
  er: number;
  ratio: number;
}

/**
 * Passes 1 and 2 of the logit-pair kernels over one long pair in fixed chunks on the threads: the
 * maxima (max of the chunks'), then Sq, Sp, δ for them (the chunks' compensated sums merged in chunk
 * order), then the normalizers on the calling thread, which keeps them in its instance for
 * logitPairFinish. Undefined when declined: NaN or +∞ somewhere, a side all −∞, memory.
 */
function longNormalizers(p: Floats, q: Floats, threads?: number): LongNormalizers | undefined {
  const n = p.length;
  const t = threadsFor(n, threads);
  const base = { n, chunk: KERNEL_CHUNK, cols: 1, out: 0, m: 0, ...source(p, q, 0) };
  let res = runJob({ kind: JOB_KIND.LOGIT_MAX, ...base }, t);
  if (res === undefined || res.suspicious) return undefined;
  let f64 = mem().f64;
  let mz = Number.NEGATIVE_INFINITY;
  let mw = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < res.nchunks; c++) {
    const o = (res.states >> 3) + 2 * c;
    mz = Math.max(mz, f64[o] as number);
    mw = Math.max(mw, f64[o + 1] as number);
  }
  if (!(mz > Number.NEGATIVE_INFINITY && mw > Number.NEGATIVE_INFINITY)) return undefined;
  res = runJob({ ...base, kind: JOB_KIND.LOGIT_SUMS, js: { ip: mz, iq: mw, r: 0, mode: 0 } }, t);
  if (res === undefined) return undefined;
  const sums = new Float64Array(6);
  f64 = mem().f64;
  for (let c = 0; c < res.nchunks; c++) {
    const o = (res.states >> 3) + 6 * c;
    for (let i = 0; i < 6; i += 2) compensatedMerge(sums, i, f64[o + i], f64[o + i + 1]);
  }
  const ptr = longScratch.ensure(256);
  if (ptr < 0) return undefined;
  f64 = mem().f64;
  f64.set(sums, ptr >> 3);
  getRuntime()!.kernels.logitSetNormalizers(mz, mw, ptr, ptr + 48);
  const o = (ptr + 48) >> 3;
  return {
    mz,
    mw,
    sp: f64[o] as number,
    sq: f64[o + 1] as number,
    c1: f64[o + 2] as number,
    er: f64[o + 3] as number,
    ratio: f64[o + 4] as number,
  };
}

/**
 * One long pair of logits or log-probabilities (measure 0 JS, 1 TV, 2 Hellinger, 3 Rényi of order
 * α) on the threads: passes 1 and 2 ({@link longNormalizers}), then the terms of each chunk (pass 3)
 * merged in chunk order, finished on the calling thread into out[0..4) as the row kernel's record.
 * False when declined (the caller's TypeScript path then decides).
 */
function logitPairLongFast(
  p: Floats,
  q: Floats,
  measure: 0 | 1 | 2 | 3,
  out: Float64Array,
  threads: number | undefined,
  alpha: number,
): boolean {
  const norm = longNormalizers(p, q, threads);
  if (norm === undefined) return false;
  const n = p.length;
  const { mz, mw, c1, er, ratio } = norm;
  const res = runJob(
    {
      kind: JOB_KIND.LOGIT_TERMS,
      n,
      chunk: KERNEL_CHUNK,
      cols: 1,
      out: 0,
      m: alpha,
      js: { ip: mz, iq: mw, r: c1, mode: measure, lambda: er, aux: ratio },
      ...source(p, q, 0),
    },
    threadsFor(n, threads),
  );
  if (res === undefined) return false;
  const f64 = mem().f64;
  const st = new Float64Array(11);
  st[8] = 0;
  st[9] = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < res.nchunks; c++) {
    const o = (res.states >> 3) + 11 * c;
    for (let i = 0; i < 8; i += 2) compensatedMerge(st, i, f64[o + i], f64[o + i + 1]);
    st[8] = Math.max(st[8], f64[o + 8] as number);
    st[9] = Math.max(st[9], f64[o + 9] as number);
    if (f64[o + 10] !== 0) st[10] = 1;
  }
  const ptr = longScratch.ensure(256);
  if (ptr < 0) return false;
  const m = mem().f64;
  m.set(st, ptr >> 3);
  if (getRuntime()!.kernels.logitPairFinish(measure, alpha, ptr, ptr + 128) !== 1) return false;
  out.set(m.subarray((ptr + 128) >> 3, ((ptr + 128) >> 3) + 4));
  return true;
}

const contribScratch = new Scratch();

/**
 * The per-outcome contributions of a pair of validated probabilities or counts into `out` (the
 * `contributions` hook, assembly/contributions.ts): out[i] = p̂ᵢ·(log(pᵢ/qᵢ) − shift)·ilb, written
 * by the threads into the kernels' memory in fixed chunks, then copied out. Returns false when the
 * memory cannot hold the job (the caller then runs its loop).
 */
export function contributionsFast(
  p: Floats,
  q: Floats,
  out: Float64Array,
  ip: number,
  shift: number,
  ilb: number,
  threads?: number,
  lambda = 1,
): boolean {
  const n = p.length;
  if (n === 0 || q.length !== n || p instanceof Float32Array !== q instanceof Float32Array)
    return false;
  return contributionsJob(p, q, out, ilb, { ip, iq: 0, r: shift, mode: 0, lambda }, threads);
}

/**
 * A CONTRIB job over p, q (`params`: the kernel's parameters, mode 0 probabilities, 1 logits) into
 * the kernels' memory in fixed chunks, then copied into `out`; false when memory runs out.
 */
function contributionsJob(
  p: Floats,
  q: Floats,
  out: Float64Array,
  m: number,
  params: { ip: number; iq: number; r: number; mode: number; lambda?: number },
  threads: number | undefined,
): boolean {
  const n = p.length;
  // An output in the kernels' memory (fastArray) is written in place, else a scratch copied out.
  const direct = inMemory(out) && out.length === n;
  const outPtr = direct ? out.byteOffset : contribScratch.ensure(n * 8);
  if (outPtr < 0) return false;
  const res = runJob(
    {
      kind: JOB_KIND.CONTRIB,
      n,
      chunk: KERNEL_CHUNK,
      cols: 1,
      out: outPtr,
      m,
      js: params,
      ...source(p, q, 0),
    },
    threadsFor(n, threads),
  );
  if (res === undefined) return false;
  if (!direct) out.set(mem().f64.subarray(outPtr >> 3, (outPtr >> 3) + n));
  return true;
}

/**
 * The per-outcome contributions of a pair of logit or log-probability vectors into `out` (the
 * `contributionsLogits` hook): the normalizers on the calling thread (one pass, logit-pair-rows.ts;
 * from {@link LONG_ROW} elements, on the threads, {@link longNormalizers}), then p̂ᵢ·log(p̂ᵢ/q̂ᵢ)·ilb by the threads in fixed chunks (assembly/contributions.ts, mode 1). Returns [log Σ e^z, log Σ e^w], or undefined when declined (an invalid element or a side all
 * −∞, two float types, memory): the caller then runs its loop, which raises the precise error.
 */
export function contributionsLogitsFast(
  z: Floats,
  w: Floats,
  out: Float64Array,
  ilb: number,
  threads?: number,
): [number, number] | undefined {
  const n = z.length;
  if (n === 0 || w.length !== n || z instanceof Float32Array !== w instanceof Float32Array)
    return undefined;
  let norm: LongNormalizers | undefined;
  if (n >= LONG_ROW) norm = longNormalizers(z, w, threads);
  else {
    const one = single(z, w, 0, n, 64);
    if (one === undefined) return undefined;
    const { k, f64, st, pa, pb, f32 } = one;
    if ((f32 ? k.logitNormalizersF32(pa, pb, n, st) : k.logitNormalizersF64(pa, pb, n, st)) !== 0)
      return undefined;
    const o = st >> 3;
    norm = {
      mz: f64[o] as number,
      sp: f64[o + 1] as number,
      mw: f64[o + 2] as number,
      sq: f64[o + 3] as number,
      c1: f64[o + 4] as number,
      er: f64[o + 5] as number,
      ratio: 0,
    };
  }
  if (norm === undefined) return undefined;
  const { mz, sp, c1, er } = norm;
  const lz = mz + Math.log(sp);
  const lw = norm.mw + Math.log(norm.sq);
  // p̂ᵢ = e^{zᵢ − max z}/Σ e^{z − max z}: from max z (exact near the top), not from Lz, whose
  // rounding (an ulp of |Lz|) would shift every p̂ᵢ by as much.
  const params = { ip: mz, iq: er, r: c1, mode: 1 };
  return contributionsJob(z, w, out, ilb / sp, params, threads) ? [lz, lw] : undefined;
}

const modelScratch = new Scratch();

/**
 * Two models' rows compared in one kernel (the `modelRows` hook, assembly/model-rows.ts): per row
 * pair, `out[8r ..]` = [D(P‖Q), D(Q‖P), JS (NaN unless `js`), log Σ e^z, log Σ e^w, c, corr, 0]
 * (ΔL = c + corr exactly; c = max z − max w, or a closer reference where the row's next token
 * `tokens[r]` or its top-1 has a log-ratio much smaller than corr) and the top-k column indices of each row in `topP`,
 * `topQ` (k per row). Rows go in fixed chunks (one per ⌈32,768 / columns⌉ rows), so the values do
 * not depend on the thread count. Returns −1, or a non-negative number when the rows are left to
 * the TypeScript path (an invalid element or a row that is all −∞, two float types, short rows, or
 * memory that cannot hold the job).
 */
export function modelRowsFast(
  p: Floats,
  q: Floats,
  rows: number,
  columns: number,
  k: number,
  js: boolean,
  out: Float64Array,
  topP: Int32Array,
  topQ: Int32Array,
  tokens: ArrayLike<number> | undefined,
  threads?: number,
): number {
  if (columns < (fastHooks.minLength ?? 0)) return 0;
  if (p instanceof Float32Array !== q instanceof Float32Array) return 0;
  if (p.length !== rows * columns || q.length !== rows * columns || rows === 0) return 0;
  if (!(Number.isInteger(k) && k >= 1)) return 0;
  const rb = modelRecordBytes(k);
  const outPtr = modelScratch.ensure(rows * rb);
  if (outPtr < 0) return 0;
  // Each record starts with the row's next token (−1: none), which the kernel reads.
  const i32In = mem().i32;
  for (let r = 0; r < rows; r++) {
    const t = tokens === undefined ? -1 : (tokens[r] as number);
    i32In[(outPtr + r * rb + 56) >> 2] = Number.isInteger(t) && t >= 0 && t < columns ? t : -1;
  }
  const src = source(p, q, 0);
  const chunk = Math.max(1, Math.floor(KERNEL_CHUNK / columns));
  const mode = 2 * k + (js ? 1 : 0);
  const res = runJob(
    {
      kind: JOB_KIND.MODEL,
      n: rows,
      chunk,
      cols: columns,
      out: outPtr,
      m: 0,
      js: { ip: 0, iq: 0, r: 0, mode },
      rowScratch: js ? 16 * columns : 0,
      ...src,
    },
    threadsFor(rows * columns, threads),
  );
  if (res === undefined || res.suspicious) return 0;
  const { f64, i32 } = mem();
  const kk = Math.min(k, columns);
  for (let r = 0; r < rows; r++) {
    const o = outPtr + r * rb;
    out.set(f64.subarray(o >> 3, (o >> 3) + 8), 8 * r);
    const ip = (o + 64 + 16 * k) >> 2;
    topP.set(i32.subarray(ip, ip + kk), r * k);
    topQ.set(i32.subarray(ip + k, ip + k + kk), r * k);
  }
  return -1;
}

/**
 * float16/bfloat16 patterns widened to float32 by the WebAssembly kernel (the `widenHalf` hook), when
 * both arrays live in the kernels' memory (elsewhere the TypeScript loop costs what copying in would).
 */
export function widenHalfFast(bits: Uint16Array, kind: 0 | 1, out: Float32Array): boolean {
  if (!inMemory(bits) || !inMemory(out) || out.length < bits.length) return false;
  getRuntime()!.kernels.widenHalf(bits.byteOffset, bits.length, kind, out.byteOffset);
  return true;
}

/**
 * Rows of a llama.cpp base file to float32 by the WebAssembly kernel (the `dequantizeRows` hook),
 * when both arrays live in the kernels' memory.
 */
export function dequantizeRowsFast(
  raw: Uint16Array,
  rows: number,
  stride: number,
  columns: number,
  out: Float32Array,
): boolean {
  if (!inMemory(raw) || !inMemory(out) || raw.byteOffset % 4 !== 0) return false;
  if (stride < columns + 4 || raw.length < rows * stride || out.length < rows * columns)
    return false;
  getRuntime()!.kernels.dequantizeRows(raw.byteOffset, rows, 2 * stride, columns, out.byteOffset);
  return true;
}

const MIN_NORMAL = 2.2250738585072014e-308;
/**
 * The Jensen–Shannon sum (the `jsSum` hook): Σ (mᵢ/4)·j(sᵢ) of a pair validated by `linearPair`,
 * in fixed chunks of {@link KERNEL_CHUNK} merged in chunk order (the same bits for any thread count).
 * Declines (false) when 1/Sp or 1/Sq is not a normal double (totals beyond 4.5e307 or below
 * 5.6e-309), when λ ≠ 1 is too large to split (2^27·λ ≥ 1e300), or when the kernels' memory
 * cannot hold the job.
 */
export function jsSumFast(
  p: Floats,
  q: Floats,
  pair: LinearPairSums,
  out: Float64Array,
  threads?: number,
): boolean {
  return pairKernel(JOB_KIND.JS, p, q, pair, 0, out, threads);
}

/**
 * Σ |p̂ᵢ − q̂ᵢ| (`measure` 0, total variation) or Σ ((p̂ᵢ − q̂ᵢ)/(√p̂ᵢ + √q̂ᵢ))² (1, Hellinger) of a pair
 * validated by `linearPair` (the `pairSum` hook), p̂ᵢ − q̂ᵢ formed as for {@link jsSumFast}, in fixed
 * chunks of {@link KERNEL_CHUNK} merged in chunk order (the same bits for any thread count). Declines
 * (false) as {@link jsSumFast} does.
 */
export function pairSumFast(
  p: Floats,
  q: Floats,
  pair: LinearPairSums,
  measure: 0 | 1,
  out: Float64Array,
  threads?: number,
): boolean {
  return pairKernel(JOB_KIND.PAIR, p, q, pair, 4 * measure, out, threads);
}

/** The sums of a pair validated by `linearPair` that the JS and pair-sum kernels read. */
type LinearPairSums = {
  sp: number;
  sq: number;
  lambda: number;
  sqL: number;
  delta: number;
  balanced: boolean;
};

/**
 * Runs the JS kernel or the pair-sum kernel (`kind`) over a validated pair: one chunk on the calling
 * thread, or a job in fixed chunks merged in chunk order. `measure` is added to the form (0 plain,
 * 1 scaled by λ, 2 unbalanced) to make the kernel's mode. Declines (false) as {@link jsSumFast} says.
 */
function pairKernel(
  kind: typeof JOB_KIND.JS | typeof JOB_KIND.PAIR,
  p: Floats,
  q: Floats,
  pair: LinearPairSums,
  measure: number,
  out: Float64Array,
  threads: number | undefined,
): boolean {
  const n = p.length;
  if (n === 0 || q.length !== n) return false;
  const ip = 1 / pair.sp;
  const iq = 1 / pair.sq;
  if (!(ip >= MIN_NORMAL && ip < Number.POSITIVE_INFINITY)) return false;
  if (!(iq >= MIN_NORMAL && iq < Number.POSITIVE_INFINITY)) return false;
  const lambda = pair.lambda;
  const form = !pair.balanced ? 2 : lambda === 1 ? 0 : 1;
  if (form === 1 && !(lambda > 0 && lambda * SPLITTER < 1e300)) return false;
  const mode = form + measure;
  const r = pair.delta / pair.sqL;
  if (n > KERNEL_CHUNK) {
    const res = runJob(
      {
        kind,
        n,
        chunk: KERNEL_CHUNK,
        cols: 1,
        out: 0,
        m: lambda,
        js: { ip, iq, r, mode },
        ...source(p, q, 0),
      },
      threadsFor(n, threads),
    );
    if (res === undefined) return false;
    mergePairStates(res, out);
    return true;
  }
  // One chunk on the calling thread: the same kernel call as a one-chunk job.
  const one = single(p, q, 0, n);
  if (one === undefined) return false;
  const { k, f64, st, pa, pb, f32 } = one;
  k.clear(st, 16);
  if (kind === JOB_KIND.JS) {
    if (f32) k.jsF32(pa, pb, n, ip, iq, lambda, r, mode, st);
    else k.jsF64(pa, pb, n, ip, iq, lambda, r, mode, st);
  } else if (f32) k.pairSumF32(pa, pb, n, ip, iq, lambda, r, mode, st);
  else k.pairSumF64(pa, pb, n, ip, iq, lambda, r, mode, st);
  out[0] = f64[st >> 3];
  out[1] = f64[(st >> 3) + 1];
  return true;
}

/**
 * Merges the (hi, lo) compensated sums a job left per chunk, in chunk order (so the same bits for
 * any thread count), into `out[0]`, `out[1]`.
 */
function mergePairStates(res: JobResult, out: Float64Array): void {
  const f64 = mem().f64;
  out[0] = 0;
  out[1] = 0;
  for (let c = 0; c < res.nchunks; c++) {
    const o = (res.states >> 3) + c * 2;
    compensatedMerge(out, 0, f64[o], f64[o + 1]);
  }
}

/** Bytes of a Rényi chunk state (assembly/renyi.ts): 12 sums and extremes, 23 coefficients. */
const RENYI_STATE_BYTES = 280;

/**
 * The sums and extremes of a Rényi divergence of order α = 1 − β (the `renyiSums` hook) over a pair
 * of probabilities or counts validated by `linearPair` with balanced totals, in fixed chunks of
 * {@link KERNEL_CHUNK} merged in chunk order (the same bits for any thread count); see
 * src/numeric/fast-hooks.ts for `out`. Declines (false) when 1/Sp or 1/Sq is not a normal double or
 * the kernels' memory cannot hold the job.
 */
export function renyiSumsFast(
  p: Floats,
  q: Floats,
  pair: { sp: number; sq: number; shift: number; lambda?: number },
  beta: number,
  mode: number,
  out: Float64Array,
  threads?: number,
): boolean {
  const n = p.length;
  if (n === 0 || q.length !== n) return false;
  const ip = 1 / pair.sp;
  const iq = 1 / pair.sq;
  if (!(ip >= MIN_NORMAL && ip < Number.POSITIVE_INFINITY)) return false;
  if (!(iq >= MIN_NORMAL && iq < Number.POSITIVE_INFINITY)) return false;
  if (n > KERNEL_CHUNK) {
    const res = runJob(
      {
        kind: JOB_KIND.RENYI,
        n,
        chunk: KERNEL_CHUNK,
        cols: 1,
        out: 0,
        m: beta,
        js: { ip, iq, r: pair.shift, mode, lambda: pair.lambda ?? 1 },
        ...source(p, q, 0),
      },
      threadsFor(n, threads),
    );
    if (res === undefined) return false;
    const f64 = mem().f64;
    out.fill(0);
    out[8] = Number.NEGATIVE_INFINITY;
    out[9] = Number.POSITIVE_INFINITY;
    for (let c = 0; c < res.nchunks; c++) addRenyiChunk(out, f64, (res.states >> 3) + c * 35);
    return true;
  }
  const one = single(p, q, 0, n, RENYI_STATE_BYTES);
  if (one === undefined) return false;
  const { k, f64, st, pa, pb, f32 } = one;
  k.clear(st, RENYI_STATE_BYTES);
  const lambda = pair.lambda ?? 1;
  if (f32) k.renyiF32(pa, pb, n, ip, iq, pair.shift, beta, mode, st, lambda);
  else k.renyiF64(pa, pb, n, ip, iq, pair.shift, beta, mode, st, lambda);
  out.fill(0);
  out[8] = Number.NEGATIVE_INFINITY;
  out[9] = Number.POSITIVE_INFINITY;
  addRenyiChunk(out, f64, st >> 3);
  return true;
}

/** Adds a Rényi chunk state at f64[o] into `out` (sums by pairs, extremes, count, flags). */
function addRenyiChunk(out: Float64Array, f64: Float64Array, o: number): void {
  for (let i = 0; i < 8; i += 2) compensatedMerge(out, i, f64[o + i], f64[o + i + 1]);
  out[8] = Math.max(out[8], f64[o + 8]);
  out[9] = Math.min(out[9], f64[o + 9]);
  out[10] += f64[o + 10];
  const flags = f64[o + 11];
  // Flag 1 (a chunk's ψ-sum is incomplete) and flag 2 (|ℓ| > 700 in a ψ block) combine as bits.
  out[11] = out[11] | (flags & 1) | (flags & 2);
}

/**
 * Σp, Σq and δ = Σ(p − q) of a pair with its validity (the `pairTotals` hook), in fixed chunks of
 * {@link KERNEL_CHUNK} merged in chunk order (the same bits for any thread count); with `mode` 1 or
 * 2 also the total-variation or Hellinger sums of the same pass (assembly/pair-totals.ts) at
 * out[6..11) (`out` then holds 11 numbers); with `renyi` (mode 3) the Rényi sums and extremes of
 * the raw inputs (1/Sp = 1/Sq = 1, shift 0; see renyiSumsFast for their layout) at out[6..18).
 * False when an element may be invalid, a sum overflows, or the kernels' memory cannot hold the job.
 */
export function pairTotalsFast(
  p: Floats,
  q: Floats,
  out: Float64Array,
  threads?: number,
  mode: 0 | 1 | 2 | 3 = 0,
  renyi?: { beta: number; mode: 0 | 1 | 2 },
): boolean {
  const n = p.length;
  if (n === 0 || q.length !== n) return false;
  if (mode === 3 && renyi === undefined) return false;
  out.fill(0);
  const sums = mode === 0 || mode === 3 ? 6 : 10;
  const r = mode === 3 ? new Float64Array(12) : undefined;
  if (r !== undefined) {
    r[8] = Number.NEGATIVE_INFINITY;
    r[9] = Number.POSITIVE_INFINITY;
  }
  const beta = renyi?.beta ?? 0;
  const kmode = mode === 3 ? (renyi?.mode ?? 0) : mode;
  if (n > KERNEL_CHUNK) {
    const kind = mode === 3 ? JOB_KIND.TOTALS_RENYI : JOB_KIND.TOTALS;
    const res = runJob(
      {
        kind,
        n,
        chunk: KERNEL_CHUNK,
        cols: 1,
        out: 0,
        m: beta,
        js: { ip: 0, iq: 0, r: 0, mode: kmode },
        ...source(p, q, 0),
      },
      threadsFor(n, threads),
    );
    if (res === undefined || res.suspicious) return false;
    const f64 = mem().f64;
    const stride = mode === 3 ? 47 : 12;
    for (let c = 0; c < res.nchunks; c++) {
      const o = (res.states >> 3) + c * stride;
      for (let i = 0; i < sums; i += 2) compensatedMerge(out, i, f64[o + i], f64[o + i + 1]);
      if (mode === 1 || mode === 2) out[10] += f64[o + 10];
      if (r !== undefined) addRenyiChunk(r, f64, o + 12);
    }
  } else {
    const one = single(p, q, 0, n, 376);
    if (one === undefined) return false;
    const { k, f64, st, pa, pb, f32 } = one;
    k.clear(st, 376);
    const bad =
      mode === 3
        ? f32
          ? k.pairTotalsRenyiF32(pa, pb, n, beta, kmode, st)
          : k.pairTotalsRenyiF64(pa, pb, n, beta, kmode, st)
        : f32
          ? k.pairTotalsF32(pa, pb, n, mode, st)
          : k.pairTotalsF64(pa, pb, n, mode, st);
    if (bad !== 0) return false;
    for (let i = 0; i < sums; i += 2)
      compensatedMerge(out, i, f64[(st >> 3) + i], f64[(st >> 3) + i + 1]);
    if (mode === 1 || mode === 2) out[10] = f64[(st >> 3) + 10];
    if (r !== undefined) addRenyiChunk(r, f64, (st >> 3) + 12);
  }
  if (r !== undefined) out.set(r, 6);
  return out[0] + out[1] < Number.POSITIVE_INFINITY && out[2] + out[3] < Number.POSITIVE_INFINITY;
}

/** Merges a cross-entropy chunk state at f64[o] into `out` (see {@link crossEntropyFast}). */
function addCrossChunk(out: Float64Array, f64: Float64Array, o: number): void {
  const m = f64[o];
  const M = out[0];
  if (m > M) {
    // Raise the reference of what is summed so far: Σ p·log(m/q) = B + Sp·log(m/M).
    if (M > 0) compensatedAdd(out, 5, (out[1] + out[2]) * logRatio(m, M));
    out[0] = m;
  } else if (m > 0 && m < M) {
    compensatedAdd(out, 5, (f64[o + 1] + f64[o + 2]) * logRatio(M, m));
  }
  compensatedMerge(out, 1, f64[o + 1], f64[o + 2]);
  compensatedMerge(out, 3, f64[o + 3], f64[o + 4]);
  compensatedMerge(out, 5, f64[o + 5], f64[o + 6]);
  out[7] += f64[o + 7];
}

/**
 * The cross-entropy sums of a pair (the `crossEntropySums` hook): one pass over the inputs in fixed
 * chunks of {@link KERNEL_CHUNK}, each relative to its own maximum of q (assembly/cross-entropy.ts),
 * merged in chunk order (the same bits for any thread count). `out` = [M, Sp_hi, Sp_lo, Sq_hi,
 * Sq_lo, B_hi, B_lo, K]. False when an element may be invalid, a sum overflows (B too, where huge
 * counts of P meet small values of Q), the largest qᵢ is beyond 2^1000, or the kernels' memory
 * cannot hold the job.
 */
export function crossEntropyFast(
  p: Floats,
  q: Floats,
  out: Float64Array,
  threads?: number,
  bound = 0,
): boolean {
  const n = p.length;
  if (n === 0 || q.length !== n) return false;
  out.fill(0);
  if (n > KERNEL_CHUNK) {
    const res = runJob(
      {
        kind: JOB_KIND.CROSS,
        n,
        chunk: KERNEL_CHUNK,
        cols: 1,
        out: 0,
        m: bound,
        ...source(p, q, 0),
      },
      threadsFor(n, threads),
    );
    if (res === undefined || res.suspicious) return false;
    const f64 = mem().f64;
    for (let c = 0; c < res.nchunks; c++) addCrossChunk(out, f64, (res.states >> 3) + c * 8);
  } else {
    const one = single(p, q, 0, n, 64);
    if (one === undefined) return false;
    const { k, f64, st, pa, pb, f32 } = one;
    k.clear(st, 64);
    const flag = f32
      ? k.crossEntropyF32(pa, pb, n, bound, st)
      : k.crossEntropyF64(pa, pb, n, bound, st);
    if (flag !== 0) return false;
    addCrossChunk(out, f64, st >> 3);
  }
  // B may overflow where huge counts of P meet small values of Q (p·log(M/q) beyond 1.8e308).
  return (
    out[1] + out[2] < Number.POSITIVE_INFINITY &&
    out[3] + out[4] < Number.POSITIVE_INFINITY &&
    Number.isFinite(out[5] + out[6])
  );
}
