import { fc, test as fcTest } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fastArray, fastPathInfo, setFastThreads, useFastPath } from "../../src/fast/index.js";
import {
  hellinger,
  hellingerRows,
  jsDistanceRows,
  jsDivergence,
  jsDivergenceRows,
  SurprisalError,
  totalVariation,
  totalVariationRows,
} from "../../src/index.js";
import { fastHooks } from "../../src/numeric/fast-hooks.js";
import { onTypeScript } from "../helpers/fast-hooks.js";
import { type DiscreteCase, num, readSharedFixture, relErr } from "../helpers/fixtures.js";

type Case = DiscreteCase<"logits" | "logprobs" | "probabilities" | "counts">;
const fixture = readSharedFixture<{ cases: Case[] }>("discrete.json");
const logCases = fixture.cases.filter((c) => c.input === "logits" || c.input === "logprobs");

type Rows = typeof jsDivergenceRows;
const MEASURES: [string, Rows, 0 | 1 | 2][] = [
  ["js_divergence", jsDivergenceRows, 0],
  ["total_variation", totalVariationRows, 1],
  ["hellinger", hellingerRows, 2],
];

/** Calls of the logitPairRows hook, so that each test shows it ran on the fast path. */
let calls = 0;
let savedMin: number | undefined;

beforeAll(() => {
  expect(fastPathInfo().wasm).toBe(true);
  useFastPath(true);
  savedMin = fastHooks.minLength;
  const hook = fastHooks.logitPairRows!;
  fastHooks.logitPairRows = (...a) => {
    calls++;
    return hook(...a);
  };
  fastHooks.minLength = 0;
});

afterAll(() => {
  useFastPath(true);
  fastHooks.minLength = savedMin;
  setFastThreads(undefined);
});

/** Runs f on the TypeScript path (hooks removed), then restores the instrumented fast path. */

function rel(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.abs(b);
}

const EPS = 2 ** -52;

describe("fixtures of logits and log-probabilities on the row kernel (mpmath, 60 digits)", () => {
  const worst = { err: 0, where: "" };
  afterAll(() => {
    console.log(
      `logit rows kernel, worst relative error on the fixtures: ${(worst.err / EPS).toFixed(1)} ε (${worst.where})`,
    );
  });
  for (const [key, rowsFn, measure] of MEASURES) {
    test.each(logCases.map((c) => [c.name, c] as const))(`%s ${key}`, (_name, c) => {
      const p = Float64Array.from(c.p.map(num));
      const q = Float64Array.from(c.q.map(num));
      const want = num(c.expected[key]);
      const o = { input: c.input, columns: p.length };
      // The pair as one row, as two rows (the same pair twice), and the single-vector function.
      const p2 = new Float64Array(2 * p.length);
      const q2 = new Float64Array(2 * p.length);
      p2.set(p);
      p2.set(p, p.length);
      q2.set(q);
      q2.set(q, p.length);
      const before = calls;
      const [one] = rowsFn(p, q, o);
      const two = rowsFn(p2, q2, o);
      const single =
        measure === 0
          ? jsDivergence(p, q, { input: c.input })
          : measure === 1
            ? totalVariation(p, q, { input: c.input })
            : hellinger(p, q, { input: c.input });
      expect(calls).toBe(before + 3);
      for (const got of [one, two[0], two[1], single]) {
        const err = relErr(got, want);
        if (err > worst.err) Object.assign(worst, { err, where: `${c.name} ${key}` });
        // Reached: ≤ 3 ε; the TypeScript path's contract on these fixtures is ≤ 1e-12.
        expect(err, `${c.name} ${key}: got ${got}, want ${want}`).toBeLessThanOrEqual(8 * EPS);
      }
      // Float32 inputs: the fast path against the TypeScript path on the same (rounded) inputs.
      const p32 = Float32Array.from(p);
      const q32 = Float32Array.from(q);
      const [f32] = rowsFn(p32, q32, o);
      const ts32 = onTypeScript(() => rowsFn(p32, q32, o)[0]);
      expect(rel(f32, ts32), `float32: fast ${f32}, TS ${ts32}`).toBeLessThanOrEqual(8 * EPS);
    });
  }
});

