import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

type Num = number | string;

/** test/fixtures/numeric.json, written by scripts/gen_numeric.py (math.fsum and mpmath). */
export interface NumericFixture {
  fsum: { name: string; values: Num[]; sum: Num }[];
  phi: { r: number; value: number }[];
  klTerm: { p: number; q: number; value: Num }[];
  logSumExp: { name: string; values: Num[]; value: Num }[];
  logAddExp: { a: Num; b: Num; value: Num }[];
  units: {
    convert: { value: number; from: string | number; to: string | number; result: number }[];
    lnBase: { base: number; value: number }[];
  };
}

export const numericFixture: NumericFixture = JSON.parse(
  readFileSync(
    resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/numeric.json"),
    "utf8",
  ),
);

/** Machine epsilon, 2^-52. */
export const EPS = Number.EPSILON;
