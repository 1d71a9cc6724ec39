import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { looksLikeNpy, parseNpy } from "../../src/cli/readers/npy.js";
import { fixtures } from "./run.js";

/** The .npy reader against what NumPy itself reads back from the files it wrote (scripts/gen_npy.py). */
const ref = JSON.parse(readFileSync(join(fixtures, "npy_values.json"), "utf8")) as Record<
  string,
  { shape: number[]; values: number[] | null }
>;

describe("parseNpy", () => {
  for (const [name, want] of Object.entries(ref)) {
    if (want.values === null || want.shape.length > 2) continue;
    it(`${name}: shape and every value as NumPy reads them`, () => {
      const a = parseNpy(readFileSync(join(fixtures, name)));
      expect(a.shape).toEqual(want.shape);
      expect(Array.from(a.data)).toEqual(want.values);
    });
  }

  it("refuses what it cannot read, saying why", () => {
    expect(() => parseNpy(readFileSync(join(fixtures, "cube.npy")))).toThrow(/3 dimensions/);
    expect(() => parseNpy(readFileSync(join(fixtures, "complex.npy")))).toThrow(
      /unsupported dtype "<c16"/,
    );
    expect(() => parseNpy(readFileSync(join(fixtures, "truncated.npy")))).toThrow(
      /truncated .npy file: .* needs 48 bytes of data, found 43/,
    );
    expect(() => parseNpy(new Uint8Array([1, 2, 3]))).toThrow(/not a .npy file/);
    const head = readFileSync(join(fixtures, "p64.npy")).subarray(0, 12);
    expect(() => parseNpy(head)).toThrow(/header is incomplete/);
    expect(looksLikeNpy(readFileSync(join(fixtures, "p64.npy")))).toBe(true);
    expect(looksLikeNpy(new TextEncoder().encode("p,q\n"))).toBe(false);
  });
});
