/**
 * A small reader of NumPy's `.npy` format (versions 1, 2 and 3), as documented in
 * `numpy.lib.format`: the magic string `\x93NUMPY`, a version, a little-endian header length,
 * an ASCII header holding a Python dict literal (`descr`, `fortran_order`, `shape`), then the raw
 * array data. Floating-point (`f4`, `f8`) and integer (`i1`…`i8`, `u1`…`u8`) data of either byte
 * order are read into a `Float64Array` in row-major (C) order; 0-, 1- and 2-D shapes and Fortran order
 * are handled. Everything else is refused with a message that says why.
 */

import { dataError } from "../errors.js";
import { readBytes } from "./bytes.js";
import type { FileSpec, ReadContext } from "./types.js";

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
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    bytes.subarray(headerStart, dataStart),
  );

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
  const needed = count * size;
  const available = bytes.length - dataStart;
  if (available < needed) {
    throw new Error(
      `truncated .npy file: the shape ${shape.join("×") || "()"} needs ${needed} bytes of data, found ${available}`,
    );
  }

  const data = decode(bytes, dataStart, count, kind as "f" | "i" | "u", size, little);

  if (fortran === "True" && shape.length === 2) {
    const [rows, cols] = shape as [number, number];
    const c = new Float64Array(count);
    for (let r = 0; r < rows; r++)
      for (let k = 0; k < cols; k++) c[r * cols + k] = data[k * rows + r] as number;
    return { shape, data: c, descr };
  }
  return { shape, data, descr };
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

/** Reads a `.npy` file (or standard input), with the parser's refusal as a data error. */
export async function readNpy(spec: FileSpec, ctx: ReadContext): Promise<NpyArray> {
  const bytes = await readBytes(spec.path, ctx.stdin);
  try {
    return parseNpy(bytes);
  } catch (error) {
    throw dataError(`cannot read ${spec.path}: ${(error as Error).message}`);
  }
}
