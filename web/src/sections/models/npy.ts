/**
 * A small, browser-safe reader of NumPy `.npy` bytes (format versions 1–3): float16/32/64 matrices
 * of logits (either byte order, C or Fortran order) and integer vectors of token ids. The library's
 * own reader (src/io/npy.ts) streams from files in Node; here the whole file is already in memory.
 * Errors are English sentences for the page, thrown as {@link NpyError}.
 */
/** A malformed or unsupported file, with a sentence for the reader. */
export class NpyError extends Error {}

/** A parsed matrix of logits: `rows × vocab`, row-major, in the narrowest exact typed array. */
export interface NpyMatrix {
  rows: number;
  vocab: number;
  /** float16 as raw bit patterns (with `kind`), float32 or float64 as is. */
  data: Uint16Array | Float32Array | Float64Array;
  kind?: "float16";
  /** The dtype as written, e.g. `"<f2"`. */
  descr: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
  offset: number;
}

function header(bytes: Uint8Array, name: string): Header {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new NpyError(`${name} is not a .npy file (it does not start with \\x93NUMPY).`);
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let len: number;
  let start: number;
  if (major === 1) {
    len = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyError(`${name} ends inside its .npy header.`);
    len = view.getUint32(8, true);
    start = 12;
  } else throw new NpyError(`${name} has .npy format version ${major}, not 1, 2 or 3.`);
  if (start + len > bytes.length) throw new NpyError(`${name} ends inside its .npy header.`);
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    bytes.subarray(start, start + len),
  );
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new NpyError(`${name} has a .npy header without descr, fortran_order or shape.`);
  }
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new NpyError(`${name} has a .npy shape that is not a list of sizes: (${shapeText}).`);
  }
  return { descr, fortran: fortran === "True", shape, offset: start + len };
}

/** Byte order of this machine (every browser in use is little-endian, but say so exactly). */
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Copies `count` elements of `size` bytes from the data, swapping bytes when the file's order differs. */
function elements(
  bytes: Uint8Array,
  h: Header,
  size: number,
  count: number,
  name: string,
): ArrayBuffer {
  const need = h.offset + size * count;
  if (bytes.length < need) {
    throw new NpyError(
      `${name} is truncated: its header promises ${count} values (${need} bytes) but the file has ${bytes.length} bytes.`,
    );
  }
  const out = new Uint8Array(bytes.subarray(h.offset, need)); // a copy, aligned
  const order = h.descr[0];
  const big = order === ">";
  if (size > 1 && big === LITTLE) {
    for (let i = 0; i < out.length; i += size) out.subarray(i, i + size).reverse();
  }
  return out.buffer;
}

/** Reads a 2-D float16/32/64 `.npy` (rows × vocab); a 1-D array is one row. */
export function readMatrix(buffer: ArrayBuffer, name: string): NpyMatrix {
  const bytes = new Uint8Array(buffer);
  const h = header(bytes, name);
  const type = h.descr.slice(1);
  const size = type === "f2" ? 2 : type === "f4" ? 4 : type === "f8" ? 8 : 0;
  if (size === 0 || !"<>|=".includes(h.descr[0]!)) {
    throw new NpyError(
      `${name} holds ${h.descr} values: logits must be float16, float32 or float64 (<f2, <f4, <f8).`,
    );
  }
  if (h.shape.length !== 1 && h.shape.length !== 2) {
    throw new NpyError(
      `${name} has shape (${h.shape.join(", ")}): it must be rows × vocabulary (2 dimensions).`,
    );
  }
  const [rows, vocab] = h.shape.length === 1 ? [1, h.shape[0]!] : [h.shape[0]!, h.shape[1]!];
  if (rows === 0 || vocab < 2) {
    throw new NpyError(`${name} has shape (${h.shape.join(", ")}): it holds no distributions.`);
  }
  const raw = elements(bytes, h, size, rows * vocab, name);
  let data: Uint16Array | Float32Array | Float64Array =
    size === 2 ? new Uint16Array(raw) : size === 4 ? new Float32Array(raw) : new Float64Array(raw);
  if (h.fortran && rows > 1) {
    const t = new (data.constructor as new (n: number) => typeof data)(data.length);
    for (let c = 0; c < vocab; c++)
      for (let r = 0; r < rows; r++) t[r * vocab + c] = data[c * rows + r]!;
    data = t;
  }
  return { rows, vocab, data, kind: size === 2 ? "float16" : undefined, descr: h.descr };
}

/** Reads a `.npy` of integer token ids (any integer dtype, any shape, flattened in C order). */
export function readTokens(buffer: ArrayBuffer, name: string): Int32Array {
  const bytes = new Uint8Array(buffer);
  const h = header(bytes, name);
  const kind = h.descr.slice(1, 2);
  const size = Number(h.descr.slice(2));
  if ((kind !== "i" && kind !== "u") || ![1, 2, 4, 8].includes(size)) {
    throw new NpyError(`${name} holds ${h.descr} values: token ids must be integers.`);
  }
  if (h.fortran && h.shape.length > 1) {
    throw new NpyError(`${name} is in Fortran order: save the token ids as a 1-D array.`);
  }
  const count = h.shape.reduce((a, b) => a * b, 1);
  const raw = elements(bytes, h, size, count, name);
  const view = new DataView(raw);
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * size;
    const v =
      size === 1
        ? kind === "i"
          ? view.getInt8(o)
          : view.getUint8(o)
        : size === 2
          ? kind === "i"
            ? view.getInt16(o, LITTLE)
            : view.getUint16(o, LITTLE)
          : size === 4
            ? kind === "i"
              ? view.getInt32(o, LITTLE)
              : view.getUint32(o, LITTLE)
            : Number(kind === "i" ? view.getBigInt64(o, LITTLE) : view.getBigUint64(o, LITTLE));
    if (!(v >= 0 && v <= 0x7fffffff)) {
      throw new NpyError(`${name}: token ${i} has id ${v}, which is not a vocabulary index.`);
    }
    out[i] = v;
  }
  return out;
}
