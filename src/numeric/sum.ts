/**
 * Compensated (Neumaier) summation: the running sum `hi` and the accumulated rounding error `lo`,
 * so that `hi + lo` carries about twice the precision of a plain float64 sum, whatever the order
 * of the terms. Two accumulators merge by adding their parts, which is how chunked and parallel
 * sums stay reproducible.
 *
 * Reference: A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher
 * Summen", ZAMM 54 (1974) 39–51.
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
    if (Math.abs(this.hi) >= Math.abs(x)) this.lo += this.hi - t + x;
    else this.lo += x - t + this.hi;
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
 * The compensated sum of a vector's values (see {@link CompensatedSum}).
 *
 * @example
 * ```ts
 * fsum([0.1, 0.2, 0.3]); // 0.6 (a plain left-to-right sum gives 0.6000000000000001)
 * ```
 */
export function fsum(values: ArrayLike<number>): number {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const t = hi + x;
    lo += Math.abs(hi) >= Math.abs(x) ? hi - t + x : x - t + hi;
    hi = t;
  }
  return hi + lo;
}
