/**
 * Degenerate limits users fit by accident: Poisson(0) is the point mass at 0 (as PyTorch's log_prob
 * and sample; PyTorch's KL gives NaN there, the limit is used here), a zero spread of a continuous
 * family is refused with its reason; a Categorical negative probability throws `negative`.
 * References: scripts/gen_edges.py (torch).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import {
  distributions as d,
  parametricCrossEntropy,
  parametricKlDivergence,
} from "../../src/index.js";
import { num } from "../helpers/fixtures.js";

const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/edges.json"), "utf8"),
) as {
  poisson_zero: {
    kl: { p: number; q: number; torch: number | string; exact: number | string }[];
    entropy_exact: number;
    log_prob_torch: Record<string, number | string>;
    sample_torch: number[];
  };
};

describe("Poisson(0): the point mass at 0", () => {
  const zero = new d.Poisson({ rate: 0 });

  test("log-probabilities and draws as PyTorch's; entropy, mean and variance 0", () => {
    for (const [k, v] of Object.entries(fixture.poisson_zero.log_prob_torch)) {
      expect(zero.logProb(Number(k))).toBe(num(v));
    }
    expect([...zero.sample(5, { seed: 1 })]).toEqual(fixture.poisson_zero.sample_torch);
    expect(zero.entropy()).toBe(fixture.poisson_zero.entropy_exact);
    expect(zero.mean).toBe(0);
    expect(zero.variance).toBe(0);
  });

  test.each(fixture.poisson_zero.kl.map((c) => [c.p, c.q, c.exact, c.torch] as const))(
    "D(Poisson(%s)‖Poisson(%s)) = %s (torch: %s)",
    (a, b, exact) => {
      const v = parametricKlDivergence(new d.Poisson({ rate: a }), new d.Poisson({ rate: b }));
      expect(v).toBe(num(exact)); // λq exactly (klTerm(0, λq) = λq), or +∞
    },
  );

  test("against other discrete families: −ln q(0)", () => {
    expect(parametricKlDivergence(zero, new d.Geometric({ p: 0.5 }))).toBe(Math.LN2);
    expect(parametricCrossEntropy(zero, new d.Binomial({ n: 3, p: 0.5 }))).toBe(3 * Math.LN2);
    expect(parametricKlDivergence(new d.Geometric({ p: 0.5 }), zero)).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(parametricKlDivergence(zero, zero)).toBe(0);
  });

  test("a negative rate is still refused", () => {
    expect(() => new d.Poisson({ rate: -1 })).toThrow(
      expect.objectContaining({ code: "invalid-parameter", argument: "rate" }),
    );
  });
});

describe("refusals that say why", () => {
  test("a zero spread of a continuous family is a point mass without a density", () => {
    for (const make of [
      () => new d.Normal({ mean: 0, std: 0 }),
      () => new d.Laplace({ loc: 0, scale: 0 }),
      () => new d.LogNormal({ mu: 0, sigma: 0 }),
    ]) {
      expect(make).toThrow(/point mass, which has no density/);
    }
  });

  test("a Categorical with a negative probability throws negative (as docs/parametric.md says)", () => {
    expect(() => new d.Categorical({ probs: [0.5, -0.1, 0.6] })).toThrow(
      expect.objectContaining({ code: "negative", argument: "probs", index: 1, value: -0.1 }),
    );
    const docs = readFileSync(resolve(import.meta.dirname, "../../docs/parametric.md"), "utf8");
    expect(docs).toMatch(/`negative`[^.]*Categorical/);
  });
});