describe("the row kernel against the TypeScript path", () => {
  const logitRows = fc.record({
    rows: fc.integer({ min: 1, max: 5 }),
    cols: fc.integer({ min: 1, max: 101 }),
    seed: fc.integer({ min: 0, max: 1 << 30 }),
    spread: fc.double({ min: 1e-9, max: 30, noNaN: true }),
    near: fc.constantFrom(0, 1e-12, 1e-7, 1e-3),
    // Large shifts are left out: the TypeScript path loses ~ulp(L) there (1e-14 at 250, 2e-13 at
    // 1e4; see the test below, against mpmath).
    shift: fc.constantFrom(0, 3),
    single: fc.boolean(),
    masked: fc.boolean(),
    peak: fc.boolean(),
    logprobs: fc.boolean(),
  });
  fcTest.prop([logitRows], { numRuns: 300, seed: 41 })(
    "JS, TV and Hellinger of logits rows: float64 or float32, −∞ entries, shifts, a far peak",
    ({ rows, cols, seed, spread, near, shift, single, masked, peak, logprobs }) => {
      const n = rows * cols;
      const z = new Float64Array(n);
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        z[i] = spread * Math.sin(seed + 1.3 * i);
        w[i] =
          near > 0
            ? z[i] + shift + near * Math.cos(seed + i)
            : spread * Math.cos(seed * 0.5 + 2.1 * i);
      }
      if (masked && cols > 1) {
        for (let r = 0; r < rows; r++) {
          z[r * cols + ((seed + r) % cols)] = Number.NEGATIVE_INFINITY;
          w[r * cols + ((seed + 2 * r + 1) % cols)] = Number.NEGATIVE_INFINITY;
        }
      }
      // One logit far above the rest (a peaked row), on P's side: exp's range is crossed.
      if (peak) z[(seed >> 3) % n] += 800;
      let A: Float64Array | Float32Array = single ? Float32Array.from(z) : z;
      let B: Float64Array | Float32Array = single ? Float32Array.from(w) : w;
      if (logprobs) {
        // Rows normalized to log-probabilities (sums within the tolerance of 1).
        const norm = (x: Float64Array | Float32Array) => {
          const y = Float64Array.from(x);
          for (let r = 0; r < rows; r++) {
            const row = y.subarray(r * cols, (r + 1) * cols);
            const m = Math.max(...row);
            if (m === Number.NEGATIVE_INFINITY) continue;
            let s = 0;
            for (const v of row) s += Math.exp(v - m);
            const l = m + Math.log(s);
            for (let i = 0; i < row.length; i++) row[i] -= l;
          }
          return single ? Float32Array.from(y) : y;
        };
        A = norm(A);
        B = norm(B);
      }
      const o = { input: logprobs ? ("logprobs" as const) : ("logits" as const), columns: cols };
      for (const [key, rowsFn] of MEASURES) {
        let fast: Float64Array | undefined;
        let fastError: unknown;
        try {
          fast = rowsFn(A, B, o);
        } catch (e) {
          fastError = e;
        }
        let ts: Float64Array | undefined;
        let tsError: unknown;
        try {
          ts = onTypeScript(() => rowsFn(A, B, o));
        } catch (e) {
          tsError = e;
        }
        // A row that is all −∞ is refused on both paths, with the same error.
        if (tsError !== undefined || fastError !== undefined) {
          expect(fastError).toBeInstanceOf(SurprisalError);
          expect((fastError as SurprisalError).message).toBe((tsError as SurprisalError).message);
          continue;
        }
        for (let r = 0; r < rows; r++) {
          const a = fast![r];
          const b = ts![r];
          // Tolerance: 1e-14 relative (≈ 45 ε), the fast/TypeScript contract of the KL rows
          // kernel (the TypeScript path of the log kinds itself loses ~10 ε on masked rows), or
          // 1e-30 absolute where both are at the rounding level (rows equal up to a shift).
          const ok = rel(a, b) <= 1e-14 || Math.abs(a - b) <= 1e-30;
          expect(ok, `${key} row ${r}: fast ${a}, TypeScript ${b}, rel ${rel(a, b)}`).toBe(true);
        }
      }
    },
  );

  test("logits near 1e4 with −∞ entries: the kernel within 2 ε of mpmath", () => {
    // mpmath at 50 digits on these doubles: 0.346696321373651445920584856615…; the TypeScript path
    // gives 0.346696321373578 (2e-13 off: its log-normalizers Lz, Lw round at ulp(1e4)).
    const z = Float64Array.from([
      Number.NEGATIVE_INFINITY,
      9.63558185417193e-10,
      5.155013718214641e-10,
    ]);
    const w = Float64Array.from([10000.001, Number.NEGATIVE_INFINITY, 9999.999583853678]);
    const before = calls;
    const [got] = jsDivergenceRows(z, w, { input: "logits", columns: 3 });
    expect(calls).toBe(before + 1);
    expect(relErr(got, 0.3466963213736515)).toBeLessThanOrEqual(2 * EPS);
  });

  test("identical rows give exactly 0, every length from 1 to 70, both float types", () => {
    for (let n = 1; n <= 70; n++) {
      const z = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 7);
      for (const x of [z, Float32Array.from(z)]) {
        const o = { input: "logits" as const, columns: n };
        const before = calls;
        expect(jsDivergenceRows(x, x.slice(), o)[0]).toBe(0);
        expect(totalVariationRows(x, x.slice(), o)[0]).toBe(0);
        expect(hellingerRows(x, x.slice(), o)[0]).toBe(0);
        expect(calls).toBe(before + 3);
      }
    }
  });

  test("JS distance rows are the square roots of the divergences; bits divide by log 2", () => {
    const z = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i));
    const w = Float64Array.from({ length: 300 }, (_, i) => Math.cos(i));
    const o = { input: "logits" as const, columns: 100 };
    const d = jsDivergenceRows(z, w, o);
    const s = jsDistanceRows(z, w, o);
    const b = jsDivergenceRows(z, w, { ...o, base: "bits" });
    for (let r = 0; r < 3; r++) {
      expect(s[r]).toBe(Math.sqrt(d[r]));
      expect(b[r]).toBe(Math.min(d[r], Math.LN2) / Math.LN2);
    }
  });

  test("an invalid element: the TypeScript path's error, with the row", () => {
    const z = new Float64Array(300);
    const w = new Float64Array(300);
    z[205] = Number.NaN;
    expect(() => jsDivergenceRows(z, w, { input: "logits", columns: 100 })).toThrow(/row 2/);
    z[205] = 0;
    w[17] = Number.POSITIVE_INFINITY;
    expect(() => hellingerRows(z, w, { input: "logits", columns: 100 })).toThrow(/row 0/);
    // Log-probabilities whose sum is off 1.
    const lp = new Float64Array(200).fill(Math.log(1 / 100));
    lp[150] = 0;
    const ok = new Float64Array(200).fill(Math.log(1 / 100));
    expect(() => totalVariationRows(lp, ok, { input: "logprobs", columns: 100 })).toThrow(/row 1/);
  });

  test("the same bits for threads = 1 and 2, in place or copied, float32 and float64", () => {
    const rows = 40;
    const cols = 5001;
    let s = 99;
    const next = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    for (const type of ["float32", "float64"] as const) {
      const z = type === "float32" ? fastArray(rows * cols, type) : fastArray(rows * cols);
      const w = type === "float32" ? fastArray(rows * cols, type) : fastArray(rows * cols);
      for (let i = 0; i < z.length; i++) {
        z[i] = 6 * next() - 3;
        w[i] = z[i] + 0.1 * (next() - 0.5);
      }
      const o = { input: "logits" as const, columns: cols };
      for (const [, rowsFn] of MEASURES) {
        setFastThreads(1);
        const one = rowsFn(z, w, o);
        setFastThreads(2);
        const two = rowsFn(z, w, o);
        const copied = rowsFn(z.slice(), w.slice(), o);
        expect(Array.from(two)).toEqual(Array.from(one));
        expect(Array.from(copied)).toEqual(Array.from(one));
      }
    }
  });
});
