// Totals of a pair of probabilities or counts in one pass, for linearPair (src/input/pair.ts):
// Sp = Σp, Sq = Σq and δ = Σ(p − q), compensated element by element, and whether every element may
// be finite and ≥ 0. No logarithm: the pass runs at about the speed of memory.

import { flush, storeTotals, twoSumLo } from "./accumulate";
import { BLOCK, kv } from "./constants";
import { lane0, load1, load2 } from "./loads";
import { ACC, clearAcc } from "./memory";
import { renyiRange } from "./renyi";


/** R of mode 1: an outcome with |pᵢ − qᵢ| ≤ R·qᵢ is counted in K. */
const FLIP_RATIO: f64 = 2.3283064365386963e-10; // 2^-32

/**
 * Writes [Sp_hi, Sp_lo, Sq_hi, Sq_lo, δ_hi, δ_lo] to st, each sum compensated element by element
 * (TwoSum per lane, as the Neumaier loops of linearPair; the sums decide the error "probabilities
 * sum to …" and the normalization); returns 0 when every element is finite and ≥ 0, 1 when some
 * may not be (a negative shows in the minimum, NaN and ±∞ in the sums; sums that overflow also
 * return 1: the caller then takes the TypeScript loops).
 *
 * With `mode` 1 or 2 the same pass also sums what total variation (1) or Hellinger (2) need, so
 * that they take one read of the inputs instead of two when Sp ≈ Sq (src/numeric/pair-sum-kernel.ts
 * says how the sums are used and when the second pass still runs), at [6, 12) of st:
 * - 1: A = Σ |dᵢ|, B = Σ sign(dᵢ)·qᵢ (dᵢ = pᵢ − qᵢ) and K, the count of outcomes with
 *   0 < qᵢ and |dᵢ| ≤ R·qᵢ (R = 2^-32: those whose sign r = δ/Sq could flip);
 * - 2: A = Σ uᵢ², B = Σ uᵢ·√qᵢ with uᵢ = dᵢ/(√pᵢ + √qᵢ) = √pᵢ − √qᵢ (0 where dᵢ = 0).
 * A and B are plain sums over blocks of BLOCK vectors, each block added with TwoSum.
 */
// @ts-ignore: decorator
@inline
function totalsRange<T>(p: usize, q: usize, n: i32, st: usize, mode: i32): i32 {
  clearAcc();
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  const zero = f64x2.splat(0);
  const sign = i64x2.splat(<i64>0x8000000000000000);
  const rv = f64x2.splat(FLIP_RATIO);
  let mn = kv(48 /* Infinity */);
  let pH = zero;
  let pL = zero;
  let qH = zero;
  let qL = zero;
  let dH = zero;
  let dL = zero;
  let aH = zero;
  let aL = zero;
  let bH = zero;
  let bL = zero;
  let kS = zero;
  let i = 0;
  while (i < n) {
    const end = min(i + 2 * BLOCK, n);
    let aS = zero;
    let bS = zero;
    for (; i < end; i += 2) {
      let pv: v128;
      let qv: v128;
      if (i < even) {
        pv = load2<T>(p + <usize>i * sz);
        qv = load2<T>(q + <usize>i * sz);
        mn = f64x2.pmin(mn, f64x2.pmin(pv, qv));
      } else {
        const a = load1<T>(p + <usize>i * sz);
        const b = load1<T>(q + <usize>i * sz);
        pv = lane0(a);
        qv = lane0(b);
        mn = f64x2.pmin(mn, lane0(min(a, b)));
      }
      const dv = f64x2.sub(pv, qv);
      let t = f64x2.add(pH, pv);
      pL = f64x2.add(pL, twoSumLo(pH, pv, t));
      pH = t;
      t = f64x2.add(qH, qv);
      qL = f64x2.add(qL, twoSumLo(qH, qv, t));
      qH = t;
      t = f64x2.add(dH, dv);
      dL = f64x2.add(dL, twoSumLo(dH, dv, t));
      dH = t;
      if (mode == 1) {
        const ad = f64x2.abs(dv);
        aS = f64x2.add(aS, ad);
        bS = f64x2.add(bS, v128.or(qv, v128.and(dv, sign)));
        const flip = v128.and(f64x2.le(ad, f64x2.mul(qv, rv)), f64x2.gt(qv, zero));
        kS = i64x2.sub(kS, flip);
      } else if (mode == 2) {
        const sq = f64x2.sqrt(qv);
        const u = v128.andnot(
          f64x2.div(dv, f64x2.add(f64x2.sqrt(pv), sq)),
          f64x2.eq(dv, zero),
        );
        aS = f64x2.add(aS, f64x2.mul(u, u));
        bS = f64x2.add(bS, f64x2.mul(u, sq));
      }
    }
    if (mode != 0) {
      let t = f64x2.add(aH, aS);
      aL = f64x2.add(aL, twoSumLo(aH, aS, t));
      aH = t;
      t = f64x2.add(bH, bS);
      bL = f64x2.add(bL, twoSumLo(bH, bS, t));
      bH = t;
    }
  }
  const flag = storeTotals(ACC, st, pH, pL, qH, qL, dH, dL, mn);
  if (mode != 0) {
    v128.store(ACC + 96, aH);
    v128.store(ACC + 96, aL, 16);
    flush(ACC + 96, st, 6);
    v128.store(ACC + 96, bH);
    v128.store(ACC + 96, bL, 16);
    flush(ACC + 96, st, 8);
    store<f64>(st, <f64>(i64x2.extract_lane(kS, 0) + i64x2.extract_lane(kS, 1)), 80);
  }
  return flag;
}

