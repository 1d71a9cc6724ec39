import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { SurprisalError } from "../../src/errors.js";
import { klDivergence } from "../../src/measures/kl.js";
import { ModelComparison } from "../../src/models/comparison.js";
import { widenHalf } from "../../src/models/halves.js";
import { meanAndUncertainty, medianSorted, percentileSorted } from "../../src/models/stats.js";
import { createRng } from "../../src/numeric/rng.js";

/** Deterministic logits: rows × vocab, N(0, 2)-ish, from the project's seeded generator. */
function logits(rows: number, vocab: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(rows * vocab);
  for (let i = 0; i < x.length; i++) {
    const u = rng.nextFloat() + 1e-12;
    const v = rng.nextFloat();
    x[i] = 2 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return x;
}

function perturb(x: Float32Array, scale: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return x.map((v) => v + scale * (rng.nextFloat() - 0.5));
}

function tokensFor(rows: number, vocab: number, seed: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length: rows }, () => rng.nextInt(0, vocab - 1));
}

function refusal(fn: () => unknown): SurprisalError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    return e as SurprisalError;
  }
  throw new Error("expected a SurprisalError");
}

describe("stats", () => {
  it("percentiles interpolate at f·(n − 1), the median averages the middle pair", () => {
    const s = Float64Array.from([1, 2, 3, 4]);
    expect(percentileSorted(s, 0.5)).toBe(2.5);
    expect(percentileSorted(s, 0.9)).toBe(3.7);
    expect(percentileSorted(s, 0)).toBe(1);
    expect(percentileSorted(s, 1)).toBe(4);
    expect(medianSorted(s)).toBe(2.5);
    expect(medianSorted(Float64Array.from([1, 5, 9]))).toBe(5);
    expect(percentileSorted(Float64Array.from([1, Infinity]), 0.999)).toBe(Infinity);
    expect(percentileSorted(Float64Array.from([Infinity, Infinity]), 0.5)).toBe(Infinity);
  });

  it("the uncertainty of the mean is 0 for n ≤ 10, as llama.cpp", () => {
    expect(meanAndUncertainty(Float64Array.from({ length: 10 }, (_, i) => i)).uncertainty).toBe(0);
    const u = meanAndUncertainty(Float64Array.from({ length: 11 }, (_, i) => i)).uncertainty;
    expect(u).toBeCloseTo(Math.sqrt(10 / 10), 14);
  });
});

describe("widenHalf", () => {
  it("widens every float16 pattern as IEEE 754 does", () => {
    const bits = new Uint16Array([
      0x0000, 0x8000, 0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x7c00, 0xfc00,
    ]);
    expect(Array.from(widenHalf(bits, "float16"))).toEqual([
      0,
      -0,
      1,
      -2,
      65504,
      2 ** -24,
      1023 * 2 ** -24,
      Infinity,
      -Infinity,
    ]);
    expect(Number.isNaN(widenHalf(new Uint16Array([0x7e00]), "float16")[0])).toBe(true);
    expect(Array.from(widenHalf(new Uint16Array([0x3f80, 0xc049]), "bfloat16"))).toEqual([
      1, -3.140625,
    ]);
  });
});

