import { describe, expect, it } from "vitest";
import { SurprisalError } from "../../src/errors.js";
import { parametricCrossEntropy, parametricKlDivergence } from "../../src/parametric/index.js";
import { num, readSharedFixture, relErr } from "../helpers/fixtures.js";
import { build, type Spec } from "./build.js";

interface Case {
  p: Spec;
  q: Spec;
  entropy_p: number;
  kl: number | string;
}

const fixture = readSharedFixture<{ cases: Case[] }>("parametric.json");

describe("shared fixture parametric.json", () => {
  it("has all 18 families", () => {
    const families = new Set(fixture.cases.flatMap((c) => [c.p.family, c.q.family]));
    expect(families.size).toBe(18);
  });

  it("entropy, KL and cross entropy: every finite case within 1e-10 relative, infinite cases +∞", () => {
    let worstKl = 0;
    let worstH = 0;
    let worstCase = "";
    for (const c of fixture.cases) {
      const p = build(c.p);
      const q = build(c.q);
      const h = p.entropy();
      const eH = relErr(h, c.entropy_p);
      expect(eH, `entropy of ${JSON.stringify(c.p)}`).toBeLessThanOrEqual(1e-10);
      worstH = Math.max(worstH, eH);
      const expected = num(c.kl);
      const kl = parametricKlDivergence(p, q);
      if (expected === Number.POSITIVE_INFINITY) {
        expect(kl, `${c.p.family}‖${c.q.family}`).toBe(Number.POSITIVE_INFINITY);
        expect(parametricCrossEntropy(p, q)).toBe(Number.POSITIVE_INFINITY);
        continue;
      }
      const e = relErr(kl, expected);
      expect(
        e,
        `KL ${JSON.stringify(c.p)} ‖ ${JSON.stringify(c.q)}: ${kl} vs ${expected}`,
      ).toBeLessThanOrEqual(1e-10);
      if (e > worstKl) {
        worstKl = e;
        worstCase = `${c.p.family}‖${c.q.family}`;
      }
      // H(p, q) = H(p) + D(p‖q)
      const ce = parametricCrossEntropy(p, q);
      expect(Math.abs(ce - (c.entropy_p + expected))).toBeLessThanOrEqual(
        1e-10 * Math.max(1, Math.abs(c.entropy_p) + expected),
      );
    }
    console.log(
      `parametric.json: worst relative error KL ${worstKl.toExponential(2)} (${worstCase}), entropy ${worstH.toExponential(2)}`,
    );
  });

  it("units: { base: 'bits' } divides by ln 2", () => {
    const c = fixture.cases.find((x) => x.p.family === "Normal" && x.q.family === "Normal")!;
    const bits = parametricKlDivergence(build(c.p), build(c.q), { base: "bits" });
    expect(relErr(bits, (c.kl as number) / Math.LN2)).toBeLessThan(1e-12);
    expect(() => parametricKlDivergence(build(c.p), build(c.q), { base: 1 })).toThrow(
      SurprisalError,
    );
  });
});
