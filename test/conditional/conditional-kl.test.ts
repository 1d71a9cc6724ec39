import { describe, expect, test } from "vitest";
import { conditionalKl } from "../../src/conditional/index.js";
import { SurprisalError } from "../../src/errors.js";
import { readSharedFixture, relErr } from "../helpers/fixtures.js";

interface ConditionalCase {
  name: string;
  p_rows: number[][];
  q_rows: number[][];
  weights?: number[];
  expected: { kl_rows: number[]; kl_sum: number };
}
const fixture = readSharedFixture<{ conditional: ConditionalCase[] }>("discrete.json");

/** Measured worst 1.0ε (rows, total, mean, bits); held to 4ε. */
const TOL = 4 * Number.EPSILON;

describe("conditionalKl: shared fixtures (mpmath)", () => {
  test.for(fixture.conditional)("$name", (c) => {
    const r = conditionalKl(c.p_rows, c.q_rows, { weights: c.weights });
    expect(r.rows.length).toBe(c.expected.kl_rows.length);
    c.expected.kl_rows.forEach((v, i) => {
      expect(relErr(r.rows[i], v), `row ${i}`).toBeLessThanOrEqual(TOL);
    });
    expect(relErr(r.total, c.expected.kl_sum)).toBeLessThanOrEqual(TOL);
    const wsum = c.weights ? c.weights.reduce((a, b) => a + b, 0) : c.p_rows.length;
    expect(relErr(r.mean, c.expected.kl_sum / wsum)).toBeLessThanOrEqual(TOL);
    expect(r.unit).toBe("nats");
  });

  test("flat Float64Array rows with columns, and bits", () => {
    const c = fixture.conditional[1];
    const k = c.p_rows[0].length;
    const r = conditionalKl(new Float64Array(c.p_rows.flat()), new Float64Array(c.q_rows.flat()), {
      columns: k,
      weights: new Float64Array(c.weights!),
      base: "bits",
    });
    expect(relErr(r.total, c.expected.kl_sum / Math.LN2)).toBeLessThanOrEqual(TOL);
    expect(r.unit).toBe("bits");
  });
});

describe("conditionalKl: edge cases and errors", () => {
  test("a model that rules out what the data allows: +∞, unless that row weighs nothing", () => {
    const p = [
      [0.5, 0.5],
      [0.9, 0.1],
    ];
    const q = [
      [1, 0],
      [0.8, 0.2],
    ];
    expect(conditionalKl(p, q).total).toBe(Number.POSITIVE_INFINITY);
    const r = conditionalKl(p, q, { weights: [0, 2] });
    expect(r.rows[0]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isFinite(r.total)).toBe(true);
    expect(relErr(r.mean, r.rows[1])).toBeLessThanOrEqual(1e-15);
  });

  test("identical rows give exactly 0", () => {
    const rows = [
      [0.2, 0.8],
      [0.6, 0.4],
    ];
    expect(conditionalKl(rows, rows)).toMatchObject({ total: 0, mean: 0 });
  });

  test("refuses weights of the wrong length, negative, not finite or all zero", () => {
    const p = [
      [0.5, 0.5],
      [0.9, 0.1],
    ];
    const cases: [unknown, string, number | undefined, RegExp][] = [
      [[1], "length-mismatch", undefined, /one weight per row/],
      [[1, -0.5], "negative", 1, /negative/],
      [[Number.NaN, 1], "not-finite", 0, /not finite/],
      [[0, 0], "zero", undefined, /all zero/],
      ["heavy", "invalid-option", undefined, /weights/],
    ];
    for (const [weights, code, index, word] of cases) {
      try {
        conditionalKl(p, p, { weights: weights as number[] });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(SurprisalError);
        const err = e as SurprisalError;
        expect(err.code).toBe(code);
        expect(err.argument).toBe("weights");
        expect(err.index).toBe(index);
        expect(err.message).toMatch(word);
      }
    }
  });

  test("refuses rows that are not distributions and mismatched row counts", () => {
    expect(() => conditionalKl([[0.5, 0.6]], [[0.5, 0.5]])).toThrow(/sum/);
    expect(() =>
      conditionalKl(
        [[0.5, 0.5]],
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
      ),
    ).toThrow(/rows/);
  });
});
