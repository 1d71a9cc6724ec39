import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import { assertBuilt, bin, isEstimatorExample, root, runMain } from "./run.js";

/** Where the files the examples name live (written by scripts/gen_cli_examples.py). */
const examples = resolve(root, "test/fixtures/cli-examples");

/** The examples of `surprisal <command> --help`, as the CLI prints them (in process). */
const helps = new Map<string, string[]>();
async function loadHelps(): Promise<void> {
  for (const command of Object.keys(COMMANDS)) {
    const r = await runMain([command, "--help"]);
    expect(r.code).toBe(0);
    const after = r.stdout.split("\nEXAMPLES\n")[1] ?? "";
    helps.set(
      command,
      after
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== ""),
    );
  }
}
const helpExamples = (command: string): string[] => helps.get(command) ?? [];

/**
 * What bash makes of each example line: the words `surprisal` gets and its standard input. One
 * bash process reads every line with `surprisal` defined as a function that writes them down, so
 * the quoting, the pipes and the splitting are bash's own.
 */
function asBashSees(lines: string[]): { argv: string[]; stdin: string }[] {
  const dir = mkdtempSync(join(tmpdir(), "surprisal-argv-"));
  try {
    const script = [
      'n=0; surprisal() { printf "%s\\0" "$@" > "$OUT/argv.$n"; cat > "$OUT/stdin.$n"; }',
      // the line's own pipes feed `surprisal`; nothing else reads the test's stdin
      ...lines.map((line) => `{ ${line}; } < /dev/null; n=$((n + 1))`),
    ].join("\n");
    const r = spawnSync("bash", ["-c", script], {
      cwd: examples,
      encoding: "utf8",
      env: { ...process.env, OUT: dir },
    });
    expect(r.status, r.stderr).toBe(0);
    return lines.map((_, i) => ({
      argv: readFileSync(join(dir, `argv.${i}`), "utf8")
        .split("\0")
        .slice(0, -1),
      stdin: readFileSync(join(dir, `stdin.${i}`), "utf8"),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("every example of every --help page runs as typed", () => {
  beforeAll(loadHelps);
  for (const command of Object.keys(COMMANDS)) {
    it(`${command}: each example exits 0 (as bash splits it, through main)`, async () => {
      const all = helpExamples(command);
      expect(all.length, `${command} --help has examples`).toBeGreaterThan(0);
      // the estimators' examples run on their own sample files (test/cli/estimators.test.ts)
      const lines = all.filter((line) => !isEstimatorExample(command, line));
      for (const line of lines) expect(line).toMatch(/surprisal /);
      const calls = asBashSees(lines);
      for (const [i, { argv, stdin }] of calls.entries()) {
        const r = await runMain(argv, { cwd: examples, input: stdin, timeout: 60_000 });
        expect({ line: lines[i], code: r.code, stderr: r.stderr }).toEqual({
          line: lines[i],
          code: 0,
          stderr: "",
        });
        expect(r.stdout.trim().length, lines[i]).toBeGreaterThan(0);
      }
    });
  }

  it("end to end in bash with the built bin on the PATH: a pipe, quotes, every output", () => {
    assertBuilt();
    // `surprisal` on the PATH: the built launcher, as `npm install -g` would put it.
    const dir = mkdtempSync(join(tmpdir(), "surprisal-bin-"));
    const launcher = join(dir, "surprisal");
    writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
    chmodSync(launcher, 0o755);
    const path = `${dir}:${process.env.PATH}`;
    const chosen = [
      ...helpExamples("entropy").filter((l) => l.includes("|")),
      ...helpExamples("kl").filter((l) => l.includes("'") || l.includes("--json")),
      ...helpExamples("js").filter((l) => l.includes("--csv")),
    ];
    expect(chosen.length).toBeGreaterThanOrEqual(3);
    for (const line of chosen) {
      const r = spawnSync("bash", ["-c", line], {
        cwd: examples,
        encoding: "utf8",
        env: { ...process.env, PATH: path, NO_COLOR: "1" },
        timeout: 60_000,
      });
      expect({ line, code: r.status, stderr: r.stderr }).toEqual({ line, code: 0, stderr: "" });
      expect(r.stdout.trim().length, line).toBeGreaterThan(0);
    }
    rmSync(dir, { recursive: true, force: true });
  });

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
