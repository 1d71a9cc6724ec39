import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { assertBuilt, bin, isEstimatorExample, root, run } from "./run.js";

/** Where the files the examples name live (written by scripts/gen_cli_examples.py). */
const examples = resolve(root, "test/fixtures/cli-examples");

/** The examples of `surprisal <command> --help`, as the built CLI prints them. */
function helpExamples(command: string): string[] {
  const r = run([command, "--help"]);
  expect(r.code).toBe(0);
  const after = r.stdout.split("\nEXAMPLES\n")[1] ?? "";
  return after
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

describe("every example of every --help page runs as typed in bash (built bin)", () => {
  let path = "";
  beforeAll(() => {
    assertBuilt();
    // `surprisal` on the PATH: the built launcher, as `npm install -g` would put it.
    const dir = mkdtempSync(join(tmpdir(), "surprisal-bin-"));
    const launcher = join(dir, "surprisal");
    writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
    chmodSync(launcher, 0o755);
    path = `${dir}:${process.env.PATH}`;
  });

  for (const command of Object.keys(COMMANDS)) {
    it(`${command}: each example exits 0`, () => {
      const all = helpExamples(command);
      expect(all.length, `${command} --help has examples`).toBeGreaterThan(0);
      // the estimators' examples run on their own sample files (test/cli/estimators.test.ts)
      const lines = all.filter((line) => !isEstimatorExample(command, line));
      for (const line of lines) {
        expect(line).toMatch(/surprisal /);
        const r = spawnSync("bash", ["-c", line], {
          cwd: examples,
          encoding: "utf8",
          env: { ...process.env, PATH: path, NO_COLOR: "1" },
          timeout: 60_000,
        });
        expect({ line, code: r.status, stderr: r.stderr }).toEqual({ line, code: 0, stderr: "" });
        expect(r.stdout.trim().length, line).toBeGreaterThan(0);
      }
    });
  }

  it("an example with ; or other shell metacharacters is quoted (else bash splits it)", () => {
    for (const command of Object.keys(COMMANDS)) {
      for (const line of helpExamples(command)) {
        // Outside quotes, only a pipe into surprisal is allowed.
        const bare = line.replace(/'[^']*'|"[^"]*"/g, "''");
        expect(bare, line).not.toMatch(/[;&<>(){}*?$`]/);
      }
    }
  });
});
