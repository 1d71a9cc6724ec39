/**
 * One door: the CLI reaches the library through its public entry, which registers the
 * WebAssembly kernels, so a command computes on the fast path. Checked in a fresh Node process
 * that loads only the built CLI (no test import can register the hooks for it).
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { expect, test } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

test("surprisal kl runs on the fast path (the hooks are registered by the CLI's own imports)", () => {
  const script = `
    const { main } = await import("./dist/cli/main.js");
    const { fastHooks } = await import("./dist/numeric/fast-hooks.js");
    const before = typeof fastHooks.klChunk;
    let calls = 0;
    for (const name of Object.keys(fastHooks)) {
      const hook = fastHooks[name];
      if (typeof hook === "function") fastHooks[name] = (...args) => { calls++; return hook(...args); };
    }
    const out = [];
    const io = { stdin: process.stdin, stdout: { write: (s) => out.push(s), isTTY: false },
      stderr: { write: (s) => out.push(s), isTTY: false }, env: {}, cwd: process.cwd() };
    const p = Array.from({ length: 4096 }, (_, i) => i + 1).join(",");
    const q = Array.from({ length: 4096 }, (_, i) => 4097 - i).join(",");
    const code = await main(["kl", p, q, "--input", "counts", "--json"], io);
    console.log(JSON.stringify({ before, used: calls > 0, code }));
    process.exit(0);
  `;
  const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const result = JSON.parse(stdout.trim().split("\n").at(-1) as string);
  expect(result).toEqual({ before: "function", used: true, code: 0 });
});
