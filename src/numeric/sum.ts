/**
 * Compensated (Neumaier) summation: the running sum and its rounding error, in an object
 * ({@link CompensatedSum}) or in two slots of a kernel's state array ({@link compensatedAdd}).
 * Both take the same step, {@link neumaierError}.
 *
 * Reference: A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher
 * Summen", ZAMM 54 (1974) 39–51.
 *
 * @module
 */

/**
 * The rounding error of t = fl(a + b): Dekker's fast two-sum with the larger magnitude first
 * (Neumaier's step). Exact unless t overflows.
 *
 * @example
 * ```ts
 * neumaierError(1, 1e100, 1e100); // 1
 * ```
 */
export function neumaierError(a: number, b: number, t: number): number {
  return Math.abs(a) >= Math.abs(b) ? a - t + b : b - t + a;
}

/**
 * Compensated (Neumaier) summation: the running sum `hi` and the accumulated rounding error `lo`,
 * so that `hi + lo` carries about twice the precision of a plain float64 sum, whatever the order
 * of the terms. The error bound is |value − Σx| ≤ ε·|Σx| + O(n·ε²)·Σ|x| (ε = 2^-53): not exactly
 * rounded (use {@link fsum} for that), but cheap (one branch and four operations a term), and two
 * accumulators merge by adding their parts, which is how chunked and parallel sums stay
 * reproducible. Every kernel of the library sums this way.
 *
 * @example
 * ```ts
 * const s = new CompensatedSum();
 * for (const x of [1e100, 1, -1e100]) s.add(x);
 * s.value(); // 1 (a plain sum gives 0)
 * ```
 */
export class CompensatedSum {
  /** Leading part of the sum. */
  hi = 0;
  /** Accumulated rounding error (to be added to `hi`). */
  lo = 0;

  /** Adds one term. */
  add(x: number): this {
    const t = this.hi + x;
    this.lo += neumaierError(this.hi, x, t);
    this.hi = t;
    return this;
  }

  /** Adds another compensated sum (both parts). */
  merge(other: CompensatedSum): this {
    this.add(other.hi);
    this.lo += other.lo;
    return this;
  }

  /** Multiplies the sum by a factor (both parts). */
  scale(factor: number): this {
    this.hi *= factor;
    this.lo *= factor;
    return this;
  }

  /** The sum, rounded once to float64. */
  value(): number {
    return this.hi + this.lo;
  }
}

/**
 * {@link CompensatedSum.add} on a state array: adds `x` into the sum held as `s[i]` (leading part)
 * and `s[i + 1]` (rounding error). The kernels keep their sums this way so that a whole state is
 * one `Float64Array` that merges, crosses to workers and to WebAssembly memory as it is.
 *
 * @example
 * ```ts
 * const s = new Float64Array(2);
 * for (const x of [1e100, 1, -1e100]) compensatedAdd(s, 0, x);
 * s[0] + s[1]; // 1
 * ```
 */
export function compensatedAdd(s: Float64Array, i: number, x: number): void {
  const hi = s[i];
  const t = hi + x;
  s[i + 1] += neumaierError(hi, x, t);
  s[i] = t;
}

/**
 * {@link CompensatedSum.merge} on a state array: adds the compensated sum `hi + lo` into
 * `s[i]`, `s[i + 1]`.
 */
export function compensatedMerge(s: Float64Array, i: number, hi: number, lo: number): void {
  compensatedAdd(s, i, hi);
  s[i + 1] += lo;
}
