import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LONG_ROW } from "../../src/fast/hooks.js";
import { fastArray, fastPathInfo, setFastThreads, useFastPath } from "../../src/fast/index.js";
import {
  contributions,
  hellinger,
  jsDivergence,
  renyiDivergence,
  SurprisalError,
  totalVariation,
} from "../../src/index.js";
import { onTypeScript } from "../helpers/fast-hooks.js";
import { relErr } from "../helpers/fixtures.js";

/**
 * One long pair of logits (≥ LONG_ROW elements) spread over the threads in fixed chunks
 * (src/fast/hooks.ts, logitPairLongFast; assembly/logit-pair-rows.ts, the range exports): the
 * TypeScript path's values, the same bits for 1 and 2 threads, copied or in place, float32 too, and
 * its refusals.
 */
const EPS = Number.EPSILON;
const N = LONG_ROW + 5 * 4096 + 3; // an odd tail, and the last chunk shorter than the others

beforeAll(() => {
  expect(fastPathInfo().wasm).toBe(true);
  useFastPath(true);
});
afterAll(() => setFastThreads(undefined));

/** Two long logit vectors: close outcomes (|x| ~ 1e-3) and far ones, −∞ on either side. */
function pair(n: number, seed: number, Ctor: typeof Float64Array | typeof Float32Array) {
  let s = seed;
  const r = (): number => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const z = new Ctor(n);
  const w = new Ctor(n);
  for (let i = 0; i < n; i++) {
    z[i] = 4 * Math.sqrt(-2 * Math.log(r())) * Math.cos(6.283185307179586 * r());
    w[i] = z[i] + (r() < 0.5 ? 0.002 * (r() - 0.5) : 1.5 * (r() - 0.5));
  }
  return { z, w };
}

type Measure = [string, (z: Float64Array | Float32Array, w: Float64Array | Float32Array) => number];
const o = { input: "logits" as const };
const MEASURES: Measure[] = [
  ["JS", (z, w) => jsDivergence(z, w, o)],
  ["TV", (z, w) => totalVariation(z, w, o)],
  ["Hellinger", (z, w) => hellinger(z, w, o)],
  ["Rényi ½", (z, w) => renyiDivergence(z, w, { ...o, alpha: 0.5 })],
  ["Rényi 2", (z, w) => renyiDivergence(z, w, { ...o, alpha: 2 })],
  ["Rényi 7", (z, w) => renyiDivergence(z, w, { ...o, alpha: 7 })],
  ["Rényi 0", (z, w) => renyiDivergence(z, w, { ...o, alpha: 0 })],
  ["Rényi ∞", (z, w) => renyiDivergence(z, w, { ...o, alpha: Number.POSITIVE_INFINITY })],
];

describe("one long pair of logits on the threads", () => {
  const f64 = pair(N, 11, Float64Array);
  // A whole chunk of P all −∞ (Q₀ > 0), and one −∞ of Q where P is finite in another.
  const withZeros = pair(N, 12, Float64Array);
  withZeros.z.fill(Number.NEGATIVE_INFINITY, 40000, 40000 + 32768);
  const ruledOut = pair(N, 13, Float64Array);
  ruledOut.w[100003] = Number.NEGATIVE_INFINITY;

  test.each(MEASURES)(
    "%s: the TypeScript path's value (≤ 16ε, or 1e-14 where D is small)",
    (_n, f) => {
      for (const { z, w } of [f64, withZeros, ruledOut]) {
        const fast = f(z, w);
        const ts = onTypeScript(() => f(z, w));
        if (!Number.isFinite(ts) || ts === 0) expect(fast).toBe(ts);
        else
          expect(relErr(fast, ts), `fast ${fast}, TypeScript ${ts}`).toBeLessThanOrEqual(16 * EPS);
      }
    },
  );

  test.each(MEASURES)("%s: 1 and 2 threads, copied and in place, give the same bits", (_n, f) => {
    const zw = fastArray(N);
    const ww = fastArray(N);
    zw.set(f64.z);
    ww.set(f64.w);
    const a = f(f64.z, f64.w);
    expect(f(zw, ww)).toBe(a);
    setFastThreads(1);
    expect(f(f64.z, f64.w)).toBe(a);
    expect(f(zw, ww)).toBe(a);
    setFastThreads(undefined);
  });

  test("float32 logits: the TypeScript path's values", () => {
    const { z, w } = pair(N, 14, Float32Array);
    for (const [name, f] of MEASURES) {
      const fast = f(z, w);
      const ts = onTypeScript(() => f(z, w));
      if (!Number.isFinite(ts) || ts === 0) expect(fast, name).toBe(ts);
      else expect(relErr(fast, ts), name).toBeLessThanOrEqual(16 * EPS);
    }
  });

  test("contributions: the normalizers on the threads, each contribution as the loop's", () => {
    const c = contributions(f64.z, f64.w, o);
    const t = onTypeScript(() => contributions(f64.z, f64.w, o));
    expect(relErr(c.total, t.total)).toBeLessThanOrEqual(8 * EPS);
    expect(c.infiniteAt).toEqual(t.infiniteAt);
    for (let i = 0; i < N; i++) {
      const g = c.contribution[i] as number;
      const x = t.contribution[i] as number;
      // As test/fast/contributions.test.ts: p̂ carries ε per unit of its exponent, log(p̂/q̂) an ulp
      // of |z − w| absolute on the loop's side.
      const p1 = t.p[i] as number;
      const tol = 4 * EPS * Math.abs(x) * (2 + Math.abs(Math.log(p1))) + 64 * EPS * p1;
      if (!(Math.abs(g - x) <= tol)) expect(Math.abs(g - x), `outcome ${i}: ${g} vs ${x}`).toBe(0);
    }
  });

  test("NaN in a late chunk, or one side all −∞: the TypeScript path's error", () => {
    const { z, w } = pair(N, 15, Float64Array);
    z[N - 5] = Number.NaN;
    const err = (f: () => unknown): SurprisalError => {
      try {
        f();
      } catch (e) {
        return e as SurprisalError;
      }
      throw new Error("no error");
    };
    const fast = err(() => jsDivergence(z, w, o));
    expect(fast).toBeInstanceOf(SurprisalError);
    expect(fast.message).toBe(err(() => onTypeScript(() => jsDivergence(z, w, o))).message);
    expect(fast.index).toBe(N - 5);
    const allInf = new Float64Array(N).fill(Number.NEGATIVE_INFINITY);
    const e2 = err(() => totalVariation(allInf, w, o));
    expect(e2.message).toBe(err(() => onTypeScript(() => totalVariation(allInf, w, o))).message);
  });
});
