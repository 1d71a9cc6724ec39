/**
 * A small reader of NumPy's `.npy` format (versions 1, 2 and 3), as documented in
 * `numpy.lib.format`: the magic string `\x93NUMPY`, a version, a little-endian header length,
 * an ASCII header holding a Python dict literal (`descr`, `fortran_order`, `shape`), then the raw
 * array data. Floating-point (`f4`, `f8`) and integer (`i1`…`i8`, `u1`…`u8`) data of either byte
 * order are read into a `Float64Array` in row-major (C) order; 0-, 1- and 2-D shapes and Fortran order
 * are handled. Everything else is refused with a message that says why.
 */

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { fastArray } from "../../index.js";
import { dataError, fileErrorMessage } from "../errors.js";
import { readBytes } from "./bytes.js";
import { CHUNK, type Chunk, type FileSpec, type ReadContext } from "./types.js";

/** An array read from a `.npy` file: its shape and its values in row-major order. */
export interface NpyArray {
  shape: number[];
  data: Float64Array;
  /** The dtype as written in the file, e.g. `"<f8"`. */
  descr: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Whether a buffer starts with the `.npy` magic string. */
export function looksLikeNpy(bytes: Uint8Array): boolean {
  if (bytes.length < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) return false;
  return true;
}

/**
 * Parses the bytes of a `.npy` file.
 * @throws {Error} with a plain message (`not a .npy file`, `truncated`, `unsupported dtype`, …).
 */
export function parseNpy(bytes: Uint8Array): NpyArray {
  const { shape, descr, dataStart, count, fortran, kind, size, little } = parseHeader(bytes);
  const needed = count * size;
  const available = bytes.length - dataStart;
  if (available < needed) {
    throw new Error(
      `truncated .npy file: the shape ${shape.join("×") || "()"} needs ${needed} bytes of data, found ${available}`,
    );
  }

  const data = decode(bytes, dataStart, count, kind, size, little);

  if (fortran && shape.length === 2) {
    const [rows, cols] = shape as [number, number];
    const c = new Float64Array(count);
    for (let r = 0; r < rows; r++)
      for (let k = 0; k < cols; k++) c[r * cols + k] = data[k * rows + r] as number;
    return { shape, data: c, descr };
  }
  return { shape, data, descr };
}

/** What the header of a `.npy` file says, and where its data starts. */
interface Header {
  shape: number[];
  descr: string;
  dataStart: number;
  count: number;
  fortran: boolean;
  kind: "f" | "i" | "u";
  size: number;
  little: boolean;
}

/**
 * Parses the magic string and the header of a `.npy` file (its first bytes suffice).
 * @throws {Error} with a plain message, as {@link parseNpy}.
 */
function parseHeader(bytes: Uint8Array): Header {
  if (!looksLikeNpy(bytes))
    throw new Error("not a .npy file (the magic string \\x93NUMPY is missing)");
  if (bytes.length < 10) throw new Error("truncated .npy file: the header is incomplete");
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new Error("truncated .npy file: the header is incomplete");
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new Error(`unsupported .npy format version ${major}`);
  }
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new Error("truncated .npy file: the header is incomplete");
  // Buffer's latin1: TextDecoder("latin1") opens an ICU converter, ~4 ms at its first use.
  const header = Buffer.from(
    bytes.buffer,
    bytes.byteOffset + headerStart,
    dataStart - headerStart,
  ).toString(major === 3 ? "utf8" : "latin1");

  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error("malformed .npy header: descr, fortran_order or shape is missing");
  }
  const shape: number[] = [];
  for (const part of shapeText.split(",")) {
    const t = part.trim();
    if (t === "") continue;
    if (!/^\d+L?$/.test(t))
      throw new Error(`malformed .npy header: shape (${shapeText}) is not a tuple of sizes`);
    shape.push(Number.parseInt(t, 10));
  }
  if (shape.length > 2) {
    throw new Error(
      `the array has ${shape.length} dimensions (shape ${shape.join("×")}): only 1-D and 2-D arrays are read`,
    );
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(count))
    throw new Error("malformed .npy header: the shape is too large");

  const m = /^([<>|=]?)([fiu])(\d+)$/.exec(descr);
  const size = m ? Number(m[3]) : 0;
  const kind = m?.[2];
  const supported =
    kind === "f" ? size === 4 || size === 8 : size === 1 || size === 2 || size === 4 || size === 8;
  if (!m || !supported) {
    throw new Error(
      `unsupported dtype ${JSON.stringify(descr)}: use float32, float64 or an integer type`,
    );
  }
  const little = m[1] !== ">";
  return {
    shape,
    descr,
    dataStart,
    count,
    fortran: fortran === "True",
    kind: kind as "f" | "i" | "u",
    size,
    little,
  };
}

