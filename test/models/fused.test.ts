import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fastPathInfo } from "../../src/fast/index.js";
import { readTokens } from "../../src/io/models.js";
import { openNpy } from "../../src/io/npy.js";
import { ModelComparison, type PerToken } from "../../src/models/comparison.js";
import { widenHalf } from "../../src/models/halves.js";
import { fastHooks } from "../../src/numeric/fast-hooks.js";
import { createRng } from "../../src/numeric/rng.js";

/**
 * The fused row kernel (assembly/model-rows.ts, the `modelRows` hook) against its TypeScript twin
 * (ModelComparison's per-row scans with klDivergenceRows/jsDivergenceRows, the hook set aside): the
 * same per-token values to a few ulps, the same counts, and the same bits for one or two threads.
 */
const D = join(import.meta.dirname, "../fixtures/models");

function twin<T>(fn: () => T): T {
  const hook = fastHooks.modelRows;
  fastHooks.modelRows = undefined;
  try {
    return fn();
  } finally {
    fastHooks.modelRows = hook;
  }
}

function rows(name: string): Float32Array | Float64Array {
  const src = openNpy(join(D, name));
  const out: (Float32Array | Float64Array)[] = [];
  for (const c of src.chunks(1 << 20)) {
    out.push(c.data instanceof Uint16Array ? widenHalf(c.data, "float16") : c.data);
  }
  src.close();
  return out[0] as Float32Array | Float64Array;
}

/** |a − b| ≤ tol·|b| + abs (or equal, ±∞ included). */
function agree(a: PerToken, b: PerToken, tol: number): void {
  for (const col of ["kld", "reverseKld", "js", "top1Kld", "nllBase", "nllOther"] as const) {
    const x = a[col] as Float64Array;
    const y = b[col] as Float64Array;
    expect(x.length).toBe(y.length);
    for (let i = 0; i < y.length; i++) {
      if (x[i] === y[i]) continue;
      const err = Math.abs((x[i] as number) - (y[i] as number)) / Math.abs(y[i] as number);
      expect(err, `${col}[${i}]: ${x[i]} vs ${y[i]}`).toBeLessThanOrEqual(tol);
    }
  }
  const dx = a.deltaP as Float64Array;
  const dy = b.deltaP as Float64Array;
  for (let i = 0; i < dy.length; i++) {
    const err = Math.abs((dx[i] as number) - (dy[i] as number));
    expect(err, `deltaP[${i}]`).toBeLessThanOrEqual(tol * Math.abs(dy[i] as number) + 1e-18);
  }
  expect(Array.from(a.sameTop)).toEqual(Array.from(b.sameTop));
}

const meta = existsSync(join(D, "meta.json"))
  ? (JSON.parse(readFileSync(join(D, "meta.json"), "utf8")) as { vocab: number })
  : undefined;