describe("ModelComparison", () => {
  const V = 50;
  const R = 40;
  const P = logits(R, V, 1);
  const Q = perturb(P, 0.5, 2);
  const T = tokensFor(R, V, 3);

  it("per-token KLD is the library's klDivergence of the softmaxes", () => {
    const c = new ModelComparison({ vocab: V }).add({ base: P, other: Q, tokens: T });
    const kld = c.perToken().kld;
    for (let r = 0; r < R; r++) {
      const k = klDivergence(P.subarray(r * V, (r + 1) * V), Q.subarray(r * V, (r + 1) * V), {
        input: "logits",
      });
      // The rows kernel (a vocabulary of 50) and the single vector's loop: within 16ε (against
      // mpmath on these rows, measured: the kernel ≤ 11.8ε, the loop ≤ 3.3ε).
      expect(Math.abs((kld[r] as number) - k)).toBeLessThanOrEqual(16 * Number.EPSILON * k);
    }
  });

  it("chunking, merging and toJSON/fromJSON give the same report", () => {
    const whole = new ModelComparison({ vocab: V }).add({ base: P, other: Q, tokens: T });
    const ref = whole.value({ bootstrap: 50, seed: 3 });
    const a = new ModelComparison({ vocab: V });
    const b = new ModelComparison({ vocab: V });
    for (let r = 0; r < R; r += 7) {
      const e = Math.min(R, r + 7);
      const target = r < 20 ? a : b;
      target.add({
        base: P.subarray(r * V, e * V),
        other: Q.subarray(r * V, e * V),
        tokens: T.subarray(r, e),
      });
    }
    const restored = ModelComparison.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    restored.merge(b);
    expect(restored.value({ bootstrap: 50, seed: 3 })).toEqual(ref);
  });

  it("float16, bfloat16 and float64 rows read as the float32 rows they widen to", () => {
    const h = new Uint16Array(P.length);
    const f16 = new Float32Array(P.length);
    // Round to float16 by hand through the table: find the nearest pattern by binary search on positive values.
    const table = widenHalf(
      Uint16Array.from({ length: 65536 }, (_, i) => i),
      "float16",
    );
    for (let i = 0; i < P.length; i++) {
      let best = 0;
      let err = Number.POSITIVE_INFINITY;
      const v = P[i] as number;
      const lo = v >= 0 ? 0 : 0x8000;
      for (let j = lo; j < lo + 0x7c00; j += 1) {
        const e = Math.abs((table[j] as number) - v);
        if (e < err) {
          err = e;
          best = j;
        }
        if ((table[j] as number) > Math.abs(v) + 1 && v >= 0) break;
        if ((table[j] as number) < -Math.abs(v) - 1 && v < 0) break;
      }
      h[i] = best;
      f16[i] = table[best] as number;
    }
    const a = new ModelComparison({ vocab: V })
      .add({ base: h, baseKind: "float16", other: Q, tokens: T })
      .value();
    const b = new ModelComparison({ vocab: V })
      .add({ base: f16, other: Float64Array.from(Q), tokens: T })
      .value();
    expect(a).toEqual(b);
  });

  it("near-identical models get their exact tiny divergences, never 0 ± 0", () => {
    const Q2 = new Float32Array(P);
    // One float32 ulp on every 5th logit.
    for (let i = 0; i < Q2.length; i += 5) Q2[i] = Math.fround((Q2[i] as number) * (1 + 2 ** -23));
    const r = new ModelComparison({ vocab: V }).add({ base: P, other: Q2, tokens: T }).value();
    expect(r.kld.min).toBeGreaterThan(0);
    expect(r.kld.mean).toBeGreaterThan(1e-18);
    expect(r.kld.mean).toBeLessThan(1e-11);
    expect(r.kld.uncertainty).toBeGreaterThan(0);
    expect(r.reverseKld?.min).toBeGreaterThan(0);
    expect(r.js?.min).toBeGreaterThan(0);
    // For close distributions KL(P‖Q) ≈ KL(Q‖P) ≈ 4·JS to second order.
    expect((r.reverseKld?.mean ?? 0) / r.kld.mean).toBeCloseTo(1, 4);
    expect((4 * (r.js?.mean ?? 0)) / r.kld.mean).toBeCloseTo(1, 4);
    expect(r.sameTop.value).toBe(1);
    // Δp is exact: same sign as log q_t − log p_t, never exactly 0 where the token's logit moved.
    const pt = new ModelComparison({ vocab: V }).add({ base: P, other: Q2, tokens: T }).perToken();
    for (let i = 0; i < R; i++) expect(Number.isFinite(pt.deltaP?.[i])).toBe(true);
  });

  it("identical models give exactly 0 everywhere", () => {
    const r = new ModelComparison({ vocab: V })
      .add({ base: P, other: new Float32Array(P), tokens: T })
      .value();
    expect(r.kld.max).toBe(0);
    expect(r.kld.uncertainty).toBe(0);
    expect(r.deltaP?.max).toBe(0);
    expect(r.perplexity?.logRatio.value).toBe(0);
    expect(r.sameTop.value).toBe(1);
    expect(r.topK.map((t) => [t.hit, t.overlap])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
  });

  it("Cor(ln PPL) is a correlation where defined, absent where it is 0/0 (≤ 10 tokens)", () => {
    const r = new ModelComparison({ vocab: V }).add({ base: P, other: Q, tokens: T }).value();
    const cor = r.perplexity?.correlation;
    expect(cor).toBeGreaterThan(-1);
    expect(cor).toBeLessThan(1);
    const few = new ModelComparison({ vocab: V })
      .add({ base: P.subarray(0, 8 * V), other: Q.subarray(0, 8 * V), tokens: T.subarray(0, 8) })
      .value();
    expect(few.perplexity?.base.uncertainty).toBe(0);
    expect(few.perplexity).not.toHaveProperty("correlation");
    expect(JSON.stringify(few)).not.toContain("null");
  });

  it("bootstrap intervals are seeded and contain the estimate", () => {
    const c = new ModelComparison({ vocab: V }).add({ base: P, other: Q, tokens: T });
    const a = c.value({ bootstrap: 200, seed: 9 });
    const b = c.value({ bootstrap: 200, seed: 9 });
    expect(a.bootstrap).toEqual(b.bootstrap);
    const ci = a.bootstrap?.kld.mean;
    expect(ci && ci.low <= a.kld.mean && a.kld.mean <= ci.high).toBe(true);
    const med = a.bootstrap?.kld.median;
    expect(med && med.low <= a.kld.median && a.kld.median <= med.high).toBe(true);
  });

  fcTest.prop([fc.integer({ min: 1, max: 39 }), fc.integer({ min: 1, max: 13 })], { numRuns: 15 })(
    "any split into chunks gives the same per-token values",
    (cut, per) => {
      const whole = new ModelComparison({ vocab: V })
        .add({ base: P, other: Q, tokens: T })
        .perToken();
      const c = new ModelComparison({ vocab: V });
      const bounds = [0, cut, R];
      for (let s = 0; s < 2; s++) {
        for (let r = bounds[s] as number; r < (bounds[s + 1] as number); r += per) {
          const e = Math.min(bounds[s + 1] as number, r + per);
          c.add({
            base: P.subarray(r * V, e * V),
            other: Q.subarray(r * V, e * V),
            tokens: T.subarray(r, e),
          });
        }
      }
      expect(c.perToken()).toEqual(whole);
    },
  );

  it("top-K rows with a tail: exact when the tail is empty, a lower bound otherwise", () => {
    const Vs = 6;
    const z = [2, 1, 0.5, -1, -3, -4];
    const w = [1.8, 1.2, 0.3, -0.5, -2, -5];
    const lse = (x: number[]) => Math.log(x.reduce((s, v) => s + Math.exp(v), 0));
    const lz = z.map((v) => v - lse(z));
    const lw = w.map((v) => v - lse(w));
    const full = new ModelComparison({ vocab: Vs }).add({
      base: Float64Array.from(z),
      other: Float64Array.from(w),
      tokens: [2],
    });
    const topAll = new ModelComparison({ vocab: Vs }).addTopK(
      [{ ids: [0, 1, 2, 3, 4, 5], logprobs: lz, tail: 0 }],
      [{ logprobs: lw }],
      [2],
    );
    expect(topAll.perToken().kld[0]).toBeCloseTo(full.perToken().kld[0] as number, 14);
    const top3 = new ModelComparison({ vocab: Vs }).addTopK(
      [{ ids: [0, 1, 2], logprobs: lz.slice(0, 3) }],
      [{ ids: [1, 0, 4], logprobs: [lw[1], lw[0], lw[4]] as number[] }],
      [2].map(() => 0),
    );
    const k3 = top3.perToken().kld[0] as number;
    expect(k3).toBeGreaterThan(0);
    expect(k3).toBeLessThan(full.perToken().kld[0] as number);
    const r = top3.value();
    expect(r.sameTop.value).toBe(1); // both put id 0 first
    expect(r.topK[0]?.count).toBe(1);
    expect(r.topK[1]?.count).toBe(0); // k = 5 needs five listed ids on both sides
  });

  it("refuses bad input with the input's name, the row and the value", () => {
    const c = new ModelComparison({ vocab: V, baseName: "base.npy", otherName: "q4.npy" });
    const bad = new Float32Array(Q);
    bad[3 * V + 7] = Number.NaN;
    const e = refusal(() => c.add({ base: P, other: bad, tokens: T }));
    expect([e.code, e.argument, e.index]).toEqual(["not-finite", "q4.npy", 3]);
    expect(e.message).toContain("row 3, column 7");
    const inf = new Float32Array(P);
    inf[5] = Number.POSITIVE_INFINITY;
    expect(refusal(() => c.add({ base: inf, other: Q, tokens: T })).argument).toBe("base.npy");
    expect(refusal(() => c.add({ base: P, other: Q.subarray(0, V * 3), tokens: T })).code).toBe(
      "length-mismatch",
    );
    expect(refusal(() => c.add({ base: P, other: Q, tokens: T.subarray(1) })).code).toBe(
      "length-mismatch",
    );
    const t = Int32Array.from(T);
    t[4] = V;
    expect(refusal(() => c.add({ base: P, other: Q, tokens: t })).code).toBe("out-of-range");
    expect(refusal(() => new ModelComparison({ vocab: 0 })).code).toBe("invalid-option");
    expect(refusal(() => new ModelComparison({ vocab: V }).value()).code).toBe("empty");
    const k = new ModelComparison({});
    const tail = refusal(() =>
      k.addTopK([{ ids: [0], logprobs: [-0.1], tail: 1.2 }], [{ ids: [0], logprobs: [-0.1] }]),
    );
    expect([tail.code, tail.value]).toEqual(["out-of-range", 1.2]);
    const neg = refusal(() =>
      k.addTopK([{ ids: [0], logprobs: [-0.1], tail: -0.01 }], [{ ids: [0], logprobs: [-0.1] }]),
    );
    expect(neg.code).toBe("out-of-range");
    const sum = refusal(() =>
      k.addTopK(
        [{ ids: [0, 1], logprobs: [-0.1, -0.2], tail: 0 }],
        [{ ids: [0], logprobs: [-0.1] }],
      ),
    );
    expect(sum.code).toBe("sum");
  });
});
