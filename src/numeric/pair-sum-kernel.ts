/**
 * The dispatch of total variation and Hellinger to the accelerated `pairSum` hook (WebAssembly
 * kernels, threads): the sum Σ |p̂ᵢ − q̂ᵢ| or Σ ((p̂ᵢ − q̂ᵢ)/(√p̂ᵢ + √q̂ᵢ))² of a validated pair, as a
 * compensated [hi, lo] pair, or undefined where the TypeScript loop runs (no hook, log kinds, plain
 * arrays, short inputs, or the hook declines).
 */
import { fastHooks } from "./fast-hooks.js";

/** What the hook needs of a validated pair (src/input/pair.ts), with `balanced(pair)`. */
export interface PairSums {
  p: ArrayLike<number>;
  q: ArrayLike<number>;
  sp: number;
  sq: number;
  lambda: number;
  sqL: number;
  delta: number;
  balanced: boolean;
  log: boolean;
  threads: number | undefined;
}

/** The sum of `measure` (0: total variation, 1: Hellinger) from the `pairSum` hook, or undefined. */
export function fastPairSum(pair: PairSums, measure: 0 | 1): Float64Array | undefined {
  const hook = fastHooks.pairSum;
  const { p, q } = pair;
  if (hook === undefined || pair.log) return undefined;
  if (!(p instanceof Float64Array || p instanceof Float32Array)) return undefined;
  if (!(q instanceof Float64Array || q instanceof Float32Array)) return undefined;
  if (p.length < (fastHooks.minLength ?? 0)) return undefined;
  const out = new Float64Array(2);
  return hook(p, q, pair, measure, out, pair.threads) ? out : undefined;
}
