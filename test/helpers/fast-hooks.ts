import { afterAll, beforeAll } from "vitest";
import { useFastPath } from "../../src/fast/index.js";
import { type FastHooks, fastHooks } from "../../src/numeric/fast-hooks.js";

/** Runs f with the fast path off (the TypeScript twins), then puts the hooks back as they were. */
export function onTypeScript<T>(f: () => T): T {
  const saved = { ...fastHooks };
  useFastPath(false);
  try {
    return f();
  } finally {
    Object.assign(fastHooks, saved);
  }
}

type HookName = {
  [K in keyof FastHooks]-?: NonNullable<FastHooks[K]> extends (...a: never[]) => unknown
    ? K
    : never;
}[keyof FastHooks];

/**
 * For the test file that calls it: the fast path on, the hook `name` wrapped to count its calls,
 * `minLength` 0 (the fixtures' short cases too); every hook restored after the file.
 */
export function countHookCalls(name: HookName): { calls: number } {
  const counter = { calls: 0 };
  let saved: FastHooks;
  beforeAll(() => {
    useFastPath(true);
    saved = { ...fastHooks };
    const hook = fastHooks[name] as (...a: unknown[]) => unknown;
    (fastHooks as Record<string, unknown>)[name] = (...a: unknown[]) => {
      counter.calls++;
      return hook(...a);
    };
    fastHooks.minLength = 0;
  });
  afterAll(() => {
    Object.assign(fastHooks, saved);
  });
  return counter;
}
