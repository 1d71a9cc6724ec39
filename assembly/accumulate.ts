// Compensated accumulation. In memory, a pair of lanes [hi lanes, lo lanes] at ptr (32 bytes):
// acc adds a vector of block sums with TwoSum; flush merges the two lanes into a scalar (hi, lo)
// pair of a state, with the Neumaier step of `cadd` (src/numeric/kernels.ts).

// @ts-ignore: decorator
@inline
export function acc(ptr: usize, x: v128): void {
  const h = v128.load(ptr);
  const l = v128.load(ptr, 16);
  const t = f64x2.add(h, x);
  const bp = f64x2.sub(t, h);
  const e = f64x2.add(f64x2.sub(h, f64x2.sub(t, bp)), f64x2.sub(x, bp));
  v128.store(ptr, t);
  v128.store(ptr, f64x2.add(l, e), 16);
}

/** Neumaier add of x into st[i] (hi), st[i+1] (lo), as `cadd` of src/numeric/kernels.ts. */
// @ts-ignore: decorator
@inline
export function cadd(st: usize, i: i32, x: f64): void {
  const p = st + (<usize>i << 3);
  const hi = load<f64>(p);
  const t = hi + x;
  const lo = Math.abs(hi) >= Math.abs(x) ? hi - t + x : x - t + hi;
  store<f64>(p, t);
  store<f64>(p, load<f64>(p, 8) + lo, 8);
}

/** Merges the two lanes of a compensated pair at `acc` into st[i], st[i+1]. */
export function flush(accPtr: usize, st: usize, i: i32): void {
  const h = v128.load(accPtr);
  const l = v128.load(accPtr, 16);
  const p = st + (<usize>i << 3);
  cadd(st, i, f64x2.extract_lane(h, 0));
  store<f64>(p, load<f64>(p, 8) + f64x2.extract_lane(l, 0), 8);
  cadd(st, i, f64x2.extract_lane(h, 1));
  store<f64>(p, load<f64>(p, 8) + f64x2.extract_lane(l, 1), 8);
}

/** Adds x into the lo lanes of the compensated pair at ptr. */
// @ts-ignore: decorator
@inline
export function accLo(ptr: usize, x: v128): void {
  v128.store(ptr, f64x2.add(v128.load(ptr, 16), x), 16);
}

/** The error of t = h + v (TwoSum, two lanes): h + v = t + twoSumLo(h, v, t) exactly. */
// @ts-ignore: decorator
@inline
export function twoSumLo(h: v128, v: v128, t: v128): v128 {
  const bp = f64x2.sub(t, h);
  return f64x2.add(f64x2.sub(h, f64x2.sub(t, bp)), f64x2.sub(v, bp));
}

/**
 * The totals of a pair at st (pair-totals.ts's layout): Sp, Sq, δ from their per-lane (hi, lo)
 * vectors, through the workspace at `scratch` (96 bytes). Returns 0 when every element may be finite
 * and ≥ 0 (the minimum `mn` ≥ 0, the sums finite), else 1. Once per chunk, not on the hot path.
 */
export function storeTotals(
  scratch: usize,
  st: usize,
  pH: v128,
  pL: v128,
  qH: v128,
  qL: v128,
  dH: v128,
  dL: v128,
  mn: v128,
): i32 {
  v128.store(scratch, pH);
  v128.store(scratch, pL, 16);
  v128.store(scratch + 32, qH);
  v128.store(scratch + 32, qL, 16);
  v128.store(scratch + 64, dH);
  v128.store(scratch + 64, dL, 16);
  flush(scratch, st, 0);
  flush(scratch + 32, st, 2);
  flush(scratch + 64, st, 4);
  const m = min(f64x2.extract_lane(mn, 0), f64x2.extract_lane(mn, 1));
  const sp = load<f64>(st) + load<f64>(st, 8);
  const sq = load<f64>(st, 16) + load<f64>(st, 24);
  return !(m >= 0) || !(sp - sp == 0) || !(sq - sq == 0) ? 1 : 0;
}