/** Whether this machine stores numbers little-endian (every platform Node runs on, in practice). */
const NATIVE_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type Typed = new (
  buffer: ArrayBuffer,
) =>
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

const VIEWS: Record<string, Typed> = {
  f8: Float64Array,
  f4: Float32Array,
  i1: Int8Array,
  i2: Int16Array,
  i4: Int32Array,
  u1: Uint8Array,
  u2: Uint16Array,
  u4: Uint32Array,
};

/**
 * The `count` values after `start`, as float64. Aligned float64 in the machine's byte order is read
 * in place; other data in the machine's byte order is copied once and read through a typed array;
 * the other byte order and 64-bit integers go value by value through a DataView.
 */
function decode(
  bytes: Uint8Array,
  start: number,
  count: number,
  kind: "f" | "i" | "u",
  size: number,
  little: boolean,
): Float64Array {
  const View = VIEWS[`${kind}${size}`];
  if (View !== undefined && (little === NATIVE_LITTLE || size === 1)) {
    const at = bytes.byteOffset + start;
    // NumPy pads the header so that data starts on a 64-byte boundary: float64 is then read in place.
    if (View === Float64Array && at % 8 === 0) return new Float64Array(bytes.buffer, at, count);
    const copy = new Uint8Array(bytes.subarray(start, start + count * size)).buffer;
    return View === Float64Array ? new Float64Array(copy) : Float64Array.from(new View(copy));
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = start + i * size;
    let v: number;
    if (kind === "f") v = size === 8 ? view.getFloat64(at, little) : view.getFloat32(at, little);
    else if (kind === "i") {
      v =
        size === 1
          ? view.getInt8(at)
          : size === 2
            ? view.getInt16(at, little)
            : size === 4
              ? view.getInt32(at, little)
              : Number(view.getBigInt64(at, little));
    } else {
      v =
        size === 1
          ? view.getUint8(at)
          : size === 2
            ? view.getUint16(at, little)
            : size === 4
              ? view.getUint32(at, little)
              : Number(view.getBigUint64(at, little));
    }
    data[i] = v;
  }
  return data;
}

/** Bytes per read of the direct path: big enough that a read costs its bytes, not its call. */
const BLOCK = 1 << 26;

/**
 * The direct path for float64 data in the machine's byte order and C order (the common case, and
 * the one that matters for big files): the header is read first, then the data straight into an
 * array from {@link fastArray} in blocks of 64 MiB, so that the kernels read it in place (no
 * intermediate buffer, no copy into their memory). Undefined when the file is anything else
 * (the whole-file parser then reads it and gives the precise refusal).
 */
async function readNpyDirect(path: string, ctx: ReadContext): Promise<NpyArray | undefined> {
  const h = openFloat64Npy(path, false);
  if (h === undefined) return undefined;
  const { fd, header } = h;
  try {
    const { shape, descr, dataStart, count } = header;
    const data = fastArray(count);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, count * 8);
    const progress = ctx.progress;
    progress?.addTotal(count * 8);
    for (let at = 0; at < bytes.length; ) {
      const r = readSync(fd, bytes, at, Math.min(BLOCK, bytes.length - at), dataStart + at);
      if (r === 0) return undefined; // the file shrank meanwhile
      at += r;
      progress?.add(r);
    }
    progress?.stop();
    return { shape, data, descr };
  } finally {
    closeSync(fd);
  }
}

