// WebAssembly SIMD kernels of surprisal (AssemblyScript). They compute the same one-pass states as
// the TypeScript kernels of src/numeric/kernels.ts (the numerical contract of DESIGN.md), two
// float64 lanes at a time, on float64 or float32 inputs read in place (float32 is widened lane by
// lane, never copied to a wider array). All pointers are byte offsets into the (shared) memory that
// the JavaScript side owns; the kernels allocate nothing.
//
// Sums: each lane keeps plain sums over a block of BLOCK vectors (all KL/entropy terms except δ are
// non-negative, so a block sum has relative error ≤ (BLOCK − 1)·ε) and adds every block sum into a
// TwoSum-compensated (hi, lo) pair; the two lanes are merged at the end of a call.

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

const MIN_NORMAL: f64 = 2.2250738585072014e-308;
const LN2_HI: f64 = 6.9314718036912381649e-1; // 32 trailing zero bits: k·LN2_HI is exact
const LN2_LO: f64 = 1.9082149292705877e-10;
const LN2: f64 = 0.6931471805599453;
const LOG2E: f64 = 1.4426950408889634;
const MAGIC: f64 = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer in the low bits
const MAGIC_BITS: i64 = 0x4338000000000000;
const HALF_EXP: i64 = 0x0008000000000000; // half of one unit of the exponent field
const SIGN_BIT: i64 = 0x8000000000000000;
// Smallest value the vector log kernels take (smaller ones go to the scalar path): the reduction
// scales p by 2^-k to about q·[0.666, 1.5], which must stay a normal number.
const MIN_FAST: f64 = 4 * MIN_NORMAL;
const BLOCK: i32 = 16; // vectors (32 elements) per plain block sum

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
]);
const KI: usize = memory.data<i64>([
  MAGIC_BITS, MAGIC_BITS, // 0
  1023 - MAGIC_BITS, 1023 - MAGIC_BITS, // 1
  HALF_EXP + SIGN_BIT, HALF_EXP + SIGN_BIT, // 2
  SIGN_BIT, SIGN_BIT, // 3
]);

// @ts-ignore: decorator
@inline
function kv(i: i32): v128 {
  return v128.load(KF + (<usize>i << 4));
}

// @ts-ignore: decorator
@inline
function ki(i: i32): v128 {
  return v128.load(KI + (<usize>i << 4));
}

// ---------------------------------------------------------------------------------------------
// Loads: float64 as is, float32 widened
// ---------------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline
function load2<T>(ptr: usize): v128 {
  if (sizeof<T>() == 8) return v128.load(ptr);
  return f64x2.promote_low_f32x4(v128.load64_zero(ptr));
}

// @ts-ignore: decorator
@inline
function load1<T>(ptr: usize): f64 {
  return <f64>load<T>(ptr);
}

/** Whether both lanes of x are finite. */
// @ts-ignore: decorator
@inline
function finite2(x: v128): bool {
  return i64x2.all_true(f64x2.eq(f64x2.sub(x, x), f64x2.splat(0)));
}

/** A vector with `x` in lane 0 and 0 in lane 1 (odd-length tails). */
// @ts-ignore: decorator
@inline
function lane0(x: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(0), 0, x);
}

// ---------------------------------------------------------------------------------------------
// Compensated accumulation, in memory: [hi lanes, lo lanes] at ptr (32 bytes)
// ---------------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline
function acc(ptr: usize, x: v128): void {
  const h = v128.load(ptr);
  const l = v128.load(ptr, 16);
  const t = f64x2.add(h, x);
  const bp = f64x2.sub(t, h);
  const e = f64x2.add(f64x2.sub(h, f64x2.sub(t, bp)), f64x2.sub(x, bp));
  v128.store(ptr, t);
  v128.store(ptr, f64x2.add(l, e), 16);
}

/** Neumaier add of x into st[i] (hi), st[i+1] (lo), as `cadd` of kernels.ts. */
// @ts-ignore: decorator
@inline
function cadd(st: usize, i: i32, x: f64): void {
  const p = st + (<usize>i << 3);
  const hi = load<f64>(p);
  const t = hi + x;
  const lo = Math.abs(hi) >= Math.abs(x) ? hi - t + x : x - t + hi;
  store<f64>(p, t);
  store<f64>(p, load<f64>(p, 8) + lo, 8);
}

/** Merges the two lanes of a compensated pair at `acc` into st[i], st[i+1]. */
function flush(accPtr: usize, st: usize, i: i32): void {
  const h = v128.load(accPtr);
  const l = v128.load(accPtr, 16);
  const p = st + (<usize>i << 3);
  cadd(st, i, f64x2.extract_lane(h, 0));
  store<f64>(p, load<f64>(p, 8) + f64x2.extract_lane(l, 0), 8);
  cadd(st, i, f64x2.extract_lane(h, 1));
  store<f64>(p, load<f64>(p, 8) + f64x2.extract_lane(l, 1), 8);
}

// Per-instance workspace (each thread has its own, set by the JavaScript side): 4 compensated lane
// pairs (128 bytes), then a scalar state of 8 doubles (64 bytes).
let ACC: usize = 0;
let ROW_STATE: usize = 0;

/** Sets this instance's 192-byte, 16-byte aligned workspace. */
export function setWorkspace(ptr: usize): void {
  ACC = ptr;
  ROW_STATE = ptr + 128;
}

function clearAcc(): void {
  memory.fill(ACC, 0, 128);
}

// ---------------------------------------------------------------------------------------------
// Vector logarithm of a ratio, exact exponents: log(p/q) for positive normal finite p, q
// ---------------------------------------------------------------------------------------------

// Reduction shared by the log kernels, for positive normal finite p and q with q in
// [MIN_FAST, MAX/1.5]: k = round((bits(p) − bits(q))/2^52), the exponent difference plus the
// difference of the mantissa fields, a piecewise-linear log2 of p/q that is off by at most 0.0861,
// so r = p·2^-k/q lies in [2^-0.5861, 2^0.5861] = [0.666, 1.501]. Then mp = p·2^-k (exact: an
// integer subtraction from the exponent field), t = mp + q and s = (mp − q)/t with |s| ≤ 0.2004
// (mp − q is exact by Sterbenz's lemma). With u = s² and B(u) = Σ_{j≥0} u^j/(2j+3),
// atanh(s)/s = A(u) = 1 + u·B(u) and log(p/q) = k·ln2 + 2s·A(u). Where k = 0, mp = p: s is
// (p − q)/(p + q) correctly rounded, however close p and q are. About 10 operations for two lanes
// and one division. It is written out in each user (a helper returning several vectors would pass
// them through globals, which V8 keeps in memory):
//   kb = (bits(p) − bits(q) + HALF_EXP + 2^63) >>> 52   (k + 2048: a logical shift, as x64 has no
//                                                        arithmetic shift of 64-bit lanes)
//   mp = bits(p) − ((kb << 52) ^ 2^63)                    (as (k + 2048)·2^52 ≡ k·2^52 + 2^63)
//   kf = f64(kb + MAGIC_BITS) − (MAGIC + 2048)            (k as a double)

