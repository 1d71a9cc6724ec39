import { readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { fastArray, setFastThreads } from "../../src/fast/index.js";
import { renyiDivergence, renyiDivergenceRows } from "../../src/index.js";
import { fastHooks } from "../../src/numeric/fast-hooks.js";
import { errorOf } from "../helpers/errors.js";
import { countHookCalls, onTypeScript } from "../helpers/fast-hooks.js";
import { num, readSharedFixture, relErr } from "../helpers/fixtures.js";

/**
 * renyiDivergenceRows of orders other than ½ and 1, probabilities and counts in flat typed arrays,
 * on the `renyiRows` hook (src/measures/rows.ts, renyiLinearRows): pass 1 forms every row's totals
 * and the sums of its raw inputs, from which the far form decides; pass 2 runs the Rényi kernel
 * over the rows that need the near form (and counts of different totals, α = 0, ∞); the rest by
 * renyiDivergence of the row. Each row must give renyiDivergence's bits (with `minLength` 0 the
 * vector function takes the same kernels for every length), the same bits for 1 and 2 threads, in
 * place and copied; and the mpmath references of the shared fixtures and of
 * scripts/gen_renyi_counts.py.
 */
const EPS = Number.EPSILON;
const hook = countHookCalls("renyiRows");
const ALPHAS = [0, 0.3, 2, 3.7, 10, 40, Number.POSITIVE_INFINITY];

/** A row's outcome c of `kind`: far apart, close (the near form), zeros, multiples of each other. */
function rowsOf(rows: number, cols: number, counts: boolean): [Float64Array, Float64Array] {
  const p = new Float64Array(rows * cols);
  const q = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const kind = r % 5;
    let sp = 0;
    let sq = 0;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const a = 1 + ((i * 7 + r) % 17);
      let b: number;
      if (kind === 0)
        b = 1 + ((i * 3) % 11); // far apart
      else if (kind === 1)
        b = a * (1 + 1e-4 * ((c % 7) - 3)); // close: the near form
      else if (kind === 2)
        b = c % 4 === 0 ? 0 : a * (1 + 0.01 * (c % 3)); // q = 0 < p
      else if (kind === 3)
        b = a * (c % 9 === 0 ? 1.01 : 1); // one ratio for most outcomes
      else b = c % 5 === 0 ? 2 : a; // p = 0 below
      p[i] = kind === 4 && c % 6 === 0 ? 0 : a;
      q[i] = counts && r % 2 === 1 ? 3 * b : b; // counts of different totals in odd rows
      sp += p[i] as number;
      sq += q[i] as number;
    }
    if (!counts) {
      for (let c = 0; c < cols; c++) {
        p[r * cols + c] /= sp;
        q[r * cols + c] /= sq;
      }
    }
  }
  return [p, q];
}

/** The rows of `p`, `q` one by one through renyiDivergence. */
function byRow(
  p: Float64Array | Float32Array,
  q: Float64Array | Float32Array,
  cols: number,
  o: { alpha: number; input?: "counts"; base?: "bits"; tolerance?: number },
): number[] {
  const out: number[] = [];
  for (let r = 0; r < p.length / cols; r++)
    out.push(
      renyiDivergence(
        p.subarray(r * cols, (r + 1) * cols),
        q.subarray(r * cols, (r + 1) * cols),
        o,
      ),
    );
  return out;
}

