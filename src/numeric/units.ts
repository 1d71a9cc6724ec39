import { SurprisalError } from "../errors.js";
import type { Base } from "../types.js";

/**
 * The natural logarithm of a base, i.e. how many nats one unit of that base is.
 *
 * `logOfBase("nats") = 1`, `logOfBase("bits") = ln 2`, `logOfBase("dits") = ln 10`, `logOfBase(b) = ln b`.
 *
 * @param base - `"nats"`, `"bits"`, `"dits"` or a number > 0 other than 1.
 * @throws {SurprisalError} `invalid-base` for anything else.
 * @example
 * ```ts
 * logOfBase("bits"); // 0.6931471805599453
 * ```
 */
export function logOfBase(base: Base | undefined, argument = "base"): number {
  if (base === undefined || base === "nats") return 1;
  if (base === "bits") return Math.LN2;
  if (base === "dits") return Math.LN10;
  if (typeof base === "number" && Number.isFinite(base) && base > 0 && base !== 1) {
    if (base === 2) return Math.LN2;
    if (base === 10) return Math.LN10;
    return Math.log(base);
  }
  throw new SurprisalError(
    "invalid-base",
    `${argument} = ${typeof base === "string" ? JSON.stringify(base) : String(base)} is not a valid base: use "nats", "bits", "dits" or a number > 0 other than 1`,
    { argument, value: base },
  );
}

/**
 * The short name of a unit, for printing: `"nats"` (also for base e), `"bits"` (base 2), `"dits"`
 * (base 10), or `"log<b> units"` for any other numeric base b.
 *
 * @example
 * ```ts
 * unitName(2); // "bits"
 * unitName(3); // "log3 units"
 * ```
 */
export function unitName(base: Base | undefined): string {
  if (base === undefined || base === "nats" || base === Math.E) return "nats";
  if (base === "bits" || base === 2) return "bits";
  if (base === "dits" || base === 10) return "dits";
  return `log${base} units`;
}

/**
 * Converts an information quantity from one unit to another. Units are a view: every measure
 * computes in nats and converts once at the end.
 *
 * value_to = value_from · ln(from) / ln(to)
 *
 * @example
 * ```ts
 * convertUnits(1, "bits", "nats"); // 0.6931471805599453
 * convertUnits(Math.LN2, "nats", "bits"); // 1
 * ```
 */
export function convertUnits(value: number, from: Base, to: Base): number {
  const a = logOfBase(from, "from");
  const b = logOfBase(to, "to");
  return a === b ? value : (value * a) / b;
}

/** Converts a value in nats to the requested base (identity for nats). */
export function fromNats(nats: number, base: Base | undefined): number {
  const l = logOfBase(base);
  return l === 1 ? nats : nats / l;
}