describe("the fused model-rows kernel and its TypeScript twin", () => {
  it("is in use where the fast path is", () => {
    if (fastPathInfo().wasm) expect(fastHooks.modelRows).toBeTypeOf("function");
  });

  describe.skipIf(meta === undefined)("on the trained model and its twins", () => {
    const V = meta?.vocab ?? 0;
    for (const [b, o] of [
      ["base_f16.npy", "int8_f16.npy"],
      ["base_f16.npy", "int4_f16.npy"],
      ["near_f64.npy", "near_f32.npy"],
      ["near_f32.npy", "ulp_f32.npy"],
    ] as const) {
      it(`${b} vs ${o}: per-token values to 1e-13 relative, counts exactly`, () => {
        const P = rows(b);
        const Q = rows(o);
        const T = readTokens(join(D, "tokens.npy")).subarray(0, P.length / V);
        // near_f64 vs near_f32 mixes float types: the kernel takes float32 pairs only.
        const Pw =
          P instanceof Float64Array && Q instanceof Float32Array ? Float64Array.from(Q) : Q;
        const run = () => new ModelComparison({ vocab: V }).add({ base: P, other: Pw, tokens: T });
        const fast = run();
        const slow = twin(run);
        // 1e-13: the twin forms z_t − w_t − ΔL from two rounded log-sum-exps where |z_t − w_t − ΔL| ≥ 0.05
        // (≈ 1e-15 absolute, squared in the top-1 KL), the kernel from the exact ΔL = c + corr.
        agree(fast.perToken(), slow.perToken(), 1e-13);
        expect(fast.value().topK).toEqual(slow.value().topK);
      });
    }
  });

  it("keeps Jensen–Shannon to 1e-13 where pass 3 reuses pass 2's exponentials (|x| ≪ |corr| too)", () => {
    // Q = P shifted by 0.01 at P's argmax only, plus noise of 1e-7 … 1e-2: then c = −0.01 and the
    // log-ratios x = d − corr are much smaller than corr on most of the row (the cancellation that
    // pass 3 avoids by computing expm1(x) afresh), or comparable to it.
    const V = 3000;
    const R = 12;
    const rng = createRng(19);
    const P = new Float32Array(R * V);
    const Q = new Float32Array(R * V);
    for (let r = 0; r < R; r++) {
      const noise = 10 ** (-7 + (5 * r) / (R - 1));
      let top = 0;
      for (let i = 0; i < V; i++) {
        P[r * V + i] = rng.nextFloat() - 0.5;
        if ((P[r * V + i] as number) > (P[r * V + top] as number)) top = i;
      }
      for (let i = 0; i < V; i++)
        Q[r * V + i] = (P[r * V + i] as number) + noise * (rng.nextFloat() - 0.5);
      Q[r * V + top] = (P[r * V + top] as number) + 0.01;
    }
    const T = Int32Array.from({ length: R }, () => rng.nextInt(0, V - 1));
    for (const threads of [1, 2]) {
      const run = () =>
        new ModelComparison({ vocab: V, threads }).add({ base: P, other: Q, tokens: T });
      agree(run().perToken(), twin(run).perToken(), 1e-13);
    }
  });

  it("gives the same bits for one and two threads, and in chunks of any size", () => {
    const V = 4000;
    const R = 24;
    const rng = createRng(7);
    const P = new Float32Array(R * V);
    const Q = new Float32Array(R * V);
    for (let i = 0; i < P.length; i++) {
      P[i] = 6 * (rng.nextFloat() - 0.5);
      Q[i] = P[i] + (i % 7 === 0 ? 0.3 : 1e-6) * (rng.nextFloat() - 0.5);
    }
    P[5 * V + 17] = Number.NEGATIVE_INFINITY; // a zero of P: reverse KL is +∞ on row 5
    Q[9 * V + 3] = Number.NEGATIVE_INFINITY; // a zero of Q: KL is +∞ on row 9
    const T = Int32Array.from({ length: R }, () => rng.nextInt(0, V - 1));
    const one = new ModelComparison({ vocab: V, threads: 1 }).add({ base: P, other: Q, tokens: T });
    const two = new ModelComparison({ vocab: V, threads: 2 }).add({ base: P, other: Q, tokens: T });
    const parts = new ModelComparison({ vocab: V, threads: 2 });
    for (let r = 0; r < R; r += 5) {
      const e = Math.min(R, r + 5);
      parts.add({
        base: P.subarray(r * V, e * V),
        other: Q.subarray(r * V, e * V),
        tokens: T.subarray(r, e),
      });
    }
    expect(two.perToken()).toEqual(one.perToken());
    expect(parts.perToken()).toEqual(one.perToken());
    const pt = one.perToken();
    expect(pt.kld[9]).toBe(Number.POSITIVE_INFINITY);
    expect(pt.reverseKld?.[5]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isFinite(pt.js?.[5])).toBe(true);
    agree(
      pt,
      twin(() =>
        new ModelComparison({ vocab: V }).add({ base: P, other: Q, tokens: T }),
      ).perToken(),
      1e-13,
    );
  });
});
