import { sortNumbers } from "../numeric/order.js";
import { createRng } from "../numeric/rng.js";
import {
  type Estimate,
  KLD_FRACTIONS,
  meanAndUncertainty,
  medianSorted,
  percentileSorted,
} from "./stats.js";
import type { BootstrapIntervals, Interval, TokenStatistics } from "./types.js";

export function sumOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s;
}

export function sameTop(k: number, n: number): Estimate & { count: number } {
  const p = k / n;
  return { value: p, uncertainty: n > 1 ? Math.sqrt((p * (1 - p)) / (n - 1)) : 0, count: k };
}

export function summarize(
  x: Float64Array,
  sorted: Float64Array,
  fractions: readonly number[],
): TokenStatistics {
  const m = meanAndUncertainty(x);
  return {
    mean: m.value,
    uncertainty: m.uncertainty,
    max: sorted[sorted.length - 1] as number,
    min: sorted[0] as number,
    median: medianSorted(sorted),
    percentiles: fractions.map((f) => ({ fraction: f, value: percentileSorted(sorted, f) })),
    count: x.length,
  };
}

export function summarizeFinite(x: Float64Array): TokenStatistics {
  const kept = x.filter((v) => !Number.isNaN(v));
  return summarize(kept, sortNumbers(kept.slice()), KLD_FRACTIONS);
}

/**
 * Percentile bootstrap of the mean, the median and the percentiles of sorted values: each resample
 * draws n indices with replacement (the same draws for every set), kept as counts over the sorted
 * values, so a resample's order statistics come from one cumulative scan, without sorting.
 */
export function bootstrapSorted(
  sets: { sorted: Float64Array; fractions: readonly number[] }[],
  samples: number,
  seed: number,
  level: number,
): BootstrapIntervals[] {
  const n = (sets[0] as { sorted: Float64Array }).sorted.length;
  const rng = createRng(seed);
  const counts = new Uint32Array(n);
  const stats = sets.map((s) => ({
    mean: new Float64Array(samples),
    median: new Float64Array(samples),
    pct: s.fractions.map(() => new Float64Array(samples)),
  }));
  for (let b = 0; b < samples; b++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[rng.nextInt(0, n - 1)]++;
    sets.forEach((set, si) => {
      const st = stats[si] as (typeof stats)[number];
      const fr = [0.5, ...set.fractions];
      const pos = fr.map((f) => f * (n - 1));
      const out = fr.map(() => Number.NaN);
      const want: number[] = [];
      for (const p of pos) want.push(Math.floor(p));
      let sum = 0;
      let comp = 0;
      let seen = 0; // order statistics below this rank are passed
      for (let i = 0; i < n; i++) {
        const c = counts[i] as number;
        if (c === 0) continue;
        const v = set.sorted[i] as number;
        const term = c * v;
        const t = sum + term;
        comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
        sum = t;
        const next = seen + c;
        for (let j = 0; j < fr.length; j++) {
          const r = want[j] as number;
          if (r >= seen && r < next) out[j] = v; // x[r]; x[r + 1] filled below
        }
        seen = next;
      }
      // Second look for x[r + 1]: scan again only for the ranks that need it.
      const upper = fr.map(() => Number.NaN);
      seen = 0;
      for (let i = 0; i < n; i++) {
        const c = counts[i] as number;
        if (c === 0) continue;
        const next = seen + c;
        for (let j = 0; j < fr.length; j++) {
          const r = Math.min((want[j] as number) + 1, n - 1);
          if (r >= seen && r < next) upper[j] = set.sorted[i] as number;
        }
        seen = next;
      }
      st.mean[b] = (sum + comp) / n;
      for (let j = 0; j < fr.length; j++) {
        const t = (pos[j] as number) - (want[j] as number);
        const a = out[j] as number;
        const u = upper[j] as number;
        const v = t === 0 || a === u ? a : (1 - t) * a + t * u;
        if (j === 0) st.median[b] = v;
        else (st.pct[j - 1] as Float64Array)[b] = v;
      }
    });
  }
  const lo = (1 - level) / 2;
  const hi = 1 - lo;
  const interval = (x: Float64Array): Interval => {
    const s = sortNumbers(x.slice());
    return { low: percentileSorted(s, lo), high: percentileSorted(s, hi) };
  };
  return sets.map((set, si) => {
    const st = stats[si] as (typeof stats)[number];
    return {
      mean: interval(st.mean),
      median: interval(st.median),
      percentiles: set.fractions.map((f, j) => ({
        fraction: f,
        interval: interval(st.pct[j] as Float64Array),
      })),
    };
  });
}

/** A checked top-K row: ids, log-probabilities, tail, and lookups. */
