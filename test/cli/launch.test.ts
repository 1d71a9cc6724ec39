/**
 * The launcher (src/cli/launch.ts, bundled as dist/cli/launch.cjs): the CLI bundle compiled from
 * its code cache when the cache belongs to its build, from source otherwise, and the bundle's
 * import() of packages working from a cached script (Node 20's V8 cannot run import() itself in
 * a script compiled from a cache: the launcher passes its own).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entropy } from "../../src/index.js";
import { readTable } from "../../src/node.js";
import { assertBuilt, root, run } from "./run.js";

type Load = (path: string) => { exports: Record<string, unknown>; cache: string };

const bundle = resolve(root, "dist/cli/surprisal.cjs");
let loadBundle: Load;
let dir = "";

beforeAll(() => {
  assertBuilt();
  loadBundle = (
    createRequire(import.meta.url)(resolve(root, "dist/cli/launch.cjs")) as {
      loadBundle: Load;
    }
  ).loadBundle;
  dir = mkdtempSync(join(tmpdir(), "surprisal-launch-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the bundle and its cache in `dir`, the bundle's text changed by `edit`. */
function copy(name: string, edit: (text: string) => string, cache?: Buffer): string {
  const path = join(dir, `${name}.cjs`);
  writeFileSync(path, edit(readFileSync(bundle, "utf8")));
  if (cache) writeFileSync(`${path}.cache`, cache);
  else copyFileSync(`${bundle}.cache`, `${path}.cache`);
  return path;
}

describe("the CLI bundle's code cache", () => {
  it("is used with the build it was made for, and the bundle runs", async () => {
    const { exports, cache } = loadBundle(bundle);
    expect(cache).toBe("used");
    const main = exports.main as (argv: string[], io: unknown) => Promise<number>;
    const out: string[] = [];
    const io = {
      stdout: { write: (s: string) => out.push(s), isTTY: false },
      stderr: { write: (s: string) => out.push(s), isTTY: false },
      stdin: process.stdin,
      env: {},
    };
    expect(await main(["kl", "0.5,0.5", "0.9,0.1", "--json"], io)).toBe(0);
    expect(JSON.parse(out.join("")).klDivergence).toBe(0.5108256237659907);
  });

  it("is not used with another build (the bundle's last line names another digest)", () => {
    const path = copy("other", (t) =>
      t.replace(/\/\/# build=[0-9a-f]{64}\n$/, `//# build=${"0".repeat(64)}\n`),
    );
    expect(loadBundle(path).cache).toBe("none for this build");
    const unmarked = copy("unmarked", (t) => t.replace(/\/\/# build=[0-9a-f]{64}\n$/, ""));
    expect(loadBundle(unmarked).cache).toBe("none for this build");
  });

  it("costs only a plain compile when V8 rejects it", () => {
    const own = readFileSync(`${bundle}.cache`);
    const garbage = Buffer.concat([own.subarray(0, 64), Buffer.alloc(4096, 7)]);
    const path = copy("rejected", (t) => t, garbage);
    const { exports, cache } = loadBundle(path);
    expect(cache).toBe("rejected by V8");
    expect(typeof exports.cli).toBe("function");
  });
});

describe("bin/surprisal.cjs through the launcher", () => {
  it("imports a package on demand (DuckDB for a Parquet column) from the cached bundle", async () => {
    const file = resolve(root, "test/fixtures/drift/reference.parquet");
    const r = run(["entropy", `${file}#income`, "--input", "counts", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as { entropy: number; db: string; rows: number };
    expect(got.db).toBe("duckdb::memory:");
    const t = await readTable(file, { columns: ["income"] });
    const income = t.columns.income as Float64Array;
    expect(got.rows).toBe(income.length);
    // DuckDB's SQL against the library on the same values: the exact sums agree to a few ε.
    expect(Math.abs(got.entropy - entropy(income, { input: "counts" }))).toBeLessThanOrEqual(
      4 * Number.EPSILON * got.entropy,
    );
  });
});
