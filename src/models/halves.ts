/**
 * Half-width floats as stored by models: IEEE 754 binary16 ("float16", numpy's `<f2`, safetensors'
 * `F16`) and bfloat16 (the upper half of a float32, safetensors' `BF16`). Both widen exactly to
 * float32, which is how the model-comparison accumulator reads them.
 */

import { describeValue, SurprisalError } from "../errors.js";
import { fastHooks } from "../numeric/fast-hooks.js";

/** A whole number ≥ `min`, or a SurprisalError naming the argument. */
function whole(value: number, argument: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new SurprisalError(
      "invalid-option",
      `${argument} = ${describeValue(value)} is not valid: use a whole number ≥ ${min}`,
      { argument, value },
    );
  }
}

/** An array that must hold at least `need` values, or a SurprisalError naming the argument. */
function atLeast(length: number, need: number, argument: string): void {
  if (length < need) {
    throw new SurprisalError(
      "length-mismatch",
      `${argument} holds ${length} values but ${need} are needed`,
      { argument, value: length },
    );
  }
}

/** The element type of a row of model outputs. */
export type FloatKind = "float16" | "bfloat16" | "float32" | "float64";

let table: Float32Array | undefined;

/** Every float16 bit pattern widened to float32 (256 KiB, built once on first use). */
function float16Table(): Float32Array {
  if (table !== undefined) return table;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const m = h & 0x3ff;
    if (e === 0) t[h] = sign * m * 2 ** -24;
    else if (e === 31) t[h] = m === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
    else t[h] = sign * (1 + m / 1024) * 2 ** (e - 15);
  }
  table = t;
  return t;
}

/**
 * Widens float16 or bfloat16 bit patterns to float32, exactly (every half value is a float32).
 *
 * float16: sign, 5 exponent bits (bias 15), 10 fraction bits, subnormals, ±∞ and NaN as IEEE 754;
 * bfloat16: the upper 16 bits of a float32. Reference: IEEE 754-2008 §3.6; Google's bfloat16.
 *
 * @param bits - the raw 16-bit patterns (host order).
 * @param kind - `"float16"` or `"bfloat16"`.
 * @param out - where to write (default: a new array of the same length). When `bits` and `out`
 * both live in the WebAssembly memory (arrays from `fastArray`), a SIMD kernel widens them.
 * @returns `out`.
 * @throws {SurprisalError} `invalid-option` for another kind, `length-mismatch` when `out` is
 *   shorter than `bits`.
 * @example
 * ```ts
 * widenHalf(new Uint16Array([0x3c00, 0xc000, 0x7c00]), "float16"); // Float32Array [1, -2, Infinity]
 * widenHalf(new Uint16Array([0x3f80, 0x4049]), "bfloat16"); // Float32Array [1, 3.140625]
 * ```
 */
export function widenHalf(
  bits: Uint16Array,
  kind: "float16" | "bfloat16",
  out: Float32Array = new Float32Array(bits.length),
): Float32Array {
  if (kind !== "float16" && kind !== "bfloat16") {
    throw new SurprisalError(
      "invalid-option",
      `kind = ${describeValue(kind)} is not valid: use "float16" or "bfloat16"`,
      { argument: "kind", value: kind },
    );
  }
  atLeast(out.length, bits.length, "out");
  if (fastHooks.widenHalf?.(bits, kind === "bfloat16" ? 1 : 0, out)) return out;
  if (kind === "bfloat16") {
    const u = new Uint32Array(out.buffer, out.byteOffset, bits.length);
    for (let i = 0; i < bits.length; i++) u[i] = (bits[i] as number) << 16;
    return out;
  }
  const t = float16Table();
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i] as number] as number;
  return out;
}

/**
 * Rows of a llama.cpp KL-divergence base file (`llama-perplexity --kl-divergence-base`) to float32
 * log-probabilities, as its C++ reader does: row r starts at `raw[r·stride]` with `scale` and
 * `min_log_prob` (two float32, little-endian, in four uint16), then `columns` uint16 q, and value i is
 * log p ≈ fl32(fl32(scale·q[i]) + min_log_prob) (each operation rounded to float32).
 *
 * @param raw - the rows' bytes as in the file (little-endian), viewed as uint16 words.
 * @param rows - number of rows.
 * @param stride - uint16 words per row (llama.cpp: 2·⌈columns/2⌉ + 4).
 * @param columns - the vocabulary (values per row).
 * @param out - where to write `rows × columns` values (default: a new array). When `raw` and `out`
 * both live in the WebAssembly memory (arrays from `fastArray`), a SIMD kernel computes them.
 * @returns `out`.
 * @throws {SurprisalError} `invalid-option` for rows, columns or a stride (< columns + 4) that is not
 *   a whole number, `length-mismatch` when `raw` or `out` is too short for them.
 * @example
 * ```ts
 * const raw = new Uint16Array(6); // one row of 2 values: scale 0.5, min −8, q = [0, 16]
 * new Float32Array(raw.buffer, 0, 2).set([0.5, -8]);
 * raw.set([0, 16], 4);
 * dequantizeRows(raw, 1, 6, 2); // Float32Array [-8, 0]
 * ```
 */
export function dequantizeRows(
  raw: Uint16Array,
  rows: number,
  stride: number,
  columns: number,
  out: Float32Array = new Float32Array(rows * columns),
): Float32Array {
  whole(rows, "rows", 0);
  whole(columns, "columns", 0);
  whole(stride, "stride", columns + 4);
  if (rows > 0) atLeast(raw.length, (rows - 1) * stride + columns + 4, "raw");
  atLeast(out.length, rows * columns, "out");
  if (fastHooks.dequantizeRows?.(raw, rows, stride, columns, out)) return out;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let r = 0; r < rows; r++) {
    const o = 2 * r * stride;
    const scale = view.getFloat32(o, true);
    const min = view.getFloat32(o + 4, true);
    const dst = r * columns;
    for (let i = 0; i < columns; i++) {
      out[dst + i] = Math.fround(Math.fround(scale * view.getUint16(o + 8 + 2 * i, true)) + min);
    }
  }
  return out;
}
