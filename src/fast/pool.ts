/**
 * Runs a chunked job on the calling thread and, when asked and worth it, on worker threads over the
 * shared kernels memory (Node `worker_threads`, Web Workers in browsers). The calling thread always
 * takes part, so a job completes even when no worker has started yet; the chunk boundaries do not
 * depend on the number of threads, so neither does the result.
 */
import { describeValue, SurprisalError } from "../errors.js";
import { CTL, JOB_KIND, ROW_BYTES, STATE_BYTES } from "./protocol.js";
import { alloc, getRuntime, mem, type PrivateRuntime, privateRuntime, Scratch } from "./runtime.js";
import { PROTOCOL, runChunk, runKernel, WORKER_SOURCE } from "./worker.js";

/** A job: `n` elements (or rows) in chunks of `chunk`, read in place or copied from `srcA`/`srcB`. */
export interface Job {
  kind: (typeof JOB_KIND)[keyof typeof JOB_KIND];
  f32: boolean;
  n: number;
  chunk: number;
  /** Columns per row (logits); 1 otherwise. */
  cols: number;
  /** In place: byte offsets of the inputs in the kernels' memory. */
  ptrA: number;
  ptrB: number;
  /** Copied: the inputs and the element where the job starts in them. */
  srcA?: Float64Array | Float32Array;
  srcB?: Float64Array | Float32Array;
  srcOffset: number;
  /** Byte offset of the output (logits). */
  out: number;
  /** Float64 parameter: the entropy reference M, or the scale λ of Q (KL, JS). */
  m: number;
  /** JS only: 1/Sp, 1/Sq, r = δ/SqL and the mode of p̂ − q̂ (see assembly/js.ts, jsTerm2). */
  js?: { ip: number; iq: number; r: number; mode: number; lambda?: number; aux?: number };
  /** MODEL only: bytes of row scratch each thread needs (0 or absent: none). */
  rowScratch?: number;
}

/** Where a finished job left its results. */
export interface JobResult {
  nchunks: number;
  /** Byte offset of the chunk states (STATE_BYTES[kind] each). */
  states: number;
  /** True when some chunk reported a possibly invalid element. */
  suspicious: boolean;
}

let ctl = -1;
/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
let canBlock: boolean | undefined;

/**
 * One step of a wait loop: spin for the first iterations, then sleep for ~50 µs per step (where
 * this thread may block), so that an oversubscribed machine does not burn the core the awaited
 * thread needs.
 */
function pause(i32: Int32Array, spins: number): void {
  if (spins < 2000) return;
  if (canBlock === undefined) {
    try {
      Atomics.wait(i32, (ctl >> 2) + CTL.PARK, 0, 0);
      canBlock = true;
    } catch {
      canBlock = false;
    }
  }
  if (canBlock) Atomics.wait(i32, (ctl >> 2) + CTL.PARK, 0, 0.05);
}
const states = new Scratch();
/** Row scratch of the calling thread ([0]) and of each worker ([1 + id]), and their table. */
const rowScratches: Scratch[] = [];
const scratchTable = new Scratch();
const flags = new Scratch();
const ring = new Scratch();

interface WorkerLike {
  unref?: () => void;
  terminate(): unknown;
}
const workers: WorkerLike[] = [];
let threadSetting: number | undefined;
let workerFailure: unknown;

type NodeProcess = { getBuiltinModule?: (id: string) => unknown };

function nodeModule<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: NodeProcess }).process;
  return proc?.getBuiltinModule?.(id) as T | undefined;
}

/** The number of cores available to this process (1 when unknown). */
export function availableCores(): number {
  const os = nodeModule<{ availableParallelism?: () => number; cpus: () => unknown[] }>("node:os");
  if (os) return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}

/** Sets the number of threads of the fast path (default: the available cores; 1 turns threads off). */
export function setThreads(n: number | undefined): void {
  if (n !== undefined && !(Number.isInteger(n) && n >= 1)) {
    throw new SurprisalError(
      "invalid-option",
      `threads = ${describeValue(n)} is not valid: it must be a whole number >= 1 (1 turns worker threads off)`,
      { argument: "threads", value: n },
    );
  }
  threadSetting = n;
}

/** The number of threads the fast path uses for big inputs. */
export function getThreads(): number {
  return threadsFor();
}

/**
 * Threads for one call: 1 where worker threads are unavailable; else the call's `threads` option
 * (at most the available cores), or the process-wide setting, or the available cores.
 */
