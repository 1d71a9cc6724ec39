/**
 * Row-wise functions: one Q against many P rows (and the reverse), results that serialize as JSON
 * arrays, and the summary line (rows, mean ± standard error, min, max). References from
 * scripts/gen_edges.py (mpmath, numpy).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import {
  crossEntropyRows,
  entropyRows,
  hellingerRows,
  jsDivergenceRows,
  klDivergence,
  klDivergenceRows,
  renyiDivergenceRows,
  summarizeRows,
  totalVariationRows,
} from "../../src/index.js";
import { num, relErr } from "../helpers/fixtures.js";

const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/edges.json"), "utf8"),
) as {
  broadcast: { p: number[][]; q: number[]; kl_rows_vs_q: number[]; kl_q_vs_rows: number[] };
  summary: { values: number[]; mean: number; standardError: number; numpy_sem: number };
};

describe("broadcasting a single row against a matrix", () => {
  const { p, q, kl_rows_vs_q, kl_q_vs_rows } = fixture.broadcast;

  test("one Q against every row of P, and one P against every row of Q (mpmath, 4ε)", () => {
    const a = klDivergenceRows(p, q);
    const b = klDivergenceRows(q, p);
    expect(a.length).toBe(3);
    for (let r = 0; r < 3; r++) {
      expect(relErr(a[r] as number, num(kl_rows_vs_q[r] as number))).toBeLessThanOrEqual(
        4 * Number.EPSILON,
      );
      expect(relErr(b[r] as number, num(kl_q_vs_rows[r] as number))).toBeLessThanOrEqual(
        4 * Number.EPSILON,
      );
    }
  });

  test("every row-wise function broadcasts, in every form of a single row", () => {
    const flat = new Float64Array(p.flat());
    const one = new Float64Array(q);
    const expected = klDivergenceRows(p, [q, q, q]);
    expect([...klDivergenceRows(p, [q])]).toEqual([...expected]); // a matrix of one row
    expect([...klDivergenceRows(p, one)]).toEqual([...expected]); // a typed array against rows
    expect([...klDivergenceRows(flat, one, { columns: 2 })]).toEqual([...expected]); // flat, one row
    for (const f of [crossEntropyRows, jsDivergenceRows, totalVariationRows, hellingerRows]) {
      expect([...f(p, q)]).toEqual([...f(p, [q, q, q])]);
      expect([...f(q, p)]).toEqual([...f([q, q, q], p)]);
    }
    expect([...renyiDivergenceRows(p, q, { alpha: 2 })]).toEqual([
      ...renyiDivergenceRows(p, [q, q, q], { alpha: 2 }),
    ]);
    expect([...entropyRows([0.5, 0.5], { base: "bits" })]).toEqual([1]);
  });

  test("what stays refused: other row counts, and a flat array without columns against a flat array", () => {
    expect(() => klDivergenceRows(p, [q, q])).toThrow(
      expect.objectContaining({ code: "length-mismatch", argument: "q" }),
    );
    expect(() => klDivergenceRows(new Float64Array(4), new Float64Array(2))).toThrow(
      expect.objectContaining({ code: "invalid-option", argument: "columns" }),
    );
    expect(() => klDivergenceRows(p, [0.5, 0.3, 0.2])).toThrow(/row 0/);
    expect(() => klDivergenceRows([], q)).toThrow(expect.objectContaining({ code: "empty" }));
  });

  fcTest.prop([
    fc.array(
      fc
        .array(fc.integer({ min: 0, max: 20 }), { minLength: 3, maxLength: 3 })
        .filter((r) => r.some((x) => x > 0)),
      { minLength: 1, maxLength: 8 },
    ),
    fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 3, maxLength: 3 }),
  ])("broadcast = the single row repeated", (rows, one) => {
    const o = { input: "counts" as const };
    const got = klDivergenceRows(rows, one, o);
    // The same bits as the rows given in full; the single pair's loop within 16ε (counts of
    // different totals: KL([10, 12, 3] ‖ [18, 13, 5]) is 0.72ε from mpmath on the kernel, 9.1ε in
    // the loop).
    expect(Array.from(got)).toEqual(
      Array.from(
        klDivergenceRows(
          rows,
          rows.map(() => one),
          o,
        ),
      ),
    );
    rows.forEach((row, r) => {
      expect(relErr(got[r] as number, klDivergence(row, one, o))).toBeLessThanOrEqual(
        16 * Number.EPSILON,
      );
    });
  });
});

describe("row results serialize as JSON arrays", () => {
  test("JSON.stringify gives an array, ±∞ as strings (as the CLI writes them)", () => {
    const v = klDivergenceRows(
      [
        [0.5, 0.5],
        [0.5, 0.5],
      ],
      [
        [0.9, 0.1],
        [1, 0],
      ],
    );
    expect(v).toBeInstanceOf(Float64Array);
    expect(JSON.stringify(v)).toBe(`[${v[0]},"Infinity"]`);
    expect(relErr(v[0] as number, 0.5108256237659907)).toBeLessThanOrEqual(Number.EPSILON);
    expect(JSON.parse(JSON.stringify({ rows: entropyRows([[1, 0]]) }))).toEqual({ rows: [0] });
  });
});

describe("summarizeRows", () => {
  test("mean and standard error against mpmath and numpy", () => {
    const s = summarizeRows(fixture.summary.values);
    expect(s.rows).toBe(5);
    expect(relErr(s.mean, fixture.summary.mean)).toBeLessThanOrEqual(2 * Number.EPSILON);
    expect(relErr(s.standardError, fixture.summary.standardError)).toBeLessThanOrEqual(
      4 * Number.EPSILON,
    );
    expect(relErr(s.standardError, fixture.summary.numpy_sem)).toBeLessThanOrEqual(
      4 * Number.EPSILON,
    );
    expect(s.min).toBe(1e-9);
    expect(s.max).toBe(0.7);
    expect(s.infinite).toBe(0);
  });

  test("edge cases: one row, infinite rows, NaN and empty", () => {
    expect(summarizeRows([0.3])).toEqual({
      rows: 1,
      mean: 0.3,
      standardError: Number.POSITIVE_INFINITY,
      min: 0.3,
      max: 0.3,
      infinite: 0,
    });
    const inf = summarizeRows(
      klDivergenceRows(
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
        [
          [0.9, 0.1],
          [1, 0],
        ],
      ),
    );
    expect(inf).toMatchObject({
      rows: 2,
      mean: Number.POSITIVE_INFINITY,
      standardError: 0,
      infinite: 1,
      max: Number.POSITIVE_INFINITY,
    });
    expect(() => summarizeRows([])).toThrow(expect.objectContaining({ code: "empty" }));
    expect(() => summarizeRows([1, Number.NaN])).toThrow(
      expect.objectContaining({ code: "not-finite", index: 1 }),
    );
  });
});
