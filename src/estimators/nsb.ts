import { digamma, lgamma, stirlingRemainder, trigamma } from "../numeric/special.js";

/**
 * ln Γ(a + v) − ln Γ(a) without the cancellation of two large ln Γ: Stirling's series in
 * difference form for a ≥ 10, (a − ½)·log1p(v/a) + v·ln(a + v) − v + S₁(a + v) − S₁(a).
 * @internal
 */
export function lnPochhammer(a: number, v: number): number {
  if (v === 0) return 0;
  if (a >= 10) {
    return (
      (a - 0.5) * Math.log1p(v / a) +
      v * Math.log(a + v) -
      v +
      stirlingRemainder(a + v) -
      stirlingRemainder(a)
    );
  }
  return lgamma(a + v) - lgamma(a);
}

/** ψ′(z) − 1/z, by its asymptotic series for z ≥ 10 (no cancellation). */
function trigammaRemainder(z: number): number {
  if (z < 10) return trigamma(z) - 1 / z;
  const r = 1 / (z * z);
  // 1/(2z²) + Σ B₂ⱼ/z^{2j+1}: B₂ = 1/6, B₄ = −1/30, B₆ = 1/42, B₈ = −1/30, B₁₀ = 5/66
  return (
    r * (0.5 + (1 / z) * (1 / 6 + r * (-1 / 30 + r * (1 / 42 + r * (-1 / 30 + r * (5 / 66))))))
  );
}

/**
 * dξ/dβ = K·ψ′(Kβ + 1) − ψ′(β + 1) > 0, the NSB prior density on β, without the cancellation of
 * the two 1/z leading terms: (K − 1)/((Kβ + 1)(β + 1)) + K·R(Kβ + 1) − R(β + 1), R(z) = ψ′(z) − 1/z.
 * @internal
 */
export function nsbPriorDensity(K: number, b: number): number {
  const x = K * b + 1;
  const y = b + 1;
  return (K - 1) / (x * y) + K * trigammaRemainder(x) - trigammaRemainder(y);
}

/** The NSB posterior of the entropy, in nats. @internal */
export interface NsbPosterior {
  /** Posterior mean E[H | n]. */
  mean: number;
  /** Posterior standard deviation. */
  std: number;
  /** The β of largest posterior weight (in the ln β measure). */
  betaMode: number;
}

/**
 * The NSB posterior mean and standard deviation of the entropy (nats), by integration over
 * t = ln β of the evidence times the prior dξ/dβ (flat in ξ), with the Dirichlet(β) posterior
 * moments of H inside (Wolpert & Wolf 1995):
 *
 * p(n|β) = Γ(Kβ)/Γ(n + Kβ) · Πᵢ Γ(nᵢ + β)/Γ(β), ξ(β) = ψ(Kβ + 1) − ψ(β + 1),
 * E[H|n,β] = ψ(A + 1) − Σ aᵢ/A·ψ(aᵢ + 1), aᵢ = nᵢ + β, A = n + Kβ,
 * E[H²|n,β] = (Σ_{i≠k} aᵢaₖ[(ψ(aᵢ+1) − ψ(A+2))(ψ(aₖ+1) − ψ(A+2)) − ψ′(A+2)]
 *            + Σᵢ aᵢ(aᵢ+1)[(ψ(aᵢ+2) − ψ(A+2))² + ψ′(aᵢ+2) − ψ′(A+2)]) / (A(A+1)).
 *
 * Categories are grouped by count value, so the cost per node is the number of distinct counts.
 * The trapezoid rule in ln β (spectrally accurate for this smooth, exponentially decaying
 * integrand) is refined by halving the step until the three integrals agree to 1e-13.
 *
 * @param counts - whole counts (zeros allowed); categories beyond them up to `K` count 0.
 * @param K - alphabet size, ≥ 2 and ≥ the number of non-zero counts.
 * @internal
 */
