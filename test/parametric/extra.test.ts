/**
 * Hard ranges and cross-family pairs beyond the shared fixture, against mpmath values from
 * scripts/gen_parametric.py (test/fixtures/parametric-extra.json): entropies by direct
 * high-precision summation or evaluation, KL divergences by numerical quadrature/summation of
 * p·(ln p − ln q), which is independent of every closed form used in the library.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parametricKlDivergence } from "../../src/parametric/index.js";
import { num, relErr } from "../helpers/fixtures.js";
import { build, type Spec } from "./build.js";

interface Extra {
  logprob: { dist: Spec; x: number; value: number | string }[];
  entropies: { dist: Spec; entropy: number }[];
  kl: { p: Spec; q: Spec; kl: number | string; method: string }[];
}

const extra = JSON.parse(
  readFileSync(
    resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/parametric-extra.json"),
    "utf8",
  ),
) as Extra;

describe("parametric-extra.json (mpmath)", () => {
  it("logProb: relative error ≤ 1e-13", () => {
    for (const c of extra.logprob) {
      const v = build(c.dist).logProb(c.x);
      const e = num(c.value);
      expect(relErr(v, e), `${JSON.stringify(c.dist)} at ${c.x}: ${v} vs ${e}`).toBeLessThanOrEqual(
        1e-13,
      );
    }
  });

  it("entropies in the hard ranges: relative error ≤ 1e-13", () => {
    let worst = 0;
    let where = "";
    for (const c of extra.entropies) {
      const v = build(c.dist).entropy();
      const e = relErr(v, c.entropy);
      expect(e, `${JSON.stringify(c.dist)}: ${v} vs ${c.entropy}`).toBeLessThanOrEqual(1e-13);
      if (e > worst) {
        worst = e;
        where = JSON.stringify(c.dist);
      }
    }
    console.log(`hard-range entropies: worst relative error ${worst.toExponential(2)} at ${where}`);
  });

  it("KL by quadrature / summation: relative error ≤ 1e-10", () => {
    let worst = 0;
    let where = "";
    for (const c of extra.kl) {
      const v = parametricKlDivergence(build(c.p), build(c.q));
      const expected = num(c.kl);
      const e = relErr(v, expected);
      expect(
        e,
        `${JSON.stringify(c.p)} ‖ ${JSON.stringify(c.q)}: ${v} vs ${expected}`,
      ).toBeLessThanOrEqual(1e-10);
      if (e > worst) {
        worst = e;
        where = `${c.p.family}‖${c.q.family}`;
      }
    }
    console.log(`extra KL cases: worst relative error ${worst.toExponential(2)} (${where})`);
  });
});
