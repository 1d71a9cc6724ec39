/**
 * The WebAssembly side of the fast path: one memory (shared when the platform allows, so that
 * worker threads read the same inputs), the kernels instantiated on it, and a small allocator for
 * the regions the hooks and {@link fastArray} use. Instantiation is synchronous where the platform
 * allows it (Node, workers); elsewhere it completes asynchronously and the TypeScript path serves
 * the calls made before.
 */
import {
  KERNELS_MAX_PAGES,
  KERNELS_SHARED_BASE64,
  KERNELS_SHARED_FLAG_OFFSET,
} from "./kernels-wasm.js";

/** The kernels module, importing a shared memory or (with the shared flag cleared) a plain one. */
export function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const bytes = decodeBase64(KERNELS_SHARED_BASE64);
  if (!shared) bytes[KERNELS_SHARED_FLAG_OFFSET] &= ~0x02;
  return bytes;
}

/** The exports of the WebAssembly module (entry assembly/kernels.ts, one kernel a file beside it). */
export interface KernelExports {
  setWorkspace(ptr: number): void;
  klF64(p: number, q: number, n: number, st: number): number;
  klF32(p: number, q: number, n: number, st: number): number;
  klScaledF64(p: number, q: number, n: number, lambda: number, st: number): number;
  klScaledF32(p: number, q: number, n: number, lambda: number, st: number): number;
  maxF64(x: number, n: number, st: number): number;
  maxF32(x: number, n: number, st: number): number;
  entropyF64(x: number, n: number, m: number, st: number): void;
  entropyF32(x: number, n: number, m: number, st: number): void;
  entropyFusedF64(x: number, n: number, st: number): number;
  entropyFusedF32(x: number, n: number, st: number): number;
  jsF64(
    p: number,
    q: number,
    n: number,
    ip: number,
    iq: number,
    lambda: number,
    r: number,
    mode: number,
    st: number,
  ): void;
  jsF32(
    p: number,
    q: number,
    n: number,
    ip: number,
    iq: number,
    lambda: number,
    r: number,
    mode: number,
    st: number,
  ): void;
  pairSumF64(
    p: number,
    q: number,
    n: number,
    ip: number,
    iq: number,
    lambda: number,
    r: number,
    mode: number,
    st: number,
  ): void;
  pairSumF32(
    p: number,
    q: number,
    n: number,
    ip: number,
    iq: number,
    lambda: number,
    r: number,
    mode: number,
    st: number,
  ): void;
  renyiF64(
    p: number,
    q: number,
    n: number,
    ip: number,
    iq: number,
    shift: number,
    beta: number,
    mode: number,
    st: number,
    lambda: number,
  ): void;
  renyiF32(
    p: number,
    q: number,
    n: number,
    ip: number,
    iq: number,
    shift: number,
    beta: number,
    mode: number,
    st: number,
    lambda: number,
  ): void;
  renyiTotalsRowsF64(
    p: number,
    q: number,
    n: number,
    rows: number,
    beta: number,
    mode: number,
    out: number,
    st: number,
  ): number;
  renyiTotalsRowsF32(
    p: number,
    q: number,
    n: number,
    rows: number,
    beta: number,
    mode: number,
    out: number,
    st: number,
  ): number;
  renyiRowsF64(
    p: number,
    q: number,
    n: number,
    rows: number,
    beta: number,
    mode: number,
    out: number,
    st: number,
  ): void;
  renyiRowsF32(
    p: number,
    q: number,
    n: number,
    rows: number,
    beta: number,
    mode: number,
    out: number,
    st: number,
  ): void;
  pairTotalsF64(p: number, q: number, n: number, mode: number, st: number): number;
  pairTotalsF32(p: number, q: number, n: number, mode: number, st: number): number;
  crossEntropyF64(p: number, q: number, n: number, m: number, st: number): number;
  crossRowsF64(p: number, q: number, n: number, rows: number, out: number, m: number): number;
  entropyAutoF64(x: number, n: number, m: number, st: number): number;
  entropyAutoF32(x: number, n: number, m: number, st: number): number;
  crossRowsF32(p: number, q: number, n: number, rows: number, out: number, m: number): number;
  contributionsF64(
    p: number,
    q: number,
    n: number,
    ip: number,
    shift: number,
    ilb: number,
    out: number,
    lambda: number,
  ): number;
  contributionsF32(
    p: number,
    q: number,
    n: number,
    ip: number,
    shift: number,
    ilb: number,
    out: number,
    lambda: number,
  ): number;
  contributionsLogitsF64(
    z: number,
    w: number,
    n: number,
    mz: number,
    c1: number,
    er: number,
    ilb: number,
    out: number,
  ): number;
  contributionsLogitsF32(
    z: number,
    w: number,
    n: number,
    mz: number,
    c1: number,
    er: number,
    ilb: number,
    out: number,
  ): number;
  logitNormalizersF64(z: number, w: number, n: number, st: number): number;
  klLogChunkF64(z: number, w: number, n: number, st: number): number;
  entropyLogChunkF64(z: number, n: number, st: number): number;
  entropyLogChunkF32(z: number, n: number, st: number): number;
  klLogChunkF32(z: number, w: number, n: number, st: number): number;
  logitNormalizersF32(z: number, w: number, n: number, st: number): number;
  logitMaximaRangeF64(z: number, w: number, n: number, st: number): number;
  klRowsF64(p: number, q: number, n: number, rows: number, out: number, counts: number): number;
  entropyRowsF64(x: number, n: number, rows: number, out: number, m: number): number;
  jsRowsF64(p: number, q: number, n: number, rows: number, out: number): void;
  jsRowsF32(p: number, q: number, n: number, rows: number, out: number): void;
  pairTotalsRowsF64(
    p: number,
    q: number,
    n: number,
    rows: number,
    mode: number,
    out: number,
  ): number;
  pairTotalsRowsF32(
    p: number,
    q: number,
    n: number,
    rows: number,
    mode: number,
    out: number,
  ): number;
  entropyRowsF32(x: number, n: number, rows: number, out: number, m: number): number;
  klRowsF32(p: number, q: number, n: number, rows: number, out: number, counts: number): number;
  logitMaximaRangeF32(z: number, w: number, n: number, st: number): number;
  logitSumsRangeF64(z: number, w: number, n: number, mz: number, mw: number, st: number): void;
  logitSumsRangeF32(z: number, w: number, n: number, mz: number, mw: number, st: number): void;
  logitSetNormalizers(mz: number, mw: number, st: number, out: number): void;
  logitTermsRangeF64(
    z: number,
    w: number,
    n: number,
    mode: number,
    alpha: number,
    mz: number,
    mw: number,
    c1: number,
    er: number,
    ratio: number,
    st: number,
  ): void;
  logitTermsRangeF32(
    z: number,
    w: number,
    n: number,
    mode: number,
    alpha: number,
    mz: number,
    mw: number,
    c1: number,
    er: number,
    ratio: number,
    st: number,
  ): void;
  logitPairFinish(mode: number, alpha: number, st: number, rec: number): number;
  crossEntropyF32(p: number, q: number, n: number, m: number, st: number): number;
  pairTotalsRenyiF64(
    p: number,
    q: number,
    n: number,
    beta: number,
    mode: number,
    st: number,
  ): number;
  pairTotalsRenyiF32(
    p: number,
    q: number,
    n: number,
    beta: number,
    mode: number,
    st: number,
  ): number;
  klLogitsF64(z: number, w: number, n: number, r0: number, r1: number, out: number): number;
  entropyLogitsF64(z: number, n: number, r0: number, r1: number, out: number): number;
  entropyLogitsF32(z: number, n: number, r0: number, r1: number, out: number): number;
  klLogitsF32(z: number, w: number, n: number, r0: number, r1: number, out: number): number;
  modelRowsF64(
    z: number,
    w: number,
    n: number,
    r0: number,
    r1: number,
    out: number,
    mode: number,
  ): number;
  modelRowsF32(
    z: number,
    w: number,
    n: number,
    r0: number,
    r1: number,
    out: number,
    mode: number,
  ): number;
  logitPairRowsF64(
    z: number,
    w: number,
    n: number,
    r0: number,
    r1: number,
    out: number,
    mode: number,
    alpha: number,
  ): number;
  logitPairRowsF32(
    z: number,
    w: number,
    n: number,
    r0: number,
    r1: number,
    out: number,
    mode: number,
    alpha: number,
  ): number;
  setRowScratch(ptr: number, bytes: number): void;
  widenHalf(src: number, n: number, kind: number, dst: number): void;
  dequantizeRows(src: number, rows: number, stride: number, columns: number, dst: number): void;
  heapBase(): number;
  clear(ptr: number, bytes: number): void;
}

