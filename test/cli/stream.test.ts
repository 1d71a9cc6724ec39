import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { klDivergence } from "../../src/measures/kl.js";
import { createRng } from "../../src/numeric/rng.js";
import { relErr } from "../helpers/fixtures.js";
import { assertBuilt, bin, parseJson, run } from "./run.js";

/**
 * Big inputs are streamed: 300,000 rows (several chunks of 65,536, about 11 MB) give the same
 * number as the library on the whole arrays; the progress bar appears on stderr only when stderr is
 * a terminal (run under `script`, which gives the program a pseudo-terminal).
 */
const dir = mkdtempSync(join(tmpdir(), "surprisal-stream-"));
const n = 300_000;
const p = new Float64Array(n);
const q = new Float64Array(n);
const file = join(dir, "big.csv");

beforeAll(() => {
  assertBuilt();
  const rng = createRng(11);
  const lines = ["p,q"];
  for (let i = 0; i < n; i++) {
    p[i] = 1 + Math.floor(rng.nextFloat() * 1000);
    q[i] = 1 + Math.floor(rng.nextFloat() * 1000);
    lines.push(`${p[i]},${q[i]}`);
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
  writeFileSync(join(dir, "p.txt"), `${Array.from(p).join("\n")}\n`);
});

describe("big inputs, streamed", () => {
  it("two columns of one CSV (one pass) and two files (zipped) give the library's value", () => {
    const want = klDivergence(p, q, { input: "counts" });
    const one = parseJson(
      run(["kl", `${file}#p`, `${file}#q`, "--input", "counts", "--json"]).stdout,
    );
    expect(relErr(one.klDivergence as number, want)).toBeLessThanOrEqual(1e-12);
    const two = parseJson(
      run(["kl", join(dir, "p.txt"), `${file}#q`, "--input", "counts", "--json"]).stdout,
    );
    expect(relErr(two.klDivergence as number, want)).toBeLessThanOrEqual(1e-12);
  });

  it("a big file read whole (explain) is every chunk's values, though the stream reuses its arrays", () => {
    // The fast CSV path and the general one (a quoted header sends the file to csv-parse).
    const quoted = join(dir, "quoted.csv");
    writeFileSync(quoted, `"p","q"\n${Array.from(p, (x, i) => `${x},${q[i]}`).join("\n")}\n`);
    const want = klDivergence(p, q, { input: "counts" });
    for (const f of [file, quoted]) {
      const r = run(["explain", `${f}#p`, `${f}#q`, "--input", "counts", "--top", "50", "--json"]);
      expect(r.stderr).toBe("");
      const out = parseJson(r.stdout) as {
        klDivergence: number;
        contributions: { index: number; p: number; q: number }[];
      };
      expect(relErr(out.klDivergence, want)).toBeLessThanOrEqual(1e-12);
      const sp = p.reduce((a, b) => a + b, 0);
      for (const c of out.contributions) expect(c.p).toBeCloseTo((p[c.index] as number) / sp, 15);
    }
  });

  it("--smoothing on a big stream is the library's value on the smoothed arrays", () => {
    const want = klDivergence(
      p.map((x) => x + 0.5),
      q.map((x) => x + 0.5),
      { input: "counts" },
    );
    const got = parseJson(
      run([
        "kl",
        `${file}#p`,
        `${file}#q`,
        "--input",
        "counts",
        "--smoothing",
        "jeffreys",
        "--json",
      ]).stdout,
    );
    expect(relErr(got.klDivergence as number, want)).toBeLessThanOrEqual(1e-12);
  });

  it("an error deep in a big file names its line", () => {
    const bad = join(dir, "bad.csv");
    const lines = ["p"];
    for (let i = 0; i < 100_000; i++) lines.push(i === 77_776 ? "-3" : "1");
    writeFileSync(bad, `${lines.join("\n")}\n`);
    const r = run(["entropy", bad, "--input", "counts"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `surprisal: entropy: P[77776] = -3 is negative: counts must be >= 0 (P = ${bad}, line 77778)`,
    );
  });

  it("no progress bar when stderr is not a terminal; a bar when it is", () => {
    const piped = run(["entropy", `${file}#p`, "--input", "counts"]);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe("");
    const cmd = `${process.execPath} ${bin} entropy ${file}#p --input counts`;
    const tty = spawnSync("script", ["-qfec", cmd, "/dev/null"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    if (tty.error) throw tty.error;
    expect(tty.status).toBe(0);
    expect(tty.stdout).toContain("H(P) = ");
    expect(tty.stdout).toMatch(/reading .*%/);
  });
});
