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
const LOG2E: f64 = 1.4426950408889634;
const SQRT2: f64 = 1.4142135623730951;
const MAGIC: f64 = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer in the low bits
const MAGIC_BITS: i64 = 0x4338000000000000;
const MANT_MASK: i64 = 0x000fffffffffffff;
const ONE_BITS: i64 = 0x3ff0000000000000;
const EXP_ONE: i64 = 0x0010000000000000;
const BLOCK: i32 = 16; // vectors (32 elements) per plain block sum

// ---------------------------------------------------------------------------------------------
// Loads: float64 as is, float32 widened
// ---------------------------------------------------------------------------------------------

// @ts-expect-error: decorator
@inline
function load2<T>(ptr: usize): v128 {
  if (sizeof<T>() == 8) return v128.load(ptr);
  return f64x2.promote_low_f32x4(v128.load64_zero(ptr));
}

// @ts-expect-error: decorator
@inline
function load1<T>(ptr: usize): f64 {
  return <f64>load<T>(ptr);
}

/** A vector with `x` in lane 0 and 0 in lane 1 (odd-length tails). */
// @ts-expect-error: decorator
@inline
function lane0(x: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(0), 0, x);
}

// ---------------------------------------------------------------------------------------------
// Compensated accumulation, in memory: [hi lanes, lo lanes] at ptr (32 bytes)
// ---------------------------------------------------------------------------------------------

// @ts-expect-error: decorator
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
// @ts-expect-error: decorator
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

// @ts-expect-error: decorator
@inline
function logRatio2(p: v128, q: v128): v128 {
  const mant = i64x2.splat(MANT_MASK);
  const one = i64x2.splat(ONE_BITS);
  let k = i64x2.sub(i64x2.shr_u(p, 52), i64x2.shr_u(q, 52));
  let mp = v128.or(v128.and(p, mant), one);
  let mq = v128.or(v128.and(q, mant), one);
  const sqrt2 = f64x2.splat(SQRT2);
  // Bring mp/mq into [1/√2, √2]: halve the larger mantissa when the ratio is beyond √2.
  const hi = f64x2.gt(mp, f64x2.mul(mq, sqrt2));
  const lo = f64x2.gt(mq, f64x2.mul(mp, sqrt2));
  const e1 = i64x2.splat(EXP_ONE);
  mp = i64x2.sub(mp, v128.and(hi, e1));
  mq = i64x2.sub(mq, v128.and(lo, e1));
  k = i64x2.add(i64x2.sub(k, hi), lo); // masks are −1 where true
  const kf = f64x2.sub(i64x2.add(k, i64x2.splat(MAGIC_BITS)), f64x2.splat(MAGIC));
  // mp − mq is exact (Sterbenz); s in [−0.1716, 0.1716].
  const s = f64x2.div(f64x2.sub(mp, mq), f64x2.add(mp, mq));
  const u = f64x2.mul(s, s);
  // atanh(s)/s = Σ_{j=0..9} u^j/(2j+1); the first omitted term is < 3e-17.
  let a = f64x2.splat(1.0 / 19.0);
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 17.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 15.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 13.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 11.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 9.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 7.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 5.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 3.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0));
  const t = f64x2.mul(f64x2.add(s, s), a);
  return f64x2.add(
    f64x2.mul(kf, f64x2.splat(LN2_HI)),
    f64x2.add(f64x2.mul(kf, f64x2.splat(LN2_LO)), t),
  );
}

// ---------------------------------------------------------------------------------------------
// KL terms
// ---------------------------------------------------------------------------------------------

/** g = t·u·(A(u) + s·B(u)), s = d/t, u = s² (the series of klTerm, same degree). */
// @ts-expect-error: decorator
@inline
function klSeries2(d: v128, t: v128): v128 {
  const s = f64x2.div(d, t);
  const u = f64x2.mul(s, s);
  let a = f64x2.splat(1.0 / 19.0);
  let b = f64x2.splat(1.0 / 21.0);
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 17.0));
  b = f64x2.add(f64x2.mul(b, u), f64x2.splat(1.0 / 19.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 15.0));
  b = f64x2.add(f64x2.mul(b, u), f64x2.splat(1.0 / 17.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 13.0));
  b = f64x2.add(f64x2.mul(b, u), f64x2.splat(1.0 / 15.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 11.0));
  b = f64x2.add(f64x2.mul(b, u), f64x2.splat(1.0 / 13.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 9.0));
  b = f64x2.add(f64x2.mul(b, u), f64x2.splat(1.0 / 11.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 7.0));
  b = f64x2.add(f64x2.mul(b, u), f64x2.splat(1.0 / 9.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 5.0));
  b = f64x2.add(f64x2.mul(b, u), f64x2.splat(1.0 / 7.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0 / 3.0));
  b = f64x2.add(f64x2.mul(b, u), f64x2.splat(1.0 / 5.0));
  a = f64x2.add(f64x2.mul(a, u), f64x2.splat(1.0));
  b = f64x2.add(f64x2.mul(b, u), f64x2.splat(1.0 / 3.0));
  return f64x2.mul(f64x2.mul(t, u), f64x2.add(a, f64x2.mul(s, b)));
}