export function pairTotalsF64(p: usize, q: usize, n: i32, mode: i32, st: usize): i32 {
  if (mode == 1) return totalsRange<f64>(p, q, n, st, 1);
  if (mode == 2) return totalsRange<f64>(p, q, n, st, 2);
  return totalsRange<f64>(p, q, n, st, 0);
}

export function pairTotalsF32(p: usize, q: usize, n: i32, mode: i32, st: usize): i32 {
  if (mode == 1) return totalsRange<f32>(p, q, n, st, 1);
  if (mode == 2) return totalsRange<f32>(p, q, n, st, 2);
  return totalsRange<f32>(p, q, n, st, 0);
}

/**
 * The totals of {@link totalsRange} at st (96 bytes) and, in the same pass over the elements, the
 * Rényi sums of renyi.ts at st + 96 (280 bytes) for the raw inputs: 1/Sp = 1/Sq = 1 and shift 0,
 * so that they need no total (src/measures/renyi.ts scales them where the far form decides the
 * divergence: Σ p̂·e^{βℓ} = e^{β·shift}·Σ p·e^{βℓ₀}/Sp). Returns totalsRange's flag (the Rényi sums
 * mean nothing when it is 1).
 */
export function pairTotalsRenyiF64(p: usize, q: usize, n: i32, beta: f64, mode: i32, st: usize): i32 {
  return renyiRange<f64>(p, q, n, 1, 1, 0, beta, mode, st + 96, st);
}

export function pairTotalsRenyiF32(p: usize, q: usize, n: i32, beta: f64, mode: i32, st: usize): i32 {
  return renyiRange<f32>(p, q, n, 1, 1, 0, beta, mode, st + 96, st);
}

/**
 * The totals of {@link totalsRange} with the sums of `mode` (1: total variation, 2: Hellinger; 0:
 * the totals alone) for
 * `rows` rows of `n` elements (row-major at p, q), row r at out + 96·r (src/fast/hooks.ts,
 * pairRowsFast); returns 1 when some element may be invalid or a sum overflows, else 0.
 */
function pairTotalsRows<T>(p: usize, q: usize, n: i32, rows: i32, mode: i32, out: usize): i32 {
  const rowBytes = <usize>n * sizeof<T>();
  let flag = 0;
  for (let r = 0; r < rows; r++) {
    const st = out + <usize>r * 96;
    memory.fill(st, 0, 96);
    const a = p + <usize>r * rowBytes;
    const b = q + <usize>r * rowBytes;
    flag |=
      mode == 1
        ? totalsRange<T>(a, b, n, st, 1)
        : mode == 2
          ? totalsRange<T>(a, b, n, st, 2)
          : totalsRange<T>(a, b, n, st, 0);
  }
  return flag;
}

export function pairTotalsRowsF64(p: usize, q: usize, n: i32, rows: i32, mode: i32, out: usize): i32 {
  return pairTotalsRows<f64>(p, q, n, rows, mode, out);
}

export function pairTotalsRowsF32(p: usize, q: usize, n: i32, rows: i32, mode: i32, out: usize): i32 {
  return pairTotalsRows<f32>(p, q, n, rows, mode, out);
}