/** A ready WebAssembly runtime. */
export interface Runtime {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  kernels: KernelExports;
  /** True when the memory is a SharedArrayBuffer (worker threads possible, in-place arrays). */
  shared: boolean;
}

const PAGE = 65536;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  // Node's Buffer decodes natively; atob (and the loop below) costs ~17 ms per start-up of the CLI.
  const B = (globalThis as { Buffer?: { from(s: string, encoding: "base64"): Uint8Array } }).Buffer;
  if (B !== undefined) return new Uint8Array(B.from(s, "base64"));
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function canShare(): boolean {
  if (typeof SharedArrayBuffer === "undefined" || typeof Atomics === "undefined") return false;
  const g = globalThis as { crossOriginIsolated?: boolean };
  return g.crossOriginIsolated !== false;
}

function makeMemory(shared: boolean): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 16, maximum: KERNELS_MAX_PAGES, shared });
}

function finish(module: WebAssembly.Module, memory: WebAssembly.Memory, shared: boolean): Runtime {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { module, memory, kernels: instance.exports as unknown as KernelExports, shared };
}

let runtime: Runtime | undefined;
let failure: unknown;
const listeners: Array<(r: Runtime) => void> = [];

/** The runtime, or undefined while it is not ready (or WebAssembly SIMD is unavailable). */
export function getRuntime(): Runtime | undefined {
  return runtime;
}

