// The per-outcome contributions to D(P‖Q): out[i] = p̂ᵢ·(log(pᵢ/qᵢ) − shift)/log b over a range, with
// p̂ᵢ = pᵢ/Sp and shift = log(Sp/Sq), as the loop of src/measures/contributions.ts forms them (0 where
// pᵢ = 0, +∞ where qᵢ = 0 < pᵢ). log(pᵢ/qᵢ) is the reduction of log-ratio.ts: exact exponents and
// s = (p·2^-k − q)/(p·2^-k + q) formed exactly, so a contribution keeps its digits when pᵢ ≈ qᵢ.
// For logits z, w: out[i] = e^{zᵢ − max z}·xᵢ·ilb with ilb = 1/(log b·Σ e^{z − max z}) and
// xᵢ = log(p̂ᵢ/q̂ᵢ) = ((zᵢ − wᵢ) − c₁) + (e − er) (e the rounding of zᵢ − wᵢ, c₁ + er = Lz − Lw from
// logit-pair-rows.ts's normalizers).

import { MIN_FAST, kv } from "./constants";
import { logRatioScaled1, prodErr2, splitHigh, splits } from "./exact-product";
import { expReduce, polyQ, redScale } from "./exp";
import { load1, load2 } from "./loads";
import { logDiff1, logDiff2 } from "./log-diff";
import { logRatio2 } from "./log-ratio";

/** Largest q the vector reduction takes (log-ratio.ts: q ≤ MAX/1.5). */
const MAX_FAST: f64 = 1.0e308;

/** log(a/b) of positive a, b in scalar arithmetic, as logRatioAccurate of src/numeric/phi.ts. */
function logRatioScalar(a: f64, b: f64): f64 {
  const t = a + b;
  const s = t == Infinity ? (a / 2 - b / 2) / (a / 2 + b / 2) : (a - b) / t;
  if (s < 0.5 && s > -0.5) return 2 * Math.atanh(s);
  const r = a / b;
  if (r > 0 && r < Infinity && r >= 2.2250738585072014e-308) return Math.log(r);
  return Math.log(a) - Math.log(b);
}

/** One contribution in scalar arithmetic (zeros, subnormals, values near the top of the range). */
function term1(a: f64, b: f64, ip: f64, shift: f64, ilb: f64, lambda: f64): f64 {
  if (a == 0) return 0;
  if (b == 0) return Infinity;
  const l = lambda == 1 ? logRatioScalar(a, b) : logRatioScaled1(a, b, lambda, splitHigh(lambda), lambda - splitHigh(lambda));
  return a * ip * (l - shift) * ilb;
}

/**
 * out[0..n) for p[0..n), q[0..n) (validated: finite, ≥ 0). ip = 1/Sp, ilb = 1/log b; for counts of
 * different totals λ = Sp/Sq and log(pᵢ/λqᵢ) with λqᵢ carried exactly (b + bl, log(p/b) − bl/b),
 * shift = log1p(δ/SqL). Pairs of elements in [MIN_FAST, MAX_FAST] (λq too) take the vector path,
 * the others the scalar one.
 */
function contributionsRange<T>(
  p: usize,
  q: usize,
  n: i32,
  ip: f64,
  shift: f64,
  ilb: f64,
  out: usize,
  lambda: f64,
): i32 {
  const sz = <usize>sizeof<T>();
  const scaled = lambda != 1;
  const exact = scaled && splits(lambda); // else bl = 0, as twoProductError
  const lam = f64x2.splat(lambda);
  const lhS = splitHigh(lambda);
  const lh = f64x2.splat(lhS);
  const ll = f64x2.splat(lambda - lhS);
  const ipv = f64x2.splat(ip);
  const shv = f64x2.splat(shift);
  const ilv = f64x2.splat(ilb);
  const lo = f64x2.splat(MIN_FAST);
  const hi = f64x2.splat(MAX_FAST);
  const even = n & ~1;
  let i = 0;
  for (; i < even; i += 2) {
    const a = load2<T>(p + <usize>i * sz);
    const q2 = load2<T>(q + <usize>i * sz);
    const b = scaled ? f64x2.mul(q2, lam) : q2;
    // Both lanes of both inputs in range: v128.any_true of the out-of-range mask is false (λq
    // below 1e300, where its split does not overflow).
    let outside = v128.or(
      v128.or(f64x2.lt(a, lo), f64x2.lt(b, lo)),
      v128.or(f64x2.gt(a, hi), f64x2.gt(b, hi)),
    );
    if (scaled)
      outside = v128.or(
        outside,
        v128.or(f64x2.lt(q2, lo), f64x2.gt(f64x2.pmax(q2, b), f64x2.splat(1e300))),
      );
    let c: v128;
    if (v128.any_true(outside)) {
      c = f64x2.replace_lane(
        f64x2.splat(term1(f64x2.extract_lane(a, 0), f64x2.extract_lane(q2, 0), ip, shift, ilb, lambda)),
        1,
        term1(f64x2.extract_lane(a, 1), f64x2.extract_lane(q2, 1), ip, shift, ilb, lambda),
      );
    } else {
      let lr = logRatio2(a, b);
      if (exact) lr = f64x2.sub(lr, f64x2.div(prodErr2(q2, b, lh, ll), b));
      const l = f64x2.sub(lr, shv);
      c = f64x2.mul(f64x2.mul(f64x2.mul(a, ipv), l), ilv);
    }
    v128.store(out + (<usize>i << 3), c);
  }
  if (i < n) {
    store<f64>(out + (<usize>i << 3), term1(load1<T>(p + <usize>i * sz), load1<T>(q + <usize>i * sz), ip, shift, ilb, lambda));
  }
  return 0;
}

