// A plain decimal (`-1.5e-7`, `0.25`, `4.9957803412394847e-07`) read from bytes and rounded
// correctly to a double, or NaN where this module declines and JavaScript decides (the caller
// then stops at the line). Declined: more than 19 significant digits, a decimal exponent outside
// [Q_MIN, Q_MAX], results that are subnormal or overflow, the rare products a truncated power of
// five cannot settle, and anything that is not a plain decimal. The grammar is that of
// scanDecimal in src/io/decimal.ts: [+-]? digits with at most one point (at least one digit),
// then optionally [eE][+-]?digits.
//
// Conversion (Eisel–Lemire, as described in D. Lemire, "Number parsing at a gigabyte per second",
// Software: Practice and Experience 51(8), 2021; the bounds below are this file's own): the value
// is w·10^q with w < 2^64 the significant digits. With wn = w·2^lz (bit 63 set) and T the 128
// leading bits of 5^q, truncated (pow5.ts: 5^q = T_real·2^b, T ≤ T_real < T + 1, T = T_real
// exactly for 0 ≤ q ≤ 55), R = wn·T_real lies in [wn·T, wn·T + 2^64); with X = ⌊wn·T / 2^64⌋
// (128 bits, hi:lo), R/2^64 ∈ [X, X + 2) (in [X, X + 1) when T is exact). The double keeps 53
// bits after R's leading bit; the 54-bit prefix m = hi >> (9 + top bit of hi), with a rounding
// bit last, is exact unless the grid of multiples of 2^(9 + top bit) in hi crosses the interval,
// i.e. unless X's low bits are all ones. The second 64×64 product (with T's low half) is needed
// only when the first leaves hi's low 9 bits all ones: else its carry cannot move m.
// - X's low bits all ones, T inexact: R may be on either side of the grid point. Declined, except
//   when R is on it exactly, a dyadic rational: −27 ≤ q < 0 and 5^−q divides w (`0.5000…`
//   written with 17 digits); then w/5^−q, rounded once, times 2^q.
// - m even: rounds down. m odd: rounds up, unless R is exactly the midpoint, which needs X's
//   dropped bits zero and R = wn·T: T exact and wn·T's low 64 bits zero; a tie goes to even.
//   (With T inexact R > wn·T: never the midpoint.)
//
// Clinger's fast path first: w ≤ 2^53 and |q| ≤ 22 is one correctly rounded operation.

import { POW5, POW5_EXP, Q_MAX, Q_MIN } from "./pow5";

const EXACT10: usize = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

/** Where the last {@link scanNumber} stopped: the first byte after the number. */
export let numberEnd: usize = 0;

