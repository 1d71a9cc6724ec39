import { describe, expect, test } from "vitest";
import { fastArray, setFastThreads } from "../../src/fast/index.js";
import {
  crossEntropy,
  crossEntropyRows,
  entropy,
  entropyRows,
  hellinger,
  hellingerRows,
  jsDistance,
  jsDistanceRows,
  jsDivergence,
  jsDivergenceRows,
  klDivergence,
  klDivergenceRows,
  renyiDivergence,
  renyiDivergenceRows,
  totalVariation,
  totalVariationRows,
} from "../../src/index.js";
import { fastHooks } from "../../src/numeric/fast-hooks.js";
import { errorOf } from "../helpers/errors.js";
import { countHookCalls, onTypeScript } from "../helpers/fast-hooks.js";
import { num, readSharedFixture, relErr } from "../helpers/fixtures.js";

/**
 * klDivergenceRows of probabilities and counts in flat typed arrays on the `klRows` hook (one job
 * over the rows, each row's state by the single-vector kernel; src/measures/rows.ts klLinearRows):
 * the value of klDivergence per row (the same bits for rows from 64 outcomes, where it
 * takes the same kernel), 1 = 2 threads and copied = in place in bits, and the row-by-row path's
 * errors.
 */
const EPS = Number.EPSILON;

/**
 * A row whose P is off 1 (row 21) and a row whose Q holds `value` (row 33): the messages of the
 * row-by-row TypeScript path.
 */
function expectRowErrors(
  f: (p: Float64Array, q: Float64Array, o: { columns: number }) => unknown,
  value: number,
): void {
  const [p, q] = rowsOf(300, 10, true);
  const off = p.slice();
  off[21 * 10] += 0.01;
  const bad = q.slice();
  bad[33 * 10 + 4] = value;
  for (const [a, b] of [
    [off, q],
    [p, bad],
  ]) {
    expect(errorOf(() => f(a, b, { columns: 10 })).message).toBe(
      errorOf(() => onTypeScript(() => f(a, b, { columns: 10 }))).message,
    );
  }
}

/**
 * Each row of `got` against `want` of row r of `p` and `q` (`cols` each): the same bits from 64
 * columns (where the vector function takes the same kernel), within 4ε below (its TypeScript loop);
 * ±∞ exactly.
 */
function expectEachRow(
  got: Float64Array,
  p: Float64Array,
  q: Float64Array,
  cols: number,
  want: (pr: Float64Array, qr: Float64Array) => number,
): void {
  for (let r = 0; r < got.length; r++) {
    const w = want(p.subarray(r * cols, (r + 1) * cols), q.subarray(r * cols, (r + 1) * cols));
    if (!Number.isFinite(w) || cols >= 64) expect(got[r], `row ${r}`).toBe(w);
    else expect(relErr(got[r] as number, w), `row ${r}`).toBeLessThanOrEqual(4 * EPS);
  }
}

/** f() with the hook `name` counting its calls: [f's value, the number of calls]. */
function counting<T>(
  name: "entropyRows" | "pairRows" | "jsRows" | "crossRows",
  f: () => T,
): [T, number] {
  const hooks = fastHooks as Record<string, unknown>;
  const hook = hooks[name] as (...a: unknown[]) => unknown;
  let used = 0;
  hooks[name] = (...a: unknown[]) => {
    used++;
    return hook(...a);
  };
  try {
    return [f(), used];
  } finally {
    hooks[name] = hook;
  }
}
const hook = countHookCalls("klRows");

function rowsOf(rows: number, cols: number, probabilities: boolean): [Float64Array, Float64Array] {
  const p = new Float64Array(rows * cols);
  const q = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let sp = 0;
    let sq = 0;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      sp += p[i] = (i * 7919) % 13 === 0 ? 0 : 1 + ((i * 7) % 17);
      sq += q[i] = 1 + ((i * 3 + r) % 11) * (1 + 1e-7 * (c % 3));
    }
    if (probabilities) {
      for (let c = 0; c < cols; c++) {
        p[r * cols + c] /= sp;
        q[r * cols + c] /= sq;
      }
    }
  }
  return [p, q];
}

