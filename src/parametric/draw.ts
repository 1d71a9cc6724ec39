import { checkSampleSize, samplerRng } from "./base.js";
import { NormalSource } from "./samplers.js";
import type { SampleOptions } from "./types.js";

/** A uniform in the open interval (0, 1). */
export function uniformOpen(rng: { nextFloat(): number }): number {
  return rng.nextFloat() + 2 ** -54;
}

/** Draws n values x = f(rng) into a Float64Array. */
export function drawMany(
  n: number,
  options: SampleOptions | undefined,
  f: (s: NormalSource) => number,
): Float64Array {
  checkSampleSize(n);
  const src = new NormalSource(samplerRng(options));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(src);
  return out;
}