/** The high 64 bits of the 128-bit product a·b. */
// @ts-ignore: decorator
@inline
export function mulHigh(a: u64, b: u64): u64 {
  const a0 = a & 0xffffffff;
  const a1 = a >> 32;
  const b0 = b & 0xffffffff;
  const b1 = b >> 32;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  return a1 * b1 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/** Whether the 8 bytes of v (little-endian) are all ASCII digits. */
// @ts-ignore: decorator
@inline
function eightDigits(v: u64): bool {
  // Per byte: its high nibble, and the high nibble of byte + 6, must both be 3 (0x30–0x39). A
  // carry out of a byte ≥ 0xFA only happens when that byte already fails.
  return (
    ((v & 0xf0f0f0f0f0f0f0f0) | (((v + 0x0606060606060606) & 0xf0f0f0f0f0f0f0f0) >> 4)) ==
    0x3333333333333333
  );
}

/** The value of 8 ASCII digits loaded little-endian (first digit in the lowest byte). */
// @ts-ignore: decorator
@inline
function eightDigitValue(v: u64): u64 {
  v -= 0x3030303030303030;
  // Each even byte 2k now holds the two-digit number d(2k)·10 + d(2k+1).
  v = v * 10 + (v >> 8);
  // Bytes 0 and 4 times 10^6 and 100, bytes 2 and 6 times 10^4 and 1, summed in bits 32–63.
  const a = (v & 0x000000ff000000ff) * (100 + (1000000 << 32));
  const b = ((v >> 16) & 0x000000ff000000ff) * (1 + (10000 << 32));
  return (a + b) >> 32;
}

/** w·10^q correctly rounded (w > 0), or NaN where this module declines. */
export function toDouble(w: u64, q: i32, negative: bool): f64 {
  if (w <= (<u64>1) << 53 && q >= -22 && q <= 22) {
    const x = <f64>w;
    const t = load<f64>(EXACT10 + (<usize>(q >= 0 ? q : -q) << 3));
    const v = q >= 0 ? x * t : x / t;
    return negative ? -v : v;
  }
  if (q < Q_MIN || q > Q_MAX) return NaN;
  const lz = clz<u64>(w);
  const wn = w << lz;
  const at = POW5 + (<usize>(q - Q_MIN) << 4);
  const thi = load<u64>(at);
  const tlo = load<u64>(at, 8);
  let hi = mulHigh(wn, thi);
  let lo = wn * thi;
  let full = false;
  if ((hi & 0x1ff) == 0x1ff) {
    // The carry of wn·tlo may reach the kept bits: X exactly.
    const c = mulHigh(wn, tlo);
    const s = lo + c;
    if (s < lo) hi++;
    lo = s;
    full = true;
    const mask = ((<u64>1) << (9 + (hi >> 63))) - 1;
    if ((hi & mask) == mask && lo == 0xffffffffffffffff && (q < 0 || q > 55)) {
      // R may be on either side of the grid point X + 1 (with T exact, R = wn·T < X + 1).
      return q >= -27 && q < 0 ? dyadic(w, q, negative) : NaN;
    }
  }
  const upper = hi >> 63;
  const shift = upper + 9;
  let m = hi >> shift; // 54 bits: the 53 of the double and the rounding bit below them
  let biased = <i64>load<i16>(POW5_EXP + (<usize>(q - Q_MIN) << 1)) + <i64>upper - <i64>lz;
  if (biased < 1) return NaN; // subnormal (or zero): JavaScript decides
  if ((m & 1) != 0 && (hi & (((<u64>1) << shift) - 1)) == 0 && lo == 0) {
    // X on a midpoint's bits (X is this plus c, the high half of wn·tlo, when not added yet).
    // With T exact (0 ≤ q ≤ 55) R = wn·T, the midpoint iff the low 64 bits of wn·tlo are zero
    // too: a tie, to the even neighbour (m = 4k + 1 rounds down to 2k). Else R > wn·T ≥ X:
    // above the midpoint, rounds up.
    if ((full || mulHigh(wn, tlo) == 0) && q >= 0 && q <= 55 && wn * tlo == 0 && (m & 3) == 1)
      m--;
  }
  m = (m + (m & 1)) >> 1;
  if (m == (<u64>1) << 53) {
    m = (<u64>1) << 52;
    biased++;
  }
  if (biased > 2046) return NaN; // overflow: JavaScript decides
  const sign: u64 = negative ? 0x8000000000000000 : 0;
  return reinterpret<f64>(((<u64>biased) << 52) | (m & 0x000fffffffffffff) | sign);
}

/**
 * w·10^q for −27 ≤ q < 0 when it is a dyadic rational (5^−q divides w): k = w/5^−q < 2^64 rounded
 * to a double (one correctly rounded conversion) times 2^q (exact, the result being normal); NaN
 * otherwise. R = wn·T_real is then exactly on the grid, where a truncated T cannot tell.
 */
function dyadic(w: u64, q: i32, negative: bool): f64 {
  let d: u64 = 1;
  for (let i = 0; i < -q; i++) d *= 5;
  if (w % d != 0) return NaN;
  const v = <f64>(w / d) * reinterpret<f64>((<u64>(1023 + q)) << 52);
  return negative ? -v : v;
}

/**
 * The plain decimal that starts at byte p (no space before it), read up to the first byte that
 * cannot continue it (or `end`), correctly rounded; NaN where this module declines (JavaScript then
 * decides: it may still read it). Sets {@link numberEnd} after the number.
 */
export function scanNumber(p: usize, end: usize): f64 {
  let negative = false;
  if (p < end) {
    const c = load<u8>(p);
    if (c == 0x2d) {
      negative = true;
      p++;
    } else if (c == 0x2b) p++;
  }
  let w: u64 = 0;
  let sig: i32 = 0; // significant digits in w (from the first non-zero one)
  let scale: i32 = 0; // minus the digits after the point
  let any = false;
  // The integer part: leading zeros, then digits.
  while (p < end && load<u8>(p) == 0x30) {
    p++;
    any = true;
  }
  while (p + 8 <= end && sig <= 11) {
    const v = load<u64>(p);
    if (!eightDigits(v)) break;
    w = w * 100000000 + eightDigitValue(v);
    sig += 8;
    p += 8;
  }
  while (p < end) {
    const d = <u32>load<u8>(p) - 0x30;
    if (d > 9) break;
    if (sig == 19) return NaN;
    w = w * 10 + d;
    sig++;
    p++;
  }
  if (sig > 0) any = true;
  if (p < end && load<u8>(p) == 0x2e) {
    p++;
    if (sig == 0) {
      // 0.000…: zeros after the point are not significant.
      const z = p;
      while (p < end && load<u8>(p) == 0x30) p++;
      scale -= <i32>(p - z);
      if (p > z) any = true;
    }
    while (p + 8 <= end && sig <= 11) {
      const v = load<u64>(p);
      if (!eightDigits(v)) break;
      w = w * 100000000 + eightDigitValue(v);
      sig += 8;
      scale -= 8;
      p += 8;
      any = true;
    }
    while (p < end) {
      const d = <u32>load<u8>(p) - 0x30;
      if (d > 9) break;
      if (sig == 19) return NaN;
      if (d != 0 || sig > 0) {
        w = w * 10 + d;
        sig++;
      }
      scale--;
      p++;
      any = true;
    }
  }
  if (!any) return NaN; // no digit: a lone sign or point
  let e: i32 = 0;
  if (p < end && (load<u8>(p) | 0x20) == 0x65) {
    p++;
    let eNegative = false;
    if (p < end) {
      const c = load<u8>(p);
      if (c == 0x2d) {
        eNegative = true;
        p++;
      } else if (c == 0x2b) p++;
    }
    const first = p;
    while (p < end) {
      const d = <u32>load<u8>(p) - 0x30;
      if (d > 9) break;
      if (e > 100000) return NaN;
      e = e * 10 + <i32>d;
      p++;
    }
    if (p == first) return NaN; // `1e`, `1e+`
    if (eNegative) e = -e;
  }
  numberEnd = p;
  if (w == 0) return negative ? -0.0 : 0.0;
  return toDouble(w, e + scale, negative);
}
