/**
 * klTerm is scipy.special.kl_div: the values of scripts/gen_edges.py (test/fixtures/edges.json),
 * including the arguments outside the domain (negative → +∞, NaN → NaN). Where scipy returns NaN
 * for one infinite argument, klTerm returns the limit +∞ (documented).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { klTerm } from "../../src/index.js";
import { num, relErr } from "../helpers/fixtures.js";

interface Case {
  x: number | string;
  y: number | string;
  scipy: number | string;
}
const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/edges.json"), "utf8"),
) as { kl_div: Case[] };

describe("klTerm(x, y) = scipy.special.kl_div(x, y)", () => {
  test.each(fixture.kl_div.map((c) => [c.x, c.y, c.scipy] as const))(
    "kl_div(%s, %s) = %s",
    (x0, y0, s0) => {
      const x = num(x0);
      const y = num(y0);
      const expected = num(s0);
      const got = klTerm(x, y);
      const oneInfinite =
        (x === Number.POSITIVE_INFINITY) !== (y === Number.POSITIVE_INFINITY) &&
        !Number.isNaN(x) &&
        !Number.isNaN(y) &&
        x >= 0 &&
        y >= 0;
      if (oneInfinite && Number.isNaN(expected)) {
        expect(got).toBe(Number.POSITIVE_INFINITY); // the limit, where scipy gives NaN
      } else if (Number.isNaN(expected)) {
        expect(got).toBeNaN();
      } else {
        // Finite values to a few ulps (measured ≤ 1 ulp); ±∞ and 0 exactly.
        expect(relErr(got, expected)).toBeLessThanOrEqual(4 * Number.EPSILON);
      }
    },
  );

  test("the issue's three cases: +∞, not NaN, −1 or 0", () => {
    expect(klTerm(-0.5, 0.5)).toBe(Number.POSITIVE_INFINITY);
    expect(klTerm(0, -1)).toBe(Number.POSITIVE_INFINITY);
    expect(klTerm(-0.5, -0.5)).toBe(Number.POSITIVE_INFINITY);
  });
});
