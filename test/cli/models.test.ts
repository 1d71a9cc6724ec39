/**
 * `surprisal models` through main(): the report on the committed model outputs (made by
 * scripts/models/train.py) agrees with the python reference of llama.cpp's statistics
 * (test/fixtures/models/reference.json), and bad input is one line and a non-zero exit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
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

  test("a progress bar on stderr for big inputs when it is a terminal, none in a pipe", async () => {
    // Two 2 MiB float32 .npy files (64 rows × 8192 logits), above the bar's 1 MiB threshold.
    const dir = mkdtempSync(join(tmpdir(), "surprisal-models-progress-"));
    try {
      const rows = 64;
      const vocab = 8192;
      const write = (name: string, shift: number) => {
        let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${vocab}), }`;
        header += `${" ".repeat(63 - ((10 + header.length) % 64))}\n`;
        const data = Float32Array.from({ length: rows * vocab }, (_, i) =>
          Math.sin(i * 0.37 + shift),
        );
        const head = new Uint8Array(10 + header.length);
        head.set([
          0x93,
          0x4e,
          0x55,
          0x4d,
          0x50,
          0x59,
          1,
          0,
          header.length & 255,
          header.length >> 8,
        ]);
        head.set(new TextEncoder().encode(header), 10);
        writeFileSync(join(dir, name), Buffer.concat([head, new Uint8Array(data.buffer)]));
        return join(dir, name);
      };
      const args = ["models", write("a.npy", 0), write("b.npy", 0.01), "--bootstrap", "0"];
      const tty = await runMain(args, { stderrIsTTY: true });
      expect(tty.code).toBe(0);
      expect(tty.stdout).toContain("Mean    KLD");
      expect(tty.stderr).toMatch(/reading .*%.*of 4\.2 MB/);
      const piped = await runMain(args);
      expect(piped.code).toBe(0);
      expect(piped.stderr).toBe("");
      expect(piped.stdout).toBe(tty.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
