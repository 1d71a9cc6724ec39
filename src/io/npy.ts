/**
 * Streaming readers of NumPy `.npy` files (format versions 1–3, numpy.lib.format) holding model
 * outputs: float16/float32/float64 of either byte order, C or Fortran order, read by rows in
 * bounded buffers; and token ids (any integer dtype) as an Int32Array.
 */
import type { FloatKind } from "../index.js";
import {
  byteswap,
  type ChunkBuffers,
  fileError,
  LITTLE_ENDIAN,
  RandomAccess,
  type RowChunk,
  type RowSource,
  typedView,
} from "./source.js";

/** A parsed `.npy` header. */
export interface NpyHeader {
  /** dtype as written, e.g. `"<f4"`. */
  descr: string;
  fortran: boolean;
  shape: number[];
  /** Byte offset of the data. */
  dataOffset: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** Parses the header of `.npy` bytes that start at `bytes[0]` (at least the whole header). */
export function parseNpyHeader(bytes: Uint8Array, path: string, base = 0): NpyHeader {
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i])
      fileError("malformed", path, "is not a .npy file (no \\x93NUMPY magic)");
  }
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let len: number;
  let start: number;
  if (major === 1) {
    len = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    len = view.getUint32(8, true);
    start = 12;
  } else return fileError("malformed", path, `has .npy format version ${major}, not 1, 2 or 3`);
  if (start + len > bytes.length) fileError("truncated", path, "ends inside its .npy header");
  // Buffer's latin1: TextDecoder("latin1") opens an ICU converter, ~4 ms at its first use.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, start + len - start).toString(
    major === 3 ? "utf8" : "latin1",
  );
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    fileError("malformed", path, "has a .npy header without descr, fortran_order or shape");
  }
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    fileError("malformed", path, `has a .npy shape (${shapeText}) that is not a tuple of sizes`);
  }
  return { descr, fortran: fortran === "True", shape, dataOffset: base + start + len };
}

/** The float kind and byte order of a dtype, or undefined when it is not a float dtype we read. */
function floatDtype(descr: string): { kind: FloatKind; size: number; little: boolean } | undefined {
  const m = /^([<>=|])f([248])$/.exec(descr);
  if (!m) return undefined;
  const size = Number(m[2]);
  const kind: FloatKind = size === 2 ? "float16" : size === 4 ? "float32" : "float64";
  return { kind, size, little: m[1] === ">" ? false : m[1] === "<" ? true : LITTLE_ENDIAN };
}

/**
 * Rows of a 2-D (rows × vocab) or 3-D (batch × positions × vocab, flattened to rows) float array
 * stored at `header.dataOffset` of an open file, read `rowsPerChunk` rows at a time (Fortran order:
 * one strided read per column of the chunk).
 */
export function npyRows(file: RandomAccess, header: NpyHeader, path: string): RowSource {
  const dt = floatDtype(header.descr);
  if (!dt) {
    fileError(
      "malformed",
      path,
      `holds dtype ${header.descr}: model outputs must be float16, float32 or float64 ('<f2', '<f4', '<f8' or big-endian)`,
    );
  }
  const shape = header.shape;
  if (shape.length < 2 || shape.length > 3) {
    fileError(
      "malformed",
      path,
      `has shape (${shape.join(", ")}): model outputs are rows × vocab (2-D or 3-D)`,
    );
  }
  if (header.fortran && shape.length !== 2) {
    fileError(
      "malformed",
      path,
      "is a Fortran-order array of more than 2 dimensions; save it in C order",
    );
  }
  const columns = shape[shape.length - 1] as number;
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const bytes = rows * columns * dt.size;
  if (header.dataOffset + bytes > file.size) {
    const whole = Math.floor((file.size - header.dataOffset) / (columns * dt.size));
    fileError(
      "truncated",
      path,
      `announces ${rows} rows of ${columns} but ends in row ${Math.max(whole, 0)} (${file.size} bytes of ${header.dataOffset + bytes})`,
      Math.max(whole, 0),
      file.size,
    );
  }
  const swap = dt.little !== LITTLE_ENDIAN && dt.size > 1;
  return {
    path,
    rows,
    columns,
    kind: dt.kind,
    input: "logits",
    *chunks(rowsPerChunk: number, buffers?: ChunkBuffers): Iterable<RowChunk> {
      for (let r0 = 0; r0 < rows; r0 += rowsPerChunk) {
        const n = Math.min(rowsPerChunk, rows - r0);
        const len = n * columns * dt.size;
        let buf: Uint8Array;
        if (!header.fortran) {
          buf = file.read(header.dataOffset + r0 * columns * dt.size, len, buffers?.bytes(len));
        } else {
          // Column-major: element (r, c) at (c·rows + r)·size. Read each column's run, transpose.
          buf = buffers?.bytes(len) ?? new Uint8Array(len);
          const run = new Uint8Array(n * dt.size);
          for (let c = 0; c < columns; c++) {
            file.read(header.dataOffset + (c * rows + r0) * dt.size, n * dt.size, run);
            for (let r = 0; r < n; r++) {
              buf.set(run.subarray(r * dt.size, (r + 1) * dt.size), (r * columns + c) * dt.size);
            }
          }
        }
        if (swap) byteswap(buf, dt.size);
        yield {
          data: typedView(buf, dt.kind),
          kind: dt.kind,
          firstRow: r0,
          rows: n,
          columns,
          input: "logits",
        };
      }
    },
  };
}

