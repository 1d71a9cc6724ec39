import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { SurprisalError } from "../errors.js";

/**
 * A seeded source of uniform random numbers. Everything random in the library draws from one of
 * these (never from `Math.random`), so the same seed gives the same numbers everywhere.
 */
export interface Rng {
  /** A uniform float in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** A uniform integer in [min, max] (inclusive), without modulo bias. */
  nextInt(min: number, max: number): number;
}

/** Default seed when the caller gives none: fixed, so results are reproducible by default. */
export const DEFAULT_SEED = 42;

/**
 * Checks a seed: an integer (any sign) that fits in 32 bits after truncation is accepted.
 * @throws {SurprisalError} `invalid-option` when the seed is not a finite integer.
 */
export function checkSeed(seed: unknown, argument = "seed"): number {
  if (seed === undefined) return DEFAULT_SEED;
  if (typeof seed !== "number" || !Number.isInteger(seed)) {
    throw new SurprisalError(
      "invalid-option",
      `${argument} = ${String(seed)} is not an integer: a seed must be a whole number`,
      { argument, value: seed },
    );
  }
  return seed | 0;
}

/**
 * Creates a seeded generator (xoroshiro128+ from the pure-rand package).
 *
 * @param seed - an integer; the same seed gives the same sequence. Default {@link DEFAULT_SEED}.
 * @example
 * ```ts
 * const rng = createRng(7);
 * rng.nextFloat(); // a number in [0, 1), the same on every run
 * ```
 */
export function createRng(seed?: number): Rng {
  const g = xoroshiro128plus(checkSeed(seed));
  return {
    nextFloat: () => uniformFloat64(g),
    nextInt: (min: number, max: number) => uniformInt(g, min, max),
  };
}

/**
 * The generator of a call that draws: `options.rng` when given (so draws continue a caller's
 * stream), else a fresh generator from `options.seed` (default {@link DEFAULT_SEED}).
 *
 * @example
 * ```ts
 * rngFrom({ seed: 7 }).nextFloat() === createRng(7).nextFloat(); // true
 * ```
 */
export function rngFrom(
  options: { seed?: number | undefined; rng?: Rng | undefined } | undefined,
): Rng {
  return options?.rng ?? createRng(options?.seed);
}
