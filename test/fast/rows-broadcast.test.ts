import { afterAll, describe, expect, test } from "vitest";
import {
  crossEntropyRows,
  hellingerRows,
  jsDistanceRows,
  jsDivergenceRows,
  klDivergenceRows,
  renyiDivergenceRows,
  totalVariationRows,
} from "../../src/index.js";
import { fastHooks } from "../../src/numeric/fast-hooks.js";
import type { RowOptions } from "../../src/types.js";
import { onTypeScript } from "../helpers/fast-hooks.js";
import { relErr } from "../helpers/fixtures.js";

/**
 * The row-wise measures where one side is a single row broadcast against the rows of the other
 * (NumPy's rule: one reference distribution against a batch), and rows of logits shorter than the
 * kernels' `minLength` (10-class outputs): both on the rows kernels (the hooks repeat the single row
 * in the kernels' memory, src/fast/hooks.ts rowSource), not row by row, however few rows there are
 * (so that batching the rows differently never changes a value). A broadcast gives the bits of the
 * same rows given in full; the kernels agree with the row-by-row TypeScript path within the
 * contract, measured here.
 */
const EPS = Number.EPSILON;
const ROW_HOOKS = [
  "klRows",
  "entropyRows",
  "pairRows",
  "jsRows",
  "renyiRows",
  "crossRows",
  "klLogitsRows",
  "entropyLogitsRows",
  "logitPairRows",
] as const;

/** Calls of the rows hooks during f, and f's value. */
function hookCalls<T>(f: () => T): [T, number] {
  const hooks = fastHooks as Record<string, unknown>;
  const saved = ROW_HOOKS.map((k) => hooks[k]);
  let calls = 0;
  for (const k of ROW_HOOKS) {
    const h = hooks[k] as (...a: unknown[]) => unknown;
    hooks[k] = (...a: unknown[]) => {
      calls++;
      return h(...a);
    };
  }
  try {
    return [f(), calls];
  } finally {
    ROW_HOOKS.forEach((k, i) => {
      hooks[k] = saved[i];
    });
  }
}

type Kind = "probabilities" | "counts" | "logits" | "logprobs";

/** `rows` rows of `cols` of `kind` (a fixed sequence; every row distinct). */
function matrix(rows: number, cols: number, kind: Kind, seed: number): Float64Array {
  const x = new Float64Array(rows * cols);
  let s = seed;
  const next = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const v = kind === "logits" ? 6 * next() - 3 : 0.02 + next();
      x[r * cols + c] = kind === "counts" ? Math.round(100 * v) : v;
      sum += v;
    }
    if (kind === "probabilities" || kind === "logprobs") {
      for (let c = 0; c < cols; c++) {
        const p = (x[r * cols + c] as number) / sum;
        x[r * cols + c] = kind === "logprobs" ? Math.log(p) : p;
      }
    }
  }
  return x;
}

/** The single row repeated `rows` times. */
function tile(row: Float64Array, rows: number): Float64Array {
  const out = new Float64Array(rows * row.length);
  for (let r = 0; r < rows; r++) out.set(row, r * row.length);
  return out;
}

type RowsF = (p: Float64Array, q: Float64Array, o: RowOptions) => Float64Array;
/**
 * The measures, and their bound against the TypeScript path in ε: 32, and for Rényi below α = 1
 * the bound of renyi-logits.test.ts, 32 + 32/α (ψβ cancels by up to ~20/α on both paths).
 */
const MEASURES: [string, RowsF, number][] = [
  ["klDivergenceRows", klDivergenceRows, 32],
  ["crossEntropyRows", crossEntropyRows, 32],
  ["jsDivergenceRows", jsDivergenceRows, 32],
  ["jsDistanceRows", jsDistanceRows, 32],
  ["totalVariationRows", totalVariationRows, 32],
  ["hellingerRows", hellingerRows, 32],
  ["renyiDivergenceRows α = 2", (p, q, o) => renyiDivergenceRows(p, q, { ...o, alpha: 2 }), 32],
  [
    "renyiDivergenceRows α = 0.3",
    (p, q, o) => renyiDivergenceRows(p, q, { ...o, alpha: 0.3 }),
    32 + 32 / 0.3,
  ],
  [
    "renyiDivergenceRows α = ½",
    (p, q, o) => renyiDivergenceRows(p, q, { ...o, alpha: 0.5 }),
    32 + 32 / 0.5,
  ],
];

