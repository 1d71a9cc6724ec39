/**
 * Worker threads join a streamed CLI computation only when the rest of it is worth a worker's
 * start (src/cli/accumulate.ts); the thread setting is the same after the command, and the value
 * the same whatever the threads (fixed chunking).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { THREADS_WORTH_MS, threadsWorthIt } from "../../src/cli/accumulate.js";
import { fastPathInfo, KlAccumulator, klDivergence, setFastThreads } from "../../src/index.js";
import { writeNpy } from "../helpers/npy.js";
import { runMain } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "surprisal-late-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A float64 .npy file of `values` in the test's directory. */
function npy(name: string, values: Float64Array): string {
  return writeNpy(join(dir, name), values);
}

describe("threadsWorthIt", () => {
  it("waits for an estimate, then wants threads when the rest would take long enough", () => {
    expect(threadsWorthIt(19, 0.001)).toBe(false); // too early to judge
    expect(threadsWorthIt(20, 0.1)).toBe(true); // 180 ms to go
    expect(threadsWorthIt(20, 0.5)).toBe(false); // 20 ms to go
    expect(threadsWorthIt(60, 1)).toBe(false); // done
    expect(threadsWorthIt(THREADS_WORTH_MS - 1, undefined)).toBe(false); // no size: by time spent
    expect(threadsWorthIt(THREADS_WORTH_MS, undefined)).toBe(true);
  });
});

describe("a streamed command", () => {
  it("leaves the thread setting as it found it, and gives the library's value", async () => {
    const n = 300_000;
    const p = new Float64Array(n);
    const q = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = 1 + Math.sin(i) ** 2;
      q[i] = 1 + Math.cos(i * 0.7) ** 2;
    }
    const a = npy("a.npy", p);
    const b = npy("b.npy", q);
    const before = fastPathInfo().threads;
    const r = await runMain(["kl", a, b, "--input", "counts", "--json"]);
    expect(r.stderr).toBe("");
    expect(fastPathInfo().threads).toBe(before);
    const got = JSON.parse(r.stdout).klDivergence as number;
    // The CLI streams 65,536 values at a time: an accumulator fed the same chunks, on 1 or 2
    // threads, gives the same double; the one-call value agrees to rounding.
    for (const threads of [1, 2]) {
      setFastThreads(threads);
      const acc = new KlAccumulator({ input: "counts" });
      for (let i = 0; i < n; i += 65536)
        acc.add(p.subarray(i, i + 65536), q.subarray(i, i + 65536));
      expect(got).toBe(acc.value());
    }
    const whole = klDivergence(p, q, { input: "counts" });
    expect(Math.abs(got - whole)).toBeLessThanOrEqual(4 * Number.EPSILON * whole);
    setFastThreads(undefined);
  });
});
