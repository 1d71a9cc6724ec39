/**
 * The chunk runner, written once: the calling thread runs these functions as they are, and the
 * worker threads run their source text ({@link WORKER_SOURCE}, built with
 * `Function.prototype.toString`). So that the source works on its own, each function is
 * self-contained: it reads only its parameters and the platform's globals (`Atomics`, `Math`,
 * `WebAssembly`), never a name of this module, which a bundler may rename or a test runner rewrite.
 * The protocol's constants come in as the parameter `P`, the functions they call as parameters too.
 */
import { CTL, JOB_KIND, ROW_BYTES, STATE_BYTES } from "./protocol.js";
import type { KernelExports } from "./runtime.js";

/** The protocol's constants, handed to the self-contained functions below. */
export interface Protocol {
  CTL: typeof CTL;
  JOB_KIND: typeof JOB_KIND;
  ROW_BYTES: typeof ROW_BYTES;
  STATE_BYTES: typeof STATE_BYTES;
}

/** The constants of protocol.ts, as the functions below receive them. */
export const PROTOCOL: Protocol = { CTL, JOB_KIND, ROW_BYTES, STATE_BYTES };

/** What a kernel call needs besides its inputs: the job's kind and parameters. */
export interface KernelArgs {
  kind: number;
  f32: boolean;
  /** The float64 parameter: the entropy reference M, or the scale λ of Q (KL, JS). */
  m: number;
  /** Columns per row (logits). */
  cols: number;
  /** Byte offset of this chunk's output rows (logits). */
  out: number;
  /** JS: 1/Sp, 1/Sq, r = δ/SqL and the mode of p̂ − q̂. */
  ip: number;
  iq: number;
  r: number;
  mode: number;
  /** Rényi: the scale λ of Q (1 but for counts of different totals); LOGIT_TERMS: er. */
  lambda: number;
  /** LOGIT_TERMS: Sq/Sp. */
  aux: number;
}

/**
 * One kernel call over `len` elements (or rows) at byte offsets `pa`, `pb`, its state written at
 * `st` (cleared first, except for the maximum, which the kernel writes whole). Returns the
 * kernel's flag: 0, or 1 when an element may be invalid.
 */