// @ts-ignore: decorator
@inline
function polyB(u: v128): v128 {
  // Degree 7, Chebyshev fit of B on [0, 0.0402] (scripts/gen_log_poly.py, mpmath): relative error
  // of B̃ below 6e-17 (the rounding of its coefficients). Estrin's scheme keeps the dependency
  // chains short.
  const u2 = f64x2.mul(u, u);
  const e01 = f64x2.add(kv(62), f64x2.mul(kv(63), u));
  const e23 = f64x2.add(kv(64), f64x2.mul(kv(65), u));
  const e45 = f64x2.add(kv(66), f64x2.mul(kv(67), u));
  const e67 = f64x2.add(kv(68), f64x2.mul(kv(85), u));
  const u4 = f64x2.mul(u2, u2);
  const f0 = f64x2.add(e01, f64x2.mul(e23, u2));
  const f1 = f64x2.add(e45, f64x2.mul(e67, u2));
  return f64x2.add(f0, f64x2.mul(f1, u4));
}

/** log(p/q) for positive normal finite p, q (vectors; q as for the reduction), exact exponents. */
// @ts-ignore: decorator
@inline
function logRatio2(p: v128, q: v128): v128 {
  const kb = i64x2.shr_u(i64x2.add(i64x2.sub(p, q), ki(2 /* HALF_EXP + 2^63 */)), 52);
  const mp = i64x2.sub(p, v128.xor(i64x2.shl(kb, 52), ki(3 /* 2^63 */)));
  const s = f64x2.div(f64x2.sub(mp, q), f64x2.add(mp, q));
  const kf = f64x2.sub(i64x2.add(kb, ki(0 /* MAGIC_BITS */)), kv(88 /* MAGIC + 2048 */));
  const u = f64x2.mul(s, s);
  const a = f64x2.add(kv(12 /* 1 */), f64x2.mul(u, polyB(u)));
  return f64x2.add(
    f64x2.mul(kf, kv(13 /* LN2_HI */)),
    f64x2.add(f64x2.mul(kf, kv(14 /* LN2_LO */)), f64x2.mul(f64x2.add(s, s), a)),
  );
}

/**
 * g(p, q) = p·log(p/q) − p + q for positive normal finite p, q (vectors; q as for the reduction).
 * With mp = p·2^-k, qk = q·2^k (both exact: integer arithmetic on the exponent fields; qk ≈ p/r
 * is a normal number as p is), t = mp + q, s = (mp − q)/t, u = s² and
 * log(p/q) = k·ln2 + 2s·(1 + u·B): 2ps − (p − q) = 2^k·(2mp·s − (mp − q)) + q − qk
 * = (p + qk)·u + q − qk, so
 *   g = p·k·ln2 + (q − qk) + (p + qk)·u + 2ps·u·B.
 * Where k = 0 (p and q within a factor of about 1.5) qk = q and this is (p + q)·u + 2ps·u·B: two
 * terms of the same sign and no cancellation, however close p and q are. Where k ≠ 0,
 * |log(p/q)| > 0.28 and the terms cancel by a factor of 15 at most (a few ulps of g). One formula
 * for all lanes, no select. Lanes whose mp or qk would overflow come out NaN (the caller checks).
 */
// @ts-ignore: decorator
@inline
function klTerm2(p: v128, q: v128): v128 {
  const kb = i64x2.shr_u(i64x2.add(i64x2.sub(p, q), ki(2 /* HALF_EXP + 2^63 */)), 52);
  const ks = v128.xor(i64x2.shl(kb, 52), ki(3 /* 2^63 */)); // k·2^52
  const mp = i64x2.sub(p, ks);
  const qk = i64x2.add(q, ks);
  const s = f64x2.div(f64x2.sub(mp, q), f64x2.add(mp, q));
  const kf = f64x2.sub(i64x2.add(kb, ki(0 /* MAGIC_BITS */)), kv(88 /* MAGIC + 2048 */));
  const u = f64x2.mul(s, s);
  // Everything but the last two operations is independent of B (shorter dependency chains).
  const sp2u = f64x2.mul(f64x2.mul(f64x2.add(s, s), p), u);
  const c = f64x2.add(f64x2.mul(p, f64x2.mul(kf, kv(86 /* LN2 */))), f64x2.sub(q, qk));
  const x = f64x2.add(c, f64x2.mul(f64x2.add(p, qk), u));
  return f64x2.add(x, f64x2.mul(sp2u, polyB(u)));
}

// ---------------------------------------------------------------------------------------------
// KL terms
// ---------------------------------------------------------------------------------------------

/** g = t·u·(A(u) + s·B(u)), s = d/t, u = s² (the series of klTerm, same degree). */
function klSeries2(d: v128, t: v128): v128 {
  const s = f64x2.div(d, t);
  const u = f64x2.mul(s, s);
  let a = kv(3 /* 1.0 / 19.0 */);
  let b = kv(1 /* 1.0 / 21.0 */);
  a = f64x2.add(f64x2.mul(a, u), kv(5 /* 1.0 / 17.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(3 /* 1.0 / 19.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(7 /* 1.0 / 15.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(5 /* 1.0 / 17.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(9 /* 1.0 / 13.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(7 /* 1.0 / 15.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(0 /* 1.0 / 11.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(9 /* 1.0 / 13.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(2 /* 1.0 / 9.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(0 /* 1.0 / 11.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(4 /* 1.0 / 7.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(2 /* 1.0 / 9.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(6 /* 1.0 / 5.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(4 /* 1.0 / 7.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(8 /* 1.0 / 3.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(6 /* 1.0 / 5.0 */));
  a = f64x2.add(f64x2.mul(a, u), kv(16 /* 1.0 */));
  b = f64x2.add(f64x2.mul(b, u), kv(8 /* 1.0 / 3.0 */));
  return f64x2.mul(f64x2.mul(t, u), f64x2.add(a, f64x2.mul(s, b)));
}

/** log(a/b) for positive a, b without overflow or underflow of the quotient (as logRatio). */
function logRatio1(a: f64, b: f64): f64 {
  const r = a / b;
  if (r > 0 && r < Infinity && r > MIN_NORMAL) return Math.log(r);
  return Math.log(a) - Math.log(b);
}

let infCount: f64 = 0;
let invalid = false;

/** One KL term in scalar arithmetic, as klTerm of phi.ts (zeros, subnormals); counts +∞ terms. */
function klTerm1(p: f64, q: f64): f64 {
  if (!(p >= 0 && q >= 0)) {
    invalid = true; // negative (NaN also shows in the sums)
    return 0;
  }
  if (p == q) return 0;
  if (p == 0) return q;
  if (q == 0) {
    infCount += 1;
    return 0;
  }
  const d = p - q;
  const t = p + q;
  if (t == Infinity) return 2 * klTerm1(p / 2, q / 2); // g(2a, 2b) = 2·g(a, b)
  const s = d / t;
  if (s < 0.1 && s > -0.1) {
    return f64x2.extract_lane(klSeries2(f64x2.splat(d), f64x2.splat(t)), 0);
  }
  return p * logRatio1(p, q) - d;
}

/**
 * Writes the KL workspace's four compensated lane pairs (G, Sp, Sq, δ) and the count of +∞ terms
 * into st; returns 0 when every element was valid, 1 when some may not be (NaN and ±∞ anywhere
 * make Sp or Sq non-finite; negatives set `invalid` or show in the block minimum).
 */