describe("klDivergenceRows of probabilities and counts on the rows kernel", () => {
  test.each([
    [2000, 10, true],
    [300, 64, true],
    [40, 1000, true],
    [2000, 10, false],
    [40, 1000, false],
  ])("%i rows × %i, probabilities %s: klDivergence of each row", (rows, cols, probabilities) => {
    const [p, q] = rowsOf(rows, cols, probabilities);
    const input = probabilities ? ("probabilities" as const) : ("counts" as const);
    const before = hook.calls;
    const got = klDivergenceRows(p, q, { columns: cols, input, base: "bits" });
    expect(hook.calls).toBe(before + 1);
    expectEachRow(got, p, q, cols, (pr, qr) => klDivergence(pr, qr, { input, base: "bits" }));
    // The row-by-row TypeScript path agrees too.
    const ts = onTypeScript(() => klDivergenceRows(p, q, { columns: cols, input, base: "bits" }));
    for (let r = 0; r < rows; r++)
      expect(relErr(got[r] as number, ts[r] as number), `row ${r}`).toBeLessThanOrEqual(4 * EPS);
  });

  test("1 and 2 threads, copied and in place, float32: the same bits", () => {
    const [p, q] = rowsOf(5000, 40, true);
    const a = klDivergenceRows(p, q, { columns: 40 });
    const pw = fastArray(p.length);
    const qw = fastArray(q.length);
    pw.set(p);
    qw.set(q);
    expect(Array.from(klDivergenceRows(pw, qw, { columns: 40 }))).toEqual(Array.from(a));
    setFastThreads(1);
    expect(Array.from(klDivergenceRows(p, q, { columns: 40 }))).toEqual(Array.from(a));
    setFastThreads(undefined);
    const p32 = Float32Array.from(p);
    const q32 = Float32Array.from(q);
    const f = klDivergenceRows(p32, q32, { columns: 40, tolerance: 1e-5 });
    for (let r = 0; r < 5000; r += 97) {
      const want = klDivergence(
        p32.subarray(r * 40, r * 40 + 40),
        q32.subarray(r * 40, r * 40 + 40),
        {
          tolerance: 1e-5,
        },
      );
      expect(relErr(f[r] as number, want)).toBeLessThanOrEqual(4 * EPS);
    }
  });

  test("an invalid element, a row off 1, a row of zero counts: the row-by-row path's errors", () => {
    const [p, q] = rowsOf(300, 10, true);
    const bad = p.slice();
    bad[7 * 10 + 3] = -0.1;
    const e1 = errorOf(() => klDivergenceRows(bad, q, { columns: 10 }));
    const t1 = errorOf(() => onTypeScript(() => klDivergenceRows(bad, q, { columns: 10 })));
    expect(e1.message).toBe(t1.message);
    expect([e1.argument, e1.index]).toEqual(["p[7]", 3]);
    const off = p.slice();
    off[12 * 10] += 0.01;
    const e2 = errorOf(() => klDivergenceRows(off, q, { columns: 10 }));
    expect(e2.message).toBe(
      errorOf(() => onTypeScript(() => klDivergenceRows(off, q, { columns: 10 }))).message,
    );
    expect(e2.message).toMatch(/^row 12: /);
    const [c, d] = rowsOf(300, 10, false);
    c.fill(0, 50, 60);
    const e3 = errorOf(() => klDivergenceRows(c, d, { columns: 10, input: "counts" }));
    expect(e3.message).toBe(
      errorOf(() => onTypeScript(() => klDivergenceRows(c, d, { columns: 10, input: "counts" })))
        .message,
    );
    expect(e3.argument).toBe("p[5]");
  });

  test("counts whose sums overflow in one row: that row rescaled, as klDivergence does", () => {
    const [c, d] = rowsOf(100, 10, false);
    for (let k = 0; k < 10; k++) c[30 + k] = 1e308 * (0.5 + k / 40);
    const got = klDivergenceRows(c, d, { columns: 10, input: "counts" });
    const want = klDivergence(c.subarray(30, 40), d.subarray(30, 40), { input: "counts" });
    expect(Number.isFinite(want)).toBe(true);
    expect(got[3]).toBe(want);
    // Totals more than the double range apart (Σp/Σq = ∞): the row as klDivergence computes it.
    for (let k = 0; k < 10; k++) {
      c[60 + k] = 1e300 * (1 + k);
      d[60 + k] = 1e-300 * (2 + (k % 3));
    }
    const far = klDivergenceRows(c, d, { columns: 10, input: "counts" });
    expect(far[6]).toBe(klDivergence(c.subarray(60, 70), d.subarray(60, 70), { input: "counts" }));
    expect(far[3]).toBe(want);
  });
});

