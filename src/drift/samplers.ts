import type { Rng } from "../numeric/rng.js";
import { logBinomialPmf, logFactorial } from "../numeric/special.js";

/**
 * Inversion of a unimodal mass function, searched outwards from the mode: M, M+1, M−1, M+2, …
 * until the accumulated mass passes a uniform draw. Exact (up to the rounding of the masses) and
 * costs O(σ) steps, so Binomial(10⁶, ½) takes a few hundred steps, not 10⁶ draws.
 */
function fromMode(
  rng: Rng,
  lo: number,
  hi: number,
  mode: number,
  logMode: number,
  up: (k: number) => number,
  down: (k: number) => number,
): number {
  const u = rng.nextFloat();
  const pm = Math.exp(logMode);
  let acc = pm;
  if (u < acc) return mode;
  let kUp = mode;
  let pUp = pm;
  let kDown = mode;
  let pDown = pm;
  for (;;) {
    let moved = false;
    if (kUp < hi && pUp > 0) {
      pUp *= up(kUp);
      kUp++;
      acc += pUp;
      if (u < acc) return kUp;
      moved = true;
    }
    if (kDown > lo && pDown > 0) {
      pDown *= down(kDown);
      kDown--;
      acc += pDown;
      if (u < acc) return kDown;
      moved = true;
    }
    if (!moved) return mode; // u beyond the rounded total mass (≈ 1e-15 of the draws)
  }
}

/**
 * A Binomial(n, p) draw: the number of successes in n trials of probability p.
 * @internal
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / (1 - p);
  return fromMode(
    rng,
    0,
    n,
    mode,
    logBinomialPmf(mode, n, p),
    (k) => ((n - k) / (k + 1)) * odds,
    (k) => k / (n - k + 1) / odds,
  );
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/**
 * A Hypergeometric draw: successes among `draws` taken without replacement from a population
 * of `total` holding `successes`.
 * @internal
 */
export function hypergeometric(rng: Rng, total: number, successes: number, draws: number): number {
  const failures = total - successes;
  const lo = Math.max(0, draws - failures);
  const hi = Math.min(draws, successes);
  if (lo === hi) return lo;
  const mode = Math.min(
    hi,
    Math.max(lo, Math.floor(((draws + 1) * (successes + 1)) / (total + 2))),
  );
  const logMode =
    logChoose(successes, mode) + logChoose(failures, draws - mode) - logChoose(total, draws);
  return fromMode(
    rng,
    lo,
    hi,
    mode,
    logMode,
    (k) => ((successes - k) * (draws - k)) / ((k + 1) * (failures - draws + k + 1)),
    (k) => (k * (failures - draws + k)) / ((successes - k + 1) * (draws - k + 1)),
  );
}

/**
 * A multinomial resample of n observations from counts (the bootstrap of a binned column: the
 * same law as resampling its rows with replacement), by conditional binomials, into `out`.
 * @internal
 */
export function multinomial(rng: Rng, n: number, counts: Float64Array, out: Float64Array): void {
  let remaining = n;
  let mass = 0;
  for (let i = 0; i < counts.length; i++) mass += counts[i];
  for (let i = 0; i < counts.length; i++) {
    if (remaining === 0 || counts[i] === 0) {
      out[i] = 0;
    } else if (counts[i] >= mass) {
      out[i] = remaining;
      remaining = 0;
    } else {
      const x = binomial(rng, remaining, counts[i] / mass);
      out[i] = x;
      remaining -= x;
    }
    mass -= counts[i];
  }
}

/**
 * A permutation of the pooled rows of two binned columns, as counts: how many of the first
 * table's `n` rows land in each bin when the labels "reference"/"current" are shuffled
 * (a multivariate hypergeometric draw), into `out`.
 * @internal
 */
export function permutedSplit(rng: Rng, pooled: Float64Array, n: number, out: Float64Array): void {
  let total = 0;
  for (let i = 0; i < pooled.length; i++) total += pooled[i];
  let draws = n;
  for (let i = 0; i < pooled.length; i++) {
    const x = draws === 0 ? 0 : hypergeometric(rng, total, pooled[i], draws);
    out[i] = x;
    draws -= x;
    total -= pooled[i];
  }
}