function finishKl(st: usize): i32 {
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  flush(ACC + 64, st, 4);
  flush(ACC + 96, st, 6);
  store<f64>(st, load<f64>(st, 64) + infCount, 64);
  const sp = load<f64>(st, 16) + load<f64>(st, 24);
  const sq = load<f64>(st, 32) + load<f64>(st, 40);
  if (invalid || !(sp - sp == 0) || !(sq - sq == 0)) return 1;
  return 0;
}

/**
 * Accumulates the KL state over n elements of p and q into st (f64 slots: G, Sp, Sq, δ as hi/lo
 * pairs, then the count of +∞ terms). Returns 0 when every element was valid (finite, ≥ 0), 1 when
 * some element may not be (the caller then scans exactly; the state is then meaningless).
 */
function klRange<T>(p: usize, q: usize, n: i32, st: usize): i32 {
  clearAcc();
  infCount = 0;
  const sz = <usize>sizeof<T>();
  const minFast = kv(87 /* MIN_FAST */);
  invalid = false;
  const even = n & ~1;
  let i = 0;
  while (i < n) {
    const start = i;
    const end = min(i + 2 * BLOCK, even);
    // One pass: the sums, the minimum and the terms (valid for values in [MIN_FAST, MAX/1.5],
    // confirmed afterwards by the minimum and a finite sum of the terms).
    let pS = f64x2.splat(0);
    let qS = f64x2.splat(0);
    let dS = f64x2.splat(0);
    let mn = kv(48 /* Infinity */);
    let gS = f64x2.splat(0);
    for (; i < end; i += 2) {
      const pv = load2<T>(p + <usize>i * sz);
      const qv = load2<T>(q + <usize>i * sz);
      mn = f64x2.pmin(mn, f64x2.pmin(pv, qv));
      pS = f64x2.add(pS, pv);
      qS = f64x2.add(qS, qv);
      dS = f64x2.add(dS, f64x2.sub(pv, qv));
      gS = f64x2.add(gS, klTerm2(pv, qv));
    }
    const slow = v128.any_true(f64x2.lt(mn, minFast)) || !finite2(gS);
    if (slow) {
      // Zeros, tiny or huge values, negatives or NaN in this block: redo it pair by pair.
      gS = f64x2.splat(0);
      for (i = start; i < end; i += 2) {
        const pv = load2<T>(p + <usize>i * sz);
        const qv = load2<T>(q + <usize>i * sz);
        const m = f64x2.pmin(pv, qv);
        let g = f64x2.splat(0);
        if (!v128.any_true(f64x2.lt(m, minFast))) g = klTerm2(pv, qv);
        if (v128.any_true(f64x2.lt(m, minFast)) || !finite2(g)) {
          g = f64x2.replace_lane(
            f64x2.splat(klTerm1(f64x2.extract_lane(pv, 0), f64x2.extract_lane(qv, 0))),
            1,
            klTerm1(f64x2.extract_lane(pv, 1), f64x2.extract_lane(qv, 1)),
          );
        }
        gS = f64x2.add(gS, g);
      }
    }
    i = end;
    if (i == even && i < n) {
      // Odd tail: one element in lane 0.
      const a = load1<T>(p + <usize>i * sz);
      const b = load1<T>(q + <usize>i * sz);
      pS = f64x2.add(pS, lane0(a));
      qS = f64x2.add(qS, lane0(b));
      dS = f64x2.add(dS, lane0(a - b));
      gS = f64x2.add(gS, lane0(klTerm1(a, b)));
      i = n;
    }
    acc(ACC, gS);
    acc(ACC + 32, pS);
    acc(ACC + 64, qS);
    acc(ACC + 96, dS);
  }
  return finishKl(st);
}

export function klF64(p: usize, q: usize, n: i32, st: usize): i32 {
  return klRange<f64>(p, q, n, st);
}

export function klF32(p: usize, q: usize, n: i32, st: usize): i32 {
  return klRange<f32>(p, q, n, st);
}

// ---------------------------------------------------------------------------------------------
// KL divergence with Q scaled by λ (counts of different totals)
// ---------------------------------------------------------------------------------------------

const SPLITTER: f64 = 134217729.0; // Veltkamp's splitter, 2^27 + 1
const SPLIT_LIMIT: f64 = 1e300; // beyond it twoProductError of kernels.ts gives 0

/** Veltkamp split of λ: its high half (the low half is λ − high). */
function splitHigh(x: f64): f64 {
  const c = SPLITTER * x;
  return c - (c - x);
}

/**
 * The rounding error of b = fl(q·λ), as twoProductError of kernels.ts (the same operations in the
 * same order, so the same bits): q·λ = b + error exactly. λ = lh + ll is split beforehand; the
 * error is 0 where SPLITTER·q is not below 1e300, as there.
 */
// @ts-ignore: decorator
@inline
function prodErr2(q: v128, b: v128, lh: v128, ll: v128): v128 {
  const cq = f64x2.mul(f64x2.splat(SPLITTER), q);
  const qh = f64x2.sub(cq, f64x2.sub(cq, q));
  const ql = f64x2.sub(q, qh);
  let e = f64x2.sub(f64x2.mul(qh, lh), b);
  e = f64x2.add(e, f64x2.mul(qh, ll));
  e = f64x2.add(e, f64x2.mul(ql, lh));
  e = f64x2.add(e, f64x2.mul(ql, ll));
  return v128.and(e, f64x2.lt(f64x2.abs(cq), f64x2.splat(SPLIT_LIMIT)));
}

/**
 * g(p, b + bl) for positive normal finite p, b (vectors), |bl| ≤ ulp(b)/2: with r = bl/b,
 * g(p, b(1 + r)) = g(p, b) − r·(p − b) + p·r²/2 − p·r³/3 + …, the last term below 2^-159·p
 * (negligible). Where p − b − bl is not 0, |p − b − bl| is at least about |bl| (p − b is a multiple
 * of an ulp), so the three terms cancel by a small factor at most: every digit of p − λq counts.
 */
// @ts-ignore: decorator
@inline
function klTermScaled2(p: v128, b: v128, bl: v128): v128 {
  const e = f64x2.sub(p, b);
  const r = f64x2.div(bl, b);
  const g0 = klTerm2(p, b);
  const c = f64x2.mul(r, f64x2.sub(f64x2.mul(f64x2.mul(kv(30 /* 0.5 */), r), p), e));
  return f64x2.add(g0, c);
}

/**
 * One scaled KL term in scalar arithmetic, as the loop of klChunk: g(p, b + bl) for λq = b + bl
 * (klTermSplit of phi.ts); where λq underflows to 0 for q > 0, p·(log(p/q) − log λ) − p; +∞ (counted)
 * where q = 0 < p. Validity is checked on q itself (a negative subnormal q may give b = −0).
 */
function klTermScaled1(p: f64, q: f64, b: f64, bl: f64, lambda: f64): f64 {
  if (!(p >= 0 && q >= 0)) {
    invalid = true; // negative (NaN also shows in the sums)
    return 0;
  }
  if (b == 0 && p > 0) {
    if (q == 0) {
      infCount += 1;
      return 0;
    }
    return p * (logRatio1(p, q) - Math.log(lambda)) - p;
  }
  if (bl == 0) return klTerm1(p, b);
  if (p == 0) return b + bl;
  const d = p - b - bl;
  if (d == 0) return 0;
  const t = p + b + bl;
  if (t == Infinity) return 2 * klTermScaled1(p / 2, q / 2, b / 2, bl / 2, lambda);
  const s = d / t;
  if (s < 0.1 && s > -0.1) {
    return f64x2.extract_lane(klSeries2(f64x2.splat(d), f64x2.splat(t)), 0);
  }
  return p * logRatio1(p, b + bl) - d;
}

