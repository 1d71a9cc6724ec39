/**
 * First-order sampling biases of the plug-in KL and JS divergences between two multinomial
 * samples (second-order Taylor expansions, as Miller 1955 for entropy). Used by the bias-corrected
 * estimators of `klFromSamples`/`jsFromSamples` and by the drift report.
 */

function total(c: Float64Array): number {
  let s = 0;
  for (let i = 0; i < c.length; i++) s += c[i];
  return s;
}

/**
 * First-order (Miller–Madow-type) bias of the plug-in JS divergence of two multinomial samples,
 * in nats, from the plug-in shares p̂, q̂ and m̂ = (p̂ + q̂)/2:
 * E[ĴS] − JS ≈ (K_p − 1)/(4n) + (K_q − 1)/(4m) − (1/8)·Σᵢ [p̂ᵢ(1 − p̂ᵢ)/n + q̂ᵢ(1 − q̂ᵢ)/m]/m̂ᵢ,
 * K_p, K_q the bins with mass. Under P = Q it is (K − 1)(1/n + 1/m)/8.
 *
 * Derivation: the second-order Taylor expansion of H(p̂) = −Σ p̂ log p̂ gives
 * E[H(p̂)] ≈ H(p) − (K − 1)/(2n) (Miller 1955), and of H(m̂) gives −Σ Var(m̂ᵢ)/(2mᵢ).
 */
export function jsBias(p: Float64Array, q: Float64Array, n: number, m: number): number {
  const sp = total(p);
  const sq = total(q);
  let kp = 0;
  let kq = 0;
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] / sp;
    const b = q[i] / sq;
    if (a > 0) kp++;
    if (b > 0) kq++;
    const mid = (a + b) / 2;
    if (mid > 0) s += ((a * (1 - a)) / n + (b * (1 - b)) / m) / mid;
  }
  return (kp - 1) / (4 * n) + (kq - 1) / (4 * m) - s / 8;
}

/**
 * First-order bias of the plug-in KL(P‖Q) of two multinomial samples, in nats:
 * E[D̂] − D ≈ (K_p − 1)/(2n) + (Σᵢ p̂ᵢ/q̂ᵢ − 1)/(2m) (the first term from E[Σ p̂ log p̂], the second
 * from E[−Σ p log q̂] = −Σ p log q + Σ p(1 − q)/(2mq)). +∞ where q̂ᵢ = 0 < p̂ᵢ.
 */
export function klBias(p: Float64Array, q: Float64Array, n: number, m: number): number {
  const sp = total(p);
  const sq = total(q);
  let kp = 0;
  let ratio = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    kp++;
    ratio += p[i] / sp / (q[i] / sq);
  }
  return (kp - 1) / (2 * n) + (ratio - 1) / (2 * m);
}
