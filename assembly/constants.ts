// Constants of the kernels: scalar constants, and the vector constants as a table in the module's
// data (two equal lanes per entry), read by kv(i) (float64) and ki(i) (int64).

export const MIN_NORMAL: f64 = 2.2250738585072014e-308;
export const LN2_HI: f64 = 6.9314718036912381649e-1; // 32 trailing zero bits: k·LN2_HI is exact
export const LN2_LO: f64 = 1.9082149292705877e-10;
export const LN2: f64 = 0.6931471805599453;
export const LOG2E: f64 = 1.4426950408889634;
export const MAGIC: f64 = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer in the low bits
export const MAGIC_BITS: i64 = 0x4338000000000000;
export const HALF_EXP: i64 = 0x0008000000000000; // half of one unit of the exponent field
export const SIGN_BIT: i64 = 0x8000000000000000;
// Smallest value the vector log kernels take (smaller ones go to the scalar path): the reduction
// scales p by 2^-k to about q·[0.666, 1.5], which must stay a normal number.
export const MIN_FAST: f64 = 4 * MIN_NORMAL;
export const BLOCK: i32 = 16; // vectors (32 elements) per plain block sum

// Vector constants, loaded from memory: V8 rebuilds a v128.const inside a loop with several
// instructions each time, a load from a fixed address is one (often folded into the operation).
const KF: usize = memory.data<f64>([
  1.0 / 11.0, 1.0 / 11.0, // 0
  1.0 / 21.0, 1.0 / 21.0, // 1
  1.0 / 9.0, 1.0 / 9.0, // 2
  1.0 / 19.0, 1.0 / 19.0, // 3
  1.0 / 7.0, 1.0 / 7.0, // 4
  1.0 / 17.0, 1.0 / 17.0, // 5
  1.0 / 5.0, 1.0 / 5.0, // 6
  1.0 / 15.0, 1.0 / 15.0, // 7
  1.0 / 3.0, 1.0 / 3.0, // 8
  1.0 / 13.0, 1.0 / 13.0, // 9
  0, 0, // 10 (free)
  MAGIC, MAGIC, // 11
  1, 1, // 12
  LN2_HI, LN2_HI, // 13
  LN2_LO, LN2_LO, // 14
  0.1, 0.1, // 15
  1.0, 1.0, // 16
  MIN_NORMAL, MIN_NORMAL, // 17
  LOG2E, LOG2E, // 18
  1.0 / 6227020800.0, 1.0 / 6227020800.0, // 19
  1.0 / 479001600.0, 1.0 / 479001600.0, // 20
  1.0 / 39916800.0, 1.0 / 39916800.0, // 21
  1.0 / 3628800.0, 1.0 / 3628800.0, // 22
  1.0 / 362880.0, 1.0 / 362880.0, // 23
  1.0 / 40320.0, 1.0 / 40320.0, // 24
  1.0 / 5040.0, 1.0 / 5040.0, // 25
  1.0 / 720.0, 1.0 / 720.0, // 26
  1.0 / 120.0, 1.0 / 120.0, // 27
  1.0 / 24.0, 1.0 / 24.0, // 28
  1.0 / 6.0, 1.0 / 6.0, // 29
  0.5, 0.5, // 30
  14.0 / 1307674368000.0, 14.0 / 1307674368000.0, // 31
  13.0 / 87178291200.0, 13.0 / 87178291200.0, // 32
  12.0 / 6227020800.0, 12.0 / 6227020800.0, // 33
  11.0 / 479001600.0, 11.0 / 479001600.0, // 34
  10.0 / 39916800.0, 10.0 / 39916800.0, // 35
  9.0 / 3628800.0, 9.0 / 3628800.0, // 36
  8.0 / 362880.0, 8.0 / 362880.0, // 37
  7.0 / 40320.0, 7.0 / 40320.0, // 38
  6.0 / 5040.0, 6.0 / 5040.0, // 39
  5.0 / 720.0, 5.0 / 720.0, // 40
  4.0 / 120.0, 4.0 / 120.0, // 41
  3.0 / 24.0, 3.0 / 24.0, // 42
  2.0 / 6.0, 2.0 / 6.0, // 43
  1.0 / 2.0, 1.0 / 2.0, // 44
  -Infinity, -Infinity, // 45
  700, 700, // 46
  -700, -700, // 47
  Infinity, Infinity, // 48
  1.0 / 2.0, 1.0 / 2.0, // 49
  1.0 / 6.0, 1.0 / 6.0, // 50
  1.0 / 24.0, 1.0 / 24.0, // 51
  1.0 / 120.0, 1.0 / 120.0, // 52
  1.0 / 720.0, 1.0 / 720.0, // 53
  1.0 / 5040.0, 1.0 / 5040.0, // 54
  1.0 / 40320.0, 1.0 / 40320.0, // 55
  1.0 / 362880.0, 1.0 / 362880.0, // 56
  1.0 / 3628800.0, 1.0 / 3628800.0, // 57
  1.0 / 39916800.0, 1.0 / 39916800.0, // 58
  1.0 / 479001600.0, 1.0 / 479001600.0, // 59
  1.0 / 6227020800.0, 1.0 / 6227020800.0, // 60
  1.0 / 87178291200.0, 1.0 / 87178291200.0, // 61
  0.3333333333333333, 0.3333333333333333, // 62: B(u) coefficient 0 (scripts/gen_log_poly.py)
  0.20000000000004076, 0.20000000000004076, // 63: B(u) coefficient 1 (scripts/gen_log_poly.py)
  0.14285714283590384, 0.14285714283590384, // 64: B(u) coefficient 2 (scripts/gen_log_poly.py)
  0.1111111153208331, 0.1111111153208331, // 65: B(u) coefficient 3 (scripts/gen_log_poly.py)
  0.09090868193811709, 0.09090868193811709, // 66: B(u) coefficient 4 (scripts/gen_log_poly.py)
  0.07694458593254526, 0.07694458593254526, // 67: B(u) coefficient 5 (scripts/gen_log_poly.py)
  0.0660436949847273, 0.0660436949847273, // 68: B(u) coefficient 6 (scripts/gen_log_poly.py)
  1.0 / 1.0, 1.0 / 1.0, // 69: j(s)/s² coefficient 1
  1.0 / 6.0, 1.0 / 6.0, // 70: j(s)/s² coefficient 2
  1.0 / 15.0, 1.0 / 15.0, // 71: j(s)/s² coefficient 3
  1.0 / 28.0, 1.0 / 28.0, // 72: j(s)/s² coefficient 4
  1.0 / 45.0, 1.0 / 45.0, // 73: j(s)/s² coefficient 5
  1.0 / 66.0, 1.0 / 66.0, // 74: j(s)/s² coefficient 6
  1.0 / 91.0, 1.0 / 91.0, // 75: j(s)/s² coefficient 7
  1.0 / 120.0, 1.0 / 120.0, // 76: j(s)/s² coefficient 8
  1.0 / 153.0, 1.0 / 153.0, // 77: j(s)/s² coefficient 9
  1.0 / 190.0, 1.0 / 190.0, // 78: j(s)/s² coefficient 10
  1.0 / 231.0, 1.0 / 231.0, // 79: j(s)/s² coefficient 11
  1.0 / 276.0, 1.0 / 276.0, // 80: j(s)/s² coefficient 12
  1.0 / 325.0, 1.0 / 325.0, // 81: j(s)/s² coefficient 13
  1.0 / 378.0, 1.0 / 378.0, // 82: j(s)/s² coefficient 14
  1.3862943611198906, 1.3862943611198906, // 83: 2·ln 2 (j at |s| = 1)
  0.25, 0.25, // 84
  0.06808229497054705, 0.06808229497054705, // 85: B(u) coefficient 7 (scripts/gen_log_poly.py)
  LN2, LN2, // 86
  MIN_FAST, MIN_FAST, // 87
  MAGIC + 2048, MAGIC + 2048, // 88
  1e307, 1e307, // 89: largest value the vector log ratio takes in the Rényi kernel
]);
const KI: usize = memory.data<i64>([
  MAGIC_BITS, MAGIC_BITS, // 0
  1023 - MAGIC_BITS, 1023 - MAGIC_BITS, // 1
  HALF_EXP + SIGN_BIT, HALF_EXP + SIGN_BIT, // 2
  SIGN_BIT, SIGN_BIT, // 3
]);

// @ts-ignore: decorator
@inline
export function kv(i: i32): v128 {
  return v128.load(KF + (<usize>i << 4));
}

// @ts-ignore: decorator
@inline
export function ki(i: i32): v128 {
  return v128.load(KI + (<usize>i << 4));
}