/** Adds x into the lo lanes of the compensated pair at ptr. */
// @ts-ignore: decorator
@inline
function accLo(ptr: usize, x: v128): void {
  v128.store(ptr, f64x2.add(v128.load(ptr, 16), x), 16);
}

/**
 * {@link klRange} with Q scaled by λ (positive normal, SPLITTER·λ < 1e300): G = Σ g(p, λq),
 * Sq = Σ λq, δ = Σ (p − λq), each product λq carried exactly as b + bl (b = fl(q·λ)), as klChunk
 * of kernels.ts for a state with λ ≠ 1. Sq gets the bl in its lo part.
 */
function klScaledRange<T>(p: usize, q: usize, n: i32, lambda: f64, st: usize): i32 {
  clearAcc();
  infCount = 0;
  invalid = false;
  const sz = <usize>sizeof<T>();
  const minFast = kv(87 /* MIN_FAST */);
  const lhs = splitHigh(lambda);
  const lh = f64x2.splat(lhs);
  const ll = f64x2.splat(lambda - lhs);
  const lam = f64x2.splat(lambda);
  const even = n & ~1;
  let i = 0;
  while (i < n) {
    const start = i;
    const end = min(i + 2 * BLOCK, even);
    let gS = f64x2.splat(0);
    let pS = f64x2.splat(0);
    let qS = f64x2.splat(0);
    let lS = f64x2.splat(0);
    let dS = f64x2.splat(0);
    // Fast pass without per-element branches, valid where p and b = fl(λq) lie in
    // [MIN_FAST, MAX/1.5], which the block minimum and a finite block sum confirm afterwards.
    let mn = kv(48 /* Infinity */);
    for (; i + 4 <= end; i += 4) {
      const pa = load2<T>(p + <usize>i * sz);
      const pb = load2<T>(p + <usize>(i + 2) * sz);
      const qa = load2<T>(q + <usize>i * sz);
      const qb = load2<T>(q + <usize>(i + 2) * sz);
      const ba = f64x2.mul(qa, lam);
      const bb = f64x2.mul(qb, lam);
      const la = prodErr2(qa, ba, lh, ll);
      const lb = prodErr2(qb, bb, lh, ll);
      mn = f64x2.pmin(mn, f64x2.pmin(f64x2.pmin(pa, ba), f64x2.pmin(pb, bb)));
      pS = f64x2.add(pS, f64x2.add(pa, pb));
      qS = f64x2.add(qS, f64x2.add(ba, bb));
      lS = f64x2.add(lS, f64x2.add(la, lb));
      dS = f64x2.add(
        dS,
        f64x2.add(f64x2.sub(f64x2.sub(pa, ba), la), f64x2.sub(f64x2.sub(pb, bb), lb)),
      );
      gS = f64x2.add(gS, f64x2.add(klTermScaled2(pa, ba, la), klTermScaled2(pb, bb, lb)));
    }
    for (; i < end; i += 2) {
      const pv = load2<T>(p + <usize>i * sz);
      const qv = load2<T>(q + <usize>i * sz);
      const b = f64x2.mul(qv, lam);
      const bl = prodErr2(qv, b, lh, ll);
      mn = f64x2.pmin(mn, f64x2.pmin(pv, b));
      pS = f64x2.add(pS, pv);
      qS = f64x2.add(qS, b);
      lS = f64x2.add(lS, bl);
      dS = f64x2.add(dS, f64x2.sub(f64x2.sub(pv, b), bl));
      gS = f64x2.add(gS, klTermScaled2(pv, b, bl));
    }
    if (v128.any_true(f64x2.lt(mn, minFast)) || !finite2(gS)) {
      // Zeros, tiny or huge values, negatives or NaN in this block: redo it pair by pair.
      i = start;
      gS = f64x2.splat(0);
      pS = f64x2.splat(0);
      qS = f64x2.splat(0);
      lS = f64x2.splat(0);
      dS = f64x2.splat(0);
      for (; i < end; i += 2) {
        const pv = load2<T>(p + <usize>i * sz);
        const qv = load2<T>(q + <usize>i * sz);
        const b = f64x2.mul(qv, lam);
        const bl = prodErr2(qv, b, lh, ll);
        pS = f64x2.add(pS, pv);
        qS = f64x2.add(qS, b);
        lS = f64x2.add(lS, bl);
        dS = f64x2.add(dS, f64x2.sub(f64x2.sub(pv, b), bl));
        const tiny = v128.any_true(f64x2.lt(f64x2.pmin(pv, b), minFast));
        let g = f64x2.splat(0);
        if (!tiny) g = klTermScaled2(pv, b, bl);
        if (tiny || !finite2(g)) {
          g = f64x2.replace_lane(
            f64x2.splat(
              klTermScaled1(
                f64x2.extract_lane(pv, 0),
                f64x2.extract_lane(qv, 0),
                f64x2.extract_lane(b, 0),
                f64x2.extract_lane(bl, 0),
                lambda,
              ),
            ),
            1,
            klTermScaled1(
              f64x2.extract_lane(pv, 1),
              f64x2.extract_lane(qv, 1),
              f64x2.extract_lane(b, 1),
              f64x2.extract_lane(bl, 1),
              lambda,
            ),
          );
        }
        gS = f64x2.add(gS, g);
      }
    }
    if (i == even && i < n) {
      // Odd tail: one element in lane 0.
      const a = load1<T>(p + <usize>i * sz);
      const qv = lane0(load1<T>(q + <usize>i * sz));
      const b = f64x2.mul(qv, lam);
      const bl = prodErr2(qv, b, lh, ll);
      const b0 = f64x2.extract_lane(b, 0);
      const bl0 = f64x2.extract_lane(bl, 0);
      pS = f64x2.add(pS, lane0(a));
      qS = f64x2.add(qS, b);
      lS = f64x2.add(lS, bl);
      dS = f64x2.add(dS, lane0(a - b0 - bl0));
      gS = f64x2.add(gS, lane0(klTermScaled1(a, f64x2.extract_lane(qv, 0), b0, bl0, lambda)));
      i = n;
    }
    acc(ACC, gS);
    acc(ACC + 32, pS);
    acc(ACC + 64, qS);
    accLo(ACC + 64, lS);
    acc(ACC + 96, dS);
  }
  return finishKl(st);
}

export function klScaledF64(p: usize, q: usize, n: i32, lambda: f64, st: usize): i32 {
  return klScaledRange<f64>(p, q, n, lambda, st);
}

export function klScaledF32(p: usize, q: usize, n: i32, lambda: f64, st: usize): i32 {
  return klScaledRange<f32>(p, q, n, lambda, st);
}

// ---------------------------------------------------------------------------------------------
// Jensen–Shannon divergence of probabilities or counts
// ---------------------------------------------------------------------------------------------

/**
 * j(s)/s² = Σ_{n=1..14} u^{n−1}/(n(2n−1)), u = s², by Estrin's scheme. For |s| < 0.25 the first
 * omitted term is below 7e-19 relative (the TypeScript series stops at n = 10 for |s| < 0.1, where
 * the terms beyond are below 1e-22).
 */