export function runKernel(
  k: KernelExports,
  a: KernelArgs,
  pa: number,
  pb: number,
  len: number,
  st: number,
  P: Protocol,
): number {
  const K = P.JOB_KIND;
  if (a.kind === K.MODEL) {
    const r = a.f32
      ? k.modelRowsF32(pa, pb, a.cols, 0, len, a.out, a.mode)
      : k.modelRowsF64(pa, pb, a.cols, 0, len, a.out, a.mode);
    return r === -1 ? 0 : 1;
  }
  if (a.kind === K.LOGIT_PAIR) {
    const r = a.f32
      ? k.logitPairRowsF32(pa, pb, a.cols, 0, len, a.out, a.mode, a.m)
      : k.logitPairRowsF64(pa, pb, a.cols, 0, len, a.out, a.mode, a.m);
    return r === -1 ? 0 : 1;
  }
  // Each row's KL state, as klSmall of hooks.ts forms a whole vector's (the same kernel; MODE 1:
  // counts, Q scaled by the row's λ).
  if (a.kind === K.KL_ROWS)
    return a.f32
      ? k.klRowsF32(pa, pb, a.cols, len, a.out, a.mode)
      : k.klRowsF64(pa, pb, a.cols, len, a.out, a.mode);
  if (a.kind === K.JS_ROWS) {
    if (a.f32) k.jsRowsF32(pa, pb, a.cols, len, a.out);
    else k.jsRowsF64(pa, pb, a.cols, len, a.out);
    return 0;
  }
  if (a.kind === K.PAIR_ROWS)
    return a.f32
      ? k.pairTotalsRowsF32(pa, pb, a.cols, len, a.mode, a.out)
      : k.pairTotalsRowsF64(pa, pb, a.cols, len, a.mode, a.out);
  // Rényi rows: the chunk's state slot is the kernels' scratch (the series coefficients).
  if (a.kind === K.RENYI_TOTALS_ROWS)
    return a.f32
      ? k.renyiTotalsRowsF32(pa, pb, a.cols, len, a.m, a.mode, a.out, st)
      : k.renyiTotalsRowsF64(pa, pb, a.cols, len, a.m, a.mode, a.out, st);
  if (a.kind === K.RENYI_ROWS) {
    if (a.f32) k.renyiRowsF32(pa, pb, a.cols, len, a.m, a.mode, a.out, st);
    else k.renyiRowsF64(pa, pb, a.cols, len, a.m, a.mode, a.out, st);
    return 0;
  }
  if (a.kind === K.CROSS_ROWS)
    return a.f32
      ? k.crossRowsF32(pa, pb, a.cols, len, a.out, a.mode === 1 ? 1 : 0)
      : k.crossRowsF64(pa, pb, a.cols, len, a.out, a.mode === 1 ? 1 : 0);
  // Entropy rows, MODE 1: probabilities (each row against the bound 1 in one pass).
  if (a.kind === K.ENT_ROWS)
    return a.f32
      ? k.entropyRowsF32(pa, a.cols, len, a.out, a.mode === 1 ? 1 : 0)
      : k.entropyRowsF64(pa, a.cols, len, a.out, a.mode === 1 ? 1 : 0);
  if (a.kind === K.ENT_LOG)
    return a.f32 ? k.entropyLogChunkF32(pa, len, st) : k.entropyLogChunkF64(pa, len, st);
  // One long logit pair: the kernels write their states whole.
  if (a.kind === K.LOGIT_MAX)
    return a.f32 ? k.logitMaximaRangeF32(pa, pb, len, st) : k.logitMaximaRangeF64(pa, pb, len, st);
  if (a.kind === K.LOGIT_SUMS) {
    if (a.f32) k.logitSumsRangeF32(pa, pb, len, a.ip, a.iq, st);
    else k.logitSumsRangeF64(pa, pb, len, a.ip, a.iq, st);
    return 0;
  }
  if (a.kind === K.LOGIT_TERMS) {
    const t = a.f32 ? k.logitTermsRangeF32 : k.logitTermsRangeF64;
    t(pa, pb, len, a.mode, a.m, a.ip, a.iq, a.r, a.lambda, a.aux, st);
    return 0;
  }
  if (a.kind === K.KL_LOG)
    return a.f32 ? k.klLogChunkF32(pa, pb, len, st) : k.klLogChunkF64(pa, pb, len, st);
  if (a.kind === K.CONTRIB) {
    // MODE 1: logits (max z, c₁ and er in the INV_SP, R and INV_SQ parameters).
    if (a.mode === 1)
      return a.f32
        ? k.contributionsLogitsF32(pa, pb, len, a.ip, a.r, a.iq, a.m, a.out)
        : k.contributionsLogitsF64(pa, pb, len, a.ip, a.r, a.iq, a.m, a.out);
    return a.f32
      ? k.contributionsF32(pa, pb, len, a.ip, a.r, a.m, a.out, a.lambda)
      : k.contributionsF64(pa, pb, len, a.ip, a.r, a.m, a.out, a.lambda);
  }
  if (a.kind !== K.MAX && a.kind !== K.LOGITS)
    k.clear(st, P.STATE_BYTES[a.kind as 1 | 2 | 5 | 6 | 7 | 9 | 10 | 13 | 14]);
  if (a.kind === K.KL) {
    if (a.m === 1) return a.f32 ? k.klF32(pa, pb, len, st) : k.klF64(pa, pb, len, st);
    return a.f32 ? k.klScaledF32(pa, pb, len, a.m, st) : k.klScaledF64(pa, pb, len, a.m, st);
  }
  if (a.kind === K.ENTROPY_SUMS) {
    if (a.f32) k.entropyF32(pa, len, a.m, st);
    else k.entropyF64(pa, len, a.m, st);
    return 0;
  }
  // The float64 parameter: 1 for probabilities (one pass against that bound), else 0.
  if (a.kind === K.ENTROPY)
    return a.f32 ? k.entropyAutoF32(pa, len, a.m, st) : k.entropyAutoF64(pa, len, a.m, st);
  if (a.kind === K.MAX) return a.f32 ? k.maxF32(pa, len, st) : k.maxF64(pa, len, st);
  if (a.kind === K.PAIR) {
    if (a.f32) k.pairSumF32(pa, pb, len, a.ip, a.iq, a.m, a.r, a.mode, st);
    else k.pairSumF64(pa, pb, len, a.ip, a.iq, a.m, a.r, a.mode, st);
    return 0;
  }
  if (a.kind === K.TOTALS_RENYI) {
    return a.f32
      ? k.pairTotalsRenyiF32(pa, pb, len, a.m, a.mode, st)
      : k.pairTotalsRenyiF64(pa, pb, len, a.m, a.mode, st);
  }
  if (a.kind === K.CROSS)
    // The float64 parameter: 1 for probabilities (one pass against that bound of q), else 0.
    return a.f32
      ? k.crossEntropyF32(pa, pb, len, a.m, st)
      : k.crossEntropyF64(pa, pb, len, a.m, st);
  if (a.kind === K.TOTALS)
    return a.f32
      ? k.pairTotalsF32(pa, pb, len, a.mode, st)
      : k.pairTotalsF64(pa, pb, len, a.mode, st);
  if (a.kind === K.RENYI) {
    if (a.f32) k.renyiF32(pa, pb, len, a.ip, a.iq, a.r, a.m, a.mode, st, a.lambda);
    else k.renyiF64(pa, pb, len, a.ip, a.iq, a.r, a.m, a.mode, st, a.lambda);
    return 0;
  }
  if (a.kind === K.JS) {
    if (a.f32) k.jsF32(pa, pb, len, a.ip, a.iq, a.m, a.r, a.mode, st);
    else k.jsF64(pa, pb, len, a.ip, a.iq, a.m, a.r, a.mode, st);
    return 0;
  }
  // LOGITS: KL of two matrices' rows, or (MODE 1) the entropy of one matrix's rows.
  const r =
    a.mode === 1
      ? a.f32
        ? k.entropyLogitsF32(pa, a.cols, 0, len, a.out)
        : k.entropyLogitsF64(pa, a.cols, 0, len, a.out)
      : a.f32
        ? k.klLogitsF32(pa, pb, a.cols, 0, len, a.out)
        : k.klLogitsF64(pa, pb, a.cols, 0, len, a.out);
  return r === -1 ? 0 : 1;
}