/** The worst relative error against the TypeScript path, per measure (logged after the file). */
const worst = new Map<string, number>();
afterAll(() => {
  const lines = [...worst].map(([m, e]) => `${m} ${(e / EPS).toFixed(1)}ε`);
  console.log(`rows kernels against the row-by-row TypeScript path, worst: ${lines.join(", ")}`);
});

/** got against the TypeScript path's rows within `tol`. */
function expectNear(
  name: string,
  got: Float64Array,
  ts: Float64Array,
  tol: number,
  what: string,
): void {
  for (let r = 0; r < got.length; r++) {
    const g = got[r] as number;
    const t = ts[r] as number;
    if (!Number.isFinite(t) || t === 0) {
      expect(g, `${what} row ${r}`).toBe(t);
      continue;
    }
    const e = relErr(g, t);
    worst.set(name, Math.max(worst.get(name) ?? 0, e));
    expect(e, `${what} row ${r}`).toBeLessThanOrEqual(tol);
  }
}

describe("one row broadcast against a matrix: on the rows kernels, the bits of the full matrix", () => {
  for (const kind of ["probabilities", "counts", "logits", "logprobs"] as const) {
    for (const cols of [3, 10, 100]) {
      test(`${kind}, ${cols} columns`, () => {
        const rows = 400;
        const P = matrix(rows, cols, kind, 7);
        const Q = matrix(rows, cols, kind, 11);
        const one = Q.slice(5 * cols, 6 * cols);
        const full = tile(one, rows);
        const o = { columns: cols, input: kind } as RowOptions;
        for (const [name, f, tol] of MEASURES) {
          const want = f(P, full, o);
          const [gotQ, callsQ] = hookCalls(() => f(P, one, o));
          expect(callsQ, `${name}: the rows kernels ran`).toBeGreaterThan(0);
          expect(Array.from(gotQ), `${name}, one Q`).toEqual(Array.from(want));
          const [gotP, callsP] = hookCalls(() => f(one, P, o));
          expect(callsP, `${name}: the rows kernels ran`).toBeGreaterThan(0);
          expect(Array.from(gotP), `${name}, one P`).toEqual(Array.from(f(full, P, o)));
          // The TypeScript path, row by row: as the contract (measured worst in the log above).
          expectNear(
            name,
            gotQ,
            onTypeScript(() => f(P, one, o)),
            tol * EPS,
            `${name} ${kind} ×${cols}, one Q`,
          );
          expectNear(
            name,
            gotP,
            onTypeScript(() => f(one, P, o)),
            tol * EPS,
            `${name} ${kind} ×${cols}, one P`,
          );
        }
      });
    }
  }

  test("a broadcast row of the wrong length: the row-by-row path's error", () => {
    const P = matrix(50, 10, "probabilities", 7);
    const bad = new Float64Array(7).fill(1 / 7);
    const f = () => klDivergenceRows(P, bad, { columns: 10 });
    expect(f).toThrow(/length/);
    expect(() => onTypeScript(f)).toThrow(/length/);
  });
});

describe("rows shorter than minLength run on the kernels", () => {
  test("1000 rows × 2 and × 10: the kernels ran, the TypeScript path agrees", () => {
    for (const cols of [2, 10]) {
      const P = matrix(1000, cols, "logits", 3);
      const Q = matrix(1000, cols, "logits", 5);
      const o = { columns: cols, input: "logits" } as RowOptions;
      for (const [name, f, tol] of MEASURES) {
        const [got, calls] = hookCalls(() => f(P, Q, o));
        expect(calls, `${name} ×${cols}: the rows kernels ran`).toBeGreaterThan(0);
        expectNear(
          name,
          got,
          onTypeScript(() => f(P, Q, o)),
          tol * EPS,
          `${name} logits ×${cols}`,
        );
      }
    }
  });

  test("any batching of the rows gives the same values (the path depends on the inputs' kinds only)", () => {
    for (const kind of ["probabilities", "logits"] as const) {
      const P = matrix(50, 10, kind, 3);
      const Q = matrix(50, 10, kind, 5);
      const o = { columns: 10, input: kind } as RowOptions;
      for (const [name, f] of MEASURES) {
        const whole = Array.from(f(P, Q, o));
        const parts: number[] = [];
        for (const [a, b] of [
          [0, 1],
          [1, 4],
          [4, 37],
          [37, 50],
        ] as const)
          parts.push(...f(P.subarray(a * 10, b * 10), Q.subarray(a * 10, b * 10), o));
        expect(parts, `${name} ${kind}`).toEqual(whole);
      }
    }
  });
});