// @ts-ignore: decorator
@inline
function jSeries2(u: v128): v128 {
  const u2 = f64x2.mul(u, u);
  const e0 = f64x2.add(kv(69), f64x2.mul(kv(70), u));
  const e1 = f64x2.add(kv(71), f64x2.mul(kv(72), u));
  const e2 = f64x2.add(kv(73), f64x2.mul(kv(74), u));
  const e3 = f64x2.add(kv(75), f64x2.mul(kv(76), u));
  const e4 = f64x2.add(kv(77), f64x2.mul(kv(78), u));
  const e5 = f64x2.add(kv(79), f64x2.mul(kv(80), u));
  const e6 = f64x2.add(kv(81), f64x2.mul(kv(82), u));
  const u4 = f64x2.mul(u2, u2);
  const f0 = f64x2.add(e0, f64x2.mul(e1, u2));
  const f1 = f64x2.add(e2, f64x2.mul(e3, u2));
  const f2 = f64x2.add(e4, f64x2.mul(e5, u2));
  const u8 = f64x2.mul(u4, u4);
  const g0 = f64x2.add(f0, f64x2.mul(f1, u4));
  const g1 = f64x2.add(f2, f64x2.mul(e6, u4));
  return f64x2.add(g0, f64x2.mul(g1, u8));
}

/**
 * x·log x for x = xh + xl (xh positive normal, |xl| ≤ ulp(xh)/2), to first order in xl:
 * xh·L + xl·(L + 1) with L = log(xh) (the neglected term, xl²/(2xh), is below 2^-107·xh).
 */
// @ts-ignore: decorator
@inline
function xLogX2(xh: v128, xl: v128): v128 {
  const l = logRatio2(xh, kv(16 /* 1.0 */));
  return f64x2.add(f64x2.mul(xh, l), f64x2.mul(xl, f64x2.add(l, kv(16 /* 1.0 */))));
}

/**
 * j(s) = (1 + s)·log(1 + s) + (1 − s)·log(1 − s) for 0 < |s| < 1, with 1 ± s formed exactly as
 * double-doubles (Fast2Sum: |s| < 1), so only the two logarithms round. Lanes with |s| ≥ 1 give
 * garbage (the caller selects 2·ln 2 there).
 */
// @ts-ignore: decorator
@inline
function jLog2(s: v128): v128 {
  const one = kv(16 /* 1.0 */);
  const ah = f64x2.add(one, s);
  const al = f64x2.add(f64x2.sub(one, ah), s);
  const bh = f64x2.sub(one, s);
  const bl = f64x2.sub(f64x2.sub(one, bh), s);
  return f64x2.add(xLogX2(ah, al), xLogX2(bh, bl));
}

/**
 * One JS term (mᵢ/4)·j(sᵢ) for two outcomes, as the loop of jsDivergence (src/measures/js.ts):
 * mᵢ = pᵢ/Sp + qᵢ/Sq, sᵢ = (p̂ᵢ − q̂ᵢ)/mᵢ, with p̂ᵢ − q̂ᵢ by `mode`:
 * 0: ((pᵢ − qᵢ) − qᵢ·r)/Sp (balanced, λ = 1); 1: ((pᵢ − λqᵢ) − λqᵢ·r)/Sp with λqᵢ = b + bl exact
 * (balanced, λ ≠ 1); 2: pᵢ/Sp − qᵢ/Sq (unbalanced). r = δ/SqL; ip = 1/Sp, iq = 1/Sq. 0 where
 * p̂ᵢ − q̂ᵢ = 0 (also for pᵢ = qᵢ = 0), 2·ln 2·mᵢ/4 where |sᵢ| ≥ 1 (a zero on one side). IEEE
 * arithmetic on subnormal pᵢ, qᵢ is exact as in the TypeScript loop: no scalar path is needed.
 */
// @ts-ignore: decorator
@inline
function jsTerm2(
  pv: v128,
  qv: v128,
  mode: i32,
  ip: v128,
  iq: v128,
  r: v128,
  lam: v128,
  lh: v128,
  ll: v128,
): v128 {
  const mp = f64x2.mul(pv, ip);
  const sum = f64x2.add(mp, f64x2.mul(qv, iq));
  let d: v128;
  if (mode == 0) {
    d = f64x2.mul(f64x2.sub(f64x2.sub(pv, qv), f64x2.mul(qv, r)), ip);
  } else if (mode == 1) {
    const b = f64x2.mul(qv, lam);
    const bl = prodErr2(qv, b, lh, ll);
    const raw = f64x2.sub(f64x2.sub(pv, b), bl);
    d = f64x2.mul(f64x2.sub(raw, f64x2.mul(f64x2.add(b, bl), r)), ip);
  } else {
    d = f64x2.sub(mp, f64x2.mul(qv, iq));
  }
  const s = f64x2.div(d, sum);
  const u = f64x2.mul(s, s);
  const a = f64x2.abs(s);
  const small = f64x2.lt(a, kv(84 /* 0.25 */));
  // Close distributions take the series alone; otherwise both forms and a select (lanes of mixed
  // sizes are common there, and a branch on them would be mispredicted often).
  let j = f64x2.mul(jSeries2(u), u);
  if (!i64x2.all_true(small)) {
    const big = f64x2.ge(a, kv(16 /* 1.0 */));
    j = v128.bitselect(j, v128.bitselect(kv(83 /* 2·ln 2 */), jLog2(s), big), small);
  }
  const x = f64x2.mul(f64x2.mul(kv(84 /* 0.25 */), sum), j);
  return v128.andnot(x, f64x2.eq(d, f64x2.splat(0)));
}

/**
 * Σ (mᵢ/4)·j(sᵢ) over p[0..n), q[0..n) (inputs validated by the caller) into st[0..2) as a
 * compensated (hi, lo) pair: plain sums of non-negative terms over blocks of BLOCK vectors, each
 * block sum added with TwoSum. See {@link jsTerm2} for the parameters.
 */
function jsRange<T>(
  p: usize,
  q: usize,
  n: i32,
  ipS: f64,
  iqS: f64,
  lambda: f64,
  rS: f64,
  mode: i32,
  st: usize,
): void {
  clearAcc();
  const sz = <usize>sizeof<T>();
  const ip = f64x2.splat(ipS);
  const iq = f64x2.splat(iqS);
  const r = f64x2.splat(rS);
  const lam = f64x2.splat(lambda);
  const lhs = splitHigh(lambda);
  const lh = f64x2.splat(lhs);
  const ll = f64x2.splat(lambda - lhs);
  const even = n & ~1;
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let xS = f64x2.splat(0);
    for (; i < end; i += 2) {
      const pv = load2<T>(p + <usize>i * sz);
      const qv = load2<T>(q + <usize>i * sz);
      xS = f64x2.add(xS, jsTerm2(pv, qv, mode, ip, iq, r, lam, lh, ll));
    }
    if (i == even && i < n) {
      // Odd tail: one element in lane 0 (lane 1 holds p = q = 0, a term of 0).
      const pv = lane0(load1<T>(p + <usize>i * sz));
      const qv = lane0(load1<T>(q + <usize>i * sz));
      xS = f64x2.add(xS, jsTerm2(pv, qv, mode, ip, iq, r, lam, lh, ll));
      i = n;
    }
    acc(ACC, xS);
  }
  flush(ACC, st, 0);
}

