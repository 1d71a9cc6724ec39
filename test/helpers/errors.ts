import { expect } from "vitest";
import { SurprisalError } from "../../src/index.js";

/** The SurprisalError that f throws (the test fails when it throws nothing, or something else). */
export function errorOf(f: () => unknown): SurprisalError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    return e as SurprisalError;
  }
  throw new Error("no error");
}
