import { describe, expect, it } from "vitest";
import { fastArray, fastPathInfo } from "../../src/fast/index.js";
import { dequantizeRows, widenHalf } from "../../src/models/halves.js";
import { fastHooks } from "../../src/numeric/fast-hooks.js";
import { createRng } from "../../src/numeric/rng.js";

/**
 * The WebAssembly widening kernels (assembly/widen.ts, used when both arrays live in the kernels'
 * memory) against their TypeScript twins: the same float32 bits for every pattern.
 */
function twin<T>(fn: () => T): T {
  const w = fastHooks.widenHalf;
  const d = fastHooks.dequantizeRows;
  fastHooks.widenHalf = undefined;
  fastHooks.dequantizeRows = undefined;
  try {
    return fn();
  } finally {
    fastHooks.widenHalf = w;
    fastHooks.dequantizeRows = d;
  }
}

/** A Uint16Array of `n` words in the kernels' memory (a plain one without the fast path). */
function words(n: number): Uint16Array {
  const f = fastArray(Math.ceil(n / 2) + 1, "float32");
  return new Uint16Array(f.buffer, f.byteOffset, n);
}

/** Bit patterns of a float32 array, every NaN as one (the twin's table holds the canonical NaN). */
const bitsOf = (x: Float32Array) =>
  Array.from(new Uint32Array(x.slice().buffer), (b, i) => (Number.isNaN(x[i]) ? -1 : b));

describe("widening in WebAssembly", () => {
  it("widens all 65,536 float16 and bfloat16 patterns to the twin's bits", () => {
    const n = 65536 + 5; // a tail that is not a multiple of 8
    const bits = words(n);
    for (let i = 0; i < n; i++) bits[i] = i & 0xffff;
    for (const kind of ["float16", "bfloat16"] as const) {
      const out = fastArray(n, "float32");
      let called = false;
      const hook = fastHooks.widenHalf;
      if (hook) {
        fastHooks.widenHalf = (b, k, o) => {
          called = hook(b, k, o);
          return called;
        };
      }
      try {
        widenHalf(bits, kind, out);
      } finally {
        fastHooks.widenHalf = hook;
      }
      if (fastPathInfo().shared) expect(called).toBe(true);
      const ref = twin(() => widenHalf(bits.slice(), kind));
      expect(bitsOf(out)).toEqual(bitsOf(ref));
    }
  });

  it("dequantizes llama.cpp base-file rows to the twin's bits (odd vocabulary, padding)", () => {
    const rng = createRng(11);
    for (const columns of [1, 7, 8, 33, 1001]) {
      const rows = 5;
      const stride = 2 * Math.ceil(columns / 2) + 4;
      const raw = words(rows * stride);
      const head = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let r = 0; r < rows; r++) {
        const min = -16 - 20 * rng.nextFloat();
        const scale = (-min * rng.nextFloat()) / 65535;
        head.setFloat32(2 * r * stride, r === 0 ? 0 : scale, true);
        head.setFloat32(2 * r * stride + 4, min, true);
        for (let i = 0; i < columns; i++) raw[r * stride + 4 + i] = rng.nextInt(0, 65535);
        if (columns % 2 === 1) raw[r * stride + 4 + columns] = 0xffff; // padding is not read
      }
      const out = fastArray(rows * columns, "float32");
      dequantizeRows(raw, rows, stride, columns, out);
      const ref = twin(() => dequantizeRows(raw.slice(), rows, stride, columns));
      expect(bitsOf(out)).toEqual(bitsOf(ref));
    }
  });
});

describe("bad input", () => {
  it("refuses sizes that do not fit the arrays, naming the argument and value", () => {
    const raw = new Uint16Array(6);
    expect(() => dequantizeRows(raw, 2, 6, 2)).toThrow(
      expect.objectContaining({ code: "length-mismatch", argument: "raw", value: 6 }),
    );
    expect(() => dequantizeRows(raw, 1, 5, 2)).toThrow(
      expect.objectContaining({ code: "invalid-option", argument: "stride", value: 5 }),
    );
    expect(() => dequantizeRows(raw, 1.5, 6, 2)).toThrow(
      expect.objectContaining({ code: "invalid-option", argument: "rows", value: 1.5 }),
    );
    expect(() => dequantizeRows(raw, 1, 6, 2, new Float32Array(1))).toThrow(
      expect.objectContaining({ code: "length-mismatch", argument: "out", value: 1 }),
    );
    expect(() => widenHalf(new Uint16Array(3), "float16", new Float32Array(2))).toThrow(
      expect.objectContaining({ code: "length-mismatch", argument: "out", value: 2 }),
    );
    expect(() => widenHalf(new Uint16Array(3), "float8" as "float16")).toThrow(
      expect.objectContaining({ code: "invalid-option", argument: "kind", value: "float8" }),
    );
    // Within bounds the answers are unchanged.
    new Float32Array(raw.buffer, 0, 2).set([0.5, -8]);
    raw.set([0, 16], 4);
    expect(Array.from(dequantizeRows(raw, 1, 6, 2))).toEqual([-8, 0]);
  });
});