export function jsF64(
  p: usize,
  q: usize,
  n: i32,
  ip: f64,
  iq: f64,
  lambda: f64,
  r: f64,
  mode: i32,
  st: usize,
): void {
  jsRange<f64>(p, q, n, ip, iq, lambda, r, mode, st);
}

export function jsF32(
  p: usize,
  q: usize,
  n: i32,
  ip: f64,
  iq: f64,
  lambda: f64,
  r: f64,
  mode: i32,
  st: usize,
): void {
  jsRange<f32>(p, q, n, ip, iq, lambda, r, mode, st);
}

// ---------------------------------------------------------------------------------------------
// Entropy of probabilities or counts
// ---------------------------------------------------------------------------------------------

/**
 * The largest element of x[0..n) into st[0]; returns 0 when all are finite and ≥ 0, else 1.
 */
function maxRange<T>(x: usize, n: i32, st: usize): i32 {
  const sz = <usize>sizeof<T>();
  let hi = f64x2.splat(0);
  let lo = f64x2.splat(0);
  const even = n & ~1;
  let i = 0;
  for (; i < even; i += 2) {
    const v = load2<T>(x + <usize>i * sz);
    hi = f64x2.max(hi, v);
    lo = f64x2.min(lo, v);
  }
  if (i < n) {
    const v = lane0(load1<T>(x + <usize>i * sz));
    hi = f64x2.max(hi, v);
    lo = f64x2.min(lo, v);
  }
  const m = max(f64x2.extract_lane(hi, 0), f64x2.extract_lane(hi, 1));
  const l = min(f64x2.extract_lane(lo, 0), f64x2.extract_lane(lo, 1));
  store<f64>(st, m);
  return l >= 0 && m < Infinity ? 0 : 1; // NaN fails both comparisons
}

export function maxF64(x: usize, n: i32, st: usize): i32 {
  return maxRange<f64>(x, n, st);
}

export function maxF32(x: usize, n: i32, st: usize): i32 {
  return maxRange<f32>(x, n, st);
}

/** One entropy term x·log(M/x) in scalar arithmetic (zeros and subnormals), as kernels.ts. */
function entropyTerm1(x: f64, m: f64): f64 {
  if (x == 0 || x == m) return 0;
  return x * logRatio1(m, x);
}

/**
 * Accumulates S = Σx and B = Σ x·log(M/x) over x[0..n) (valid, ≤ M) into st[0..4) (hi/lo pairs).
 * S is compensated element by element (TwoSum): the entropy uses S − M, which cancels when one
 * value dominates, so S must be as exact as the TypeScript kernel's.
 */
function entropyRange<T>(x: usize, n: i32, m: f64, st: usize): void {
  clearAcc();
  const sz = <usize>sizeof<T>();
  const minFast = kv(87 /* MIN_FAST */);
  const mv = f64x2.splat(m);
  const even = n & ~1;
  let i = 0;
  let sH = f64x2.splat(0);
  let sL = f64x2.splat(0);
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    const start = i;
    const sH0 = sH;
    const sL0 = sL;
    let bS = f64x2.splat(0);
    // Fast pass without per-element branches (values of at least MIN_FAST), confirmed afterwards by
    // the block minimum; a block with zeros or subnormals is redone element pair by element pair.
    let mn = kv(48 /* Infinity */);
    for (; i < end; i += 2) {
      const v = load2<T>(x + <usize>i * sz);
      mn = f64x2.pmin(mn, v);
      const t = f64x2.add(sH, v);
      const bp = f64x2.sub(t, sH);
      sL = f64x2.add(sL, f64x2.add(f64x2.sub(sH, f64x2.sub(t, bp)), f64x2.sub(v, bp)));
      sH = t;
      bS = f64x2.add(bS, f64x2.mul(v, logRatio2(mv, v)));
    }
    if (v128.any_true(f64x2.lt(mn, minFast))) {
      i = start;
      sH = sH0;
      sL = sL0;
      bS = f64x2.splat(0);
    }
    for (; i < end; i += 2) {
      const v = load2<T>(x + <usize>i * sz);
      const t = f64x2.add(sH, v);
      const bp = f64x2.sub(t, sH);
      sL = f64x2.add(sL, f64x2.add(f64x2.sub(sH, f64x2.sub(t, bp)), f64x2.sub(v, bp)));
      sH = t;
      if (v128.any_true(f64x2.lt(v, minFast))) {
        bS = f64x2.add(
          bS,
          f64x2.replace_lane(
            f64x2.splat(entropyTerm1(f64x2.extract_lane(v, 0), m)),
            1,
            entropyTerm1(f64x2.extract_lane(v, 1), m),
          ),
        );
      } else {
        bS = f64x2.add(bS, f64x2.mul(v, logRatio2(mv, v)));
      }
    }
    if (i == even && i < n) {
      const a = lane0(load1<T>(x + <usize>i * sz));
      const t = f64x2.add(sH, a);
      const bp = f64x2.sub(t, sH);
      sL = f64x2.add(sL, f64x2.add(f64x2.sub(sH, f64x2.sub(t, bp)), f64x2.sub(a, bp)));
      sH = t;
      bS = f64x2.add(bS, lane0(entropyTerm1(f64x2.extract_lane(a, 0), m)));
      i = n;
    }
    acc(ACC + 32, bS);
  }
  v128.store(ACC, sH);
  v128.store(ACC, sL, 16);
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
}

export function entropyF64(x: usize, n: i32, m: f64, st: usize): void {
  entropyRange<f64>(x, n, m, st);
}

export function entropyF32(x: usize, n: i32, m: f64, st: usize): void {
  entropyRange<f32>(x, n, m, st);
}

// ---------------------------------------------------------------------------------------------
// Vector exp / expm1 (for the log-domain kernels)
// ---------------------------------------------------------------------------------------------

let expScale: v128 = f64x2.splat(0);

/**
 * Reduces x = n·ln2 + r (|r| ≤ ln2/2), returns expm1(r) and leaves 2^n in `expScale`.
 * Valid for |x| ≤ 700.
 */
// @ts-ignore: decorator
@inline
function expm1Reduced(x: v128): v128 {
  const nf = f64x2.nearest(f64x2.mul(x, kv(18 /* LOG2E */)));
  const r = f64x2.sub(
    f64x2.sub(x, f64x2.mul(nf, kv(13 /* LN2_HI */))),
    f64x2.mul(nf, kv(14 /* LN2_LO */)),
  );
  expScale = i64x2.shl(
    i64x2.add(f64x2.add(nf, kv(11 /* MAGIC */)), ki(1 /* 1023 - MAGIC_BITS */)),
    52,
  );
  // expm1(r) = r·Σ_{k=0..12} r^k/(k+1)!; first omitted term < 5e-18 relative.
  let c = kv(19 /* 1.0 / 6227020800.0 */);
  c = f64x2.add(f64x2.mul(c, r), kv(20 /* 1.0 / 479001600.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(21 /* 1.0 / 39916800.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(22 /* 1.0 / 3628800.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(23 /* 1.0 / 362880.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(24 /* 1.0 / 40320.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(25 /* 1.0 / 5040.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(26 /* 1.0 / 720.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(27 /* 1.0 / 120.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(28 /* 1.0 / 24.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(29 /* 1.0 / 6.0 */));
  c = f64x2.add(f64x2.mul(c, r), kv(30 /* 0.5 */));
  c = f64x2.add(f64x2.mul(c, r), kv(16 /* 1.0 */));
  return f64x2.mul(r, c);
}