export function nsbPosterior(counts: ArrayLike<number>, K: number): NsbPosterior {
  const byValue = new Map<number, number>();
  let n = 0;
  let observed = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0) {
      byValue.set(c, (byValue.get(c) ?? 0) + 1);
      n += c;
      observed++;
    }
  }
  const values = Float64Array.from(byValue.keys());
  const mult = Float64Array.from(byValue.values());
  const zeros = K - observed;
  const g = values.length;

  const logWeight = (t: number): number => {
    const b = Math.exp(t);
    let l = -lnPochhammer(K * b, n);
    for (let j = 0; j < g; j++) l += mult[j] * lnPochhammer(b, values[j]);
    return l + Math.log(nsbPriorDensity(K, b)) + t;
  };
  const moments = (t: number): [number, number] => {
    const b = Math.exp(t);
    const A = n + K * b;
    const psiA1 = digamma(A + 1);
    const psiA2 = digamma(A + 2);
    const triA2 = trigamma(A + 2);
    let m1 = 0;
    let sx = 0;
    let sx2 = 0;
    let sa2 = 0;
    let diag = 0;
    const add = (a: number, m: number) => {
      const p1 = digamma(a + 1);
      m1 += m * a * p1;
      const x = a * (p1 - psiA2);
      sx += m * x;
      sx2 += m * x * x;
      sa2 += m * a * a;
      const d2 = digamma(a + 2) - psiA2;
      diag += m * a * (a + 1) * (d2 * d2 + trigamma(a + 2) - triA2);
    };
    for (let j = 0; j < g; j++) add(values[j] + b, mult[j]);
    if (zeros > 0) add(b, zeros);
    const e1 = psiA1 - m1 / A;
    const e2 = (sx * sx - sx2 - triA2 * (A * A - sa2) + diag) / (A * (A + 1));
    return [e1, e2];
  };

  // Coarse scan of ln β for the mode and the region that matters (weight > e^-50 of the peak).
  const T0 = -40;
  const T1 = 40;
  const step = 0.5;
  const grid: number[] = [];
  let best = Number.NEGATIVE_INFINITY;
  let bestT = 0;
  for (let t = T0; t <= T1; t += step) {
    const w = logWeight(t);
    grid.push(w);
    if (w > best) {
      best = w;
      bestT = t;
    }
  }
  // Golden-section refinement of the mode.
  let a = bestT - step;
  let c = bestT + step;
  const gr = (Math.sqrt(5) - 1) / 2;
  let x1 = c - gr * (c - a);
  let x2 = a + gr * (c - a);
  let f1 = logWeight(x1);
  let f2 = logWeight(x2);
  for (let it = 0; it < 60 && c - a > 1e-7; it++) {
    if (f1 > f2) {
      c = x2;
      x2 = x1;
      f2 = f1;
      x1 = c - gr * (c - a);
      f1 = logWeight(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + gr * (c - a);
      f2 = logWeight(x2);
    }
  }
  const tMode = (a + c) / 2;
  const wMode = logWeight(tMode);
  const hd = 1e-3;
  const curv = (logWeight(tMode + hd) - 2 * wMode + logWeight(tMode - hd)) / (hd * hd);
  const sigma = curv < 0 ? Math.min(1, 1 / Math.sqrt(-curv)) : 1;
  const peak = Math.max(wMode, best);
  let lo = T0;
  let hi = T1;
  for (let i = 0; i < grid.length; i++) {
    if (grid[i] > peak - 50) {
      lo = Math.max(T0, T0 + (i - 1) * step);
      break;
    }
  }
  for (let i = grid.length - 1; i >= 0; i--) {
    if (grid[i] > peak - 50) {
      hi = Math.min(T1, T0 + (i + 1) * step);
      break;
    }
  }
  lo = Math.min(lo, tMode - 12 * sigma);
  hi = Math.max(hi, tMode + 12 * sigma);

  // Trapezoid rule, halving the step until converged.
  let nodes = Math.max(16, Math.ceil((hi - lo) / Math.min(0.25, sigma / 4)));
  let z = 0;
  let s1 = 0;
  let s2 = 0;
  const visit = (t: number, endpoint: boolean) => {
    const w = Math.exp(logWeight(t) - peak) * (endpoint ? 0.5 : 1);
    if (w === 0) return;
    const [e1, e2] = moments(t);
    z += w;
    s1 += w * e1;
    s2 += w * e2;
  };
  let h = (hi - lo) / nodes;
  for (let i = 0; i <= nodes; i++) visit(lo + i * h, i === 0 || i === nodes);
  let prev = [s1 / z, s2 / z];
  for (let round = 0; round < 12; round++) {
    for (let i = 0; i < nodes; i++) visit(lo + (i + 0.5) * h, false);
    nodes *= 2;
    h /= 2;
    const cur = [s1 / z, s2 / z];
    const done =
      Math.abs(cur[0] - prev[0]) <= 1e-14 * Math.abs(cur[0]) + 1e-300 &&
      Math.abs(cur[1] - prev[1]) <= 1e-14 * Math.abs(cur[1]) + 1e-300;
    prev = cur;
    // The first grid resolves the peak with 4 or more nodes per standard deviation, where the
    // trapezoid rule's error is far below ε: one halving that changes nothing confirms it.
    if (done) break;
  }
  const mean = s1 / z;
  const variance = s2 / z - mean * mean;
  return { mean, std: Math.sqrt(Math.max(0, variance)), betaMode: Math.exp(tMode) };
}