export function threadsFor(requested?: number): number {
  const r = getRuntime();
  if (r === undefined || !r.shared || workerFailure !== undefined) return 1;
  if (requested !== undefined) return Math.max(1, Math.min(requested, availableCores()));
  return threadSetting ?? availableCores();
}

/** The main thread's workspace and the control block (allocated once). */
export function ensureBase(): void {
  if (ctl >= 0) return;
  const r = getRuntime()!;
  const ws = alloc(256);
  r.kernels.setWorkspace(ws);
  ctl = alloc(CTL.BYTES);
  mem().i32.fill(0, ctl >> 2, (ctl + CTL.BYTES) >> 2);
}

function spawn(): WorkerLike | undefined {
  const r = getRuntime()!;
  const workspace = alloc(256);
  const data = { module: r.module, memory: r.memory, ctl, workspace };
  const wt = nodeModule<{
    Worker: new (src: string, o: { eval: boolean; workerData: unknown }) => WorkerLike;
  }>("node:worker_threads");
  if (wt) {
    const w = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: data });
    w.unref?.();
    return w;
  }
  const g = globalThis as {
    Worker?: new (url: string) => WorkerLike & { postMessage(d: unknown): void };
    Blob?: typeof Blob;
    URL?: typeof URL;
  };
  if (g.Worker && g.Blob && g.URL) {
    const url = g.URL.createObjectURL(new g.Blob([WORKER_SOURCE], { type: "text/javascript" }));
    const w = new g.Worker(url);
    w.postMessage(data);
    return w;
  }
  return undefined;
}

function ensureWorkers(count: number): void {
  try {
    while (workers.length < count) {
      const w = spawn();
      if (!w) {
        workerFailure = new Error("no worker implementation on this platform");
        return;
      }
      workers.push(w);
    }
  } catch (e) {
    workerFailure = e;
  }
}

/** Byte offset of the control block in the kernels' memory, −1 before the first job (for tests). */
export function controlOffset(): number {
  return ctl;
}

/** Number of workers started so far (for tests and diagnostics). */
export function startedWorkers(): number {
  if (ctl < 0) return 0;
  return Atomics.load(mem().i32, (ctl >> 2) + CTL.STARTED);
}

/** Starts workers for `threads` and waits (up to `timeoutMs`) until they run. Node only. */
export function warmUp(threads: number, timeoutMs = 5000): number {
  ensureBase();
  if (threads > 1) ensureWorkers(threads - 1);
  const i32 = mem().i32;
  const t0 = Date.now();
  while (Atomics.load(i32, (ctl >> 2) + CTL.STARTED) < threads - 1 && Date.now() - t0 < timeoutMs) {
    Atomics.wait(i32, (ctl >> 2) + CTL.PARK, 0, 1);
  }
  return startedWorkers();
}

/** Chunks of a two-ended job at most (the front and back counts share one 32-bit word). */
const MAX_TWO_ENDED_CHUNKS = 0x7fff;

/** Copies chunk c of a copied job's inputs into its ring slot. */
function copyChunk(
  job: Job,
  view: Float64Array | Float32Array,
  ptrA: number,
  ptrB: number,
  c: number,
  ringSlots: number,
  slotBytes: number,
  unitElems: number,
  two: boolean,
): void {
  const bpe = view.BYTES_PER_ELEMENT;
  const start = c * job.chunk;
  const len = Math.min(job.chunk, job.n - start);
  const from = job.srcOffset + start * unitElems;
  const to = from + len * unitElems;
  const slot = (c % ringSlots) * slotBytes;
  view.set(job.srcA!.subarray(from, to), (ptrA + slot) / bpe);
  if (two) view.set(job.srcB!.subarray(from, to), (ptrB + slot) / bpe);
}

/**
 * Chunk c of a copied job on the calling thread's private plain-memory instance: the same kernel
 * call as {@link runChunk} ({@link runKernel}, so the same bits), its state then copied into the job's
 * state slot.
 */
