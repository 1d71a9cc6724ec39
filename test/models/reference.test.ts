import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareModelFiles, readTokens } from "../../src/io/models.js";
import { openNpy } from "../../src/io/npy.js";
import { ModelComparison, type ModelComparisonResult } from "../../src/models/comparison.js";
import { widenHalf } from "../../src/models/halves.js";
import { medianSorted, percentileSorted } from "../../src/models/stats.js";

/**
 * Agreement with scripts/models/reference.py: a python reference of every statistic of llama.cpp's
 * --kl-divergence report (long double and mpmath per token, exact means), on the logits of the tiny
 * GPT-2 trained by scripts/models/train.py and its int8/int4 twins.
 */
const D = join(import.meta.dirname, "../fixtures/models");
const hasRef = existsSync(join(D, "reference.json"));
type Table = Record<string, number[]>;
const ref = hasRef
  ? (JSON.parse(readFileSync(join(D, "reference.json"), "utf8")) as {
      cases: Record<string, ModelComparisonResult>;
      perToken: Record<string, Table>;
    })
  : undefined;

function rows(name: string): Float32Array | Float64Array {
  const src = openNpy(join(D, name));
  const out: (Float32Array | Float64Array)[] = [];
  for (const c of src.chunks(1 << 20)) {
    out.push(c.data instanceof Uint16Array ? widenHalf(c.data, "float16") : c.data);
  }
  src.close();
  return out[0] as Float32Array | Float64Array;
}

function tokens(n: number): Int32Array {
  return readTokens(join(D, "tokens.npy")).subarray(0, n);
}