// Exponentials for the logits kernel: x = n·ln2 + r (|r| ≤ ln2/2), Q(r) = Σ_{j=0..12} r^j/(j+2)!,
// so that expm1(r) = r + r²·Q(r), eʳ = 1 + expm1(r) and ψ(r) = r·eʳ − (eʳ − 1) = r²·(1 + (r − 1)·Q(r))
// (no cancellation). The first omitted term of Q is below 1e-18 relative.

let redN: v128 = f64x2.splat(0);
let redScale: v128 = f64x2.splat(0);

/** Reduces x (|x| ≤ 700): returns r, leaves n in `redN` and 2^n in `redScale`. */
// @ts-ignore: decorator
@inline
function expReduce(x: v128): v128 {
  const nf = f64x2.nearest(f64x2.mul(x, kv(18 /* LOG2E */)));
  redN = nf;
  redScale = i64x2.shl(i64x2.add(f64x2.add(nf, kv(11 /* MAGIC */)), ki(1 /* 1023 - MAGIC_BITS */)), 52);
  return f64x2.sub(f64x2.sub(x, f64x2.mul(nf, kv(13 /* LN2_HI */))), f64x2.mul(nf, kv(14 /* LN2_LO */)));
}

/** Q(r) by Estrin's scheme (short dependency chains). */
// @ts-ignore: decorator
@inline
function polyQ(r: v128): v128 {
  const r2 = f64x2.mul(r, r);
  const e01 = f64x2.add(kv(49 /* 1/2! */), f64x2.mul(kv(50 /* 1/3! */), r));
  const e23 = f64x2.add(kv(51 /* 1/4! */), f64x2.mul(kv(52 /* 1/5! */), r));
  const e45 = f64x2.add(kv(53 /* 1/6! */), f64x2.mul(kv(54 /* 1/7! */), r));
  const e67 = f64x2.add(kv(55 /* 1/8! */), f64x2.mul(kv(56 /* 1/9! */), r));
  const e89 = f64x2.add(kv(57 /* 1/10! */), f64x2.mul(kv(58 /* 1/11! */), r));
  const eab = f64x2.add(kv(59 /* 1/12! */), f64x2.mul(kv(60 /* 1/13! */), r));
  const r4 = f64x2.mul(r2, r2);
  const f0 = f64x2.add(e01, f64x2.mul(e23, r2));
  const f1 = f64x2.add(e45, f64x2.mul(e67, r2));
  const f2 = f64x2.add(e89, f64x2.mul(eab, r2));
  const r8 = f64x2.mul(r4, r4);
  const g0 = f64x2.add(f0, f64x2.mul(f1, r4));
  const g1 = f64x2.add(f2, f64x2.mul(kv(61 /* 1/14! */), r4));
  return f64x2.add(g0, f64x2.mul(g1, r8));
}

/** ψ(d) = d·eᵈ − (eᵈ − 1) by its series Σ_{k=1..14} k·d^{k+1}/(k+1)!, as psi of phi.ts. */
// @ts-ignore: decorator
@inline
function psiSeries2(d: v128): v128 {
  let s = kv(31 /* 14.0 / 1307674368000.0 */);
  s = f64x2.add(f64x2.mul(s, d), kv(32 /* 13.0 / 87178291200.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(33 /* 12.0 / 6227020800.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(34 /* 11.0 / 479001600.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(35 /* 10.0 / 39916800.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(36 /* 9.0 / 3628800.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(37 /* 8.0 / 362880.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(38 /* 7.0 / 40320.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(39 /* 6.0 / 5040.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(40 /* 5.0 / 720.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(41 /* 4.0 / 120.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(42 /* 3.0 / 24.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(43 /* 2.0 / 6.0 */));
  s = f64x2.add(f64x2.mul(s, d), kv(44 /* 1.0 / 2.0 */));
  return f64x2.mul(f64x2.mul(s, d), d);
}

/** Scalar ψ, as psi of phi.ts. */
function psi1(d: f64): f64 {
  if (d == 0) return 0;
  if (d < 0.1 && d > -0.1) return f64x2.extract_lane(psiSeries2(f64x2.splat(d)), 0);
  if (d == Infinity) return d;
  if (d == -Infinity) return 1;
  return d * Math.exp(d) - Math.expm1(d);
}

/** φ(r) = (1 + r)·log1p(r) − r, as phi of phi.ts. */
function phi1(r: f64): f64 {
  if (Math.abs(r) < 0.1) {
    let s: f64 = 0;
    for (let k = 18; k >= 2; k--) s = s * r + ((k & 1) == 0 ? 1.0 : -1.0) / <f64>(k * (k - 1));
    return s * r * r;
  }
  if (r == -1) return 1;
  if (r == Infinity) return r;
  return (1 + r) * Math.log1p(r) - r;
}

// ---------------------------------------------------------------------------------------------
// KL divergence of logits, row by row
// ---------------------------------------------------------------------------------------------

// Per-term outputs of the scalar log-domain term.
let tG: f64 = 0;
let tD: f64 = 0;
let tP: f64 = 0;
let tQ: f64 = 0;

/** One log-domain term in scalar arithmetic, as the loop of klLogChunk (kernels.ts). */
function logTerm1(a: f64, b: f64, c: f64, k: f64): void {
  tG = 0;
  tD = 0;
  tP = 0;
  tQ = 0;
  if (b == -Infinity) {
    if (a > -Infinity) {
      infCount += 1;
      const e = Math.exp(a - c - k);
      tP = e;
      tD = e;
    }
    return;
  }
  const qt = Math.exp(b - k);
  tQ = qt;
  if (a == -Infinity) {
    tG = qt;
    tD = -qt;
    return;
  }
  const d = a - b - c;
  tP = Math.exp(a - c - k);
  // q̃·ψ(d) = p̃·(d − 1) + q̃ where eᵈ overflows (ψ's own form would give ∞ − ∞ = NaN).
  tG = d > 700 ? tP * (d - 1) + qt : qt * psi1(d);
  tD = d > 700 ? tP - qt : qt * Math.expm1(d);
}

/**
 * D(P̂‖Q̂) in nats of one row of logits z (P) and w (Q), n columns; NaN when the row holds NaN or
 * +∞, or is all −∞ on either side (the caller then takes the TypeScript path).
 */