/** Opens a `.npy` file of model outputs as a {@link RowSource} (the file stays open; see `close`). */
export function openNpy(path: string): RowSource & { close(): void } {
  const file = new RandomAccess(path);
  const head = file.read(0, Math.min(file.size, 65536 + 12), undefined, "header");
  const header = parseNpyHeader(head, path);
  return { ...npyRows(file, header, path), close: () => file.close() };
}

/** Integer dtypes of token ids. */
function intDtype(descr: string): { size: number; signed: boolean; little: boolean } | undefined {
  const m = /^([<>=|])([iu])([1248])$/.exec(descr);
  if (!m) return undefined;
  return {
    size: Number(m[3]),
    signed: m[2] === "i",
    little: m[1] === ">" ? false : m[1] === "<" || m[1] === "|" ? true : LITTLE_ENDIAN,
  };
}

/** Decodes token ids of an integer dtype from raw bytes (any shape, flattened in storage order). */
export function decodeTokens(bytes: Uint8Array, header: NpyHeader, path: string): Int32Array {
  const dt = intDtype(header.descr);
  if (!dt) fileError("malformed", path, `holds dtype ${header.descr}: token ids must be integers`);
  if (header.fortran && header.shape.length > 1) {
    fileError("malformed", path, "holds token ids in Fortran order; save them in C order");
  }
  const n = header.shape.reduce((a, b) => a * b, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < n * dt.size) fileError("truncated", path, `ends before its ${n} token ids`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * dt.size;
    let v: number;
    if (dt.size === 1) v = dt.signed ? view.getInt8(o) : view.getUint8(o);
    else if (dt.size === 2)
      v = dt.signed ? view.getInt16(o, dt.little) : view.getUint16(o, dt.little);
    else if (dt.size === 4)
      v = dt.signed ? view.getInt32(o, dt.little) : view.getUint32(o, dt.little);
    else v = Number(dt.signed ? view.getBigInt64(o, dt.little) : view.getBigUint64(o, dt.little));
    if (!(v >= 0 && v < 2 ** 31))
      fileError("out-of-range", path, `token ${i} is ${v}, not a token id`, i, v);
    out[i] = v;
  }
  return out;
}

/** Reads a `.npy` file of token ids (1-D or more, flattened) as an Int32Array. */
export function readNpyTokens(path: string): Int32Array {
  const file = new RandomAccess(path);
  try {
    const head = file.read(0, Math.min(file.size, 65536 + 12), undefined, "header");
    const header = parseNpyHeader(head, path);
    const dt = intDtype(header.descr);
    const n = header.shape.reduce((a, b) => a * b, 1);
    const bytes = file.read(header.dataOffset, n * (dt?.size ?? 1), undefined, "token ids");
    return decodeTokens(bytes, header, path);
  } finally {
    file.close();
  }
}