/** |a − b| ≤ tol·|b| (or both equal, ±∞ included). */
function close(a: number, b: number, tol: number, what: string): void {
  if (a === b) return;
  const err = Math.abs(a - b) / Math.abs(b);
  expect(err, `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(tol);
}

const VOCAB = hasRef
  ? (JSON.parse(readFileSync(join(D, "meta.json"), "utf8")) as { vocab: number }).vocab
  : 0;

function ours(name: string): {
  result: ModelComparisonResult;
  per: ReturnType<ModelComparison["perToken"]>;
} {
  let c: ModelComparison;
  if (name === "kld_int8") {
    c = compareModelFiles({
      base: join(D, "base.kld"),
      other: join(D, "int8_f16.npy"),
      rowsPerChunk: 40,
    }).comparison;
  } else {
    const [b, o] =
      name === "near"
        ? ["near_f64.npy", "near_f32.npy"]
        : name === "ulp"
          ? ["near_f32.npy", "ulp_f32.npy"]
          : ["base_f16.npy", `${name}_f16.npy`];
    const P = rows(b as string);
    const Q = rows(o as string);
    c = new ModelComparison({ vocab: VOCAB }).add({
      base: P,
      other: Q,
      tokens: tokens(P.length / VOCAB),
    });
  }
  return { result: c.value(), per: c.perToken() };
}

describe.skipIf(!hasRef)("agreement with the python reference of llama.cpp's statistics", () => {
  const cases = ref ? Object.keys(ref.cases) : [];
  for (const name of cases) {
    describe(name, () => {
      const r = ref?.cases[name] as ModelComparisonResult;
      const t = ref?.perToken[name] as Table;
      const { result, per } = ours(name);
      // Per-token values: 1e-12 relative (the reference is long double / mpmath rounded to float64).
      it("per-token KLD, reverse KLD, JS, top-1 KLD, nll and Δp agree to 1e-12 relative (Δp: also 4e-16 absolute, a few ulps of a probability)", () => {
        for (const col of ["kld", "reverseKld", "js", "top1Kld", "nllBase", "nllOther"] as const) {
          const mine = per[col] as Float64Array;
          const theirs = t[col] as number[];
          expect(mine.length).toBe(theirs.length);
          for (let i = 0; i < theirs.length; i++)
            close(mine[i] as number, theirs[i] as number, 1e-12, `${col}[${i}]`);
        }
        const dp = per.deltaP as Float64Array;
        (t.deltaP as number[]).forEach((v, i) => {
          expect(Math.abs((dp[i] as number) - v), `deltaP[${i}]`).toBeLessThanOrEqual(
            1e-12 * Math.abs(v) + 1e-17,
          );
        });
        expect(Array.from(per.sameTop)).toEqual(t.sameTop);
      });

      it("means agree to 1e-12 relative, uncertainties to 1e-9; counts exactly", () => {
        expect(result.count).toBe(r.count);
        for (const k of ["kld", "reverseKld", "js", "top1Kld", "deltaP"] as const) {
          const a = result[k] as NonNullable<ModelComparisonResult["kld"]>;
          const b = r[k] as NonNullable<ModelComparisonResult["kld"]>;
          if (k === "deltaP")
            expect(Math.abs(a.mean - b.mean), "deltaP.mean").toBeLessThanOrEqual(
              1e-12 * Math.abs(b.mean) + 4e-16,
            );
          else close(a.mean, b.mean, 1e-12, `${k}.mean`);
          close(a.uncertainty, b.uncertainty, 1e-9, `${k}.uncertainty`);
        }
        const p = result.perplexity;
        const q = r.perplexity;
        expect(p && q).toBeTruthy();
        if (p && q) {
          close(p.other.value, q.other.value, 1e-12, "PPL(Q)");
          close(p.base.value, q.base.value, 1e-12, "PPL(base)");
          close(p.other.uncertainty, q.other.uncertainty, 1e-9, "PPL(Q) ±");
          close(p.correlation ?? Number.NaN, q.correlation ?? Number.NaN, 1e-9, "Cor");
          close(p.logRatio.value, q.logRatio.value, 1e-9, "ln ratio");
          close(p.logRatio.uncertainty, q.logRatio.uncertainty, 1e-8, "ln ratio ±");
          close(p.ratio.value, q.ratio.value, 1e-12, "ratio");
          close(p.difference.value, q.difference.value, 1e-9, "difference");
          close(p.difference.uncertainty, q.difference.uncertainty, 1e-8, "difference ±");
        }
        close(result.deltaP?.rms.value ?? 0, r.deltaP?.rms.value ?? 0, 1e-12, "RMS Δp");
        close(
          result.deltaP?.rms.uncertainty ?? 0,
          r.deltaP?.rms.uncertainty ?? 0,
          1e-9,
          "RMS Δp ±",
        );
        expect(result.sameTop.count).toBe(r.sameTop.count);
        expect(result.sameTop.value).toBe(r.sameTop.value);
        close(result.sameTop.uncertainty, r.sameTop.uncertainty, 1e-15, "same top ±");
        expect(result.topK).toEqual(r.topK);
      });

      it("percentiles: exactly the reference's on the reference's per-token values, 1e-12 end to end", () => {
        for (const [col, key] of [
          ["kld", "kld"],
          ["deltaP", "deltaP"],
        ] as const) {
          const sorted = Float64Array.from(t[col] as number[]).sort();
          const b = r[key] as NonNullable<ModelComparisonResult["kld"]>;
          for (const p of b.percentiles) expect(percentileSorted(sorted, p.fraction)).toBe(p.value);
          expect(medianSorted(sorted)).toBe(b.median);
          const a = result[key] as NonNullable<ModelComparisonResult["kld"]>;
          a.percentiles.forEach((p, i) => {
            expect(p.fraction).toBe(b.percentiles[i]?.fraction);
            expect(Math.abs(p.value - (b.percentiles[i]?.value as number))).toBeLessThanOrEqual(
              1e-12 * Math.abs(b.percentiles[i]?.value as number) + (key === "deltaP" ? 1e-17 : 0),
            );
          });
          close(a.max, b.max, 1e-12, `${key}.max`);
          close(a.min, b.min, 1e-12, `${key}.min`);
        }
      });
    });
  }

  it("near-identical models: KLD is never 0 ± 0 and matches mpmath", () => {
    const r = ref?.cases.near as ModelComparisonResult;
    expect(r.kld.min).toBeGreaterThan(0);
    expect(r.kld.uncertainty).toBeGreaterThan(0);
    const u = ref?.cases.ulp as ModelComparisonResult;
    expect(u.kld.max).toBeLessThan(1e-12);
    expect(u.kld.min).toBeGreaterThan(0);
  });
});
