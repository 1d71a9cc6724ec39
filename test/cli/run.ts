import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";

/** Project root, the built launcher and the CLI's test inputs. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const bin = resolve(root, "bin/surprisal.cjs");
export const fixtures = resolve(root, "test/fixtures/cli");

/** Whether the CLI has been built (`npm run build`); the end-to-end tests need dist/. */
export function assertBuilt(): void {
  if (!existsSync(resolve(root, "dist/cli/main.js"))) {
    throw new Error(
      "dist/cli/main.js is missing: run `npm run build` before the CLI tests (npm test does)",
    );
  }
}

/** The result of one run of the built CLI. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
}

/** Runs `node bin/surprisal.cjs ...args` as a subprocess (cwd: the fixtures), with optional stdin. */
export function run(
  args: string[],
  options: { input?: string | Buffer; cwd?: string; timeout?: number } = {},
): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? fixtures,
    input: options.input ?? "",
    encoding: "utf8",
    timeout: options.timeout ?? 30_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT";
  return {
    code: r.status,
    stdout: r.stdout ?? "",
    stderr: r.stderr ?? "",
    signal: r.signal,
    timedOut,
  };
}

/** The same, asynchronously (lets several runs overlap). */
export function runAsync(
  args: string[],
  options: { input?: string | Buffer; cwd?: string; timeout?: number } = {},
): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? fixtures,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeout ?? 30_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr, signal, timedOut });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/**
 * Runs `main(args)` in this process, with its own stdin, stdout and stderr (no subprocess), in the
 * working directory `cwd` (default: the fixtures). Resolves as a subprocess run would: the exit
 * code and the text written; `timedOut` when it has not finished within `timeout` ms.
 */
export async function runMain(
  args: string[],
  options: { input?: string | Buffer; cwd?: string; timeout?: number; stderrIsTTY?: boolean } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const input = options.input ?? "";
  const io = {
    stdin: Readable.from(input.length > 0 ? [Buffer.from(input)] : []),
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.stderrIsTTY === true },
    env: { NO_COLOR: "1" },
  };
  const before = process.cwd();
  process.chdir(options.cwd ?? fixtures);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<"timeout">((r) => {
      timer = setTimeout(() => r("timeout"), options.timeout ?? 30_000);
    });
    const code = await Promise.race([main(args, io), timeout]);
    if (code === "timeout") return { code: null, stdout, stderr, signal: null, timedOut: true };
    return { code, stdout, stderr, signal: null, timedOut: false };
  } finally {
    clearTimeout(timer);
    process.chdir(before);
  }
}

/** Parses the CLI's JSON output, turning "Infinity"/"-Infinity" back into numbers. */
export function parseJson(text: string): Record<string, unknown> {
  return JSON.parse(text, (_k, v) =>
    v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
  ) as Record<string, unknown>;
}

/** Reads a file of the CLI's fixtures. */
export function fixture(name: string): string {
  return readFileSync(resolve(fixtures, name), "utf8");
}

/**
 * The help examples of the estimators from samples (entropy/kl/js --from-samples, mi, --ci,
 * --continuous): test/cli/estimators.test.ts runs them on the sample files it writes; the other
 * examples run in test/fixtures/cli-examples (test/cli/help-examples.test.ts).
 */
export function isEstimatorExample(command: string, example: string): boolean {
  if (!["entropy", "kl", "js", "mi"].includes(command)) return false;
  if (/week1|week2|rolls\.txt|\.npy|--input counts/.test(example)) return false;
  return (
    command === "mi" ||
    /--estimator|--from-samples|--continuous|--ci|data\.csv#color|a\.csv#v/.test(example)
  );
}
