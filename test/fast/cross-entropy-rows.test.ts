import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { crossEntropy, crossEntropyRows, SurprisalError } from "../../src/index.js";
import { countHookCalls, onTypeScript } from "../helpers/fast-hooks.js";
import { type DiscreteCase, num, readSharedFixture, relErr } from "../helpers/fixtures.js";

/**
 * crossEntropyRows of logits: H(Pᵣ) + D(Pᵣ‖Qᵣ) with the divergences from the KL-per-row kernel
 * (the `klLogitsRows` hook): the shared logits fixtures within 1e-12 of mpmath, each row within
 * 1e-13 of crossEntropy on that row alone on the TypeScript path, +∞ and units as there, and the
 * TypeScript path's error (with its row) for bad rows.
 */
type Case = DiscreteCase;
const logits = readSharedFixture<{ cases: Case[] }>("discrete.json").cases.filter(
  (c) => c.input === "logits",
);
const hook = countHookCalls("klLogitsRows");

describe("rows of logits on the KL-per-row kernel", () => {
  test.each(logits.map((c) => [c.name, c] as const))("fixture %s (≤ 1e-12)", (_n, c) => {
    const p = Float64Array.from(c.p.map(num));
    const q = Float64Array.from(c.q.map(num));
    const before = hook.calls;
    const got = crossEntropyRows(p, q, { input: "logits", columns: p.length });
    expect(hook.calls).toBe(before + 1);
    const want = num(c.expected.cross_entropy as number | string);
    expect(relErr(got[0] as number, want)).toBeLessThanOrEqual(1e-12);
  });

  fcTest.prop([
    fc.integer({ min: 1, max: 6 }),
    fc.integer({ min: 1, max: 80 }),
    fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    fc.constantFrom("nats" as const, "bits" as const),
    fc.boolean(),
  ])(
    "each row = crossEntropy of that row (TypeScript) within 1e-13",
    (rows, cols, seed, base, f32) => {
      const Ctor = f32 ? Float32Array : Float64Array;
      let s = seed;
      const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5) * 20;
      const z = Ctor.from(Array.from({ length: rows * cols }, rnd));
      const w = Ctor.from(Array.from({ length: rows * cols }, rnd));
      const o = { input: "logits" as const, columns: cols, base };
      const got = crossEntropyRows(z, w, o);
      for (let r = 0; r < rows; r++) {
        const want = onTypeScript(() =>
          crossEntropy(z.subarray(r * cols, (r + 1) * cols), w.subarray(r * cols, (r + 1) * cols), {
            input: "logits",
            base,
          }),
        );
        expect(relErr(got[r] as number, want), `row ${r}`).toBeLessThanOrEqual(1e-13);
      }
    },
  );

  test("+∞ where Q rules out what P allows; bad rows raise the TypeScript path's error", () => {
    const z = Float64Array.of(0, 1, 2, 0, 1, 2);
    const w = Float64Array.of(0, 1, 2, 0, Number.NEGATIVE_INFINITY, 2);
    const got = crossEntropyRows(z, w, { input: "logits", columns: 3 });
    expect(got[1]).toBe(Number.POSITIVE_INFINITY);
    expect(relErr(got[0] as number, crossEntropy([0, 1, 2], [0, 1, 2], { input: "logits" }))).toBe(
      0,
    );
    const bad = Float64Array.of(0, 1, 2, 0, Number.NaN, 2);
    const ts = (() => {
      try {
        onTypeScript(() => crossEntropyRows(bad, w, { input: "logits", columns: 3 }));
      } catch (e) {
        return e as SurprisalError;
      }
    })();
    expect(ts).toBeInstanceOf(SurprisalError);
    expect(() => crossEntropyRows(bad, w, { input: "logits", columns: 3 })).toThrow(
      expect.objectContaining({ message: ts?.message, code: ts?.code }),
    );
  });
});
