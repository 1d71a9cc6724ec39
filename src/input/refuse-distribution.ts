import { SurprisalError } from "../errors.js";

/**
 * Refuses a parametric distribution object where a vector of probabilities is expected, naming the
 * function that takes it. A distribution is told apart structurally (a non-array object with a
 * string `family`, as every `distributions.*` instance and every user `Distribution` has), so this
 * layer needs nothing from `parametric/`.
 *
 * @param x - the argument as given.
 * @param argument - its name, `"p"` or `"q"`.
 * @param use - the call to use instead, e.g. `"parametricKlDivergence(p, q)"`.
 * @throws {SurprisalError} `invalid-input` when x is a distribution object.
 * @example
 * ```ts
 * refuseDistribution([0.5, 0.5], "p", "dist.entropy()"); // returns: a vector passes
 * // refuseDistribution({ family: "Normal" }, "p", "dist.entropy()") throws SurprisalError
 * // (code "invalid-input", value "Normal")
 * ```
 */
export function refuseDistribution(x: unknown, argument: string, use: string): void {
  if (
    x === null ||
    typeof x !== "object" ||
    Array.isArray(x) ||
    ArrayBuffer.isView(x) ||
    typeof (x as { family?: unknown }).family !== "string"
  ) {
    return;
  }
  const family = (x as { family: string }).family;
  throw new SurprisalError(
    "invalid-input",
    `${argument} is a parametric distribution (${family}), not a vector of probabilities: use ${use}`,
    { argument, value: family },
  );
}