export function contributionsF64(
  p: usize,
  q: usize,
  n: i32,
  ip: f64,
  shift: f64,
  ilb: f64,
  out: usize,
  lambda: f64,
): i32 {
  return contributionsRange<f64>(p, q, n, ip, shift, ilb, out, lambda);
}

export function contributionsF32(
  p: usize,
  q: usize,
  n: i32,
  ip: f64,
  shift: f64,
  ilb: f64,
  out: usize,
  lambda: f64,
): i32 {
  return contributionsRange<f32>(p, q, n, ip, shift, ilb, out, lambda);
}

/** e^x for −700 ≤ x ≤ 0 (two lanes), the reduction of exp.ts. */
// @ts-ignore: decorator
@inline
function exp2v(x: v128): v128 {
  const r = expReduce(x);
  const sc = redScale;
  return f64x2.add(sc, f64x2.mul(sc, f64x2.add(r, f64x2.mul(f64x2.mul(r, r), polyQ(r)))));
}

/** The contribution of one pair of logits in scalar arithmetic (−∞ entries, far logits). */
function logitTerm1(a: f64, b: f64, mz: f64, c1: f64, er: f64, ilb: f64): f64 {
  if (a == -Infinity) return 0;
  if (b == -Infinity) return Infinity;
  return Math.exp(a - mz) * logDiff1(a, b, c1, er) * ilb;
}

function contributionsLogitsRange<T>(
  z: usize,
  w: usize,
  n: i32,
  mz: f64,
  c1: f64,
  er: f64,
  ilb: f64,
  out: usize,
): i32 {
  const sz = <usize>sizeof<T>();
  const mzv = f64x2.splat(mz);
  const c1v = f64x2.splat(c1);
  const erv = f64x2.splat(er);
  const ilv = f64x2.splat(ilb);
  const nlim = kv(47 /* -700 */);
  const even = n & ~1;
  let i = 0;
  for (; i < even; i += 2) {
    const a = load2<T>(z + <usize>i * sz);
    const b = load2<T>(w + <usize>i * sz);
    const u = f64x2.sub(a, mzv); // ≤ 0; NaN or −∞ for −∞ logits
    const s = f64x2.sub(a, b);
    let c: v128;
    // Both lanes with a − Lz ≥ −700 and b finite (s − s is 0 exactly then, NaN otherwise).
    if (!i64x2.all_true(v128.and(f64x2.ge(u, nlim), f64x2.eq(f64x2.sub(s, s), f64x2.splat(0))))) {
      c = f64x2.replace_lane(
        f64x2.splat(logitTerm1(f64x2.extract_lane(a, 0), f64x2.extract_lane(b, 0), mz, c1, er, ilb)),
        1,
        logitTerm1(f64x2.extract_lane(a, 1), f64x2.extract_lane(b, 1), mz, c1, er, ilb),
      );
    } else {
      c = f64x2.mul(f64x2.mul(exp2v(u), logDiff2(a, b, c1v, erv)), ilv);
    }
    v128.store(out + (<usize>i << 3), c);
  }
  if (i < n) {
    store<f64>(out + (<usize>i << 3), logitTerm1(load1<T>(z + <usize>i * sz), load1<T>(w + <usize>i * sz), mz, c1, er, ilb));
  }
  return 0;
}

export function contributionsLogitsF64(
  z: usize,
  w: usize,
  n: i32,
  mz: f64,
  c1: f64,
  er: f64,
  ilb: f64,
  out: usize,
): i32 {
  return contributionsLogitsRange<f64>(z, w, n, mz, c1, er, ilb, out);
}

export function contributionsLogitsF32(
  z: usize,
  w: usize,
  n: i32,
  mz: f64,
  c1: f64,
  er: f64,
  ilb: f64,
  out: usize,
): i32 {
  return contributionsLogitsRange<f32>(z, w, n, mz, c1, er, ilb, out);
}
