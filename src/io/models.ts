/**
 * Compares two models' output files token by token, in bounded memory: opens each file by its
 * content (.npy, .npz, safetensors, llama.cpp base file, top-K JSONL), checks that shapes,
 * vocabularies and token counts agree, and streams matching chunks of rows into a
 * {@link ModelComparison}.
 */
import {
  fastArray,
  ModelComparison,
  type ModelComparisonOptions,
  type TopKRow,
  widenHalf,
} from "../index.js";
import { openLlamaKld } from "./llama-kld.js";
import { openNpy, readNpyTokens } from "./npy.js";
import { openNpz, readNpzTokens } from "./npz.js";
import { openSafetensors } from "./safetensors.js";
import {
  type ChunkBuffers,
  fileError,
  RandomAccess,
  type RowChunk,
  type RowSource,
} from "./source.js";
import { readTopKJsonl } from "./topk-jsonl.js";

/** The formats a model file may have. */
export type ModelFileFormat = "npy" | "npz" | "safetensors" | "llama-kld" | "jsonl";

/** Recognizes a model file by its first bytes. */
export function detectModelFile(path: string): ModelFileFormat {
  const f = new RandomAccess(path);
  try {
    const head = f.read(0, Math.min(f.size, 16), undefined, "first bytes");
    const s = new TextDecoder("latin1").decode(head);
    if (s.startsWith("\x93NUMPY")) return "npy";
    if (s.startsWith("PK\x03\x04") || s.startsWith("PK\x05\x06")) return "npz";
    if (s.startsWith("_logits_")) return "llama-kld";
    if (head.length >= 9 && head[8] === 0x7b) return "safetensors"; // 8-byte length, then "{"
    if (s.trimStart().startsWith("{")) return "jsonl";
    return fileError(
      "malformed",
      path,
      "is not a .npy, .npz, safetensors, llama.cpp base or JSONL file",
    );
  } finally {
    f.close();
  }
}

/** Opens a file of full rows. */
export function openRows(path: string, tensor?: string): RowSource & { close(): void } {
  const fmt = detectModelFile(path);
  if (fmt === "npy") return openNpy(path);
  if (fmt === "npz") return openNpz(path, tensor);
  if (fmt === "safetensors") return openSafetensors(path, tensor);
  if (fmt === "llama-kld") return openLlamaKld(path);
  return fileError("invalid-option", path, "is a JSONL file of top-K rows, not full rows");
}

/** Reads token ids from a .npy/.npz file, or a text/JSON list of integers. */
export function readTokens(path: string): Int32Array {
  const f = new RandomAccess(path);
  const head = f.read(0, Math.min(f.size, 8));
  const s = new TextDecoder("latin1").decode(head);
  if (s.startsWith("\x93NUMPY")) {
    f.close();
    return readNpyTokens(path);
  }
  if (s.startsWith("PK")) {
    f.close();
    return readNpzTokens(path);
  }
  const text = new TextDecoder().decode(f.read(0, f.size));
  f.close();
  const parts = text
    .replace(/[[\],]/g, " ")
    .trim()
    .split(/\s+/)
    .filter((x) => x.length > 0);
  const out = new Int32Array(parts.length);
  parts.forEach((p, i) => {
    const v = Number(p);
    if (!(Number.isInteger(v) && v >= 0 && v < 2 ** 31))
      fileError("malformed", path, `token ${i} is ${JSON.stringify(p)}, not a token id`, i, p);
    out[i] = v;
  });
  return out;
}

/** Options of {@link compareModelFiles}. */
export interface CompareFilesOptions
  extends Omit<ModelComparisonOptions, "vocab" | "input" | "baseName" | "otherName"> {
  /** The base model's file (P): .npy, .npz, safetensors, a llama.cpp base file, or top-K JSONL. */
  base: string;
  /** The other model's file (Q): .npy, .npz, safetensors, or top-K JSONL. */
  other: string;
  /** Next-token ids: one per row, or one more (the first is then dropped). */
  tokens?: string;
  /** Array name inside an .npz or safetensors file. */
  tensor?: string;
  /** Rows per chunk (default: about 16 MB of float32 per model). */
  rowsPerChunk?: number;
  /** Called after each chunk with rows done and rows in all. */
  onProgress?: (done: number, total: number) => void;
}

/** What {@link compareModelFiles} returns: the filled comparison and what was read. */
export interface CompareFilesResult {
  comparison: ModelComparison;
  rows: number;
  vocab: number | undefined;
  formats: { base: ModelFileFormat; other: ModelFileFormat };
  /** The next token of each row, when known. */
  tokens: Int32Array | undefined;
}

function alignTokens(tokens: Int32Array, rows: number, path: string): Int32Array {
  if (tokens.length === rows) return tokens;
  if (tokens.length === rows + 1) return tokens.subarray(1);
  return fileError(
    "length-mismatch",
    path,
    `holds ${tokens.length} token ids for ${rows} rows: give one per row (or one more, the first being dropped)`,
    undefined,
    tokens.length,
  );
}