describe("renyiDivergenceRows of probabilities and counts on the rows kernels", () => {
  test.each([
    [1000, 10, false],
    [200, 64, false],
    [30, 1000, false],
    [1000, 10, true],
    [30, 1000, true],
  ])("%i rows × %i (counts %s): renyiDivergence of each row, bit for bit", (rows, cols, counts) => {
    const [p, q] = rowsOf(rows, cols, counts);
    const input = counts ? ("counts" as const) : undefined;
    for (const alpha of ALPHAS) {
      const before = hook.calls;
      const got = renyiDivergenceRows(p, q, { alpha, columns: cols, input, base: "bits" });
      expect(hook.calls, `α = ${alpha}: the rows kernels ran`).toBe(before + 1);
      expect(Array.from(got), `α = ${alpha}`).toEqual(
        byRow(p, q, cols, { alpha, input, base: "bits" }),
      );
      // The row-by-row TypeScript loop (the twin) agrees within the fast path's contract.
      const ts = onTypeScript(() =>
        renyiDivergenceRows(p, q, { alpha, columns: cols, input, base: "bits" }),
      );
      for (let r = 0; r < rows; r++) {
        const g = got[r] as number;
        const t = ts[r] as number;
        if (!Number.isFinite(t) || t === 0) expect(g, `α = ${alpha} row ${r}`).toBe(t);
        else expect(relErr(g, t), `α = ${alpha} row ${r}`).toBeLessThanOrEqual(64 * EPS);
      }
    }
  });

  test("every kind of row in one matrix: far (pass 1), near (pass 2), ruled out, P = 0", () => {
    const [p, q] = rowsOf(10, 200, false);
    const got = renyiDivergenceRows(p, q, { alpha: 2, columns: 200 });
    expect(got[2]).toBe(Number.POSITIVE_INFINITY); // q = 0 < p at α > 1
    expect(got[1]).toBeGreaterThan(0);
    expect(got[1]).toBeLessThan(1e-7); // close rows: the near form
    const low = renyiDivergenceRows(p, q, { alpha: 0.3, columns: 200 });
    expect(Number.isFinite(low[2])).toBe(true); // α < 1: finite where Q rules an outcome out
  });

  test("1 and 2 threads, copied and in place, float32: the same bits", () => {
    const [p, q] = rowsOf(4000, 40, false);
    for (const alpha of [0.3, 2, 10]) {
      const a = renyiDivergenceRows(p, q, { alpha, columns: 40 });
      const pw = fastArray(p.length);
      const qw = fastArray(q.length);
      pw.set(p);
      qw.set(q);
      expect(Array.from(renyiDivergenceRows(pw, qw, { alpha, columns: 40 }))).toEqual(
        Array.from(a),
      );
      setFastThreads(1);
      try {
        expect(Array.from(renyiDivergenceRows(p, q, { alpha, columns: 40 }))).toEqual(
          Array.from(a),
        );
      } finally {
        setFastThreads(undefined);
      }
      const p32 = Float32Array.from(p);
      const q32 = Float32Array.from(q);
      const o = { alpha, columns: 40, tolerance: 1e-5 };
      expect(Array.from(renyiDivergenceRows(p32, q32, o))).toEqual(
        byRow(p32, q32, 40, { alpha, tolerance: 1e-5 }),
      );
    }
  });

  test("an invalid element, a row off 1: the row-by-row path's errors", () => {
    const [p, q] = rowsOf(300, 10, false);
    const off = p.slice();
    off[21 * 10] += 0.01;
    const bad = q.slice();
    bad[33 * 10 + 4] = Number.NaN;
    for (const [a, b] of [
      [off, q],
      [p, bad],
    ] as const) {
      const f = () => renyiDivergenceRows(a, b, { alpha: 2, columns: 10 });
      const e = errorOf(f);
      expect(e.message).toBe(errorOf(() => onTypeScript(f)).message);
      expect(e.message).toMatch(/^row (21|33): /);
    }
  });
});

interface SharedCase {
  name: string;
  input: string;
  p: number[];
  q: number[];
  expected: Record<string, number | string>;
}

interface CountsCase {
  name: string;
  p: number[];
  q: number[];
  expected: Record<string, number | "Infinity">;
}

describe("renyiDivergenceRows against mpmath (60 digits)", () => {
  const worst = { v: 0 };
  afterAll(() => {
    console.log(
      `renyiDivergenceRows on the rows kernels, worst relative error ${(worst.v / EPS).toFixed(1)}ε`,
    );
  });
  const check = (got: number, want: number, what: string, tol: number) => {
    if (!Number.isFinite(want) || want === 0) {
      expect(got, what).toBe(want);
      return;
    }
    const e = relErr(got, want);
    worst.v = Math.max(worst.v, e);
    expect(e, what).toBeLessThanOrEqual(tol);
  };

  test("the shared fixtures' Rényi of order 2, each case as 40 rows", () => {
    const { cases } = readSharedFixture<{ cases: SharedCase[] }>("discrete.json");
    let ran = 0;
    for (const c of cases) {
      if (c.input !== "probabilities" && c.input !== "counts") continue;
      if (c.expected.renyi_2 === undefined) continue;
      const n = c.p.length;
      const p = new Float64Array(40 * n);
      const q = new Float64Array(40 * n);
      for (let r = 0; r < 40; r++) {
        p.set(c.p, r * n);
        q.set(c.q, r * n);
      }
      const input = c.input as "probabilities" | "counts";
      const got = renyiDivergenceRows(p, q, { alpha: 2, columns: n, input });
      // Measured worst: 2.3ε (tiny_probabilities).
      for (let r = 0; r < 40; r += 13)
        check(got[r] as number, num(c.expected.renyi_2), `${c.name} row ${r}`, 8 * EPS);
      ran++;
    }
    expect(ran).toBeGreaterThanOrEqual(10);
  });

  test("scripts/gen_renyi_counts.py: counts of different totals, 8 orders, each case as 3 rows", () => {
    const fixture = JSON.parse(
      readFileSync(new URL("../fixtures/renyi-counts.json", import.meta.url), "utf8"),
    ) as { alphas: (number | "Infinity")[]; cases: CountsCase[] };
    for (const c of fixture.cases) {
      const n = c.p.length;
      const p = new Float64Array(3 * n);
      const q = new Float64Array(3 * n);
      for (let r = 0; r < 3; r++) {
        p.set(c.p, r * n);
        q.set(c.q, r * n);
      }
      for (const a of fixture.alphas) {
        const alpha = num(a);
        if (alpha === 0.5) continue; // the Hellinger sums (kl-rows.test.ts)
        const got = renyiDivergenceRows(p, q, { alpha, columns: n, input: "counts" });
        // As renyi-counts.test.ts: measured worst 12.6–14.1ε (large_counts, α = 0.3).
        for (let r = 0; r < 3; r++)
          check(
            got[r] as number,
            num(c.expected[String(a)] as number),
            `${c.name} α = ${a}`,
            24 * EPS,
          );
      }
    }
  });
});

test("the hook is registered by the fast path", () => {
  expect(typeof fastHooks.renyiRows).toBe("function");
});
