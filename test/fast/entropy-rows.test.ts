import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { setFastThreads } from "../../src/fast/index.js";
import { entropy, entropyRows, klDivergenceRows, SurprisalError } from "../../src/index.js";
import { countHookCalls, onTypeScript } from "../helpers/fast-hooks.js";
import { num, readSharedFixture, relErr } from "../helpers/fixtures.js";

/**
 * entropyRows of logits on the kernel (assembly/entropy-logits.ts through the `entropyLogitsRows`
 * hook): the shared logits fixtures (entropy of P) within 1e-12 of mpmath, every row within 1e-14
 * of entropy on that row alone on the TypeScript path (also with −∞ and logits far below the
 * row's maximum), the same bits for 1 and 2 threads, and the TypeScript path's error for a bad row.
 */
interface Case {
  name: string;
  input: string;
  p: (number | string)[];
  expected: Record<string, number | string>;
}
const logits = readSharedFixture<{ cases: Case[] }>("discrete.json").cases.filter(
  (c) => c.input === "logits",
);
const hook = countHookCalls("entropyLogitsRows");

describe("rows of logits on the entropy kernel", () => {
  test.each(logits.map((c) => [c.name, c] as const))("fixture %s (≤ 1e-12)", (_n, c) => {
    const z = Float64Array.from(c.p.map(num));
    const before = hook.calls;
    const got = entropyRows(z, { input: "logits", columns: z.length });
    expect(hook.calls).toBe(before + 1);
    expect(
      relErr(got[0] as number, num(c.expected.entropy_p as number | string)),
    ).toBeLessThanOrEqual(1e-12);
  });

  const logit = fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: -30, max: 30, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(Number.NEGATIVE_INFINITY) },
    { weight: 1, arbitrary: fc.double({ min: -2000, max: -700, noNaN: true }) },
  );
  fcTest.prop([
    fc
      .integer({ min: 1, max: 5 })
      .chain((rows) =>
        fc
          .integer({ min: 1, max: 90 })
          .chain((cols) =>
            fc.tuple(
              fc.constant(cols),
              fc.array(logit, { minLength: rows * cols, maxLength: rows * cols }),
            ),
          ),
      ),
    fc.constantFrom("nats" as const, "bits" as const),
    fc.boolean(),
  ])("each row = entropy of that row (TypeScript) within 1e-14", ([cols, values], base, f32) => {
    const Ctor = f32 ? Float32Array : Float64Array;
    const z = Ctor.from(values);
    const rows = z.length / cols;
    for (let r = 0; r < rows; r++) {
      // a row all −∞ has no mass: both paths refuse it (tested below)
      fc.pre(z.subarray(r * cols, (r + 1) * cols).some((x) => x > Number.NEGATIVE_INFINITY));
    }
    const got = entropyRows(z, { input: "logits", columns: cols, base });
    for (let r = 0; r < rows; r++) {
      const want = onTypeScript(() =>
        entropy(z.subarray(r * cols, (r + 1) * cols), { input: "logits", base }),
      );
      if (want === 0) expect(got[r]).toBe(0);
      else expect(relErr(got[r] as number, want), `row ${r}`).toBeLessThanOrEqual(1e-14);
    }
  });

  test("big: 1 and 2 threads give the same bits", () => {
    const rows = 40;
    const cols = 5000;
    const z = new Float32Array(rows * cols);
    for (let i = 0; i < z.length; i++) z[i] = Math.sin(i * 0.37) * 12 + (i % 97) / 10;
    const a = entropyRows(z, { input: "logits", columns: cols });
    setFastThreads(1);
    const b = entropyRows(z, { input: "logits", columns: cols });
    setFastThreads(undefined);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  test("the next row job runs its own kernel (no mode left over from this one)", () => {
    const z = Float64Array.from({ length: 2 * 100 }, (_, i) => Math.cos(i) * 3);
    const w = Float64Array.from({ length: 2 * 100 }, (_, i) => Math.sin(i) * 3);
    const o = { input: "logits" as const, columns: 100 };
    const want = onTypeScript(() => klDivergenceRows(z, w, o));
    entropyRows(z, o);
    const got = klDivergenceRows(z, w, o);
    for (let r = 0; r < 2; r++)
      expect(relErr(got[r] as number, want[r] as number)).toBeLessThan(1e-13);
  });

  test("a bad row raises the TypeScript path's error, with its row", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const z = Float64Array.of(0, 1, 2, 0, bad, 2);
      const ts = (() => {
        try {
          onTypeScript(() => entropyRows(z, { input: "logits", columns: 3 }));
        } catch (e) {
          return e as SurprisalError;
        }
      })();
      expect(ts).toBeInstanceOf(SurprisalError);
      expect(() => entropyRows(z, { input: "logits", columns: 3 })).toThrow(
        expect.objectContaining({ message: ts?.message, code: ts?.code }),
      );
    }
    const allMinusInf = Float64Array.of(0, 1, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY);
    expect(() => entropyRows(allMinusInf, { input: "logits", columns: 2 })).toThrow(SurprisalError);
  });
});