/**
 * Streams a vector from a `.npy` file in chunks of exactly {@link CHUNK} values (the last may be
 * shorter): float64 in the machine's byte order is read chunk by chunk (512 KiB) into one array
 * from {@link fastArray}, reused chunk after chunk, so that reading costs about what `cat` costs
 * and memory stays bounded. The chunks are that array: a consumer uses each before asking for the
 * next. Any other file is read whole (`whole`) and cut.
 *
 * Measured here (two 10⁷ float64 files, the time from the first read to the result): the reads are
 * synchronous (`readSync`) because a read through the thread pool costs a
 * hop per call, 40–60 ms in all against 15 ms; and the block is small because memory touched for
 * the first time costs ~11 µs per 4 KiB page on this kind of machine (a virtual machine without
 * huge pages): 4 MiB blocks, 8 MiB for P and Q, cost ~25 ms of page faults, more than reading
 * the 160 MB. A terminal's progress bar still draws: cli-progress renders on `update`.
 */
export async function* streamNpy(
  spec: FileSpec,
  ctx: ReadContext,
  whole: () => AsyncGenerator<Chunk>,
): AsyncGenerator<Chunk> {
  const h = openFloat64Npy(spec.path, true);
  if (h === undefined) {
    yield* whole();
    return;
  }
  const { fd, header } = h;
  try {
    const { count, dataStart } = header;
    const block = fastArray(Math.min(CHUNK, Math.max(count, 1)));
    const bytes = new Uint8Array(block.buffer, block.byteOffset, block.byteLength);
    ctx.progress?.addTotal(count * 8);
    if (count === 0) {
      yield { values: block.subarray(0, 0), labels: undefined, lines: undefined };
      return;
    }
    for (let start = 0; start < count; start += block.length) {
      const len = Math.min(block.length, count - start);
      for (let at = 0; at < len * 8; ) {
        const r = readSync(fd, bytes, at, len * 8 - at, dataStart + start * 8 + at);
        if (r === 0) throw dataError(`cannot read ${spec.path}: the file is truncated`);
        at += r;
      }
      ctx.progress?.add(len * 8);
      yield {
        values: len === block.length ? block : block.subarray(0, len),
        labels: undefined,
        lines: undefined,
      };
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The open file (a descriptor) and its header when it holds float64 in the machine's byte order
 * with all its data present, as a vector (1-D, or 2-D with one row or one column) when `vector`,
 * else also a matrix in C order; undefined otherwise (the whole-file parser then gives the precise
 * refusal). Synchronous, as the reads that follow: three calls through the thread pool (open,
 * stat, read) cost more than the calls themselves.
 */
export function openFloat64Npy(
  path: string,
  vector: boolean,
): { fd: number; header: Header } | undefined {
  if (path === "-" || !NATIVE_LITTLE) return undefined;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw dataError(fileErrorMessage(path, error));
  }
  let keep = false;
  try {
    const size = fstatSync(fd).size;
    const head = new Uint8Array(Math.min(size, 4096));
    const bytesRead = readSync(fd, head, 0, head.length, 0);
    let header: Header;
    try {
      header = parseHeader(head.subarray(0, bytesRead));
    } catch {
      return undefined; // header longer than 4 KiB, or malformed: the parser says why
    }
    const { shape, descr, dataStart, count, fortran } = header;
    const matrix = shape.length === 2 && shape[0]! > 1 && shape[1]! > 1;
    if (!/^[<=]f8$/.test(descr) || (matrix && (vector || fortran))) return undefined;
    if (size - dataStart < count * 8) return undefined; // truncated: the parser says so
    keep = true;
    return { fd, header };
  } finally {
    if (!keep) closeSync(fd);
  }
}

/** Reads a `.npy` file (or standard input), with the parser's refusal as a data error. */
export async function readNpy(spec: FileSpec, ctx: ReadContext): Promise<NpyArray> {
  const direct = await readNpyDirect(spec.path, ctx);
  if (direct !== undefined) return direct;
  const bytes = await readBytes(spec.path, ctx.stdin);
  try {
    return parseNpy(bytes);
  } catch (error) {
    throw dataError(`cannot read ${spec.path}: ${(error as Error).message}`);
  }
}
