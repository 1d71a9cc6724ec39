import { writeFileSync } from "node:fs";

/**
 * Writes a C-order little-endian float64 `.npy` file (format 1.0, the header padded so that the data
 * start on a multiple of 64 bytes, as numpy.save writes it) of `values` with `shape` (default: 1-D),
 * and returns its path.
 */
export function writeNpy(
  path: string,
  values: Float64Array,
  shape: readonly number[] = [values.length],
): string {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${dims}, }`;
  header += `${" ".repeat(63 - ((10 + header.length) % 64))}\n`;
  const out = new Uint8Array(10 + header.length + values.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 255, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 10 + header.length);
  writeFileSync(path, out);
  return path;
}
