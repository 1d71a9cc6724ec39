import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { parseNpy } from "../../src/cli/readers/npy.js";
import { CHUNK, type Chunk, type FileSpec } from "../../src/cli/readers/types.js";
import { streamVector } from "../../src/cli/readers/vector.js";
import { KlAccumulator, klDivergence } from "../../src/index.js";
import { writeNpy } from "../helpers/npy.js";

/** The block reader of .npy files (streamNpy): the values of the whole-file parser, chunk by chunk. */
const fixtures = join(import.meta.dirname, "../fixtures/cli");
const tmp = mkdtempSync(join(tmpdir(), "surprisal-npy-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ctx = { header: undefined, stdin: new PassThrough() };
const spec = (path: string): FileSpec => ({
  kind: "file",
  path,
  column: undefined,
  format: "npy",
  name: path,
});

/** A float64 .npy file of `values` (a shape "(r, c)" for a matrix) in the test's directory. */
function npy(values: Float64Array, shape?: string): string {
  const dims = shape === undefined ? undefined : (shape.match(/\d+/g) ?? []).map(Number);
  return writeNpy(join(tmp, `a${Math.random().toString(36).slice(2)}.npy`), values, dims);
}

async function collect(path: string): Promise<{ values: number[]; sizes: number[] }> {
  const values: number[] = [];
  const sizes: number[] = [];
  for await (const c of streamVector(spec(path), "P", ctx) as AsyncGenerator<Chunk>) {
    sizes.push(c.values.length);
    for (const v of c.values) values.push(v);
  }
  return { values, sizes };
}

describe("streamNpy", () => {
  it("every fixture vector: the values of parseNpy, in chunks of CHUNK", async () => {
    for (const name of ["p64.npy", "p64_v2.npy", "q64.npy", "p32.npy", "column.npy", "pbig.npy"]) {
      const want = Array.from(parseNpy(readFileSync(join(fixtures, name))).data);
      const got = await collect(join(fixtures, name));
      expect(got.values, name).toEqual(want);
      expect(
        got.sizes.slice(0, -1).every((s) => s === CHUNK),
        name,
      ).toBe(true);
    }
  });

  it("several blocks, a short last chunk: the same values and the library's KL (to 4e-16)", async () => {
    const n = 9 * CHUNK * 2 + 12345; // more than two 4 MiB blocks
    const p = new Float64Array(n);
    const q = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = 1 + ((i * 7919) % 1000);
      q[i] = 1 + ((i * 104729) % 997);
    }
    const pp = npy(p);
    const qp = npy(q);
    const got = await collect(pp);
    expect(got.values.length).toBe(n);
    expect(got.values.every((v, i) => v === p[i])).toBe(true);
    const acc = new KlAccumulator({ input: "counts" });
    const a = streamVector(spec(pp), "P", ctx);
    const b = streamVector(spec(qp), "Q", ctx);
    for (;;) {
      const [x, y] = await Promise.all([a.next(), b.next()]);
      if (x.done || y.done) break;
      acc.add(x.value.values, y.value.values);
    }
    const whole = klDivergence(p, q, { input: "counts" });
    expect(Math.abs(acc.value() - whole)).toBeLessThanOrEqual(4e-16 * whole);
  });

  it("a 2-D matrix and a truncated file fall back to the whole-file reader, which refuses them", async () => {
    await expect(collect(npy(new Float64Array(6), "(2, 3)"))).rejects.toThrow(/2-D/);
    await expect(collect(join(fixtures, "truncated.npy"))).rejects.toThrow(/truncated/);
  });

  it("an empty vector gives one empty chunk", async () => {
    const got = await collect(npy(new Float64Array(0)));
    expect(got.sizes).toEqual([0]);
  });
});
