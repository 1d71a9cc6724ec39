// The log-ratio of two logits less an offset, x = ((a − b) − c) + (e(a − b) − e): the difference
// a − b with its rounding e(a − b) restored (TwoSum), and the offset carried as a double-double
// c + e. When P ≈ Q up to a shift, x is many orders of magnitude below a and b, and the plain
// difference would keep few of its digits. Shared by the logit kernels (kl-logits.ts,
// logit-pair-rows.ts, contributions.ts) and their scalar terms.

/** x for two lanes (a, b finite). */
// @ts-ignore: decorator
@inline
export function logDiff2(a: v128, b: v128, c: v128, e: v128): v128 {
  const s = f64x2.sub(a, b);
  const bb = f64x2.sub(s, a);
  const err = f64x2.sub(f64x2.sub(a, f64x2.sub(s, bb)), f64x2.add(b, bb));
  return f64x2.add(f64x2.sub(s, c), f64x2.sub(err, e));
}

/** x in scalar arithmetic (a, b finite). */
// @ts-ignore: decorator
@inline
export function logDiff1(a: f64, b: f64, c: f64, e: f64): f64 {
  const s = a - b;
  return s - c + (subErr1(a, b, s) - e);
}

/** The rounding error of s = a − b (TwoSum; a, b finite), scalar: a − b = s + subErr1(a, b, s). */
// @ts-ignore: decorator
@inline
export function subErr1(a: f64, b: f64, s: f64): f64 {
  const bb = s - a;
  return a - (s - bb) + (-b - bb);
}
