/**
 * The job protocol between the calling thread and the worker threads, over a control block of
 * 32-bit integers in the shared kernels memory. A job is a list of chunks with fixed boundaries
 * (independent of the number of threads); every chunk writes its own state slot, and the caller
 * merges the slots in chunk order, so the result is the same for any thread count.
 *
 * Chunks are claimed with an atomic counter. Inputs that do not live in the kernels' memory are
 * copied in by the calling thread into a ring of slots, chunk by chunk, while the workers compute
 * (memory in proportion to the ring, not to the input). In such a job the calling thread takes its
 * own chunks from the back and computes them on a private plain memory (a plain memcpy instead of
 * the slower copy into shared memory); the workers take theirs from the front, through the ring.
 */

/** Indices into the control block (Int32). */
export const CTL = {
  /** Job sequence number (workers wait on it). */
  SEQ: 0,
  /** Sequence number of the open job, 0 when none is open. */
  OPEN: 1,
  /** Workers currently inside a job. */
  ACTIVE: 2,
  /**
   * Next chunk to claim from the front. In a two-ended job (TWO_ENDED = 1) the low 16 bits count
   * the chunks claimed from the front and the high 16 bits those the calling thread claimed from
   * the back (one atomic word, so a chunk is never claimed twice); chunk c is the front's to take
   * while c < chunks − back.
   */
  NEXT: 3,
  /** Chunks completed. */
  DONE: 4,
  /** Chunks available (copied in); equal to the chunk count for in-place inputs. */
  READY: 5,
  /** Workers that have started. */
  STARTED: 6,
  KIND: 8,
  F32: 9,
  /** Elements (KL, entropy) or rows (logits). */
  N: 10,
  /** Elements or rows per chunk. */
  CHUNK: 11,
  NCHUNKS: 12,
  PTR_A: 13,
  PTR_B: 14,
  STATES: 15,
  FLAGS: 16,
  /** Ring slots (0: inputs read in place). */
  RING: 17,
  /** Bytes per ring slot, per input. */
  SLOT: 18,
  COLS: 19,
  OUT: 20,
  /** JS: how p̂ − q̂ is formed (0: balanced, λ = 1; 1: balanced, λ ≠ 1; 2: unbalanced). */
  MODE: 21,
  /** 1 when the calling thread also claims chunks from the back (see NEXT). */
  TWO_ENDED: 22,
  /** A word that stays 0, for timed sleeps with Atomics.wait. */
  PARK: 24,
  /** Byte offset of a float64 parameter (entropy reference M, or KL's scale λ) within the block. */
  F64_PARAM_BYTE: 128,
  /** JS: byte offsets of 1/Sp, 1/Sq and r = δ/SqL (λ is at F64_PARAM_BYTE). */
  F64_INV_SP_BYTE: 136,
  F64_INV_SQ_BYTE: 144,
  F64_R_BYTE: 152,
  /** Size of the control block in bytes. */
  BYTES: 256,
} as const;

/** Job kinds. */
export const KIND = { KL: 1, ENTROPY_SUMS: 2, LOGITS: 3, MAX: 4, JS: 5 } as const;

/** Bytes of one chunk state slot, per kind. */
export const STATE_BYTES = { 1: 80, 2: 32, 3: 0, 4: 8, 5: 16 } as const;

/**
 * Source of the worker (plain JavaScript, run by Node's `worker_threads` with `eval: true` or by a
 * Web Worker from a Blob URL). `runChunk` mirrors {@link runChunk} of pool.ts line for line.
 */
