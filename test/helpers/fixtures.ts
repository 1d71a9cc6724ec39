import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of `../shared` beside the project root (where CI puts it). */
export const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared");

/** Reads a JSON file from `../shared/fixtures/`. */
export function readSharedFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(resolve(sharedDir, "fixtures", name), "utf8")) as T;
}

/** Fixture numbers may be the strings "Infinity", "-Infinity" or "NaN". */
export function num(x: number | string): number {
  if (typeof x === "number") return x;
  if (x === "Infinity") return Number.POSITIVE_INFINITY;
  if (x === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (x === "NaN") return Number.NaN;
  return Number(x);
}

/** Relative error |a − b| / |b|, with 0 when both are equal (incl. both +∞) and |a − b| when b = 0. */
export function relErr(a: number, b: number): number {
  if (a === b) return 0;
  if (b === 0) return Math.abs(a);
  return Math.abs(a - b) / Math.abs(b);
}

/**
 * A case of ../shared/fixtures/discrete.json (or of a generated file of the same layout): a pair
 * of inputs and the expected values in nats; `I` narrows `input` where a test takes some kinds only.
 */
export interface DiscreteCase<I extends string = string> {
  name: string;
  input: I;
  p: (number | string)[];
  q: (number | string)[];
  expected: Record<string, number | string>;
}
