/**
 * Node-side plumbing of the model-file readers: positional reads of a file in bounded buffers, the
 * one error shape of the readers (a {@link SurprisalError} whose argument is the file name), and the
 * chunk type every reader yields.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { FloatKind } from "../index.js";
import { SurprisalError, type SurprisalErrorCode } from "../index.js";

/** A chunk of rows of model outputs, row-major, as a reader yields it. */
export interface RowChunk {
  /** float32/float64 values, or 16-bit patterns (`kind` "float16"/"bfloat16"). */
  data: Float32Array | Float64Array | Uint16Array;
  kind: FloatKind;
  /** Index of the chunk's first row in the file. */
  firstRow: number;
  rows: number;
  /** Row length (the vocabulary). */
  columns: number;
  /** For llama.cpp base files: the next token of each row. */
  tokens?: Int32Array;
  /** What the values are: logits (npy, safetensors) or log-probabilities (base files). */
  input: "logits" | "logprobs";
}

/**
 * Buffers a reader may fill instead of allocating per chunk (the streaming comparison passes arrays
 * in the WebAssembly memory, so that the kernels read them in place): each call returns a view of
 * exactly the size asked, valid until the next chunk, so a chunk is used before the next is asked.
 */
export interface ChunkBuffers {
  bytes(length: number): Uint8Array;
  floats(length: number): Float32Array;
}

/** A file of rows: its shape, and its rows in chunks of at most `rowsPerChunk`. */
export interface RowSource {
  path: string;
  rows: number;
  columns: number;
  kind: FloatKind;
  input: "logits" | "logprobs";
  chunks(rowsPerChunk: number, buffers?: ChunkBuffers): Iterable<RowChunk>;
}

/** Throws the readers' error: the file as argument, a row (or byte offset) as index, the value. */
export function fileError(
  code: SurprisalErrorCode,
  path: string,
  message: string,
  index?: number,
  value?: unknown,
): never {
  throw new SurprisalError(code, `${path}: ${message}`, { argument: path, index, value });
}

/** An open file read by position, closed by {@link RandomAccess.close}. */
export class RandomAccess {
  readonly fd: number;
  readonly size: number;
  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, "r");
    } catch (e) {
      fileError("invalid-option", path, `cannot be opened (${(e as Error).message})`);
    }
    this.size = fstatSync(this.fd).size;
  }

  /** Reads `length` bytes at `offset` into `into` (or a new buffer); refuses to read past the end. */
  read(offset: number, length: number, into?: Uint8Array, what = "data"): Uint8Array {
    if (offset + length > this.size) {
      fileError(
        "truncated",
        this.path,
        `ends at byte ${this.size} but its ${what} needs bytes up to ${offset + length}`,
        offset,
        this.size,
      );
    }
    const buf = into ?? new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, offset + done);
      if (n === 0)
        fileError("truncated", this.path, `ends early at byte ${offset + done}`, offset + done);
      done += n;
    }
    return buf;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Whether this machine stores numbers little-endian (true almost everywhere). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the byte order of each `size`-byte element of `bytes`, in place. */
export function byteswap(bytes: Uint8Array, size: number): void {
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a] as number;
      bytes[a] = bytes[b] as number;
      bytes[b] = t;
    }
  }
}

/** A typed view of aligned bytes (copied when the offset is not aligned). */
export function typedView(
  bytes: Uint8Array,
  kind: FloatKind,
): Float32Array | Float64Array | Uint16Array {
  const size = kind === "float64" ? 8 : kind === "float32" ? 4 : 2;
  const b = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  const n = b.byteLength / size;
  if (kind === "float64") return new Float64Array(b.buffer, b.byteOffset, n);
  if (kind === "float32") return new Float32Array(b.buffer, b.byteOffset, n);
  return new Uint16Array(b.buffer, b.byteOffset, n);
}
