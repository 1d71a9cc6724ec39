import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const child = resolve(here, "stuck-worker-child.mjs");

describe("work stealing: the calling thread never waits for a worker that has no CPU", () => {
  it.each([1, 4, 40])(
    "a worker that claims %i chunks and never runs them: the job completes, with the 1-thread bits",
    (claims) => {
      expect(existsSync(resolve(here, "../../dist/fast/pool.js")), "run npm run build").toBe(true);
      // In a child process: without stealing the calling thread waits for ever.
      const r = spawnSync(process.execPath, [child, String(claims)], {
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(r.signal, `the job did not complete (stderr: ${r.stderr})`).toBeNull();
      expect(r.status, r.stderr).toBe(0);
      const v = JSON.parse(r.stdout) as Record<string, number>;
      expect(Number.isFinite(v.one)).toBe(true);
      expect(v.two).toBe(v.one);
      expect(v.inPlaceTwo).toBe(v.inPlaceOne);
      expect(v.inPlaceOne).toBe(v.one);
    },
    90_000,
  );
});
