import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  digamma,
  erf,
  erfc,
  erfcx,
  expm1MinusX,
  lbeta,
  lgamma,
  lgammaBregman,
  logBinomialPmf,
  logPoissonPmf,
  normalCdf,
  polygamma,
  stirlerr,
  trigamma,
  xMinusOneMinusLog,
} from "../../src/numeric/special.js";
import { num, relErr } from "../helpers/fixtures.js";

interface Point {
  x: number;
  value: number | string;
}
interface Extra {
  special: {
    lgamma: Point[];
    digamma: Point[];
    trigamma: Point[];
    erf: Point[];
    erfc: Point[];
    erfcx: Point[];
    lbeta: { a: number; b: number; value: number }[];
  };
}

/** Reference values from scripts/gen_parametric.py (mpmath, 40 digits). */
const extra = JSON.parse(
  readFileSync(
    resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/parametric-extra.json"),
    "utf8",
  ),
) as Extra;

/** Checks every point: relative error ≤ tol, or absolute ≤ absTol where the value is near 0. */
function check(
  name: string,
  f: (x: number) => number,
  points: Point[],
  tol: number,
  absTol = 0,
): number {
  let worst = 0;
  for (const p of points) {
    const v = f(p.x);
    const e = num(p.value);
    const err = relErr(v, e);
    if (absTol > 0 && Math.abs(v - e) <= absTol) continue;
    expect(err, `${name}(${p.x}) = ${v}, expected ${e}`).toBeLessThanOrEqual(tol);
    worst = Math.max(worst, err);
  }
  return worst;
}

describe("special functions against mpmath", () => {
  it("lgamma: relative error ≤ 4e-15 (also at the zeros 1 and 2)", () => {
    const w = check("lgamma", lgamma, extra.special.lgamma, 4e-15);
    console.log(`lgamma worst relative error ${w.toExponential(2)}`);
    expect(lgamma(1)).toBe(0);
    expect(lgamma(2)).toBe(0);
    expect(lgamma(0)).toBe(Infinity);
  });
  it("digamma: relative error ≤ 4e-15 (absolute 1e-15 near its zero 1.4616…)", () => {
    check("digamma", digamma, extra.special.digamma, 4e-15, 1e-15);
  });
  it("trigamma: relative error ≤ 4e-15", () => {
    check("trigamma", trigamma, extra.special.trigamma, 4e-15);
  });
  it("lbeta: relative error ≤ 1e-14, also for huge and mixed arguments", () => {
    for (const c of extra.special.lbeta) {
      const v = lbeta(c.a, c.b);
      expect(relErr(v, c.value), `lbeta(${c.a}, ${c.b}) = ${v} vs ${c.value}`).toBeLessThanOrEqual(
        1e-14,
      );
      expect(lbeta(c.b, c.a)).toBe(v);
    }
  });
  it("erf, erfc, erfcx: relative error ≤ 4e-15", () => {
    check("erf", erf, extra.special.erf, 4e-15);
    check("erfc", erfc, extra.special.erfc, 4e-15);
    check("erfcx", erfcx, extra.special.erfcx, 4e-15);
    expect(normalCdf(0)).toBe(0.5);
  });
  it("identities: polygamma(1) = trigamma, recurrences, series helpers", () => {
    for (const x of [0.3, 1, 2.5, 17, 1e3]) {
      expect(relErr(polygamma(1, x), trigamma(x))).toBeLessThan(1e-14);
      // ψ⁽ᵐ⁾(x + 1) = ψ⁽ᵐ⁾(x) + (−1)^m m!/x^{m+1}
      for (const m of [2, 3, 5]) {
        let f = 1;
        for (let i = 2; i <= m; i++) f *= i;
        const lhs = polygamma(m, x + 1);
        const rhs = polygamma(m, x) + ((m % 2 === 0 ? 1 : -1) * f) / x ** (m + 1);
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-13 * Math.max(1, Math.abs(rhs)));
      }
    }
    expect(relErr(polygamma(2, 1), -2 * 1.2020569031595942)).toBeLessThan(1e-14);
    expect(relErr(expm1MinusX(1e-5), Math.expm1(1e-5) - 1e-5)).toBeLessThan(1e-6);
    expect(relErr(expm1MinusX(1e-5), 1e-10 / 2 + 1e-15 / 6 + 1e-20 / 24)).toBeLessThan(1e-15);
    expect(xMinusOneMinusLog(1)).toBe(0);
    const dd = 1 + 1e-6 - 1;
    expect(relErr(xMinusOneMinusLog(1 + 1e-6), (dd * dd) / 2 - (dd * dd * dd) / 3)).toBeLessThan(
      1e-12,
    );
    // Bregman of ln Γ: series branch agrees with the direct branch where both are accurate
    expect(
      relErr(lgammaBregman(3, 3.25), lgamma(3.25) - lgamma(3) - 0.25 * digamma(3)),
    ).toBeLessThan(1e-13);
    expect(relErr(lgammaBregman(2, 2 + 1e-8), (trigamma(2) * 1e-16) / 2)).toBeLessThan(1e-7);
    expect(lgammaBregman(5, 5)).toBe(0);
  });
  it("Loader's pieces: stirlerr(n) = ln n! − (n+½)ln n + n − ½ln 2π; masses sum to 1", () => {
    expect(
      relErr(stirlerr(10), lgamma(11) - 10.5 * Math.log(10) + 10 - 0.9189385332046728),
    ).toBeLessThan(1e-12);
    let s = 0;
    for (let k = 0; k <= 60; k++) s += Math.exp(logPoissonPmf(k, 7.5));
    expect(Math.abs(s - 1)).toBeLessThan(1e-14);
    s = 0;
    for (let k = 0; k <= 50; k++) s += Math.exp(logBinomialPmf(k, 50, 0.37));
    expect(Math.abs(s - 1)).toBeLessThan(1e-14);
  });
});
