#!/usr/bin/env node
// Reruns every `$ surprisal …` command of the ```console blocks of docs/cli.md with the built CLI
// (run `npm run build` first) and writes its real output (stdout and stderr) under it, so that the
// page shows what the commands print. Commands run in test/fixtures/cli/, or in the folder named by
// a `<!-- run in DIR -->` line just above the block; a block under `<!-- output as recorded -->`
// (timings, big files) is left as it is.
//
//   node scripts/update-cli-docs.mjs [--check]     (--check: exit 1 when the page is out of date)
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const page = resolve(root, "docs/cli.md");
const bin = resolve(root, "bin/surprisal.cjs");
const lines = readFileSync(page, "utf8").split("\n");
const out = [];
let cwd;
for (let i = 0; i < lines.length; i++) {
  const line = lines[i];
  if (line === "```console" && lines[i - 1] === "<!-- output as recorded -->") {
    out.push(line);
    for (i++; i < lines.length && lines[i] !== "```"; i++) out.push(lines[i]);
    out.push("```");
    continue;
  }
  if (line === "```console") {
    const marker = /^<!-- run in (\S+) -->$/.exec(lines[i - 1] ?? "");
    cwd = resolve(root, marker ? marker[1] : "test/fixtures/cli");
    out.push(line);
    continue;
  }
  if (cwd !== undefined && line === "```") {
    cwd = undefined;
    out.push(line);
    continue;
  }
  if (cwd === undefined) {
    out.push(line);
    continue;
  }
  if (!line.startsWith("$ ")) continue; // an old output line: replaced below
  if (out.length > 0 && out.at(-1) !== "```console") out.push("");
  out.push(line);
  const script = `surprisal() { "${process.execPath}" "${bin}" "$@"; }\n${line.slice(2)}`;
  const r = spawnSync("bash", ["-c", script], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  out.push(...`${r.stdout}${r.stderr}`.trimEnd().split("\n"));
}
const text = out.join("\n");
if (process.argv.includes("--check")) {
  if (text !== lines.join("\n")) {
    console.error("docs/cli.md is out of date: run node scripts/update-cli-docs.mjs");
    process.exit(1);
  }
} else writeFileSync(page, text);
