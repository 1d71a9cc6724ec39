/**
 * Streaming reader of safetensors files (huggingface/safetensors, "Format"): an 8-byte little-endian
 * header length N, a JSON header of N bytes mapping each tensor name to `{ dtype, shape,
 * data_offsets: [begin, end] }` (offsets relative to the byte buffer that follows the header, plus an
 * optional `__metadata__` of strings), then the byte buffer. Tensors of F32, F16, BF16 or F64 are
 * read by rows in bounded buffers.
 *
 * The header is validated before any data is read, as the format's own checks do: every offset
 * pair is ordered, matches the shape's byte size, lies inside the file, and the tensors cover the
 * buffer without overlapping or leaving holes. A header that lies is refused with `malformed`.
 */
import type { FloatKind } from "../index.js";
import { npyRows } from "./npy.js";
import { fileError, RandomAccess, type RowSource } from "./source.js";

/** One tensor of a safetensors header. */
export interface SafetensorsTensor {
  name: string;
  dtype: string;
  shape: number[];
  /** Absolute byte offsets in the file. */
  begin: number;
  end: number;
}

const SIZES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  U16: 2,
  U32: 4,
  U64: 8,
  BOOL: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
};

/** Reads and validates the header of a safetensors file. */
export function safetensorsHeader(file: RandomAccess): SafetensorsTensor[] {
  const path = file.path;
  const lenBytes = file.read(0, 8, undefined, "header length");
  const view = new DataView(lenBytes.buffer, lenBytes.byteOffset, 8);
  const n = Number(view.getBigUint64(0, true));
  if (n > 100_000_000)
    fileError("malformed", path, `announces a header of ${n} bytes (more than 100 MB)`, 0, n);
  const raw = file.read(8, n, undefined, "JSON header");
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(raw));
  } catch (e) {
    return fileError("malformed", path, `has a header that is not JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    fileError("malformed", path, "has a header that is not a JSON object");
  }
  const base = 8 + n;
  const bufferSize = file.size - base;
  const tensors: SafetensorsTensor[] = [];
  for (const [name, t] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const info = t as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = info?.dtype;
    const shape = info?.shape;
    const off = info?.data_offsets;
    if (typeof dtype !== "string" || !(dtype in SIZES)) {
      fileError("malformed", path, `tensor ${name} has dtype ${String(dtype)}`, undefined, dtype);
    }
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      fileError(
        "malformed",
        path,
        `tensor ${name} has a shape that is not a list of sizes`,
        undefined,
        shape,
      );
    }
    if (
      !Array.isArray(off) ||
      off.length !== 2 ||
      !off.every((x) => Number.isInteger(x) && x >= 0)
    ) {
      fileError(
        "malformed",
        path,
        `tensor ${name} has data_offsets that are not [begin, end]`,
        undefined,
        off,
      );
    }
    const [b, e] = off as [number, number];
    const bytes = (shape as number[]).reduce((a, d) => a * d, 1) * (SIZES[dtype] as number);
    if (e < b)
      fileError(
        "malformed",
        path,
        `tensor ${name} has data_offsets [${b}, ${e}] that end before they begin`,
        b,
        e,
      );
    if (e - b !== bytes) {
      fileError(
        "malformed",
        path,
        `tensor ${name}: data_offsets [${b}, ${e}] hold ${e - b} bytes but ${dtype} of shape [${(shape as number[]).join(", ")}] needs ${bytes}`,
        b,
        e - b,
      );
    }
    if (e > bufferSize) {
      fileError(
        "truncated",
        path,
        `tensor ${name}: data_offsets end at ${e} but the file holds ${bufferSize} bytes after its header`,
        e,
        bufferSize,
      );
    }
    tensors.push({ name, dtype, shape: shape as number[], begin: base + b, end: base + e });
  }
  // Cover the buffer exactly: sorted by offset, each begins where the previous ends.
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin);
  let at = base;
  for (const t of sorted) {
    if (t.begin !== at) {
      fileError(
        "malformed",
        path,
        t.begin < at
          ? `tensor ${t.name} overlaps the tensor before it (begins at ${t.begin - base}, the previous ends at ${at - base})`
          : `leaves bytes ${at - base}…${t.begin - base} of its buffer to no tensor`,
        t.begin - base,
      );
    }
    at = t.end;
  }
  if (at !== file.size) {
    fileError(
      "malformed",
      path,
      `has ${file.size - at} bytes after its last tensor`,
      at - base,
      file.size - at,
    );
  }
  return tensors;
}

/**
 * Opens one tensor of a safetensors file (F32, F16, BF16 or F64; 2-D rows × vocab or 3-D) as a
 * {@link RowSource}.
 * @param name - the tensor; default the only one, or `logits`.
 */
export function openSafetensors(path: string, name?: string): RowSource & { close(): void } {
  const file = new RandomAccess(path);
  const tensors = safetensorsHeader(file);
  let t: SafetensorsTensor | undefined;
  if (name !== undefined) t = tensors.find((x) => x.name === name);
  else t = tensors.length === 1 ? tensors[0] : tensors.find((x) => x.name === "logits");
  if (!t) {
    fileError(
      "invalid-option",
      path,
      name === undefined
        ? `holds ${tensors.length} tensors (${tensors.map((x) => x.name).join(", ")}): name one`
        : `has no tensor named ${name}`,
      undefined,
      name,
    );
  }
  const kinds: Record<string, [FloatKind, string]> = {
    F32: ["float32", "<f4"],
    F16: ["float16", "<f2"],
    F64: ["float64", "<f8"],
    BF16: ["bfloat16", "<f2"],
  };
  const k = kinds[t.dtype];
  if (!k)
    fileError(
      "malformed",
      path,
      `tensor ${t.name} is ${t.dtype}: model outputs must be F32, F16, BF16 or F64`,
    );
  const src = npyRows(
    file,
    { descr: k[1], fortran: false, shape: t.shape, dataOffset: t.begin },
    `${path}:${t.name}`,
  );
  if (k[0] !== "bfloat16") return { ...src, close: () => file.close() };
  return {
    ...src,
    kind: "bfloat16",
    *chunks(rowsPerChunk: number) {
      for (const c of src.chunks(rowsPerChunk)) yield { ...c, kind: "bfloat16" as const };
    },
    close: () => file.close(),
  };
}
