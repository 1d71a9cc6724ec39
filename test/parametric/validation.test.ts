import { describe, expect, it } from "vitest";
import { SurprisalError } from "../../src/errors.js";
import {
  distributions as d,
  FAMILY_PARAMETERS,
  parametricKlDivergence,
  parseDistribution,
} from "../../src/parametric/index.js";

/** Runs f and returns the SurprisalError it throws. */
function caught(f: () => unknown): SurprisalError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    return e as SurprisalError;
  }
  throw new Error("expected a SurprisalError");
}

describe("parameter validation", () => {
  it("std ≤ 0 and other non-positive scales", () => {
    const e = caught(() => new d.Normal({ mean: 0, std: 0 }));
    expect(e.code).toBe("invalid-parameter");
    expect(e.argument).toBe("std");
    expect(e.value).toBe(0);
    expect(e.message).toMatch(/std = 0 .*positive/);
    expect(caught(() => new d.Normal({ mean: 0, std: -1 })).code).toBe("invalid-parameter");
    expect(caught(() => new d.Gamma({ shape: 0, rate: 1 })).argument).toBe("shape");
    expect(caught(() => new d.Gamma({ shape: 1, rate: -2 })).argument).toBe("rate");
    expect(caught(() => new d.Pareto({ scale: 1, alpha: 0 })).argument).toBe("alpha");
    expect(caught(() => new d.Laplace({ loc: 0, scale: 0 })).argument).toBe("scale");
    expect(caught(() => new d.Poisson({ rate: -1 })).argument).toBe("rate");
  });

  it("NaN and ∞ are not finite; missing and non-numbers are refused", () => {
    const e = caught(() => new d.Normal({ mean: Number.NaN, std: 1 }));
    expect(e.code).toBe("not-finite");
    expect(e.message).toMatch(/not finite/);
    expect(caught(() => new d.Exponential({ rate: Infinity })).code).toBe("not-finite");
    expect(caught(() => new d.Normal({ mean: 0 } as never)).message).toMatch(/std is missing/);
    expect(caught(() => new d.Normal({ mean: "0", std: 1 } as never)).message).toMatch(/number/);
    expect(caught(() => new d.Normal(3 as never)).message).toMatch(/one object/);
  });

  it("probabilities, counts, intervals", () => {
    expect(caught(() => new d.Bernoulli({ p: 1.5 })).message).toMatch(/probability/);
    expect(caught(() => new d.Geometric({ p: 0 })).message).toMatch(/\(0, 1]/);
    expect(caught(() => new d.Binomial({ n: 2.5, p: 0.5 })).message).toMatch(/integer/);
    expect(caught(() => new d.Binomial({ n: -1, p: 0.5 })).argument).toBe("n");
    const u = caught(() => new d.Uniform({ low: 2, high: 1 }));
    expect(u.argument).toBe("high");
    expect(u.message).toMatch(/greater than low/);
  });

  it("categorical: negative entry (with index), sum off 1, empty", () => {
    const e = caught(() => new d.Categorical({ probs: [0.5, -0.1, 0.6] }));
    expect(e.index).toBe(1);
    expect(e.message).toMatch(/negative/);
    expect(caught(() => new d.Categorical({ probs: [0.5, 0.6] })).code).toBe("sum");
    expect(caught(() => new d.Categorical({ probs: [] })).code).toBe("empty");
    const c = new d.Categorical({ probs: [0.2, 0.3, 0.5 + 1e-9] });
    expect(c.params.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });

  it("Dirichlet: positive concentrations, at least 2", () => {
    expect(caught(() => new d.Dirichlet({ alpha: [1, 0, 2] })).index).toBe(1);
    expect(caught(() => new d.Dirichlet({ alpha: [1] })).message).toMatch(/at least 2/);
  });

  it("MultivariateNormal: covariance not positive definite, not symmetric, wrong shape", () => {
    const e = caught(
      () =>
        new d.MultivariateNormal({
          mean: [0, 0],
          covariance: [
            [1, 2],
            [2, 1],
          ],
        }),
    );
    expect(e.code).toBe("invalid-parameter");
    expect(e.message).toMatch(/not positive definite/);
    expect(
      caught(
        () =>
          new d.MultivariateNormal({
            mean: [0, 0],
            covariance: [
              [1, 0.5],
              [0.4, 1],
            ],
          }),
      ).message,
    ).toMatch(/symmetric/);
    expect(
      caught(() => new d.MultivariateNormal({ mean: [0, 0], covariance: [[1, 0]] })).message,
    ).toMatch(/2 rows/);
    expect(
      caught(() => new d.MultivariateNormal({ mean: [0, 0], covariance: [[1, 0], [0]] })).message,
    ).toMatch(/length 1/);
  });

  it("logProb of a point of the wrong dimension", () => {
    const m = new d.MultivariateNormal({
      mean: [0, 0],
      covariance: [
        [1, 0],
        [0, 1],
      ],
    });
    expect(caught(() => m.logProb([1, 2, 3])).code).toBe("length-mismatch");
    expect(caught(() => new d.Normal({ mean: 0, std: 1 }).logProb([1, 2])).code).toBe(
      "length-mismatch",
    );
    expect(caught(() => m.logProbMany([1, 2, 3])).code).toBe("length-mismatch");
  });

  it("moments that do not exist", () => {
    const c = new d.Cauchy({ loc: 0, scale: 1 });
    expect(() => c.mean).toThrow(/mean does not exist/);
    expect(c.variance).toBe(Infinity);
    expect(new d.Pareto({ scale: 1, alpha: 1 }).mean).toBe(Infinity);
    expect(new d.Pareto({ scale: 1, alpha: 2 }).variance).toBe(Infinity);
  });
});

describe("parseDistribution", () => {
  it("positional parameters in the fixture's order, case-insensitive", () => {
    for (const [family, names] of Object.entries(FAMILY_PARAMETERS)) {
      expect(names.length).toBeGreaterThan(0);
      expect(family.length).toBeGreaterThan(0);
    }
    const n = parseDistribution("normal(0,1)");
    expect(n.family).toBe("Normal");
    expect(n.params).toEqual({ mean: 0, std: 1 });
    expect(parseDistribution("  NORMAL ( -1.5e0 , 2 ) ").params).toEqual({ mean: -1.5, std: 2 });
    expect(parseDistribution("Pareto(2, 3)").params).toEqual({ scale: 2, alpha: 3 });
    expect(parseDistribution("binomial(10, 0.3)").params).toEqual({ n: 10, p: 0.3 });
    expect(parseDistribution("half-normal(2)").family).toBe("HalfNormal");
    expect(parseDistribution("gaussian(0, .5)").params).toEqual({ mean: 0, std: 0.5 });
  });

  it("named parameters, lists, vectors", () => {
    expect(parseDistribution("gamma(shape=2, rate=3)").params).toEqual({ shape: 2, rate: 3 });
    expect(parseDistribution("gamma(2, rate=3)").params).toEqual({ shape: 2, rate: 3 });
    expect(
      Array.from(parseDistribution("categorical([0.2, 0.8])").params.probs as Float64Array),
    ).toEqual([0.2, 0.8]);
    expect(
      Array.from(parseDistribution("categorical(0.2, 0.3, 0.5)").params.probs as Float64Array),
    ).toEqual([0.2, 0.3, 0.5]);
    expect(parseDistribution("dirichlet(1, 2, 3)").dimension).toBe(3);
    const m = parseDistribution("mvn([0, 1], [[2, 0.5], [0.5, 1]])");
    expect(m.family).toBe("MultivariateNormal");
    expect(m.dimension).toBe(2);
    expect(
      parametricKlDivergence(parseDistribution("normal(0,1)"), parseDistribution("normal(1,2)")),
    ).toBeCloseTo(0.4431471805599453, 15);
  });

  it("clear errors on bad text", () => {
    const unknown = caught(() => parseDistribution("nromal(0, 1)"));
    expect(unknown.code).toBe("invalid-input");
    expect(unknown.message).toMatch(/unknown distribution family "nromal"/);
    expect(caught(() => parseDistribution("normal(0, 1")).message).toMatch(/position 11/);
    expect(caught(() => parseDistribution("normal(0, 1, 2)")).message).toMatch(/takes 2/);
    expect(caught(() => parseDistribution("normal(0, sd=1)")).message).toMatch(/no parameter "sd"/);
    expect(caught(() => parseDistribution("normal(mean=0, 1)")).message).toMatch(/positional/);
    expect(caught(() => parseDistribution("normal(0, 1) x")).message).toMatch(/after the closing/);
    expect(caught(() => parseDistribution("normal(0, abc)")).code).toBe("invalid-input");
    expect(caught(() => parseDistribution("normal(0, -1)")).code).toBe("invalid-parameter");
    expect(caught(() => parseDistribution("normal(0, 1, std=2)")).code).toBe("invalid-input");
    expect(caught(() => parseDistribution("normal(0)")).message).toMatch(/std is missing/);
    expect(caught(() => parseDistribution(3 as never)).code).toBe("invalid-input");
  });
});