/** Why the runtime could not start, if it could not. */
export function runtimeFailure(): unknown {
  return failure;
}

/** Calls `f` once the runtime is ready (at once if it is). */
export function onRuntime(f: (r: Runtime) => void): void {
  if (runtime) f(runtime);
  else listeners.push(f);
}

function ready(r: Runtime): void {
  runtime = r;
  initHeap(r);
  for (const f of listeners.splice(0)) f(r);
}

/** Starts the runtime: synchronously when allowed, else asynchronously. Idempotent. */
export function startRuntime(): void {
  if (runtime || typeof WebAssembly === "undefined") return;
  let shared = canShare();
  let bytes = moduleBytes(shared);
  let memory: WebAssembly.Memory;
  try {
    memory = makeMemory(shared);
  } catch {
    shared = false;
    bytes = moduleBytes(false);
    memory = makeMemory(false);
  }
  try {
    ready(finish(new WebAssembly.Module(bytes), memory, shared));
  } catch (syncError) {
    // Browsers refuse synchronous compilation of large modules on the main thread.
    WebAssembly.compile(bytes).then(
      (module) => ready(finish(module, memory, shared)),
      (e: unknown) => {
        failure = e ?? syncError;
      },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// A private instance on a plain memory, for single-threaded calls on copied inputs
// ---------------------------------------------------------------------------------------------

/**
 * The kernels on a private, plain (non-shared) memory: a 256-byte workspace, a 512-byte state area
 * at `state`, then room for copied inputs from `data`. Copying a JavaScript array into a
 * SharedArrayBuffer goes through V8's relaxed word-by-word copy: for inputs that fit in the cache
 * about 5× slower than the memcpy into a plain buffer (0.28 against 0.06 ns per element at
 * n = 1000; from memory both run at about 0.4). Calls that run on the calling thread copy here.
 */
export interface PrivateRuntime {
  kernels: KernelExports;
  memory: WebAssembly.Memory;
  state: number;
  data: number;
  f64: Float64Array;
  f32: Float32Array;
}

let privateRt: PrivateRuntime | null | undefined; // null: not available here

/**
 * The private instance with room for `dataBytes` of inputs, or undefined (runtime not ready, no
 * synchronous compilation, memory exhausted): the caller then copies into the shared memory.
 */
export function privateRuntime(dataBytes: number): PrivateRuntime | undefined {
  const r = runtime;
  if (r === undefined || privateRt === null) return undefined;
  if (privateRt === undefined) {
    try {
      const module = r.shared ? new WebAssembly.Module(moduleBytes(false)) : r.module;
      const memory = makeMemory(false);
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      const kernels = instance.exports as unknown as KernelExports;
      const base = Math.ceil(kernels.heapBase() / 64) * 64;
      kernels.setWorkspace(base);
      const buf = memory.buffer;
      privateRt = {
        kernels,
        memory,
        state: base + 256,
        data: base + 768,
        f64: new Float64Array(buf),
        f32: new Float32Array(buf),
      };
    } catch {
      privateRt = null;
      return undefined;
    }
  }
  const pr = privateRt;
  const have = pr.memory.buffer.byteLength;
  const need = pr.data + dataBytes;
  if (need > have) {
    const pages = Math.ceil((need - have) / PAGE);
    if (have / PAGE + pages > KERNELS_MAX_PAGES) return undefined;
    try {
      pr.memory.grow(pages);
    } catch {
      return undefined;
    }
    pr.f64 = new Float64Array(pr.memory.buffer);
    pr.f32 = new Float32Array(pr.memory.buffer);
  }
  return pr;
}

// ---------------------------------------------------------------------------------------------
// Memory: a first-fit allocator over the wasm memory above the module's data
// ---------------------------------------------------------------------------------------------

/** Free blocks [start, size], sorted by start, coalesced. */
let free: Array<[number, number]> = [];
const sizes = new Map<number, number>();
/** End of the highest block ever allocated: the memory above it has never been written (zero). */
let highWater = 0;
const knownBuffers = new WeakSet<ArrayBufferLike>();
let views: { f64: Float64Array; f32: Float32Array; i32: Int32Array; u8: Uint8Array } | undefined;

function initHeap(r: Runtime): void {
  const base = Math.ceil(r.kernels.heapBase() / 64) * 64;
  const end = r.memory.buffer.byteLength;
  free = [[base, end - base]];
  refreshViews();
}

function refreshViews(): void {
  const buf = runtime!.memory.buffer;
  knownBuffers.add(buf);
  views = {
    f64: new Float64Array(buf),
    f32: new Float32Array(buf),
    i32: new Int32Array(buf),
    u8: new Uint8Array(buf),
  };
}

/** Typed views of the whole memory (refreshed after growth). */
export function mem(): { f64: Float64Array; f32: Float32Array; i32: Int32Array; u8: Uint8Array } {
  const buf = runtime!.memory.buffer;
  if (views === undefined || views.u8.buffer !== buf) refreshViews();
  return views!;
}

/** True when `a` lives in the kernels' memory (it can be read in place). */
export function inMemory(a: ArrayBufferView): boolean {
  return runtime !== undefined && knownBuffers.has(a.buffer);
}

/**
 * Allocates `bytes` (rounded up to 64) in the kernels' memory, growing it when needed; returns the
 * byte offset, or −1 when the memory cannot grow that far.
 */
export function alloc(bytes: number): number {
  const r = runtime!;
  const size = Math.max(64, Math.ceil(bytes / 64) * 64);
  for (let i = 0; i < free.length; i++) {
    const [start, len] = free[i];
    if (len >= size) {
      if (len === size) free.splice(i, 1);
      else free[i] = [start + size, len - size];
      sizes.set(start, size);
      highWater = Math.max(highWater, start + size);
      return start;
    }
  }
  // Grow: extend the last free block when it reaches the end of memory.
  const end = r.memory.buffer.byteLength;
  const last = free[free.length - 1];
  const tail = last !== undefined && last[0] + last[1] === end ? last[1] : 0;
  const pages = Math.ceil((size - tail) / PAGE);
  if (end / PAGE + pages > KERNELS_MAX_PAGES) return -1;
  try {
    r.memory.grow(pages);
  } catch {
    return -1;
  }
  if (tail > 0) free.pop();
  const start = end - tail;
  const rest = tail + pages * PAGE - size;
  if (rest > 0) free.push([start + size, rest]);
  sizes.set(start, size);
  highWater = Math.max(highWater, start + size);
  refreshViews();
  return start;
}

/**
 * {@link alloc}, with the block zeroed: only the part below the highest block allocated before is
 * cleared (memory.fill), as memory above it has never been written since the memory grew (zero). So
 * a big array on fresh memory is not touched here: its pages are first touched by whoever fills it
 * (for a file read straight into it, the read itself), not twice.
 */
export function allocZeroed(bytes: number): number {
  const before = highWater;
  const ptr = alloc(bytes);
  if (ptr >= 0 && ptr < before) runtime!.kernels.clear(ptr, Math.min(bytes, before - ptr));
  return ptr;
}

/** Returns a block from {@link alloc} to the free list. */
export function release(ptr: number): void {
  const size = sizes.get(ptr);
  if (size === undefined) return;
  sizes.delete(ptr);
  let i = 0;
  while (i < free.length && free[i][0] < ptr) i++;
  free.splice(i, 0, [ptr, size]);
  // Coalesce with the neighbours.
  if (i + 1 < free.length && free[i][0] + free[i][1] === free[i + 1][0]) {
    free[i][1] += free[i + 1][1];
    free.splice(i + 1, 1);
  }
  if (i > 0 && free[i - 1][0] + free[i - 1][1] === free[i][0]) {
    free[i - 1][1] += free[i][1];
    free.splice(i, 1);
  }
}

/** A growable scratch region (kept between calls: no allocation per call once large enough). */
export class Scratch {
  ptr = -1;
  size = 0;
  /** Ensures at least `bytes`; returns the offset or −1. */
  ensure(bytes: number): number {
    if (this.size >= bytes) return this.ptr;
    if (this.ptr >= 0) release(this.ptr);
    this.ptr = alloc(bytes);
    this.size = this.ptr >= 0 ? bytes : 0;
    return this.ptr;
  }
}