/** Widens a chunk to float32/float64 (into `buffers` when given) and keeps wider values as they are. */
function floats(c: RowChunk, buffers?: ChunkBuffers): Float32Array | Float64Array {
  return c.data instanceof Uint16Array
    ? widenHalf(c.data, c.kind as "float16" | "bfloat16", buffers?.floats(c.data.length))
    : c.data;
}

/**
 * Reusable chunk buffers in the WebAssembly memory (arrays from {@link fastArray}; ordinary arrays
 * where the fast path is off): the file is read straight into them, half floats are widened there by
 * a SIMD kernel, and the row kernels read them in place on every thread (no copy, no fresh memory
 * per chunk).
 */
function fastBuffers(): ChunkBuffers {
  let raw = fastArray(0, "float32");
  let out = fastArray(0, "float32");
  return {
    bytes(length: number): Uint8Array {
      if (raw.byteLength < length) raw = fastArray(Math.ceil(length / 4), "float32");
      return new Uint8Array(raw.buffer, raw.byteOffset, length);
    },
    floats(length: number): Float32Array {
      if (out.length < length) out = fastArray(length, "float32");
      return out.subarray(0, length);
    },
  };
}

/**
 * Compares two model files token by token, streaming both in chunks of rows: memory holds one
 * chunk of each plus the per-token values (a few doubles per token).
 *
 * @throws {SurprisalError} naming the file: `length-mismatch` when rows, vocabularies or token
 * counts disagree; `not-finite` for NaN/∞ (with the row); `truncated`/`malformed` for broken files;
 * `out-of-range` for a tail mass outside [0, 1].
 */
export function compareModelFiles(options: CompareFilesOptions): CompareFilesResult {
  const fb = detectModelFile(options.base);
  const fo = detectModelFile(options.other);
  if (fo === "llama-kld") {
    fileError(
      "invalid-option",
      options.other,
      "is a llama.cpp base file: give it as the base (first) file",
    );
  }
  const common: ModelComparisonOptions = {
    baseName: options.base,
    otherName: options.other,
    ...(options.topK ? { topK: options.topK } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.extras !== undefined ? { extras: options.extras } : {}),
  };
  if (fb === "jsonl") return compareTopK(options, fo, common);
  const base = openRows(options.base, options.tensor);
  const other = fo === "jsonl" ? undefined : openRows(options.other, options.tensor);
  try {
    if (other === undefined) {
      return fileError(
        "invalid-option",
        options.other,
        "is top-K JSONL while the base holds full rows: give the JSONL as the base",
      );
    }
    if (other.columns !== base.columns) {
      fileError(
        "length-mismatch",
        options.other,
        `has rows of ${other.columns} values where ${options.base} has ${base.columns} (vocabularies differ)`,
        undefined,
        other.columns,
      );
    }
    if (other.rows !== base.rows) {
      fileError(
        "length-mismatch",
        options.other,
        `has ${other.rows} rows where ${options.base} has ${base.rows}`,
        undefined,
        other.rows,
      );
    }
    let tokens: Int32Array | undefined;
    if (fb === "llama-kld")
      tokens = undefined; // carried by the chunks
    else if (options.tokens)
      tokens = alignTokens(readTokens(options.tokens), base.rows, options.tokens);
    const comparison = new ModelComparison({ ...common, vocab: base.columns, input: base.input });
    const per = options.rowsPerChunk ?? Math.max(1, Math.floor((1 << 22) / base.columns));
    const bufB = fastBuffers();
    const bufO = fastBuffers();
    const bi = base.chunks(per, bufB)[Symbol.iterator]();
    const oi = other.chunks(per, bufO)[Symbol.iterator]();
    const all: Int32Array | undefined = fb === "llama-kld" ? new Int32Array(base.rows) : tokens;
    for (;;) {
      const b = bi.next();
      const o = oi.next();
      if (b.done || o.done) break;
      const bc = b.value;
      const t = bc.tokens ?? tokens?.subarray(bc.firstRow, bc.firstRow + bc.rows);
      if (bc.tokens && all) all.set(bc.tokens, bc.firstRow);
      comparison.add({
        base: floats(bc, bufB),
        other: floats(o.value, bufO),
        ...(t ? { tokens: t } : {}),
      });
      options.onProgress?.(bc.firstRow + bc.rows, base.rows);
    }
    return {
      comparison,
      rows: base.rows,
      vocab: base.columns,
      formats: { base: fb, other: fo },
      tokens: all,
    };
  } finally {
    base.close();
    other?.close();
  }
}

