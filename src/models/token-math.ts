import { phi, psi } from "../numeric/phi.js";

export function bernoulliKl(lq: number, d: number): number {
  const q = Math.exp(lq);
  const q1 = -Math.expm1(lq);
  const first = q * psi(d);
  if (!(q1 > 0)) return d < 0 ? Number.POSITIVE_INFINITY : first; // q = 1: 1 − p > 0 = 1 − q when p < 1
  const r = (-q * Math.expm1(d)) / q1;
  return first + (r <= -1 ? q1 : q1 * phi(r));
}

/** −expm1-safe Δp = e^{lp_Q} − e^{lp_P} from the exact log difference d = lp_Q − lp_P. */
export function deltaProbability(lpBase: number, d: number): number {
  return Math.exp(lpBase) * Math.expm1(d) + 0; // + 0: no −0 for identical models
}

/**
 * A streaming, mergeable comparison of two language models over the same tokens: the base model P
 * (the truth, e.g. the float16 original) and the other Q (e.g. its quantized twin). Rows arrive in
 * chunks ({@link add} for full rows of logits or log-probabilities, {@link addTopK} for top-K
 * log-probabilities with a tail mass); {@link value} yields every statistic of llama.cpp's
 * `llama-perplexity --kl-divergence` in its definitions (tools/perplexity/perplexity.cpp), in float64:
 *
 * - per token, nll = −log softmax(row)[next], KLD = D(P‖Q) = Σ p·log(p/q) (exact log-domain kernel,
 *   never negative, full relative accuracy when P ≈ Q), Δp = p_Q(next) − p_base(next), and whether
 *   the argmaxes (first index on ties) agree;
 * - mean ± √((E[x²] − E[x]²)/(n − 1)) (0 when n ≤ 10), covariance (E[ab] − E[a]E[b])/(n − 1)
 *   (0 when n < 10), PPL = exp(mean nll) ± PPL·σ, Cor = cov/(σ_Q σ_base),
 *   ln(PPL(Q)/PPL(base)) ± √(σ_Q² + σ_b² − 2cov), ratio = exp(·) ± ratio·σ,
 *   difference ± √(u_Q² + u_b² − 2·PPL_Q·PPL_b·cov), RMS Δp = √E[Δp²] ± ½·σ(Δp²)/RMS,
 *   Same top p ± √(p(1 − p)/(n − 1));
 * - percentiles interpolated at f·(n − 1) of the sorted values (f = 0.999 … 0.001), median, extremes.
 *
 * Added: reverse KL D(Q‖P), Jensen–Shannon, the KL of the top-1 token's probability, top-k agreement,
 * bootstrap intervals. Two accumulators over consecutive parts merge into the accumulator of the whole.
 *
 * @example
 * ```ts
 * const c = new ModelComparison({ vocab: 3 });
 * c.add({ base: new Float32Array([2, 1, 0, 0, 0, 3]), other: new Float32Array([2, 1, 0.5, 0, 0.1, 3]), tokens: [0, 2] });
 * const r = c.value();
 * r.count;           // 2
 * r.kld.mean;        // 0.005985181068044629
 * r.sameTop.value;   // 1
 * ```
 */
