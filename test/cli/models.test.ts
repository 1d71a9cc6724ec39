/**
 * `surprisal models` through main(): the report on the committed model outputs (made by
 * scripts/models/train.py) agrees with the python reference of llama.cpp's statistics
 * (test/fixtures/models/reference.json), and bad input is one line and a non-zero exit.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { parseJson, root, runMain } from "./run.js";

const dir = resolve(root, "test/fixtures/models");
const f = (name: string): string => resolve(dir, name);

describe("surprisal models", () => {
  test("the report of base vs int4 (text and JSON) agrees with the python reference", async () => {
    const ref = JSON.parse(readFileSync(f("reference.json"), "utf8"));
    const r = await runMain([
      "models",
      f("base_f16.npy"),
      f("int4_f16.npy"),
      "--tokens",
      f("tokens.npy"),
      "--bootstrap",
      "0",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const json = parseJson(r.stdout) as {
      report: { kld: { mean: number; median: number; max: number }; count: number };
    };
    const expected = ref.cases.int4;
    // ours vs the python reference (perplexity.cpp's definitions in long double): the issue asks
    // 1e-12 relative on the means and the same counts.
    expect(json.report.count).toBe(expected.count);
    expect(Math.abs(json.report.kld.mean - expected.kld.mean) / expected.kld.mean).toBeLessThan(
      1e-12,
    );
    // the largest per-token KLD: measured 5.4e-15 relative (per-token values agree to ~2e-14)
    expect(Math.abs(json.report.kld.max - expected.kld.max) / expected.kld.max).toBeLessThan(5e-14);
    const text = await runMain([
      "models",
      f("base_f16.npy"),
      f("int4_f16.npy"),
      "--tokens",
      f("tokens.npy"),
      "--bootstrap",
      "0",
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("====== KL divergence statistics ======");
    expect(text.stdout).toContain("Same top p");
  });

  test("a missing file, a row-count mismatch and a missing argument: one line, non-zero", async () => {
    const missing = await runMain(["models", f("nope.npy"), f("int4_f16.npy")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toContain("nope.npy");
    const mismatch = await runMain(["models", f("base_f16.npy"), f("ulp_f32.npy")]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/ulp_f32\.npy: has 24 rows where .*base_f16\.npy has 155/);
    expect(mismatch.stdout).toBe("");
    const usage = await runMain(["models", f("base_f16.npy")]);
    expect(usage.code).toBe(2);
  });
});
