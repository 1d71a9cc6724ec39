// Half-width model outputs widened to float32 in WebAssembly (src/models/halves.ts has the
// TypeScript twins, widenHalf and dequantizeRows): every value is exact (float16 and bfloat16 are
// float32 values; a llama.cpp base-file value is scale·q + min rounded to float32 twice, as its
// C++ reader does), so the float32 row kernels then see the same numbers as from the twins.

/** f32 bits of 4 float16 patterns (zero-extended in i32 lanes): exact, subnormals and ±∞/NaN included. */
// @ts-ignore: decorator
@inline
function f16x4(h: v128): v128 {
  const mag = v128.and(h, i32x4.splat(0x7fff));
  // mag·2^13 read as a float32 is the value·2^−112 (normal and subnormal alike); ·2^112 is exact.
  let v = f32x4.mul(i32x4.shl(mag, 13), f32x4.splat(5.192296858534828e33 /* 2^112 */));
  // Exponent 31 (∞, NaN): the exponent field of all ones, the fraction kept.
  const special = i32x4.ge_s(mag, i32x4.splat(0x7c00));
  v = v128.bitselect(v128.or(i32x4.shl(mag, 13), i32x4.splat(0x7f800000)), v, special);
  return v128.or(v, i32x4.shl(v128.and(h, i32x4.splat(0x8000)), 16));
}

/** One float16 pattern to float32, exactly. */
function f16one(h: u32): f32 {
  const mag = h & 0x7fff;
  let bits: u32;
  if (mag >= 0x7c00) bits = (mag << 13) | 0x7f800000;
  else bits = reinterpret<u32>(reinterpret<f32>(mag << 13) * <f32>5.192296858534828e33);
  return reinterpret<f32>(bits | ((h & 0x8000) << 16));
}

/** n float16 (`kind` 0) or bfloat16 (1) patterns at src widened to float32 at dst. */
export function widenHalf(src: usize, n: i32, kind: i32, dst: usize): void {
  let i = 0;
  const end = n & ~7;
  if (kind == 0) {
    for (; i < end; i += 8) {
      const h = v128.load(src + (<usize>i << 1));
      v128.store(dst + (<usize>i << 2), f16x4(i32x4.extend_low_i16x8_u(h)));
      v128.store(dst + (<usize>i << 2), f16x4(i32x4.extend_high_i16x8_u(h)), 16);
    }
    for (; i < n; i++) store<f32>(dst + (<usize>i << 2), f16one(<u32>load<u16>(src + (<usize>i << 1))));
  } else {
    for (; i < end; i += 8) {
      const h = v128.load(src + (<usize>i << 1));
      v128.store(dst + (<usize>i << 2), i32x4.shl(i32x4.extend_low_i16x8_u(h), 16));
      v128.store(dst + (<usize>i << 2), i32x4.shl(i32x4.extend_high_i16x8_u(h), 16), 16);
    }
    for (; i < n; i++) store<u32>(dst + (<usize>i << 2), <u32>load<u16>(src + (<usize>i << 1)) << 16);
  }
}

/**
 * Rows of a llama.cpp base file to float32 log-probabilities: row r at src + r·stride bytes holds
 * scale and min (float32), then `columns` uint16 q; value i = (scale·q)_f32 + min rounded to float32,
 * written at dst + 4·(r·columns + i).
 */
export function dequantizeRows(src: usize, rows: i32, stride: i32, columns: i32, dst: usize): void {
  const end = columns & ~7;
  for (let r = 0; r < rows; r++) {
    const row = src + <usize>r * <usize>stride;
    const scale = load<f32>(row);
    const min = load<f32>(row, 4);
    const sv = f32x4.splat(scale);
    const mv = f32x4.splat(min);
    const q = row + 8;
    const out = dst + ((<usize>r * <usize>columns) << 2);
    let i = 0;
    for (; i < end; i += 8) {
      const h = v128.load(q + (<usize>i << 1));
      const lo = f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(h));
      const hi = f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(h));
      v128.store(out + (<usize>i << 2), f32x4.add(f32x4.mul(lo, sv), mv));
      v128.store(out + (<usize>i << 2), f32x4.add(f32x4.mul(hi, sv), mv), 16);
    }
    for (; i < columns; i++) {
      store<f32>(out + (<usize>i << 2), <f32>load<u16>(q + (<usize>i << 1)) * scale + min);
    }
  }
}
