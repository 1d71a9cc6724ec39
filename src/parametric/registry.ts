import { SurprisalError } from "../errors.js";
import type { Distribution } from "./types.js";

/** A KL function for one ordered pair of families, in nats. */
export type KlFunction = (p: Distribution, q: Distribution) => number;

/** User-registered pairs: "P|Q" → function. */
const registry = new Map<string, KlFunction>();

/**
 * Registers (or replaces) the KL divergence of an ordered pair of families, in nats. It takes
 * precedence over the built-in formulas, and lets custom `Distribution` objects (any object with
 * that `family` name) join {@link parametricKlDivergence}, {@link parametricCrossEntropy} and
 * {@link closedFormPairs}.
 *
 * @param familyP - the `family` of the first argument (the truth, P).
 * @param familyQ - the `family` of the second argument (Q).
 * @param fn - `(p, q) => D(p‖q)` in nats (+∞ allowed).
 * @example
 * ```ts
 * registerKl("Normal", "Cauchy", (p, q) => myNormalCauchyKl(p, q)); // your own formula, in nats
 * registerKl("Normal", "Cauchy", () => 0.25);
 * parametricKlDivergence(new distributions.Normal({ mean: 0, std: 1 }), new distributions.Cauchy({ loc: 0, scale: 1 })); // 0.25
 * unregisterKl("Normal", "Cauchy"); // true
 * ```
 */
export function registerKl(familyP: string, familyQ: string, fn: KlFunction): void {
  if (typeof familyP !== "string" || typeof familyQ !== "string" || typeof fn !== "function") {
    throw new SurprisalError(
      "invalid-option",
      "registerKl(familyP, familyQ, fn) needs two family names and a function",
      { argument: "fn", value: fn },
    );
  }
  registry.set(`${familyP}|${familyQ}`, fn);
}

/**
 * Removes a pair added by {@link registerKl}; returns whether it was there.
 *
 * @example
 * ```ts
 * unregisterKl("Normal", "Cauchy"); // false unless registered
 * ```
 */
export function unregisterKl(familyP: string, familyQ: string): boolean {
  return registry.delete(`${familyP}|${familyQ}`);
}

/** The registered D(p‖q) of this ordered pair of families, if any. */
export function registeredKl(familyP: string, familyQ: string): KlFunction | undefined {
  return registry.get(`${familyP}|${familyQ}`);
}

/** The registered ordered pairs, as [familyP, familyQ]. */
export function registeredPairs(): [string, string][] {
  return [...registry.keys()].map((key) => key.split("|") as [string, string]);
}