export const WORKER_SOURCE = `"use strict";
function runChunk(k, i32, f64, b, c) {
  const kind = i32[b + ${CTL.KIND}];
  const f32 = i32[b + ${CTL.F32}] === 1;
  const n = i32[b + ${CTL.N}];
  const chunk = i32[b + ${CTL.CHUNK}];
  const ring = i32[b + ${CTL.RING}];
  const slot = i32[b + ${CTL.SLOT}];
  const bpe = f32 ? 4 : 8;
  const start = c * chunk;
  const len = Math.min(chunk, n - start);
  const cols = i32[b + ${CTL.COLS}];
  const unit = kind === ${KIND.LOGITS} ? cols * bpe : bpe;
  const pa = ring > 0 ? i32[b + ${CTL.PTR_A}] + (c % ring) * slot : i32[b + ${CTL.PTR_A}] + start * unit;
  const pb = ring > 0 ? i32[b + ${CTL.PTR_B}] + (c % ring) * slot : i32[b + ${CTL.PTR_B}] + start * unit;
  const states = i32[b + ${CTL.STATES}];
  let flag = 0;
  if (kind === ${KIND.KL}) {
    const st = states + c * ${STATE_BYTES[KIND.KL]};
    k.clear(st, ${STATE_BYTES[KIND.KL]});
    const lambda = f64[(b * 4 + ${CTL.F64_PARAM_BYTE}) / 8];
    if (lambda === 1) flag = f32 ? k.klF32(pa, pb, len, st) : k.klF64(pa, pb, len, st);
    else flag = f32 ? k.klScaledF32(pa, pb, len, lambda, st) : k.klScaledF64(pa, pb, len, lambda, st);
  } else if (kind === ${KIND.ENTROPY_SUMS}) {
    const st = states + c * ${STATE_BYTES[KIND.ENTROPY_SUMS]};
    k.clear(st, ${STATE_BYTES[KIND.ENTROPY_SUMS]});
    const m = f64[(b * 4 + ${CTL.F64_PARAM_BYTE}) / 8];
    if (f32) k.entropyF32(pa, len, m, st);
    else k.entropyF64(pa, len, m, st);
  } else if (kind === ${KIND.MAX}) {
    const st = states + c * ${STATE_BYTES[KIND.MAX]};
    flag = f32 ? k.maxF32(pa, len, st) : k.maxF64(pa, len, st);
  } else if (kind === ${KIND.JS}) {
    const st = states + c * ${STATE_BYTES[KIND.JS]};
    k.clear(st, ${STATE_BYTES[KIND.JS]});
    const o = b * 4;
    const lambda = f64[(o + ${CTL.F64_PARAM_BYTE}) / 8];
    const ip = f64[(o + ${CTL.F64_INV_SP_BYTE}) / 8];
    const iq = f64[(o + ${CTL.F64_INV_SQ_BYTE}) / 8];
    const r = f64[(o + ${CTL.F64_R_BYTE}) / 8];
    const mode = i32[b + ${CTL.MODE}];
    if (f32) k.jsF32(pa, pb, len, ip, iq, lambda, r, mode, st);
    else k.jsF64(pa, pb, len, ip, iq, lambda, r, mode, st);
  } else {
    const out = i32[b + ${CTL.OUT}] + start * 8;
    const r = f32 ? k.klLogitsF32(pa, pb, cols, 0, len, out) : k.klLogitsF64(pa, pb, cols, 0, len, out);
    flag = r === -1 ? 0 : 1;
  }
  Atomics.store(i32, (i32[b + ${CTL.FLAGS}] >> 2) + c, flag | 2);
  Atomics.add(i32, b + ${CTL.DONE}, 1);
}
function work(k, memory, b) {
  const i32 = new Int32Array(memory.buffer);
  const f64 = new Float64Array(memory.buffer);
  const nch = i32[b + ${CTL.NCHUNKS}];
  const twoEnded = i32[b + ${CTL.TWO_ENDED}] === 1;
  for (;;) {
    const old = Atomics.add(i32, b + ${CTL.NEXT}, 1);
    const c = twoEnded ? old & 0xffff : old;
    if (c >= (twoEnded ? nch - (old >>> 16) : nch)) break;
    let spins = 0;
    while (Atomics.load(i32, b + ${CTL.READY}) <= c) {
      if (++spins > 100000) Atomics.wait(i32, b + ${CTL.PARK}, 0, 0.05);
    }
    runChunk(k, i32, f64, b, c);
  }
}
function start(d) {
  const instance = new WebAssembly.Instance(d.module, { env: { memory: d.memory } });
  const k = instance.exports;
  k.setWorkspace(d.workspace);
  const b = d.ctl >> 2;
  const ctl = new Int32Array(d.memory.buffer, d.ctl, ${CTL.BYTES / 4});
  Atomics.add(ctl, ${CTL.STARTED}, 1);
  let seen = Atomics.load(ctl, ${CTL.SEQ});
  for (;;) {
    // Spin a little before sleeping: back-to-back jobs then skip the wake-up (≈ 60 µs).
    for (let i = 0; i < 200000 && Atomics.load(ctl, ${CTL.SEQ}) === seen; i++) {}
    Atomics.wait(ctl, ${CTL.SEQ}, seen);
    seen = Atomics.load(ctl, ${CTL.SEQ});
    Atomics.add(ctl, ${CTL.ACTIVE}, 1);
    if (Atomics.load(ctl, ${CTL.OPEN}) === seen) work(k, d.memory, b);
    Atomics.sub(ctl, ${CTL.ACTIVE}, 1);
  }
}
if (typeof require === "function") {
  start(require("node:worker_threads").workerData);
} else {
  self.onmessage = (e) => start(e.data);
}
`;