/**
 * Chunk c of the job in the control block at Int32 index `b`: its inputs read in place or from
 * their ring slot, its state written to its slot, its flag set (bit 2: done; bit 1: a possibly
 * invalid element), the done count raised.
 */
export function runChunk(
  k: KernelExports,
  i32: Int32Array,
  f64: Float64Array,
  b: number,
  c: number,
  P: Protocol,
  kernel: typeof runKernel,
): void {
  const C = P.CTL;
  const kind = i32[b + C.KIND];
  const f32 = i32[b + C.F32] === 1;
  const chunk = i32[b + C.CHUNK];
  const ringSlots = i32[b + C.RING];
  const slot = i32[b + C.SLOT];
  const start = c * chunk;
  const len = Math.min(chunk, i32[b + C.N] - start);
  const cols = i32[b + C.COLS];
  const rows = P.ROW_BYTES[kind] !== undefined;
  const unit = rows ? cols * (f32 ? 4 : 8) : f32 ? 4 : 8;
  // Output bytes per row: a record (model rows: 64 + 24·k, k = mode >> 1; logits and logit pairs:
  // 32, the value and the rows' log masses); per element a float64 (contributions).
  const outBytes =
    kind === P.JOB_KIND.MODEL
      ? (64 + 24 * (i32[b + C.MODE] >> 1) + 15) & ~15
      : kind === P.JOB_KIND.CONTRIB
        ? 8
        : rows
          ? (P.ROW_BYTES[kind] as number)
          : 32;
  const at = ringSlots > 0 ? (c % ringSlots) * slot : start * unit;
  const o = b * 4;
  const args: KernelArgs = {
    kind,
    f32,
    m: f64[(o + C.F64_PARAM_BYTE) / 8],
    cols,
    out: i32[b + C.OUT] + start * outBytes,
    ip: f64[(o + C.F64_INV_SP_BYTE) / 8],
    iq: f64[(o + C.F64_INV_SQ_BYTE) / 8],
    r: f64[(o + C.F64_R_BYTE) / 8],
    lambda: f64[(o + C.F64_LAMBDA_BYTE) / 8],
    aux: f64[(o + C.F64_AUX_BYTE) / 8],
    mode: i32[b + C.MODE],
  };
  // Row kinds have no chunk state but the Rényi rows' scratch (0 bytes for the others).
  const bytes = P.STATE_BYTES[kind as keyof typeof P.STATE_BYTES] ?? 0;
  const st = i32[b + C.STATES] + c * bytes;
  const flag = kernel(k, args, i32[b + C.PTR_A] + at, i32[b + C.PTR_B] + at, len, st, P);
  Atomics.store(i32, (i32[b + C.FLAGS] >> 2) + c, flag | 2);
  Atomics.add(i32, b + C.DONE, 1);
}

