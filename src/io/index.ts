/**
 * The Node-side entry of the model-file readers (not exported from the browser-safe library entry):
 * streaming, bounded-memory readers of `.npy`, `.npz`, safetensors, llama.cpp KL-divergence base
 * files and top-K JSONL, and {@link compareModelFiles}, which streams two files into a
 * `ModelComparison`.
 */
export { type LlamaKldHeader, llamaKldHeader, openLlamaKld } from "./llama-kld.js";
export {
  type CompareFilesOptions,
  type CompareFilesResult,
  compareModelFiles,
  detectModelFile,
  type ModelFileFormat,
  openRows,
  readRowsAt,
  readTokens,
} from "./models.js";
export { type NpyHeader, openNpy, parseNpyHeader, readNpyTokens } from "./npy.js";
export { openNpz, readNpzTokens, type ZipEntry, zipEntries } from "./npz.js";
export { openSafetensors, type SafetensorsTensor, safetensorsHeader } from "./safetensors.js";
export type { RowChunk, RowSource } from "./source.js";
export { readTopKJsonl, type TopKLine } from "./topk-jsonl.js";