function runChunkPrivate(
  pr: PrivateRuntime,
  job: Job,
  i32: Int32Array,
  f64: Float64Array,
  b: number,
  c: number,
  unitElems: number,
  two: boolean,
): void {
  const k = pr.kernels;
  const bpe = job.f32 ? 4 : 8;
  const start = c * job.chunk;
  const len = Math.min(job.chunk, job.n - start);
  const from = job.srcOffset + start * unitElems;
  const to = from + len * unitElems;
  const half = Math.ceil((len * unitElems * bpe) / 64) * 64;
  const pa = pr.data;
  const pb = pa + half;
  const view = job.f32 ? pr.f32 : pr.f64;
  view.set(job.srcA!.subarray(from, to), pa / bpe);
  if (two) view.set(job.srcB!.subarray(from, to), pb / bpe);
  const st = pr.state;
  const bytes = STATE_BYTES[job.kind];
  const js = job.js ?? { ip: 0, iq: 0, r: 0, mode: 0 };
  const args = {
    kind: job.kind,
    f32: job.f32,
    m: job.m,
    cols: job.cols,
    out: 0,
    ...js,
    lambda: js.lambda ?? 1,
    aux: js.aux ?? 0,
  };
  const flag = runKernel(k, args, pa, pb, len, st, PROTOCOL);
  const dst = (i32[b + CTL.STATES] + c * bytes) >> 3;
  f64.set(pr.f64.subarray(st >> 3, (st + bytes) >> 3), dst);
  Atomics.store(i32, (i32[b + CTL.FLAGS] >> 2) + c, flag | 2);
  Atomics.add(i32, b + CTL.DONE, 1);
}

/**
 * Work stealing: runs on the calling thread one chunk that a worker claimed but has not started
 * (its flag still 0, see `work` in worker.ts), so that the calling thread never waits for a worker
 * that has no CPU (a busy machine). Chunks below `copied` are read from the ring (or in place); in a
 * two-ended job any chunk can be taken, from the caller's inputs on its private memory. The flag
 * turns 0 → 4 by compare-and-swap, so a chunk runs once, and the same kernel on the same fixed chunk
 * gives the same bits whoever runs it. Returns whether a chunk was run.
 */
function stealOne(
  job: Job,
  i32: Int32Array,
  f64: Float64Array,
  b: number,
  flagPtr: number,
  nch: number,
  copied: number,
  pr: PrivateRuntime | undefined,
  unitElems: number,
  two: boolean,
): boolean {
  const f = flagPtr >> 2;
  for (let c = 0; c < nch; c++) {
    if (Atomics.load(i32, f + c) !== 0) continue;
    if (pr === undefined && c >= copied) continue;
    if (Atomics.compareExchange(i32, f + c, 0, 4) !== 0) continue;
    if (pr !== undefined) runChunkPrivate(pr, job, i32, f64, b, c, unitElems, two);
    else runChunk(getRuntime()!.kernels, i32, f64, b, c, PROTOCOL, runKernel);
    return true;
  }
  return false;
}

/**
 * Gives every thread (the calling one, and each worker by its start order) a row scratch of `bytes`
 * (assembly/model-rows.ts, setRowScratch): the calling thread's is set here, the workers' go in a
 * table whose offset the job carries (0: none). All threads get one or none (when memory runs out),
 * so that a row's value never depends on which thread computed it.
 */
function setRowScratches(bytes: number, k: { setRowScratch(p: number, b: number): void }): number {
  if (bytes <= 0) {
    k.setRowScratch(0, 0);
    return 0;
  }
  const n = 1 + workers.length;
  const tab = scratchTable.ensure(8 * n);
  const ptrs: number[] = [];
  for (let t = 0; t < n && tab >= 0; t++) {
    rowScratches[t] ??= new Scratch();
    const p = (rowScratches[t] as Scratch).ensure(bytes);
    if (p < 0) break;
    ptrs.push(p);
  }
  if (tab < 0 || ptrs.length < n) {
    k.setRowScratch(0, 0);
    return 0;
  }
  const i32 = mem().i32;
  for (let t = 1; t < n; t++) {
    i32[(tab >> 2) + 2 * (t - 1)] = ptrs[t] as number;
    i32[(tab >> 2) + 2 * (t - 1) + 1] = bytes;
  }
  k.setRowScratch(ptrs[0] as number, bytes);
  return tab;
}

/**
 * Runs `job` with up to `threads` threads. Returns undefined when the kernels' memory cannot hold
 * the job's buffers (the caller then takes the TypeScript path).
 */
