// Pass 1 of the logit-pair row kernels (kl-logits.ts, logit-pair-rows.ts): the maxima of two rows of
// logits and their validation, by pmax (one instruction; f64x2.max, which propagates NaN, is a chain
// of eight on x64 and cost a quarter of a KL row) and a sum of x − x, NaN where an element is NaN or
// ±∞: only then a scalar rescan tells −∞ (a valid logit) from NaN and +∞.

import { kv } from "./constants";
import { load1, load2 } from "./loads";

/** max z and max w of the last rows {@link logitMaxima} accepted. */
export let maxZ: f64 = 0;
export let maxW: f64 = 0;

/**
 * The maxima of z[0..n) and w[0..n) into maxZ, maxW; false when either row holds NaN or +∞ or is
 * all −∞ (with `part`, a range of a longer row, all −∞ is allowed: its maximum is then −∞).
 */
export function logitMaxima<T>(z: usize, w: usize, n: i32, part: bool = false): bool {
  const sz = <usize>sizeof<T>();
  const even = n & ~1;
  let mzv = kv(45 /* -Infinity */);
  let mwv = kv(45 /* -Infinity */);
  let bad = f64x2.splat(0);
  let i = 0;
  for (; i < even; i += 2) {
    const a = load2<T>(z + <usize>i * sz);
    const b = load2<T>(w + <usize>i * sz);
    mzv = f64x2.pmax(mzv, a);
    mwv = f64x2.pmax(mwv, b);
    bad = f64x2.add(bad, f64x2.add(f64x2.sub(a, a), f64x2.sub(b, b)));
  }
  let mz = max(f64x2.extract_lane(mzv, 0), f64x2.extract_lane(mzv, 1));
  let mw = max(f64x2.extract_lane(mwv, 0), f64x2.extract_lane(mwv, 1));
  if (i < n) {
    const a = load1<T>(z + <usize>i * sz);
    const b = load1<T>(w + <usize>i * sz);
    if (a != a || a == Infinity || b != b || b == Infinity) return false;
    mz = max(mz, a);
    mw = max(mw, b);
  }
  if (f64x2.extract_lane(bad, 0) + f64x2.extract_lane(bad, 1) != 0) {
    for (let j = 0; j < even; j++) {
      const a = load1<T>(z + <usize>j * sz);
      const b = load1<T>(w + <usize>j * sz);
      if (a != a || a == Infinity || b != b || b == Infinity) return false;
    }
  }
  if (!part && !(mz > -Infinity && mz < Infinity && mw > -Infinity && mw < Infinity)) return false;
  maxZ = mz;
  maxW = mw;
  return true;
}