/** log(a/b) for positive a, b without overflow or underflow of the quotient (as logRatio). */
function logRatio1(a: f64, b: f64): f64 {
  const r = a / b;
  if (r > 0 && r < Infinity && r > MIN_NORMAL) return Math.log(r);
  return Math.log(a) - Math.log(b);
}

let infCount: f64 = 0;

/** One KL term in scalar arithmetic, as klTerm of phi.ts (zeros, subnormals); counts +∞ terms. */
function klTerm1(p: f64, q: f64): f64 {
  if (!(p >= 0 && q >= 0)) return 0; // invalid input: flagged by the caller's checks
  if (p == q) return 0;
  if (p == 0) return q;
  if (q == 0) {
    infCount += 1;
    return 0;
  }
  const d = p - q;
  const t = p + q;
  const s = d / t;
  if (s < 0.1 && s > -0.1) {
    return f64x2.extract_lane(klSeries2(f64x2.splat(d), f64x2.splat(t)), 0);
  }
  return p * logRatio1(p, q) - d;
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
  const minNormal = f64x2.splat(MIN_NORMAL);
  const tenth = f64x2.splat(0.1);
  let mn = f64x2.splat(0);
  const even = n & ~1;
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let gS = f64x2.splat(0);
    let pS = f64x2.splat(0);
    let qS = f64x2.splat(0);
    let dS = f64x2.splat(0);
    for (; i < end; i += 2) {
      const pv = load2<T>(p + <usize>i * sz);
      const qv = load2<T>(q + <usize>i * sz);
      const m = f64x2.pmin(pv, qv);
      mn = f64x2.pmin(mn, m);
      const d = f64x2.sub(pv, qv);
      const t = f64x2.add(pv, qv);
      pS = f64x2.add(pS, pv);
      qS = f64x2.add(qS, qv);
      dS = f64x2.add(dS, d);
      let g: v128;
      if (v128.any_true(f64x2.lt(m, minNormal))) {
        g = f64x2.replace_lane(
          f64x2.splat(klTerm1(f64x2.extract_lane(pv, 0), f64x2.extract_lane(qv, 0))),
          1,
          klTerm1(f64x2.extract_lane(pv, 1), f64x2.extract_lane(qv, 1)),
        );
      } else {
        const small = f64x2.lt(f64x2.abs(d), f64x2.mul(t, tenth));
        if (i64x2.all_true(small)) {
          g = klSeries2(d, t);
        } else if (!v128.any_true(small)) {
          g = f64x2.sub(f64x2.mul(pv, logRatio2(pv, qv)), d);
        } else {
          g = v128.bitselect(
            klSeries2(d, t),
            f64x2.sub(f64x2.mul(pv, logRatio2(pv, qv)), d),
            small,
          );
        }
      }
      gS = f64x2.add(gS, g);
    }
    if (i == even && i < n) {
      // Odd tail: one element in lane 0.
      const a = load1<T>(p + <usize>i * sz);
      const b = load1<T>(q + <usize>i * sz);
      mn = f64x2.pmin(mn, lane0(min(a, b)));
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
  flush(ACC, st, 0);
  flush(ACC + 32, st, 2);
  flush(ACC + 64, st, 4);
  flush(ACC + 96, st, 6);
  store<f64>(st, load<f64>(st, 64) + infCount, 64);
  const lowest = min(f64x2.extract_lane(mn, 0), f64x2.extract_lane(mn, 1));
  const sp = load<f64>(st, 16) + load<f64>(st, 24);
  const sq = load<f64>(st, 32) + load<f64>(st, 40);
  // NaN and ±∞ anywhere make Sp or Sq non-finite; negatives show in the minimum.
  if (!(lowest >= 0) || !(sp - sp == 0) || !(sq - sq == 0)) return 1;
  return 0;
}

export function klF64(p: usize, q: usize, n: i32, st: usize): i32 {
  return klRange<f64>(p, q, n, st);
}

export function klF32(p: usize, q: usize, n: i32, st: usize): i32 {
  return klRange<f32>(p, q, n, st);
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
 */
function entropyRange<T>(x: usize, n: i32, m: f64, st: usize): void {
  clearAcc();
  const sz = <usize>sizeof<T>();
  const minNormal = f64x2.splat(MIN_NORMAL);
  const mv = f64x2.splat(m);
  const even = n & ~1;
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let sS = f64x2.splat(0);
    let bS = f64x2.splat(0);
    for (; i < end; i += 2) {
      const v = load2<T>(x + <usize>i * sz);
      sS = f64x2.add(sS, v);
      if (v128.any_true(f64x2.lt(v, minNormal))) {
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
      const a = load1<T>(x + <usize>i * sz);
      sS = f64x2.add(sS, lane0(a));
      bS = f64x2.add(bS, lane0(entropyTerm1(a, m)));
      i = n;
    }
    acc(ACC, sS);
    acc(ACC + 32, bS);
  }
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
// @ts-expect-error: decorator
@inline
function expm1Reduced(x: v128): v128 {
  const nf = f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)));
  const r = f64x2.sub(
    f64x2.sub(x, f64x2.mul(nf, f64x2.splat(LN2_HI))),
    f64x2.mul(nf, f64x2.splat(LN2_LO)),
  );
  expScale = i64x2.shl(
    i64x2.add(f64x2.add(nf, f64x2.splat(MAGIC)), i64x2.splat(1023 - MAGIC_BITS)),
    52,
  );
  // expm1(r) = r·Σ_{k=0..12} r^k/(k+1)!; first omitted term < 5e-18 relative.
  let c = f64x2.splat(1.0 / 6227020800.0);
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(1.0 / 479001600.0));
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(1.0 / 39916800.0));
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(1.0 / 3628800.0));
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(1.0 / 362880.0));
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(1.0 / 40320.0));
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(1.0 / 5040.0));
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(1.0 / 720.0));
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(1.0 / 120.0));
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(1.0 / 24.0));
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(1.0 / 6.0));
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(0.5));
  c = f64x2.add(f64x2.mul(c, r), f64x2.splat(1.0));
  return f64x2.mul(r, c);
}