function klLogitsRow<T>(z: usize, w: usize, n: i32): f64 {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  // Pass 1: the maxima (f64x2.max propagates NaN).
  let mzv = kv(45 /* -Infinity */);
  let mwv = kv(45 /* -Infinity */);
  let i = 0;
  for (; i < even; i += 2) {
    mzv = f64x2.max(mzv, load2<T>(z + <usize>i * sz));
    mwv = f64x2.max(mwv, load2<T>(w + <usize>i * sz));
  }
  let mz = max(f64x2.extract_lane(mzv, 0), f64x2.extract_lane(mzv, 1));
  let mw = max(f64x2.extract_lane(mwv, 0), f64x2.extract_lane(mwv, 1));
  if (i < n) {
    mz = max(mz, load1<T>(z + <usize>i * sz));
    mw = max(mw, load1<T>(w + <usize>i * sz));
  }
  if (!(mz > -Infinity && mz < Infinity && mw > -Infinity && mw < Infinity)) return NaN;
  const c = mz - mw;
  const k = mw;
  // Pass 2.
  clearAcc();
  infCount = 0;
  const cv = f64x2.splat(c);
  const kvec = f64x2.splat(k);
  const lim = kv(46 /* 700 */);
  const nlim = kv(47 /* -700 */);
  const tenth = kv(15 /* 0.1 */);
  const onev = kv(12 /* 1 */);
  i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let gS = f64x2.splat(0);
    let pS = f64x2.splat(0);
    let qS = f64x2.splat(0);
    let dS = f64x2.splat(0);
    // Fast pass without per-element branches, valid while b − k ≥ −700 and |d| ≤ 700 (no −∞),
    // which the block's extremes confirm afterwards; else the block is redone term by term.
    const start = i;
    let lowQ = f64x2.splat(0);
    let highD = f64x2.splat(0);
    for (; i < end; i += 2) {
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const xq = f64x2.sub(b, kvec);
      const d = f64x2.sub(f64x2.sub(a, b), cv);
      lowQ = f64x2.pmin(lowQ, xq);
      highD = f64x2.pmax(highD, f64x2.abs(d));
      const rq = expReduce(xq);
      const sq = redScale;
      const qq = polyQ(rq);
      const qt = f64x2.add(sq, f64x2.mul(sq, f64x2.add(rq, f64x2.mul(f64x2.mul(rq, rq), qq))));
      const rd = expReduce(d);
      const nd = redN;
      const sd = redScale;
      const qd = polyQ(rd);
      const rd2 = f64x2.mul(rd, rd);
      const emr = f64x2.add(rd, f64x2.mul(rd2, qd));
      const em = f64x2.add(f64x2.sub(sd, onev), f64x2.mul(sd, emr));
      const ed = f64x2.add(sd, f64x2.mul(sd, emr));
      const psSmall = f64x2.mul(rd2, f64x2.add(onev, f64x2.mul(f64x2.sub(rd, onev), qd)));
      const psBig = f64x2.sub(f64x2.mul(d, ed), em);
      const ps = v128.bitselect(psSmall, psBig, f64x2.eq(nd, f64x2.splat(0)));
      gS = f64x2.add(gS, f64x2.mul(qt, ps));
      dS = f64x2.add(dS, f64x2.mul(qt, em));
      pS = f64x2.add(pS, f64x2.mul(qt, ed));
      qS = f64x2.add(qS, qt);
    }
    if (v128.any_true(v128.or(f64x2.lt(lowQ, nlim), f64x2.gt(highD, lim)))) {
      i = start;
      gS = f64x2.splat(0);
      pS = f64x2.splat(0);
      qS = f64x2.splat(0);
      dS = f64x2.splat(0);
    }
    for (; i < end; i += 2) {
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const xq = f64x2.sub(b, kvec);
      const d = f64x2.sub(f64x2.sub(a, b), cv);
      if (v128.any_true(v128.or(f64x2.lt(xq, nlim), f64x2.gt(f64x2.abs(d), lim)))) {
        logTerm1(f64x2.extract_lane(a, 0), f64x2.extract_lane(b, 0), c, k);
        const g0 = tG;
        const d0 = tD;
        const p0 = tP;
        const q0 = tQ;
        logTerm1(f64x2.extract_lane(a, 1), f64x2.extract_lane(b, 1), c, k);
        gS = f64x2.add(gS, f64x2.replace_lane(f64x2.splat(g0), 1, tG));
        dS = f64x2.add(dS, f64x2.replace_lane(f64x2.splat(d0), 1, tD));
        pS = f64x2.add(pS, f64x2.replace_lane(f64x2.splat(p0), 1, tP));
        qS = f64x2.add(qS, f64x2.replace_lane(f64x2.splat(q0), 1, tQ));
        continue;
      }
      const er = expm1Reduced(xq);
      const qt = f64x2.add(expScale, f64x2.mul(expScale, er));
      const emr = expm1Reduced(d);
      const scale = expScale;
      const em = f64x2.add(f64x2.sub(scale, onev), f64x2.mul(scale, emr));
      const ed = f64x2.add(scale, f64x2.mul(scale, emr));
      const small = f64x2.lt(f64x2.abs(d), tenth);
      let ps: v128;
      if (i64x2.all_true(small)) {
        ps = psiSeries2(d);
      } else if (!v128.any_true(small)) {
        ps = f64x2.sub(f64x2.mul(d, ed), em);
      } else {
        ps = v128.bitselect(psiSeries2(d), f64x2.sub(f64x2.mul(d, ed), em), small);
      }
      gS = f64x2.add(gS, f64x2.mul(qt, ps));
      dS = f64x2.add(dS, f64x2.mul(qt, em));
      pS = f64x2.add(pS, f64x2.mul(qt, ed));
      qS = f64x2.add(qS, qt);
    }
    if (i == even && i < n) {
      logTerm1(load1<T>(z + <usize>i * sz), load1<T>(w + <usize>i * sz), c, k);
      gS = f64x2.add(gS, lane0(tG));
      dS = f64x2.add(dS, lane0(tD));
      pS = f64x2.add(pS, lane0(tP));
      qS = f64x2.add(qS, lane0(tQ));
      i = n;
    }
    acc(ACC, gS);
    acc(ACC + 32, pS);
    acc(ACC + 64, qS);
    acc(ACC + 96, dS);
  }
  if (infCount > 0) return Infinity;
  const st = ROW_STATE;
  memory.fill(st, 0, 64);
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  flush(ACC + 64, st, 4);
  flush(ACC + 96, st, 6);
  const g = load<f64>(st) + load<f64>(st, 8);
  const sp = load<f64>(st, 16) + load<f64>(st, 24);
  const sq = load<f64>(st, 32) + load<f64>(st, 40);
  const dd = load<f64>(st, 48) + load<f64>(st, 56);
  const v = (g - sq * phi1(dd / sq)) / sp;
  return max(v, 0);
}

/**
 * Row-wise KL of logits over rows [r0, r1) of z and w (rows × n, row-major) into out[r] (f64).
 * Returns −1 when every row was valid, else the first row that was not (rows before it are done).
 */
function klLogitsRange<T>(z: usize, w: usize, n: i32, r0: i32, r1: i32, out: usize): i32 {
  const rowBytes = <usize>n * <usize>sizeof<T>();
  for (let r = r0; r < r1; r++) {
    const v = klLogitsRow<T>(z + <usize>r * rowBytes, w + <usize>r * rowBytes, n);
    if (isNaN(v)) return r;
    store<f64>(out + (<usize>r << 3), v);
  }
  return -1;
}

export function klLogitsF64(z: usize, w: usize, n: i32, r0: i32, r1: i32, out: usize): i32 {
  return klLogitsRange<f64>(z, w, n, r0, r1, out);
}

export function klLogitsF32(z: usize, w: usize, n: i32, r0: i32, r1: i32, out: usize): i32 {
  return klLogitsRange<f32>(z, w, n, r0, r1, out);
}

/** First byte the JavaScript side may use (after the module's own data). */
export function heapBase(): usize {
  return __heap_base;
}

/** Zeroes `bytes` bytes at `ptr` (chunk states before a kernel accumulates into them). */
export function clear(ptr: usize, bytes: i32): void {
  memory.fill(ptr, 0, <usize>bytes);
}
