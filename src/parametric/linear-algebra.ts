/**
 * Lower Cholesky factor L of a symmetric positive-definite matrix (row-major, d × d), or the index
 * of the failing pivot.
 *
 * @example
 * ```ts
 * cholesky(new Float64Array([4, 2, 2, 5]), 2); // Float64Array [2, 0, 1, 2]
 * ```
 */
export function cholesky(a: Float64Array, d: number): Float64Array | number {
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j];
    for (let k = 0; k < j; k++) s -= l[j * d + k] ** 2;
    if (!(s > 0)) return j;
    const ljj = Math.sqrt(s);
    l[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j];
      for (let k = 0; k < j; k++) t -= l[i * d + k] * l[j * d + k];
      l[i * d + j] = t / ljj;
    }
  }
  return l;
}

/**
 * Solves L·y = b in place (forward substitution), L lower-triangular row-major.
 *
 * @example
 * ```ts
 * forwardSolve(new Float64Array([2, 0, 1, 2]), 2, new Float64Array([2, 5])); // Float64Array [1, 2]
 * ```
 */
export function forwardSolve(l: Float64Array, d: number, b: Float64Array): Float64Array {
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * d + k] * b[k];
    b[i] = s / l[i * d + i];
  }
  return b;
}
