/**
 * The fast path: WebAssembly SIMD kernels (assembly/kernels.ts) and worker threads, registered at
 * import time in the hooks of src/numeric/fast-hooks.ts. Every measure keeps its synchronous API and
 * its numbers: where the WebAssembly module is not ready yet (a browser compiles it asynchronously)
 * or not available, the TypeScript kernels compute the same values.
 */
import { describeValue, SurprisalError } from "../errors.js";
import { fastHooks } from "../numeric/fast-hooks.js";
import {
  contributionsFast,
  contributionsLogitsFast,
  crossEntropyFast,
  crossRowsFast,
  dequantizeRowsFast,
  entropyChunkFast,
  entropyLogChunkFast,
  entropyLogitsRowsFast,
  entropyRowsFast,
  jsRowsFast,
  jsSumFast,
  klChunkFast,
  klLogChunkFast,
  klLogitsRowsFast,
  klRowsFast,
  logitPairRowsFast,
  modelRowsFast,
  pairRowsFast,
  pairSumFast,
  pairTotalsFast,
  renyiRowsFast,
  renyiSumsFast,
  widenHalfFast,
} from "./hooks.js";
import { getThreads, setThreads } from "./pool.js";
import { allocZeroed, getRuntime, mem, onRuntime, release, startRuntime } from "./runtime.js";

/** Smallest vector length for which the WebAssembly kernels beat the TypeScript loop. */
export const FAST_MIN_LENGTH = 64;

/** Puts the WebAssembly kernels in the hooks (and takes them out again with `false`). */
export function useFastPath(on = true): void {
  if (on && getRuntime() !== undefined) {
    fastHooks.klChunk = klChunkFast;
    fastHooks.klRows = klRowsFast;
    fastHooks.entropyRows = entropyRowsFast;
    fastHooks.pairRows = pairRowsFast;
    fastHooks.jsRows = jsRowsFast;
    fastHooks.renyiRows = renyiRowsFast;
    fastHooks.crossRows = crossRowsFast;
    fastHooks.entropyChunk = entropyChunkFast;
    fastHooks.klLogitsRows = klLogitsRowsFast;
    fastHooks.modelRows = modelRowsFast;
    fastHooks.logitPairRows = logitPairRowsFast;
    fastHooks.jsSum = jsSumFast;
    fastHooks.pairSum = pairSumFast;
    fastHooks.renyiSums = renyiSumsFast;
    fastHooks.pairTotals = pairTotalsFast;
    fastHooks.crossEntropySums = crossEntropyFast;
    fastHooks.contributions = contributionsFast;
    fastHooks.klLogChunk = klLogChunkFast;
    fastHooks.entropyLogChunk = entropyLogChunkFast;
    fastHooks.contributionsLogits = contributionsLogitsFast;
    fastHooks.entropyLogitsRows = entropyLogitsRowsFast;
    fastHooks.widenHalf = widenHalfFast;
    fastHooks.dequantizeRows = dequantizeRowsFast;
    fastHooks.minLength = FAST_MIN_LENGTH;
  } else {
    fastHooks.klChunk = undefined;
    fastHooks.klRows = undefined;
    fastHooks.entropyRows = undefined;
    fastHooks.pairRows = undefined;
    fastHooks.jsRows = undefined;
    fastHooks.renyiRows = undefined;
    fastHooks.crossRows = undefined;
    fastHooks.entropyChunk = undefined;
    fastHooks.klLogitsRows = undefined;
    fastHooks.modelRows = undefined;
    fastHooks.logitPairRows = undefined;
    fastHooks.jsSum = undefined;
    fastHooks.pairSum = undefined;
    fastHooks.renyiSums = undefined;
    fastHooks.pairTotals = undefined;
    fastHooks.crossEntropySums = undefined;
    fastHooks.contributions = undefined;
    fastHooks.klLogChunk = undefined;
    fastHooks.entropyLogChunk = undefined;
    fastHooks.contributionsLogits = undefined;
    fastHooks.entropyLogitsRows = undefined;
    fastHooks.widenHalf = undefined;
    fastHooks.dequantizeRows = undefined;
  }
}

/** What the fast path runs on. */
export interface FastPathInfo {
  /** True when the WebAssembly kernels are in use. */
  wasm: boolean;
  /** True when their memory is shared (worker threads, in-place arrays). */
  shared: boolean;
  /** Threads used for big inputs. */
  threads: number;
}

/**
 * Reports whether the WebAssembly SIMD kernels are active, and with how many threads.
 *
 * @example
 * ```ts
 * fastPathInfo(); // e.g. { wasm: true, shared: true, threads: 2 } (Node 20 on two cores)
 * ```
 */
export function fastPathInfo(): FastPathInfo {
  const r = getRuntime();
  return {
    wasm: r !== undefined && fastHooks.klChunk === klChunkFast,
    shared: r?.shared ?? false,
    threads: getThreads(),
  };
}

/**
 * Sets how many threads the fast path may use for big inputs (from `THREAD_MIN` = 65,536 elements,
 * two chunks): by default the available cores; 1 turns worker threads off. Results do not depend on
 * it (fixed chunking).
 *
 * @param threads - a positive integer, or undefined for the default.
 * @throws {SurprisalError} `invalid-option` for anything else.
 * @example
 * ```ts
 * setFastThreads(1); // single-threaded from now on
 * ```
 */
export function setFastThreads(threads: number | undefined): void {
  setThreads(threads);
}

const registry =
  typeof FinalizationRegistry === "undefined"
    ? undefined
    : new FinalizationRegistry<number>((ptr) => release(ptr));

/**
 * A zeroed `Float64Array` or `Float32Array` of `length` elements that lives in the WebAssembly
 * memory, so that the measures read it in place (no copy) and worker threads share it. Its memory
 * returns to the pool when the array is garbage-collected. Where the fast path is unavailable (or
 * its memory is not shared) it is an ordinary typed array.
 *
 * @param length - number of elements (≥ 0).
 * @param type - `"float64"` (default) or `"float32"`.
 * @throws {SurprisalError} `invalid-option` when `length` is not a whole number ≥ 0.
 * @example
 * ```ts
 * const p = fastArray(3);
 * p.set([0.5, 0.25, 0.25]);
 * klDivergence(p, [1 / 3, 1 / 3, 1 / 3]); // 0.058891517828191686 (p lives in a SharedArrayBuffer)
 * ```
 */
export function fastArray(length: number, type?: "float64"): Float64Array;
export function fastArray(length: number, type: "float32"): Float32Array;
export function fastArray(
  length: number,
  type: "float64" | "float32" = "float64",
): Float64Array | Float32Array {
  if (!Number.isInteger(length) || length < 0) {
    throw new SurprisalError(
      "invalid-option",
      `length = ${describeValue(length)} is not valid: it must be a whole number >= 0`,
      { argument: "length", value: length },
    );
  }
  const Ctor = type === "float32" ? Float32Array : Float64Array;
  const r = getRuntime();
  if (r === undefined || !r.shared || registry === undefined) return new Ctor(length);
  const bytes = length * Ctor.BYTES_PER_ELEMENT;
  // Zeroed with memory.fill (a memset) where the block was used before, not with
  // TypedArray.prototype.fill, which on a SharedArrayBuffer goes element by element (0.8 s for
  // 80 MB here); fresh memory is zero already and is left untouched.
  const ptr = allocZeroed(bytes);
  if (ptr < 0) return new Ctor(length);
  const a = new Ctor(mem().u8.buffer as ArrayBuffer, ptr, length);
  registry.register(a, ptr);
  return a;
}

startRuntime();
onRuntime(() => useFastPath(true));
