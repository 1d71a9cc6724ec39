import { describe, expect, it } from "vitest";
import { SurprisalError } from "../../src/errors.js";
import { convertUnits, fromNats, logOfBase, unitName } from "../../src/numeric/units.js";
import type { Base } from "../../src/types.js";
import { relErr } from "../helpers/fixtures.js";
import { EPS, numericFixture } from "./fixture.js";

// Reference values: mpmath at 60 digits (scripts/gen_numeric.py).

describe("logOfBase(base): how many nats one unit is", () => {
  it("is 1 for nats (and undefined), ln 2 for bits, ln 10 for dits, exactly", () => {
    expect(logOfBase(undefined)).toBe(1);
    expect(logOfBase("nats")).toBe(1);
    expect(logOfBase("bits")).toBe(Math.LN2);
    expect(logOfBase("dits")).toBe(Math.LN10);
    expect(logOfBase(2)).toBe(Math.LN2);
    expect(logOfBase(10)).toBe(Math.LN10);
  });

  // Measured worst 0.91ε (base 3): Math.log's own accuracy.
  it.for(numericFixture.units.lnBase)("logOfBase($base) = ln $base", ({ base, value }) => {
    expect(relErr(logOfBase(base), value)).toBeLessThanOrEqual(EPS);
  });

  it.for([0, 1, -2, Number.NaN, Number.POSITIVE_INFINITY, "bytes"] as unknown[])(
    "refuses %s with code invalid-base, naming the argument",
    (base) => {
      try {
        logOfBase(base as Base, "to");
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(SurprisalError);
        expect((e as SurprisalError).code).toBe("invalid-base");
        expect((e as SurprisalError).argument).toBe("to");
      }
    },
  );
});

describe("convertUnits(value, from, to) = value·ln(from)/ln(to)", () => {
  // Three roundings (two logarithms, the product, the quotient): measured within 2ε; held to 4ε.
  it.for(numericFixture.units.convert)(
    "$value from $from to $to",
    ({ value, from, to, result }) => {
      expect(relErr(convertUnits(value, from as Base, to as Base), result)).toBeLessThanOrEqual(
        4 * EPS,
      );
    },
  );

  it("is the identity when both units are the same", () => {
    expect(convertUnits(0.1, "bits", 2)).toBe(0.1);
  });
});

describe("fromNats(nats, base)", () => {
  it("divides by ln(base), and leaves nats as they are", () => {
    expect(fromNats(Math.LN2, "bits")).toBe(1);
    expect(fromNats(0.5, undefined)).toBe(0.5);
    expect(fromNats(0.5, "nats")).toBe(0.5);
  });
});

describe("unitName(base)", () => {
  it.for([
    [undefined, "nats"],
    ["nats", "nats"],
    [Math.E, "nats"],
    ["bits", "bits"],
    [2, "bits"],
    ["dits", "dits"],
    [10, "dits"],
    [3, "log3 units"],
    [1.5, "log1.5 units"],
  ] as [Base | undefined, string][])("unitName(%s) = %s", ([base, name]) => {
    expect(unitName(base)).toBe(name);
  });
});
