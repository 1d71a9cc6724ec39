// Loads of two lanes or one element: float64 as is, float32 widened lane by lane (never copied to a
// wider array); and two small helpers on vectors.

// @ts-ignore: decorator
@inline
export function load2<T>(ptr: usize): v128 {
  if (sizeof<T>() == 8) return v128.load(ptr);
  return f64x2.promote_low_f32x4(v128.load64_zero(ptr));
}

// @ts-ignore: decorator
@inline
export function load1<T>(ptr: usize): f64 {
  return <f64>load<T>(ptr);
}

/** Whether both lanes of x are finite. */
// @ts-ignore: decorator
@inline
export function finite2(x: v128): bool {
  return i64x2.all_true(f64x2.eq(f64x2.sub(x, x), f64x2.splat(0)));
}

/** A vector with `x` in lane 0 and 0 in lane 1 (odd-length tails). */
// @ts-ignore: decorator
@inline
export function lane0(x: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(0), 0, x);
}
