/**
 * The exactly rounded sum: Shewchuk's non-overlapping partials, as Python's `math.fsum` and
 * d3-array's `fsum`/`Adder`.
 *
 * Reference: J. R. Shewchuk, "Adaptive precision floating-point arithmetic and fast robust
 * geometric predicates", Discrete Comput. Geom. 18 (1997) 305–363; the final rounding follows
 * CPython's `math_fsum` (round-half-even across the partials).
 *
 * @module
 */

/** Scale applied to every value once an intermediate partial overflows (2^-64). */
const DOWN = 2 ** -64;
const UP = 2 ** 64;

/**
 * An exactly rounded running sum: {@link ExactSum.value} is Σx rounded once to the nearest double
 * (ties to even), whatever the order and the magnitudes of the terms. It keeps the sum as a list
 * of non-overlapping partials (a handful in practice, at most ~40), so it costs a few times more
 * than {@link CompensatedSum} a term.
 *
 * Special values: any NaN gives NaN; +∞ and −∞ give ∞ of their sign, or NaN when both occur.
 * A sum of finite terms that overflows gives ±∞. Where an intermediate partial would overflow
 * (terms near ±1.8e308 that cancel later) the sum goes on with every term scaled by 2^-64; it is
 * then exact except for the bits of terms below 2^-958 (subnormal once scaled).
 *
 * @example
 * ```ts
 * const s = new ExactSum();
 * for (let i = 0; i < 10; i++) s.add(0.1);
 * s.value(); // 1 (a plain sum gives 0.9999999999999999)
 * ```
 */
export class ExactSum {
  /** Non-overlapping partials, increasing in magnitude. */
  private partials: number[] = [];
  /** Sum of the non-finite terms (0 while there is none). */
  private special = 0;
  /** 1, or 2^-64 once a partial overflowed. */
  private factor = 1;

  /** Adds one term. */
  add(value: number): this {
    if (Number.isFinite(value)) this.grow(value * this.factor);
    else this.special += value;
    return this;
  }

  /** Shewchuk's grow-expansion step, in place, on a term already scaled by `factor`. */
  private grow(value: number): void {
    const p = this.partials;
    let x = value;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      if (hi === Number.POSITIVE_INFINITY || hi === Number.NEGATIVE_INFINITY) {
        this.overflow([...p.slice(0, i), x, y, ...p.slice(j + 1)], hi);
        return;
      }
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (x !== 0) p[i++] = x; // as CPython: no zero partial, so fsum([-0]) is 0
    p.length = i;
  }

  /** An intermediate partial overflowed: the exact sum of `held` goes on at 2^-64. */
  private overflow(held: number[], inf: number): void {
    this.partials = [];
    if (this.factor !== 1) {
      // Already scaled: the sum of more than 2^63 terms near the largest double is out of range.
      this.special += inf;
      return;
    }
    this.factor = DOWN;
    for (const x of held) this.grow(x * DOWN);
  }

  /** The sum, rounded once to the nearest double. */
  value(): number {
    if (this.special !== 0) return this.special; // ±∞ or NaN
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half to even: when the dropped rest lies exactly at a tie, the next partial decides.
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return this.factor === 1 ? hi : hi * UP;
  }
}

/**
 * The sum of `values`, exactly rounded: the double nearest to the true sum Σxᵢ (ties to even), as
 * Python's `math.fsum` (see {@link ExactSum} for the special values). Use it where the last bit
 * matters more than speed; the measures sum with {@link CompensatedSum}, which is cheaper and
 * within an ulp or so.
 *
 * @example
 * ```ts
 * fsum([0.1, 0.2, 0.3]); // 0.6 (a plain left-to-right sum gives 0.6000000000000001)
 * fsum([1e100, 1, -1e100]); // 1
 * ```
 */
export function fsum(values: ArrayLike<number> | Iterable<number>): number {
  const s = new ExactSum();
  if (Symbol.iterator in Object(values)) for (const x of values as Iterable<number>) s.add(x);
  else {
    const a = values as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) s.add(a[i]);
  }
  return s.value();
}