/**
 * A worker's share of job `seq`: claims chunk numbers from the front until none is left. A chunk is
 * the worker's only once it also turns the chunk's flag from 0 (unstarted) to 4 (started): the
 * calling thread takes a claimed chunk whose flag is still 0 (work stealing), so that it never
 * waits for a worker that has no CPU. The worker is "inside" the job (ACTIVE) only from checking
 * that the job is open to the end of the chunk it runs, never while it waits for a chunk's copy,
 * so the calling thread, which closes the job and then waits for ACTIVE = 0, waits at most for a
 * few instructions of a worker (all chunks are done by then).
 */
export function work(
  k: KernelExports,
  memory: WebAssembly.Memory,
  b: number,
  P: Protocol,
  chunkRunner: typeof runChunk,
  kernel: typeof runKernel,
  seq: number,
  id: number,
): void {
  const C = P.CTL;
  const i32 = new Int32Array(memory.buffer);
  const f64 = new Float64Array(memory.buffer);
  // This worker's row scratch for the job (MODEL with JS), from the table the job carries.
  const tab = i32[b + C.SCRATCH] >> 2;
  if (tab > 0) k.setRowScratch(i32[tab + 2 * id], i32[tab + 2 * id + 1]);
  else k.setRowScratch(0, 0);
  const enter = (): boolean => {
    Atomics.add(i32, b + C.ACTIVE, 1);
    if (Atomics.load(i32, b + C.OPEN) === seq) return true;
    Atomics.sub(i32, b + C.ACTIVE, 1);
    return false;
  };
  const leave = (): void => {
    Atomics.sub(i32, b + C.ACTIVE, 1);
  };
  for (;;) {
    if (!enter()) return;
    const nch = i32[b + C.NCHUNKS];
    const twoEnded = i32[b + C.TWO_ENDED] === 1;
    const old = Atomics.add(i32, b + C.NEXT, 1);
    const c = twoEnded ? old & 0xffff : old;
    if (c >= (twoEnded ? nch - (old >>> 16) : nch)) {
      leave();
      return;
    }
    if (Atomics.load(i32, b + C.READY) <= c) {
      // Wait for the copy outside the job: the calling thread may take the chunk meanwhile.
      leave();
      let spins = 0;
      while (Atomics.load(i32, b + C.READY) <= c) {
        if (Atomics.load(i32, b + C.OPEN) !== seq) return;
        if (++spins > 100000) Atomics.wait(i32, b + C.PARK, 0, 0.05);
      }
      if (!enter()) return;
    }
    const flag = (i32[b + C.FLAGS] >> 2) + c;
    if (Atomics.compareExchange(i32, flag, 0, 4) === 0) chunkRunner(k, i32, f64, b, c, P, kernel);
    leave();
  }
}

/** What a worker receives: the kernels' module and shared memory, the control block, a workspace. */
export interface WorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctl: number;
  workspace: number;
}

/** A worker's life: instantiate the kernels on the shared memory, then wait for jobs and work. */
export function startWorker(
  d: WorkerData,
  P: Protocol,
  worker: typeof work,
  chunkRunner: typeof runChunk,
  kernel: typeof runKernel,
): void {
  const C = P.CTL;
  const instance = new WebAssembly.Instance(d.module, { env: { memory: d.memory } });
  const k = instance.exports as unknown as KernelExports;
  k.setWorkspace(d.workspace);
  const b = d.ctl >> 2;
  const ctl = new Int32Array(d.memory.buffer, d.ctl, C.BYTES / 4);
  const id = Atomics.add(ctl, C.STARTED, 1); // this worker's index in the row-scratch table
  let seen = Atomics.load(ctl, C.SEQ);
  for (;;) {
    // Spin a little before sleeping: back-to-back jobs then skip the wake-up (≈ 60 µs).
    for (let i = 0; i < 200000 && Atomics.load(ctl, C.SEQ) === seen; i++) {}
    Atomics.wait(ctl, C.SEQ, seen);
    seen = Atomics.load(ctl, C.SEQ);
    worker(k, d.memory, b, P, chunkRunner, kernel, seen, id);
  }
}

/**
 * Source of the worker (run by Node's `worker_threads` with `eval: true`, or by a Web Worker from a
 * Blob URL): the functions above, from their compiled text, and the protocol's constants.
 */
export const WORKER_SOURCE = `"use strict";
const P = ${JSON.stringify(PROTOCOL)};
const runKernel = ${runKernel.toString()};
const runChunk = ${runChunk.toString()};
const work = ${work.toString()};
const startWorker = ${startWorker.toString()};
const run = (d) => startWorker(d, P, work, runChunk, runKernel);
if (typeof require === "function") run(require("node:worker_threads").workerData);
else self.onmessage = (e) => run(e.data);
`;
