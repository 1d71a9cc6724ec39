import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  crossEntropyRows,
  entropyRows,
  jsDivergenceRows,
  klDivergenceRows,
} from "../../src/index.js";
import { writeNpy as writeNpyFile } from "../helpers/npy.js";
import { runMain } from "./run.js";

/**
 * `--rows` on float64 `.npy` matrices, read block by block (src/cli/readers/npy-rows.ts): the
 * library's row-wise values of the whole matrices, whichever block a row falls in (several blocks
 * of 512 KiB here), a single row broadcast, and a refused value named by its row in the whole
 * matrix (the whole-matrix path then reads the files again).
 */
const dir = mkdtempSync(join(tmpdir(), "surprisal-npy-rows-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A float64 `.npy` file in the test's directory. */
function writeNpy(name: string, data: Float64Array, shape: number[]): string {
  return writeNpyFile(join(dir, name), data, shape);
}

/** `rows` rows of `cols` probabilities (a fixed sequence, no zeros). */
function rowsOf(rows: number, cols: number, seed: number): Float64Array {
  const x = new Float64Array(rows * cols);
  let s = seed;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      s = (s * 16807) % 2147483647;
      sum += x[r * cols + c] = s / 2147483647 + 1e-3;
    }
    for (let c = 0; c < cols; c++) x[r * cols + c] /= sum;
  }
  return x;
}

async function json(args: string[]): Promise<Record<string, unknown>> {
  const r = await runMain([...args, "--json"], { cwd: dir });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("--rows of .npy matrices, block by block", () => {
  // 300 rows × 500: 1.2 MB per matrix, three blocks of 131 rows (the last one shorter).
  const R = 300;
  const C = 500;
  const p = rowsOf(R, C, 7);
  const q = rowsOf(R, C, 11);
  const pf = writeNpy("p.npy", p, [R, C]);
  const qf = writeNpy("q.npy", q, [R, C]);
  const q1 = q.slice(0, C);
  const q1f = writeNpy("q1.npy", q1, [C]);

  it("kl, cross-entropy, js and entropy give the library's values of the whole matrices", async () => {
    const o = { columns: C };
    expect((await json(["kl", pf, qf, "--rows"])).klDivergenceRows).toEqual(
      Array.from(klDivergenceRows(p, q, o)),
    );
    expect((await json(["cross-entropy", pf, qf, "--rows"])).crossEntropyRows).toEqual(
      Array.from(crossEntropyRows(p, q, o)),
    );
    expect((await json(["js", pf, qf, "--rows"])).jsDivergenceRows).toEqual(
      Array.from(jsDivergenceRows(p, q, o)),
    );
    expect((await json(["entropy", pf, "--rows"])).entropyRows).toEqual(
      Array.from(entropyRows(p, o)),
    );
  });

  it("one row of Q (a 1-D file) against every row of P", async () => {
    const got = await json(["kl", pf, q1f, "--rows"]);
    expect(got.klDivergenceRows).toEqual(Array.from(klDivergenceRows(p, q1, { columns: C })));
    expect(got.P).toBe(pf);
    const csv = (await runMain(["kl", q1f, pf, "--rows", "--csv"], { cwd: dir })).stdout;
    expect(csv.trim().split("\n")).toHaveLength(R + 1);
  });

  it("a refused value in the third block is named by its row in the whole matrix", async () => {
    const bad = p.slice();
    bad[270 * C + 3] = -0.5;
    const bf = writeNpy("bad.npy", bad, [R, C]);
    const r = await runMain(["kl", bf, qf, "--rows"], { cwd: dir });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/row 270/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("matrices of different row counts (neither one row): the whole-matrix path's refusal", async () => {
    const short = writeNpy("short.npy", q.slice(0, 7 * C), [7, C]);
    const r = await runMain(["kl", pf, short, "--rows"], { cwd: dir });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/7 rows/);
  });
});