describe("entropyRows of probabilities and counts on the rows kernel", () => {
  test.each([
    [2000, 10, true],
    [300, 64, true],
    [40, 1000, false],
  ])("%i rows × %i, probabilities %s: entropy of each row", (rows, cols, probabilities) => {
    const [p] = rowsOf(rows, cols, probabilities);
    const input = probabilities ? ("probabilities" as const) : ("counts" as const);
    const [got, used] = counting("entropyRows", () =>
      entropyRows(p, { columns: cols, input, base: "bits" }),
    );
    expect(used, "the rows kernel ran").toBe(1);
    expectEachRow(got, p, p, cols, (pr) => entropy(pr, { input, base: "bits" }));
    const ts = onTypeScript(() => entropyRows(p, { columns: cols, input, base: "bits" }));
    for (let r = 0; r < rows; r++)
      expect(relErr(got[r] as number, ts[r] as number), `row ${r}`).toBeLessThanOrEqual(4 * EPS);
  });

  test("1 and 2 threads, copied and in place: the same bits; the row-by-row path's errors", () => {
    const [p] = rowsOf(5000, 40, true);
    const a = entropyRows(p, { columns: 40 });
    const pw = fastArray(p.length);
    pw.set(p);
    expect(Array.from(entropyRows(pw, { columns: 40 }))).toEqual(Array.from(a));
    setFastThreads(1);
    expect(Array.from(entropyRows(p, { columns: 40 }))).toEqual(Array.from(a));
    setFastThreads(undefined);
    const bad = p.slice();
    bad[9 * 40 + 5] = Number.NaN;
    const message = (f: () => unknown): string => errorOf(f).message;

    expect(message(() => entropyRows(bad, { columns: 40 }))).toBe(
      message(() => onTypeScript(() => entropyRows(bad, { columns: 40 }))),
    );
    const off = p.slice();
    off[17 * 40] += 0.01;
    expect(message(() => entropyRows(off, { columns: 40 }))).toMatch(/^row 17: /);
  });

  test("counts whose total overflows in one row: that row rescaled, as entropy does", () => {
    const [c] = rowsOf(100, 10, false);
    for (let k = 0; k < 10; k++) c[40 + k] = 1e308 * (0.5 + k / 40);
    const got = entropyRows(c, { columns: 10, input: "counts" });
    const want = entropy(c.subarray(40, 50), { input: "counts" });
    expect(Number.isFinite(want)).toBe(true);
    expect(got[4]).toBe(want);
  });
});

describe("crossEntropyRows of probabilities and counts on the cross-entropy rows kernel", () => {
  test.each([
    [2000, 10, true],
    [300, 64, true],
    [40, 1000, false],
  ])(
    "%i rows × %i, probabilities %s: crossEntropy of each row (bits from 64 columns, else ≤ 4ε)",
    (rows, cols, probabilities) => {
      const [p, q] = rowsOf(rows, cols, probabilities);
      const input = probabilities ? ("probabilities" as const) : ("counts" as const);
      if (!probabilities) q[5 * cols + 2] = 0; // row 5: Q rules out what P allows (+∞ where p > 0)
      const [got, used] = counting("crossRows", () =>
        crossEntropyRows(p, q, { columns: cols, input, base: "bits" }),
      );
      expect(used, "the rows kernel ran").toBe(1);
      expectEachRow(got, p, q, cols, (pr, qr) => crossEntropy(pr, qr, { input, base: "bits" }));
      setFastThreads(1);
      try {
        expect(Array.from(crossEntropyRows(p, q, { columns: cols, input, base: "bits" }))).toEqual(
          Array.from(got),
        );
      } finally {
        setFastThreads(undefined);
      }
    },
  );

  test("the shared fixtures' cross-entropy, each case as 40 rows: within 2ε of mpmath", () => {
    const { cases } = readSharedFixture<{
      cases: {
        name: string;
        input: string;
        p: number[];
        q: number[];
        expected: Record<string, number | string>;
      }[];
    }>("discrete.json");
    let ran = 0;
    for (const c of cases) {
      if (c.input !== "probabilities" && c.input !== "counts") continue;
      const n = c.p.length;
      const p = new Float64Array(40 * n);
      const q = new Float64Array(40 * n);
      for (let r = 0; r < 40; r++) {
        p.set(c.p, r * n);
        q.set(c.q, r * n);
      }
      const input = c.input as "probabilities" | "counts";
      const [got, used] = counting("crossRows", () =>
        crossEntropyRows(p, q, { columns: n, input }),
      );
      expect(used).toBe(1);
      const want = num(c.expected.cross_entropy as number | string);
      // Measured worst: 1.1ε (as the vector kernel, bench/results/accuracy.md).
      for (let r = 0; r < 40; r += 13) {
        if (!Number.isFinite(want)) expect(got[r]).toBe(want);
        else expect(relErr(got[r] as number, want), c.name).toBeLessThanOrEqual(2 * EPS);
      }
      ran++;
    }
    expect(ran).toBeGreaterThanOrEqual(10);
  });

  test("a row whose largest q is beyond 2^1000: H(P) + D(P‖Q) for every row; errors as the loop's", () => {
    const [p, q] = rowsOf(100, 10, false);
    for (let k = 0; k < 10; k++) q[40 + k] = 1e305 * (1 + k);
    const got = crossEntropyRows(p, q, { columns: 10, input: "counts" });
    const want = crossEntropy(p.subarray(40, 50), q.subarray(40, 50), { input: "counts" });
    expect(relErr(got[4] as number, want)).toBeLessThanOrEqual(4 * EPS);
    expectRowErrors(crossEntropyRows, Number.NEGATIVE_INFINITY);
  });
});

