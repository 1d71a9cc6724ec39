/** Pieces of the same-family KL closed forms shared by several families, each ≥ 0 and exact 0 at equality. */

/** u − ln(1 + u) ≥ 0, with a series for small |u|. */
export function uMinusLog1p(u: number): number {
  if (Math.abs(u) < 0.1) {
    let sum = 0;
    let pow = u;
    for (let n = 2; n < 30; n++) {
      pow *= -u;
      sum -= pow / n;
    }
    return sum;
  }
  return u - Math.log1p(u);
}

/** ½(r − 1 − ln r) + ½δ² for the ratio r = ((σp/σq))² written through u = (σp − σq)/σq. */
export function gaussianKl(mp: number, sp: number, mq: number, sq: number): number {
  const u = (sp - sq) / sq;
  const d = (mp - mq) / sq;
  return 0.5 * u * u + uMinusLog1p(u) + 0.5 * d * d;
}