/** Base as top-K JSONL; other as JSONL or full rows. */
function compareTopK(
  options: CompareFilesOptions,
  fo: ModelFileFormat,
  common: ModelComparisonOptions,
): CompareFilesResult {
  const comparison = new ModelComparison(common);
  const fileTokens = options.tokens ? readTokens(options.tokens) : undefined;
  const bi = readTopKJsonl(options.base)[Symbol.iterator]();
  const otherRows = fo === "jsonl" ? undefined : openRows(options.other, options.tensor);
  const oi = fo === "jsonl" ? readTopKJsonl(options.other)[Symbol.iterator]() : undefined;
  const tokens: number[] = [];
  let hasTokens: boolean | undefined;
  let rows = 0;
  const batch: { b: TopKRow[]; o: TopKRow[]; t: number[] } = { b: [], o: [], t: [] };
  const flush = () => {
    if (batch.b.length === 0) return;
    comparison.addTopK(batch.b, batch.o, hasTokens ? batch.t : undefined);
    options.onProgress?.(rows, otherRows?.rows ?? rows);
    batch.b = [];
    batch.o = [];
    batch.t = [];
  };
  try {
    const fullChunks = otherRows?.chunks(256)[Symbol.iterator]();
    let chunk: RowChunk | undefined;
    let chunkData: Float32Array | Float64Array | undefined;
    for (;;) {
      const b = bi.next();
      let o: TopKRow | undefined;
      if (oi) {
        const x = oi.next();
        if (b.done !== x.done) {
          const [path, n] = b.done ? [options.other, rows] : [options.base, rows];
          fileError("length-mismatch", path, `has more lines than the other file (${n})`, n);
        }
        if (!x.done) o = x.value.row;
        if (
          !b.done &&
          !x.done &&
          b.value.token !== undefined &&
          x.value.token !== undefined &&
          b.value.token !== x.value.token
        ) {
          fileError(
            "length-mismatch",
            options.other,
            `line ${rows + 1} is for token ${x.value.token} but the base's for ${b.value.token}`,
            rows,
            x.value.token,
          );
        }
      } else if (!b.done && otherRows && fullChunks) {
        if (rows >= otherRows.rows)
          fileError(
            "length-mismatch",
            options.base,
            `has more lines than ${options.other} has rows (${otherRows.rows})`,
            rows,
          );
        if (!chunk || rows >= chunk.firstRow + chunk.rows) {
          chunk = fullChunks.next().value as RowChunk;
          chunkData = floats(chunk);
        }
        const r = rows - chunk.firstRow;
        const V = chunk.columns;
        const row = (chunkData as Float32Array | Float64Array).subarray(r * V, (r + 1) * V);
        let m = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < V; i++) if ((row[i] as number) > m) m = row[i] as number;
        let s = 0;
        for (let i = 0; i < V; i++) s += Math.exp((row[i] as number) - m);
        const l = m + Math.log(s);
        const lp = new Float64Array(V);
        for (let i = 0; i < V; i++) lp[i] = (row[i] as number) - l;
        o = { logprobs: lp };
      }
      if (b.done) {
        if (otherRows && rows !== otherRows.rows)
          fileError(
            "length-mismatch",
            options.base,
            `has ${rows} lines where ${options.other} has ${otherRows.rows} rows`,
            rows,
          );
        break;
      }
      const token = b.value.token ?? (fileTokens ? fileTokens[rows] : undefined);
      if (hasTokens === undefined) hasTokens = token !== undefined;
      batch.b.push(b.value.row);
      batch.o.push(o as TopKRow);
      batch.t.push(token ?? -1);
      tokens.push(token ?? -1);
      rows++;
      if (batch.b.length >= 256) flush();
    }
    flush();
  } finally {
    otherRows?.close();
  }
  return {
    comparison,
    rows,
    vocab: otherRows?.columns,
    formats: { base: "jsonl", other: fo },
    tokens: hasTokens ? Int32Array.from(tokens) : undefined,
  };
}

/**
 * Reads the rows at the given indices of a file of full rows (one streaming pass; memory holds the
 * selected rows and one chunk), widened to float32/float64, in the order of `indices`.
 */
export function readRowsAt(
  path: string,
  indices: readonly number[],
  tensor?: string,
): { rows: (Float32Array | Float64Array)[]; input: "logits" | "logprobs" } {
  const src = openRows(path, tensor);
  try {
    const want = new Map<number, number[]>();
    indices.forEach((r, i) => {
      want.set(r, [...(want.get(r) ?? []), i]);
    });
    const out: (Float32Array | Float64Array)[] = new Array(indices.length);
    const per = Math.max(1, Math.floor((1 << 22) / src.columns));
    for (const c of src.chunks(per)) {
      let any = false;
      for (let r = c.firstRow; r < c.firstRow + c.rows; r++) if (want.has(r)) any = true;
      if (!any) continue;
      const d = floats(c);
      for (let r = c.firstRow; r < c.firstRow + c.rows; r++) {
        for (const i of want.get(r) ?? []) {
          out[i] = d.slice((r - c.firstRow) * c.columns, (r - c.firstRow + 1) * c.columns);
        }
      }
    }
    return { rows: out, input: src.input };
  } finally {
    src.close();
  }
}