export function runJob(job: Job, threads: number): JobResult | undefined {
  const r = getRuntime()!;
  ensureBase();
  const nch = Math.ceil(job.n / job.chunk);
  const bpe = job.f32 ? 4 : 8;
  const byRows = ROW_BYTES[job.kind] !== undefined;
  const unitElems = byRows ? job.cols : 1;
  const copying = job.srcA !== undefined;
  // One input: the entropy kinds (of a vector, of logits by row: LOGITS with MODE 1, of rows),
  // the maximum; every other kind reads a pair.
  const two = !(
    job.kind === JOB_KIND.ENTROPY_SUMS ||
    job.kind === JOB_KIND.ENTROPY ||
    job.kind === JOB_KIND.MAX ||
    job.kind === JOB_KIND.ENT_LOG ||
    job.kind === JOB_KIND.ENT_ROWS ||
    (job.kind === JOB_KIND.LOGITS && job.js?.mode === 1)
  );
  const useWorkers = threads > 1 && nch > 1 && r.shared;
  const ringSlots = copying ? (useWorkers ? 2 * threads + 2 : 1) : 0;
  const slotBytes = Math.ceil((job.chunk * unitElems * bpe) / 64) * 64;
  const statePtr = states.ensure(Math.max(8, nch * STATE_BYTES[job.kind]));
  const flagPtr = flags.ensure(nch * 4);
  let ptrA = job.ptrA;
  let ptrB = job.ptrB;
  if (copying) {
    const base = ring.ensure(ringSlots * slotBytes * (two ? 2 : 1));
    if (base < 0) return undefined;
    ptrA = base;
    ptrB = base + ringSlots * slotBytes;
  }
  if (statePtr < 0 || flagPtr < 0) return undefined;
  // Copied inputs: the calling thread computes its own chunks (from the back) on the private
  // plain memory; the ring carries only the workers' chunks (see protocol.ts).
  // (Not for kinds that write an output, which runChunkPrivate does not carry over.)
  const pr =
    copying && !byRows && job.kind !== JOB_KIND.CONTRIB && nch <= MAX_TWO_ENDED_CHUNKS
      ? privateRuntime(slotBytes * (two ? 2 : 1))
      : undefined;
  const twoEnded = pr !== undefined;
  if (useWorkers) ensureWorkers(threads - 1);
  const table = setRowScratches(job.rowScratch ?? 0, r.kernels);
  const m = mem();
  const i32 = m.i32;
  const b = ctl >> 2;
  i32[b + CTL.KIND] = job.kind;
  i32[b + CTL.F32] = job.f32 ? 1 : 0;
  i32[b + CTL.N] = job.n;
  i32[b + CTL.CHUNK] = job.chunk;
  i32[b + CTL.NCHUNKS] = nch;
  i32[b + CTL.PTR_A] = ptrA;
  i32[b + CTL.PTR_B] = ptrB;
  i32[b + CTL.STATES] = statePtr;
  i32[b + CTL.FLAGS] = flagPtr;
  i32[b + CTL.RING] = ringSlots;
  i32[b + CTL.SLOT] = slotBytes;
  i32[b + CTL.COLS] = job.cols;
  i32[b + CTL.OUT] = job.out;
  m.f64[(ctl + CTL.F64_PARAM_BYTE) >> 3] = job.m;
  // Every job sets every parameter (zeros where it has none): a kernel that reads MODE must not
  // see the previous job's.
  const js = job.js ?? { ip: 0, iq: 0, r: 0, mode: 0 };
  m.f64[(ctl + CTL.F64_INV_SP_BYTE) >> 3] = js.ip;
  m.f64[(ctl + CTL.F64_INV_SQ_BYTE) >> 3] = js.iq;
  m.f64[(ctl + CTL.F64_R_BYTE) >> 3] = js.r;
  m.f64[(ctl + CTL.F64_LAMBDA_BYTE) >> 3] = js.lambda ?? 1;
  m.f64[(ctl + CTL.F64_AUX_BYTE) >> 3] = js.aux ?? 0;
  i32[b + CTL.MODE] = js.mode;
  i32.fill(0, flagPtr >> 2, (flagPtr >> 2) + nch);
  Atomics.store(i32, b + CTL.DONE, 0);
  Atomics.store(i32, b + CTL.READY, copying ? 0 : nch);
  Atomics.store(i32, b + CTL.NEXT, 0);
  i32[b + CTL.TWO_ENDED] = twoEnded ? 1 : 0;
  i32[b + CTL.SCRATCH] = table;
  if (useWorkers && workers.length > 0) {
    const seq = (Atomics.load(i32, b + CTL.SEQ) + 1) | 0 || 1;
    Atomics.store(i32, b + CTL.OPEN, seq);
    Atomics.store(i32, b + CTL.SEQ, seq);
    Atomics.notify(i32, b + CTL.SEQ);
  }
  const view = job.f32 ? m.f32 : m.f64;
  const k = r.kernels;
  let copied = copying ? 0 : nch;
  let spins = 0;
  if (twoEnded) {
    for (;;) {
      const word = Atomics.load(i32, b + CTL.NEXT);
      const front = word & 0xffff;
      // Copy ahead only for workers that run: until one has claimed a chunk, the calling thread
      // works as alone (a worker without CPU then costs it no copies into shared memory).
      const lookahead = front > 0 ? 2 * (threads - 1) : 0;
      const limit = nch - (word >>> 16); // chunks [limit, nch) are the calling thread's
      // Keep about two chunks per worker copied ahead: enough that a worker never waits while
      // this thread computes one of its own, few enough that it does not copy more than the
      // workers will take (the rest, at least the last chunk, it computes itself, without the
      // copy into shared memory). A chunk a worker has claimed is always copied.
      if (
        useWorkers &&
        (copied < Math.min(front, limit) || (copied < limit - 1 && copied - front < lookahead)) &&
        (copied < ringSlots || (Atomics.load(i32, (flagPtr >> 2) + copied - ringSlots) & 2) !== 0)
      ) {
        copyChunk(job, view, ptrA, ptrB, copied, ringSlots, slotBytes, unitElems, two);
        copied++;
        Atomics.store(i32, b + CTL.READY, copied);
        continue;
      }
      const back = limit - 1;
      if (back >= copied && back >= front) {
        if (Atomics.compareExchange(i32, b + CTL.NEXT, word, word + 0x10000) === word) {
          runChunkPrivate(pr!, job, i32, m.f64, b, back, unitElems, two);
        }
        continue;
      }
      if (front < copied && front < limit) {
        if (
          Atomics.compareExchange(i32, b + CTL.NEXT, word, word + 1) === word &&
          Atomics.compareExchange(i32, (flagPtr >> 2) + front, 0, 4) === 0
        ) {
          runChunk(k, i32, m.f64, b, front, PROTOCOL, runKernel);
        }
        continue;
      }
      if (front >= limit) break;
      // The ring is full: take a chunk of it that a worker claimed but has not started, else wait.
      if (!stealOne(job, i32, m.f64, b, flagPtr, copied, copied, undefined, unitElems, two))
        pause(i32, spins++);
    }
  } else {
    for (;;) {
      if (
        copied < nch &&
        (copied < ringSlots || (Atomics.load(i32, (flagPtr >> 2) + copied - ringSlots) & 2) !== 0)
      ) {
        copyChunk(job, view, ptrA, ptrB, copied, ringSlots, slotBytes, unitElems, two);
        copied++;
        Atomics.store(i32, b + CTL.READY, copied);
        continue;
      }
      const c = Atomics.load(i32, b + CTL.NEXT);
      if (c < copied && c < nch) {
        if (
          Atomics.compareExchange(i32, b + CTL.NEXT, c, c + 1) === c &&
          Atomics.compareExchange(i32, (flagPtr >> 2) + c, 0, 4) === 0
        ) {
          runChunk(k, i32, m.f64, b, c, PROTOCOL, runKernel);
        }
        continue;
      }
      if (copied >= nch && c >= nch) break;
      // The ring is full: take a chunk of it that a worker claimed but has not started, else wait.
      if (!stealOne(job, i32, m.f64, b, flagPtr, nch, copied, undefined, unitElems, two))
        pause(i32, spins++);
    }
  }
  spins = 0;
  // The workers' last chunks: those not started yet are taken (work stealing); only a chunk a
  // worker is computing is waited for.
  while (Atomics.load(i32, b + CTL.DONE) < nch) {
    if (!stealOne(job, i32, m.f64, b, flagPtr, nch, copied, pr, unitElems, two))
      pause(i32, spins++);
  }
  if (useWorkers && workers.length > 0) {
    Atomics.store(i32, b + CTL.OPEN, 0);
    // No worker may still be inside the job when the next one reuses the block. Every chunk is
    // done, so a worker inside is between its check of OPEN and its leaving: a few instructions.
    spins = 0;
    while (Atomics.load(i32, b + CTL.ACTIVE) !== 0) pause(i32, spins++);
  }
  let suspicious = false;
  for (let c = 0; c < nch; c++) if ((i32[(flagPtr >> 2) + c] & 1) !== 0) suspicious = true;
  return { nchunks: nch, states: statePtr, suspicious };
}