describe("totalVariationRows and hellingerRows of probabilities and counts on the rows kernel", () => {
  const cases: [string, typeof totalVariationRows, typeof totalVariation][] = [
    ["total variation", totalVariationRows, totalVariation],
    ["Hellinger", hellingerRows, hellinger],
  ];
  test.each(cases)("%s: the measure of each row; the row-by-row path's errors", (_n, rowsF, f) => {
    for (const [rows, cols, probabilities] of [
      [2000, 10, true],
      [300, 64, true],
      [40, 1000, false],
    ] as const) {
      const [p, q] = rowsOf(rows, cols, probabilities);
      const input = probabilities ? ("probabilities" as const) : ("counts" as const);
      const [got, used] = counting("pairRows", () => rowsF(p, q, { columns: cols, input }));
      expect(used, "the rows kernel ran").toBe(1);
      expectEachRow(got, p, q, cols, (pr, qr) => f(pr, qr, { input }));
      setFastThreads(1);
      expect(Array.from(rowsF(p, q, { columns: cols, input }))).toEqual(Array.from(got));
      setFastThreads(undefined);
    }
    expectRowErrors(rowsF, Number.POSITIVE_INFINITY);
  });
});

describe("jsDivergenceRows and jsDistanceRows of probabilities and counts on the rows kernel", () => {
  test("the measure of each row, the kernel ran, 1 = 2 threads; the row-by-row path's errors", () => {
    for (const [rows, cols, probabilities] of [
      [2000, 10, true],
      [300, 64, true],
      [40, 1000, false],
    ] as const) {
      const [p, q] = rowsOf(rows, cols, probabilities);
      const input = probabilities ? ("probabilities" as const) : ("counts" as const);
      const [[got, dist], used] = counting(
        "jsRows",
        () =>
          [
            jsDivergenceRows(p, q, { columns: cols, input, base: "bits" }),
            jsDistanceRows(p, q, { columns: cols, input }),
          ] as const,
      );
      expect(used, "the rows kernel ran").toBe(2);
      for (let r = 0; r < rows; r++) {
        const pr = p.subarray(r * cols, (r + 1) * cols);
        const qr = q.subarray(r * cols, (r + 1) * cols);
        const want = jsDivergence(pr, qr, { input, base: "bits" });
        if (cols >= 64) expect(got[r], `${rows}×${cols} row ${r}`).toBe(want);
        else expect(relErr(got[r] as number, want), `row ${r}`).toBeLessThanOrEqual(4 * EPS);
        expect(
          relErr(dist[r] as number, jsDistance(pr, qr, { input })),
          `row ${r}`,
        ).toBeLessThanOrEqual(4 * EPS);
      }
      setFastThreads(1);
      expect(Array.from(jsDivergenceRows(p, q, { columns: cols, input, base: "bits" }))).toEqual(
        Array.from(got),
      );
      setFastThreads(undefined);
    }
    expectRowErrors(jsDivergenceRows, Number.NaN);
  });
});

describe("renyiDivergenceRows of order ½: the Hellinger sums of the rows kernel", () => {
  test("the measure of each row (bits from 64 columns), the kernel ran; rows with H² > ½", () => {
    for (const [rows, cols, probabilities] of [
      [2000, 10, true],
      [300, 64, true],
      [40, 1000, false],
    ] as const) {
      const [p, q] = rowsOf(rows, cols, probabilities);
      const input = probabilities ? ("probabilities" as const) : ("counts" as const);
      if (!probabilities) {
        // Row 3 nearly apart from its Q (H² > ½): renyiDivergence of the row decides it.
        for (let c = 0; c < cols; c++) {
          p[3 * cols + c] = c < cols / 2 ? 1 : 1e-9;
          q[3 * cols + c] = c < cols / 2 ? 1e-9 : 1;
        }
      }
      const [got, used] = counting("pairRows", () =>
        renyiDivergenceRows(p, q, { alpha: 0.5, columns: cols, input, base: "bits" }),
      );
      expect(used, "the rows kernel ran").toBe(1);
      expectEachRow(got, p, q, cols, (pr, qr) =>
        renyiDivergence(pr, qr, { alpha: 0.5, input, base: "bits" }),
      );
    }
  });
});
