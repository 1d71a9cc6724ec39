import { describe, expect, it } from "vitest";
import { SurprisalError } from "../../src/errors.js";
import { crossEntropy } from "../../src/measures/cross-entropy.js";
import { entropy } from "../../src/measures/entropy.js";
import { klDivergence } from "../../src/measures/kl.js";
import { distributions as d } from "../../src/parametric/index.js";

// The vector measures refuse parametric distribution objects and name the function that takes them.
const p = new d.Normal({ mean: 0, std: 1 }) as never;
const q = new d.Normal({ mean: 1, std: 2 }) as never;

function refusal(f: () => unknown): SurprisalError {
  try {
    f();
  } catch (e) {
    if (e instanceof SurprisalError) return e;
    throw e;
  }
  throw new Error("expected a SurprisalError");
}

describe("vector measures given a parametric distribution", () => {
  it.each([
    ["klDivergence(dist, dist)", () => klDivergence(p, q), "p", "parametricKlDivergence(p, q)"],
    [
      "klDivergence(vector, dist)",
      () => klDivergence([0.5, 0.5], q),
      "q",
      "parametricKlDivergence(p, q)",
    ],
    ["crossEntropy(dist, dist)", () => crossEntropy(p, q), "p", "parametricCrossEntropy(p, q)"],
    [
      "crossEntropy(vector, dist)",
      () => crossEntropy([0.5, 0.5], q),
      "q",
      "parametricCrossEntropy(p, q)",
    ],
    ["entropy(dist)", () => entropy(p), "p", "dist.entropy()"],
  ])("%s throws invalid-input naming the parametric call", (_name, f, argument, use) => {
    const e = refusal(f);
    expect(e.code).toBe("invalid-input");
    expect(e.argument).toBe(argument);
    expect(e.value).toBe("Normal");
    expect(e.message).toContain(use);
  });

  it("custom Distribution objects (any object with a string family) are refused too", () => {
    const custom = { family: "Mine", logProb: () => 0 } as never;
    expect(refusal(() => entropy(custom)).code).toBe("invalid-input");
  });
});