/** ψ(d) = d·eᵈ − (eᵈ − 1) by its series Σ_{k=1..14} k·d^{k+1}/(k+1)!, as psi of phi.ts. */
// @ts-expect-error: decorator
@inline
function psiSeries2(d: v128): v128 {
  let s = f64x2.splat(14.0 / 1307674368000.0);
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(13.0 / 87178291200.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(12.0 / 6227020800.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(11.0 / 479001600.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(10.0 / 39916800.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(9.0 / 3628800.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(8.0 / 362880.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(7.0 / 40320.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(6.0 / 5040.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(5.0 / 720.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(4.0 / 120.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(3.0 / 24.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(2.0 / 6.0));
  s = f64x2.add(f64x2.mul(s, d), f64x2.splat(1.0 / 2.0));
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
  tG = qt * psi1(d);
  tD = qt * Math.expm1(d);
  tP = Math.exp(a - c - k);
}

/**
 * D(P̂‖Q̂) in nats of one row of logits z (P) and w (Q), n columns; NaN when the row holds NaN or
 * +∞, or is all −∞ on either side (the caller then takes the TypeScript path).
 */
function klLogitsRow<T>(z: usize, w: usize, n: i32): f64 {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  // Pass 1: the maxima (f64x2.max propagates NaN).
  let mzv = f64x2.splat(-Infinity);
  let mwv = f64x2.splat(-Infinity);
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
  const kv = f64x2.splat(k);
  const lim = f64x2.splat(700);
  const nlim = f64x2.splat(-700);
  const tenth = f64x2.splat(0.1);
  const onev = f64x2.splat(1);
  i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, even);
    let gS = f64x2.splat(0);
    let pS = f64x2.splat(0);
    let qS = f64x2.splat(0);
    let dS = f64x2.splat(0);
    for (; i < end; i += 2) {
      const a = load2<T>(z + <usize>i * sz);
      const b = load2<T>(w + <usize>i * sz);
      const xq = f64x2.sub(b, kv);
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
