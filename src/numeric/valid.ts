/** Returned by chunk kernels when every element was valid (otherwise the index of the first invalid one). */
export const VALID = -1;

/** True when x may stand for a log-probability or logit: finite or −∞ (a zero probability). */
export function isLogValue(x: number): boolean {
  return x < Number.POSITIVE_INFINITY; // false for NaN and +∞
}
