import { expect } from "vitest";
import { SurprisalError } from "../../src/errors.js";

/** One refusal to check: the call, and the code, argument, index and message word it must carry. */
export type ErrorCase = [
  call: () => unknown,
  code: string,
  argument: string,
  index: number | undefined,
  word: RegExp,
];

/** Checks that each call throws a SurprisalError with the stated code, argument, index and word. */
export function expectRefusals(cases: readonly ErrorCase[]): void {
  for (const [call, code, argument, index, word] of cases) {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    expect(thrown, `${argument}: expected a SurprisalError`).toBeInstanceOf(SurprisalError);
    const err = thrown as SurprisalError;
    expect(err.code).toBe(code);
    expect(err.argument).toBe(argument);
    expect(err.index).toBe(index);
    expect(err.message).toMatch(word);
  }
}
